"""Facts: what happened, one immutable class per kind of happening.

Each kind has its own fields and validation. Fields that name actors carry the role the actor
plays ("provider", "recipient"), which is how the per-actor view knows who did what. A kind
outside the typed set is kept as a `Development` with its own label, never dropped.

Every field has a codec, so the same field can be read from a spreadsheet cell, a YAML value or
a `--set killed="at least 80"` on the command line, and written back in the form it was read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from enum import StrEnum
from typing import Any, ClassVar

import attrs

from .counts import Count
from .errors import InvalidValue, UnknownField
from .memo import memoized
from .text import optional_text, required_text, text_list


class Stance(StrEnum):
    """A position taken on a matter, as the story's own people put it."""

    ILLEGAL = "illegal"
    LAWFUL = "lawful"
    CONCERNED = "concerned"
    DISTANCED = "distanced"
    SUPPORTIVE = "supportive"
    OPPOSED = "opposed"
    OTHER = "other"


def stance_phrase(position: Stance | None, about: str | None) -> str:
    """ "holds the strikes illegal", "concerned about ...": a position in plain words."""
    if position is None:
        return f"on {about}" if about else ""
    matter = about or "it"
    return {
        Stance.ILLEGAL: f"holds {matter} illegal",
        Stance.LAWFUL: f"holds {matter} lawful",
        Stance.CONCERNED: f"is concerned about {matter}",
        Stance.DISTANCED: f"distances itself from {matter}",
        Stance.SUPPORTIVE: f"supports {matter}",
        Stance.OPPOSED: f"opposes {matter}",
    }.get(position, f"on {matter}")


class Topic(StrEnum):
    """What a situation report follows: each kind that matters to one belongs to one topic."""

    RELATION = "relation"  # intelligence sharing between a provider and a recipient, on a scope
    FORCE = "force"  # a force in a region
    STANCE = "stance"  # who holds what position on a matter
    MATTER = "matter"  # something raised and not settled, such as a resignation offered


@attrs.frozen(cache_hash=True)
class ReportRole:
    """What a kind is to a situation report: the topic it changes, and what that topic becomes
    ("paused", "deployed"; None: it ends, as a force withdrawn leaves the region)."""

    topic: Topic
    becomes: str | None = None


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


TOPIC_SEP = "\x1f"


@attrs.frozen(cache_hash=True)
class FieldSpec:
    codec: str  # text | actor | actors | count | stance
    role: str | None = None  # for actor fields: the part the actor plays
    required: bool = False
    help: str = ""


def fact_field(codec: str, help: str, *, role: str | None = None, required: bool = False) -> Any:
    default = () if codec == "actors" else None
    return attrs.field(
        default=default,
        kw_only=True,
        metadata={"spec": FieldSpec(codec, role, required, help)},
    )


def parse_field(name: str, spec: FieldSpec, raw: object) -> object:
    if spec.codec == "actors":
        return text_list(name, raw)
    if spec.codec == "count":
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return Count.parse(raw, name)
    if spec.codec == "stance":
        text = optional_text(name, raw)
        if text is None:
            return None
        try:
            return Stance(text.lower())
        except ValueError:
            raise InvalidValue(
                name, raw, f"is not a position (one of {', '.join(s.value for s in Stance)})"
            ) from None
    text = required_text(name, raw) if spec.required else optional_text(name, raw)
    if spec.codec == "actor" and text and ";" in text:
        raise InvalidValue(name, raw, "contains ';', which separates names: give one actor")
    return text


