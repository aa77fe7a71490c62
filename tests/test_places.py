"""Entries in space and on the page: GeoJSON and KML exports (projections/formats/places.py),
Markdown that GitHub renders as lines, and exports a web server can serve."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from xml.etree import ElementTree

from .conftest import CORRECT_TOLL, Run, record_strike

HOSTILE = 'Strike <script>alert(1)</script> & <img src=x onerror=alert(2)> "near" \x1b[2J Trinidad'


def placed(cli: Run) -> None:
    record_strike(
        cli,
        HOSTILE,
        *("--url", "https://example.org/a", "--latitude", "10.65", "--longitude", "-61.5"),
        *("--location", "off Trinidad", "--killed", "3"),
        on="2025-09-02/2025-09-05",
    )


def test_geojson_holds_every_entry_placed_or_not(seeded_cli: Run) -> None:
    placed(seeded_cli)
    everything = json.loads(seeded_cli("timeline", "--json").stdout)
    collection = json.loads(seeded_cli("export", "--format", "geojson").stdout)
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert [f["id"] for f in features] == [e["id"] for e in everything]  # none dropped
    point = next(f for f in features if f["geometry"] is not None)
    assert point["geometry"] == {"type": "Point", "coordinates": [-61.5, 10.65]}  # longitude first
    assert point["properties"]["title"] == HOSTILE  # exact text, inert bytes
    assert (point["properties"]["start"], point["properties"]["end"]) == ("2025-09-02", "2025-09-05")
    assert point["properties"]["place"] == "off Trinidad"
    unplaced = [f for f in features if f["geometry"] is None]
    assert unplaced and all("title" in f["properties"] for f in unplaced)
    assert "\x1b" not in seeded_cli("export", "--format", "geojson").stdout


def test_kml_placemarks_are_well_formed_and_their_balloons_inert(seeded_cli: Run) -> None:
    placed(seeded_cli)
    text = seeded_cli("export", "--format", "kml").stdout
    assert "\x1b" not in text
    root = ElementTree.fromstring(text)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = root.findall("k:Document/k:Placemark", ns)
    assert len(marks) == len(json.loads(seeded_cli("timeline", "--json").stdout))
    mark = next(m for m in marks if m.find("k:Point", ns) is not None)
    assert mark.findtext("k:Point/k:coordinates", namespaces=ns) == "-61.5,10.65"
    assert mark.findtext("k:TimeSpan/k:begin", namespaces=ns) == "2025-09-02"
    balloon = mark.findtext("k:description", namespaces=ns) or ""
    # Google Earth renders the balloon as HTML: the record's text in it is escaped, only ours are tags.
    assert "<script" not in balloon and "<img" not in balloon
    assert "&lt;script&gt;" in balloon or "&lt;p&gt;" not in balloon
    assert '<a href="https://example.org/a">AP</a>' in balloon


def test_markdown_breaks_lines_and_logs_corrections(seeded_cli: Run) -> None:
    assert seeded_cli(*CORRECT_TOLL).exit_code == 0
    text = seeded_cli("export", "--format", "markdown").stdout
    item = next(line for line in text.splitlines() if "kill at least 76 people" in line)
    assert item.endswith("\\")  # a hard break before the summary under it
    assert "## Corrections" in text
    log = text.split("## Corrections", 1)[1]
    assert "killed: at least 76 → at least 80" in log and "new count" in log and "strike-toll" in log


def test_published_formats_are_readable_by_a_web_server_and_the_log_is_not(
    seeded_cli: Run, tmp_path: Path
) -> None:
    old = os.umask(0o022)
    try:
        for fmt, mode in (("html", 0o644), ("geojson", 0o644), ("markdown", 0o644), ("json", 0o600)):
            out = tmp_path / f"out.{fmt}"
            assert seeded_cli("export", "--format", fmt, "-o", str(out)).exit_code == 0
            assert stat.S_IMODE(out.stat().st_mode) == mode, fmt
        kept = tmp_path / "out.html"
        kept.chmod(0o640)  # a file written over keeps the mode its owner gave it
        assert seeded_cli("export", "--format", "html", "-o", str(kept)).exit_code == 0
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def _inside(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: whether (lon, lat) lies inside the polygon."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_the_map_s_land_outlines_put_land_and_sea_where_they_are() -> None:
    from storyline.projections.formats.land_outlines import within

    outlines = within(-75.0, 5.0, -60.0, 20.0)
    land = [o.points for o in outlines if o.is_land]

    def on_land(lon: float, lat: float) -> bool:
        return any(_inside((lon, lat), polygon) for polygon in land)

    assert on_land(-66.9, 10.3)  # Caracas
    assert on_land(-61.3, 10.4)  # Trinidad
    assert on_land(-72.3, 18.6)  # Port-au-Prince, Hispaniola
    assert not on_land(-70.0, 15.0)  # the Caribbean Sea
    assert not on_land(-71.6, 9.8)  # Lake Maracaibo, open to the sea: outside the coastline
    lakes = within(-125.0, 45.0, -75.0, 55.0)  # the Great Lakes: lakes drawn over the land
    assert any(not o.is_land and _inside((-87.0, 44.0), o.points) for o in lakes)  # Lake Michigan


def test_the_report_draws_a_marker_per_placed_entry_and_lists_the_rest(
    seeded_cli: Run, tmp_path: Path
) -> None:
    placed(seeded_cli)
    path = tmp_path / "report.html"
    assert seeded_cli("export", "--format", "html", "-o", str(path)).exit_code == 0
    page = path.read_text()
    svg = page.split('<svg class="map"', 1)[1].split("</svg>", 1)[0]
    assert svg.count('<circle class="marker"') == 1 and '<polygon class="land"' in svg
    listed = page.split('<div class="unplaced">', 1)[1].split("</div>", 1)[0]
    assert listed.count("<li>") == 21  # the bundled story's entries, none with coordinates
    assert "<script>alert(1)" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_markdown_keeps_an_emoji_code_literal() -> None:
    from storyline.projections.formats.markdown import md

    assert md("the :warning: sign") == "the \\:warning: sign"  # GitHub shows it as typed
    assert md("dissidents: Tibú") == "dissidents: Tibú"
