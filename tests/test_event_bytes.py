"""The fast encoder writes the very bytes the library's own encoder writes.

Storyline encodes events through orjson (store/transcodings.py), falling back to the library's
`json` encoder for anything orjson would write another way. These tests hold the two side by
side: over every event of real imports (every bundled story, the datasets' samples, the
benchmark's synthetic file with its corrections), and over records drawn at random with
hostile text, coordinates in exponent form and counts of every form and size.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, Mapper, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.domain import KINDS, Changes, Entry, Source, draft_record
from storyline.store import BUNDLED_STORIES, Importer, StoryStore, bundled_story_path, locate
from storyline.store.transcodings import StorylineTranscoder, register

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synth import write_csv

FIXTURES = Path(__file__).parent / "fixtures"


def registered(transcoder: JSONTranscoder) -> JSONTranscoder:
    # What the store's application registers: the library's own, then Storyline's.
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register(transcoder)
    return transcoder


def library_mapper() -> Mapper:
    return Mapper(transcoder=registered(JSONTranscoder()))


def fast_transcoder() -> JSONTranscoder:
    return registered(StorylineTranscoder())


def test_every_event_of_real_imports_is_what_the_library_would_write(tmp_path: Path) -> None:
    from storyline.projections.formats import read_document

    store = StoryStore(locate(str(tmp_path / "s.db")))
    synthetic = tmp_path / "synthetic.csv"
    write_csv(synthetic, 3000)
    files = [bundled_story_path(name) for name in BUNDLED_STORIES]
    files += [FIXTURES / "acled_sample.csv", FIXTURES / "ucdp_sample.csv", synthetic]
    Importer(store).import_documents([read_document(path) for path in files])
    library = library_mapper()
    stored = store.recorder.select_notifications(1, 10**9)
    topics = {event.topic for event in stored}
    assert len(stored) > 3000 and len(topics) >= 4  # entries, corrections, corroborations, actors
    for event in stored:
        again = library.to_stored_event(store.mapper.to_domain_event(event))
        assert again.state == event.state, event.id
    store.close()


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
COORDINATE = st.one_of(
    st.floats(-90, 90, allow_nan=False),
    st.sampled_from([1e-07, -3.5e-05, 0.0001, 1e-300, 12.345678901234567]),
)
COUNT = st.one_of(
    st.integers(0, 10**15).map(str),
    st.sampled_from(["at least 76", "about 30", "up to 2", "76+", "4,500", "18446744073709551617"]),
)
DATES = st.sampled_from(
    [
        "2025-09-02",
        "2025-09",
        "2025",
        "before 2025-11-11",
        "after 2025-10",
        "~2025-09-15",
        "2025-09/2025-10-10",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    title=TEXT.filter(lambda t: t.strip()),
    notes=TEXT,
    latitude=COORDINATE,
    killed=COUNT,
    when=DATES,
    outlet=TEXT.filter(lambda t: t.strip()),
    detail=TEXT,
)
def test_drawn_records_encode_to_the_same_bytes(
    title: str, notes: str, latitude: float, killed: str, when: str, outlet: str, detail: str
) -> None:
    from storyline.domain import InvalidValue

    try:
        record = draft_record(
            "s",
            {
                "kind": "strike",
                "title": title,
                "date": when,
                "notes": notes,
                "latitude": latitude,
                "longitude": -latitude * 2,
                "killed": killed,
                "actors": "United States",
            },
            sources=(Source.given(outlet, "https://example.org/a", date(2025, 11, 11), None, "claimed"),),
            details={"region": detail} if detail.strip() else None,
        )
    except InvalidValue:
        return  # the domain refuses it: nothing is ever encoded
    entry = Entry.record(record, date(2025, 11, 11), "k1")
    entry.correct(
        Changes((("killed", "at least 80"), ("notes", None))), date(2025, 11, 12), None, notes or None
    )
    entry.corroborate(Source.given("AP", None, None, None, "confirmed"), date(2025, 11, 13))
    entry.retract(date(2025, 11, 14), None, title)
    fast, library = fast_transcoder(), library_mapper().transcoder
    for event in entry.collect_events():
        state = {k: v for k, v in event.__dict__.items() if k not in ("originator_id", "originator_version")}
        assert fast.encode(state) == library.encode(state)


def test_every_kind_encodes_to_the_same_bytes() -> None:
    fast, library = fast_transcoder(), library_mapper().transcoder
    for kind, cls in KINDS.items():
        fields = {name: "United States" for name, spec in cls.specs().items() if spec.required}
        record = draft_record("s", {"kind": kind, "title": f"a {kind}", "date": "2025-09", **fields})
        state = {"record": record, "reported": date(2025, 10, 1), "key": kind}
        assert fast.encode(state) == library.encode(state), kind