def field_text(value: object) -> str | None:
    """A field's value in the form its codec reads back."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return "; ".join(value) if value else None
    if isinstance(value, Count):
        return value.text
    return str(value)


class Fact:
    """Base of all kinds. Subclasses are frozen attrs classes with `fact_field`s."""

    kind: ClassVar[str]
    summary_help: ClassVar[str] = ""
    # What the kind is to a situation report (None: nothing), and the count fields it adds to
    # the tallies. `counts_itself`: a tally it adds one to unless it gives a count of its own
    # (a strike is one strike, unless it records a series).
    report_role: ClassVar[ReportRole | None] = None
    tallied: ClassVar[tuple[str, ...]] = ()
    counts_itself: ClassVar[str | None] = None
    # Declared for the type checker only: every kind is an attrs class (so has its attributes),
    # and keeps its specs once worked out.
    __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]
    _specs: ClassVar[dict[str, FieldSpec]]

    @classmethod
    def specs(cls) -> dict[str, FieldSpec]:
        """The kind's fields and their codecs, in declaration order (worked out once per kind)."""
        found = cls.__dict__.get("_specs")
        if found is None:
            found = {f.name: f.metadata["spec"] for f in attrs.fields(cls) if "spec" in f.metadata}
            cls._specs = found
        return found

    @classmethod
    def build(cls, fields: Mapping[str, object]) -> Fact:
        """Parse and validate raw field values; unknown names are refused."""
        return cls._build(tuple(fields.items()))

    @classmethod
    @memoized
    def _build(cls, items: tuple[tuple[str, object], ...]) -> Fact:
        fields = dict(items)
        specs = cls.specs()
        parsed: dict[str, object] = {}
        for name, raw in fields.items():
            if name not in specs:
                raise UnknownField(name, raw, cls.kind, list(specs))
            parsed[name] = parse_field(name, specs[name], raw)
        for name, spec in specs.items():
            if spec.required and not parsed.get(name):
                article = "an" if cls.kind[0] in "aeiou" else "a"
                raise InvalidValue(name, fields.get(name), f"is missing: {article} {cls.kind} needs a {name}")
        return cls(**parsed)

    def values(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.specs()}

    def texts(self) -> dict[str, str | None]:
        return {name: field_text(value) for name, value in self.values().items()}

    def parties(self) -> Iterator[tuple[str, str]]:
        """(actor, role) for every actor this fact names."""
        for name, spec in self.specs().items():
            if spec.role is None:
                continue
            value = getattr(self, name)
            for actor in value if isinstance(value, tuple) else (value,) if value else ():
                yield actor, spec.role

    def with_actors(self, canonical: Any) -> Fact:
        """The same fact with every actor name replaced by `canonical(name)`."""
        changes: dict[str, object] = {}
        for name, spec in self.specs().items():
            value = getattr(self, name)
            if spec.role is None or not value:
                continue
            if isinstance(value, tuple):
                changes[name] = tuple(dict.fromkeys(canonical(v) for v in value))
            else:
                changes[name] = canonical(value)
        # Every kind is an attrs class, but mypy's attrs plugin sees only this (plain) base class.
        return attrs.evolve(self, **changes)  # type: ignore[misc]

    def summary(self) -> str:
        """One line of the kind's own particulars, in plain words."""
        return ""

    def topic_key(self, entry_id: str) -> str | None:
        """Which one of its topic's things this changes (the relation, the force...); None when
        it changes none. Entries with the same key are folded together, in timeline order."""
        return None

    def tallies(self) -> dict[str, Count]:
        """What an entry of this fact adds to the tallies."""
        values = {name: getattr(self, name) for name in self.tallied}
        added = {name: value for name, value in values.items() if value is not None}
        if self.counts_itself and self.counts_itself not in added:
            added[self.counts_itself] = Count(1)
        return added


@attrs.frozen(cache_hash=True)
class Strike(Fact):
    """A strike: who struck, where, on what, and the toll."""

    kind = "strike"
    tallied = ("strikes", "killed", "survivors", "vessels")
    counts_itself = "strikes"
    by: str | None = fact_field("actor", "who carried out the strike", role="striking")
    theatre: str | None = fact_field("text", "where: sea, region or area of operations")
    target: str | None = fact_field("text", "what was struck")
    strikes: Count | None = fact_field(
        "count", "how many strikes the entry covers, when it records a series (blank: one)"
    )
    vessels: Count | None = fact_field("count", 'vessels struck, e.g. 1 or "at least 3"')
    killed: Count | None = fact_field("count", 'people killed, e.g. 11 or "at least 76"')
    survivors: Count | None = fact_field("count", "survivors")
    announced_by: str | None = fact_field("actor", "who announced it", role="announcing")

    def summary(self) -> str:
        parts = [
            f"by {self.by}" if self.by else "",
            f"{self.killed} killed" if self.killed is not None else "",
            f"{self.survivors} survived" if self.survivors is not None else "",
            f"{self.vessels} vessel{'s' if not self.vessels or self.vessels.value != 1 else ''}"
            if self.vessels is not None
            else "",
            f"in the {self.theatre}" if self.theatre else "",
        ]
        return ", ".join(p for p in parts if p)


