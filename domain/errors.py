"""What the domain says when a value is not acceptable.

Every rejection names the field and the value, so that an importer can add the file and the
line and the user reads one sentence that says exactly what to fix.
"""

from __future__ import annotations


class DomainError(Exception):
    """A user mistake the domain refuses: never a bug, always explained in one line."""


class InvalidValue(DomainError):
    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {self.message}")

    @property
    def message(self) -> str:
        """The complaint without the field name, for callers that place the field themselves."""
        if self.value is None or self.value == "":
            return self.reason
        return f"{self.value!r} {self.reason}"

    def within(self, prefix: str) -> InvalidValue:
        """The same complaint about a field nested under `prefix` (e.g. `sources[1].url`)."""
        return InvalidValue(f"{prefix}.{self.field}", self.value, self.reason)


class UnknownField(InvalidValue):
    """A field name the kind does not have (`--set colour=red` on a strike)."""

    def __init__(self, field: str, value: object, kind: str, known: list[str]) -> None:
        self.kind, self.known = kind, sorted(known)
        super().__init__(field, value, f"is not a field of {kind}")
        self.args = (f"{kind} has no field {field!r} (its fields: {', '.join(self.known)})",)

    @property
    def message(self) -> str:
        return f"{self.kind} has no such field (its fields: {', '.join(self.known)})"


class NothingChanged(InvalidValue):
    """A correction whose every value the entry already holds, now and on its reported day."""

    def __init__(self) -> None:
        super().__init__("set", "", "changes nothing: every value given is already recorded")