@attrs.frozen(cache_hash=True)
class _Sharing(Fact):
    """Intelligence sharing between a provider and a recipient, about a scope."""

    provider: str = fact_field("actor", "who gives the intelligence", role="provider", required=True)
    recipient: str = fact_field("actor", "who receives it", role="recipient", required=True)
    scope: str | None = fact_field("text", "what intelligence")
    reason: str | None = fact_field("text", "why")

    def topic_key(self, entry_id: str) -> str | None:
        return TOPIC_SEP.join((self.provider, self.recipient, _fold(self.scope)))

    def summary(self) -> str:
        scope = f" on {self.scope}" if self.scope else ""
        via = getattr(self, "via", None)
        channel = f" via {via}" if via else ""
        reason = f" — why: {self.reason}" if self.reason else ""
        return f"{self.provider} → {self.recipient}{scope}{channel}{reason}"


@attrs.frozen(cache_hash=True)
class IntelligenceSharing(_Sharing):
    """Intelligence sharing in place: the baseline a relation exists from."""

    kind = "intelligence-sharing"
    report_role = ReportRole(Topic.RELATION, "active")
    via: str | None = fact_field("actor", "the channel it goes through", role="channel")


@attrs.frozen(cache_hash=True)
class IntelligencePause(_Sharing):
    """Intelligence sharing stopped (the relation is paused from here)."""

    kind = "intelligence-pause"
    report_role = ReportRole(Topic.RELATION, "paused")


@attrs.frozen(cache_hash=True)
class IntelligenceResumption(_Sharing):
    """Intelligence sharing resumed after a pause."""

    kind = "intelligence-resumption"
    report_role = ReportRole(Topic.RELATION, "active")


@attrs.frozen(cache_hash=True)
class IntelligenceRestriction(_Sharing):
    """Sharing continues, but under a condition (the `reason` says which)."""

    kind = "intelligence-restriction"
    report_role = ReportRole(Topic.RELATION, "restricted")


@attrs.frozen(cache_hash=True)
class ResignationOffer(Fact):
    """Someone offered to resign their post."""

    kind = "resignation-offer"
    report_role = ReportRole(Topic.MATTER, "open")
    person: str = fact_field("actor", "who offered to resign", role="offering", required=True)
    post: str | None = fact_field("text", "the post they hold")
    offered_to: str | None = fact_field("actor", "to whom", role="offered to")
    reason: str | None = fact_field("text", "why")

    def topic_key(self, entry_id: str) -> str | None:
        return entry_id  # each offer is a matter of its own

    def summary(self) -> str:
        post = f" as {self.post}" if self.post else ""
        to = f", to {self.offered_to}" if self.offered_to else ""
        reason = f", {self.reason}" if self.reason else ""
        return f"{self.person} offered to resign{post}{to}{reason}"


@attrs.frozen(cache_hash=True)
class _Movement(Fact):
    asset: str = fact_field("actor", "the force or unit", role="deployed", required=True)
    components: tuple[str, ...] = fact_field("actors", "ships and units in it", role="component")
    personnel: Count | None = fact_field("count", 'people aboard, e.g. "more than 4,500"')
    region: str | None = fact_field("text", "where to or from")

    def topic_key(self, entry_id: str) -> str | None:
        return TOPIC_SEP.join((self.asset, self.region or ""))

    def summary(self) -> str:
        where = f" {'from' if isinstance(self, Withdrawal) else 'to'} {self.region}" if self.region else ""
        parts = [
            f"{self.asset}{where}",
            f"{self.personnel} personnel" if self.personnel is not None else "",
            f"with {', '.join(self.components)}" if self.components else "",
        ]
        return "; ".join(p for p in parts if p)


@attrs.frozen(cache_hash=True)
class Deployment(_Movement):
    """A force, ship or unit deployed to a region."""

    kind = "deployment"
    report_role = ReportRole(Topic.FORCE, "deployed")


@attrs.frozen(cache_hash=True)
class Withdrawal(_Movement):
    """A force, ship or unit withdrawn from a region."""

    kind = "withdrawal"
    report_role = ReportRole(Topic.FORCE, None)


@attrs.frozen(cache_hash=True)
class Statement(Fact):
    """A public position on a matter, legal assessments included."""

    kind = "statement"
    report_role = ReportRole(Topic.STANCE)
    speaker: str = fact_field("actor", "who said it", role="speaker", required=True)
    position: Stance | None = fact_field("stance", "illegal, lawful, concerned, ...")
    about: str | None = fact_field("text", "the matter it is about")
    quote: str | None = fact_field("text", "their words, where the wording matters")

    def topic_key(self, entry_id: str) -> str | None:
        return TOPIC_SEP.join((self.speaker, self.about or "—")) if self.position else None

    def summary(self) -> str:
        quote = f"“{self.quote}”" if self.quote else ""
        position = stance_phrase(self.position, self.about)
        said = f"{self.speaker} {position}" if position else f"{self.speaker}:"
        return f"{said} — {quote}" if quote and position else f"{said} {quote}".strip()


@attrs.frozen(cache_hash=True)
class Designation(Fact):
    """Someone designated as something ("foreign terrorist groups")."""

    kind = "designation"
    designator: str = fact_field("actor", "who designates", role="designating", required=True)
    designee: str = fact_field("actor", "who is designated", role="designated", required=True)
    designated_as: str | None = fact_field("text", 'as what, e.g. "foreign terrorist groups"')

    def summary(self) -> str:
        what = f" as {self.designated_as}" if self.designated_as else ""
        return f"{self.designator} designates {self.designee}{what}"


@attrs.frozen(cache_hash=True)
class LegalOpinion(Fact):
    """A legal opinion or memo: who wrote it, how classified, what it argues."""

    kind = "legal-opinion"
    report_role = ReportRole(Topic.STANCE)
    author: str = fact_field("actor", "who wrote it", role="author", required=True)
    classification: str | None = fact_field("text", "e.g. classified")
    gist: str | None = fact_field("text", "what it argues")
    position: Stance | None = fact_field("stance", "lawful, illegal, ...")
    about: str | None = fact_field("text", "the matter it is about")

    def topic_key(self, entry_id: str) -> str | None:
        return TOPIC_SEP.join((self.author, self.about or "—")) if self.position else None

    def summary(self) -> str:
        author = f"{self.author}, {self.classification}" if self.classification else self.author
        parts = (author, self.gist or "", stance_phrase(self.position, self.about))
        return " — ".join(p for p in parts if p)


@attrs.frozen(cache_hash=True)
class Development(Fact):
    """Any other kind of happening, kept under its own label."""

    kind = "development"
    tallied = ("killed",)
    label: str = fact_field("text", "the kind of happening, in your words", required=True)
    killed: Count | None = fact_field("count", "people killed, if any")

    def summary(self) -> str:
        return f"{self.killed} killed" if self.killed is not None else ""


KINDS: dict[str, type[Fact]] = {
    cls.kind: cls
    for cls in (
        Strike,
        IntelligenceSharing,
        IntelligencePause,
        IntelligenceResumption,
        IntelligenceRestriction,
        ResignationOffer,
        Deployment,
        Withdrawal,
        Statement,
        Designation,
        LegalOpinion,
        Development,
    )
}
# Every count any kind adds to the tallies, in the order reports show them.
TALLIES = tuple(dict.fromkeys(name for cls in KINDS.values() for name in cls.tallied))


def kinds_of(topic: Topic) -> tuple[str, ...]:
    """The kinds that change `topic` in a situation report."""
    return tuple(k for k, cls in KINDS.items() if cls.report_role and cls.report_role.topic is topic)


SHARING_KINDS = kinds_of(Topic.RELATION)
_KIND_FORM = re.compile(r"^[a-z0-9][a-z0-9 _/&-]*$")


def kind_label(kind: object) -> str:
    """Normalise a kind as people write it: "Intelligence Pause" → "intelligence-pause"."""
    text = required_text("kind", kind).lower().replace("_", "-")
    text = "-".join(text.split())
    if not _KIND_FORM.match(text) or len(text) > 60:
        raise InvalidValue("kind", kind, "is not a kind (letters, digits and dashes)")
    return text


def fact_class(kind: str) -> type[Fact]:
    return KINDS.get(kind, Development)


def near_kinds(kind: str) -> list[str]:
    """Kinds Storyline knows that `kind` is almost spelled as ("strik"): a likely typo, since any
    other label is kept as a development of its own."""
    return list(_near_kinds(kind))


@memoized  # asked once per row of a kind Storyline does not know
def _near_kinds(kind: str) -> tuple[str, ...]:
    if kind in KINDS:
        return ()
    return tuple(difflib.get_close_matches(kind, KINDS, n=2, cutoff=0.75))


def build_fact(kind: str, fields: Mapping[str, object]) -> Fact:
    """A fact of `kind` from raw values; an unknown kind becomes a labelled development."""
    cls = fact_class(kind)
    if cls is Development and kind != Development.kind:
        fields = {"label": kind, **fields}
    return cls.build(fields)


def fact_kind(fact: Fact) -> str:
    """The kind an entry shows: a development's own label, otherwise the class's kind."""
    return fact.label if isinstance(fact, Development) else fact.kind
