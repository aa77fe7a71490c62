"""The HTML report's map: entries with coordinates as markers on land outlines drawn offline
(land_outlines.py), with every entry without them listed beside it — none dropped.

The projection is equirectangular, squeezed by the cosine of the middle latitude so a region
away from the equator keeps its shape; the view is the box around the markers with a margin,
never narrower than a few degrees. A marker is a link to its entry, so a tap opens it; its
tooltip and the list beside carry the same text, escaped.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

from ..entries import TimelineEntry
from .html_report import colour, e, glyph
from .land_outlines import NoOutlines, within

WIDTH = 1000
MIN_SPAN = 12.0  # degrees: a single marker still shows the coasts around it


def _point(entry: TimelineEntry) -> tuple[float, float] | None:
    place = entry.location
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return place.longitude, place.latitude


def _view(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """west, south, east, north: the markers' box with a fifth of margin, at least MIN_SPAN."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_lon = max((east - west) * 0.2, (MIN_SPAN - (east - west)) / 2, 1.0)
    pad_lat = max((north - south) * 0.2, (MIN_SPAN - (north - south)) / 2, 1.0)
    return (
        max(-180.0, west - pad_lon),
        max(-85.0, south - pad_lat),
        min(180.0, east + pad_lon),
        min(85.0, north + pad_lat),
    )


def map_svg(placed: Sequence[TimelineEntry], anchor: Callable[[TimelineEntry], str]) -> str:
    points = [p for p in map(_point, placed) if p is not None]
    west, south, east, north = _view(points)
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = WIDTH / ((east - west) * squeeze)
    height = max(200, round((north - south) * scale))

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * squeeze * scale:.1f},{(north - lat) * scale:.1f}"

    out = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="Map of the {len(placed)} entries with coordinates">'
    ]
    try:
        outlines = within(west, south, east, north)
    except NoOutlines:
        outlines = []  # markers on a plain ground, still placed right
    for outline in outlines:
        path = " ".join(xy(lon, lat) for lon, lat in outline.points)
        out.append(f'<polygon class="{"land" if outline.is_land else "lake"}" points="{path}"/>')
    step = 1 if east - west <= 10 else 5 if east - west <= 60 else 15
    for lon in range(math.ceil(west / step) * step, math.floor(east) + 1, step):
        out.append(f'<polyline class="graticule" points="{xy(lon, north)} {xy(lon, south)}"/>')
    for lat in range(math.ceil(south / step) * step, math.floor(north) + 1, step):
        out.append(f'<polyline class="graticule" points="{xy(west, lat)} {xy(east, lat)}"/>')
    for entry in placed:
        point = _point(entry)
        assert point is not None
        x, y = xy(*point).split(",")
        target = html.escape(anchor(entry), quote=True)
        place = entry.location.name if entry.location and entry.location.name else ""
        tip = "\n".join(e(line) for line in (f"{entry.occurred.text} — {entry.title}", place) if line)
        out.append(
            f'<a href="#{target}" data-entry="{target}"><title>{tip}</title>'
            f'<circle class="marker" cx="{x}" cy="{y}" r="13" fill="{colour(entry.kind)}"/>'
            f'<text class="pin" x="{x}" y="{float(y) + 6:.1f}" text-anchor="middle">{e(glyph(entry.kind))}</text></a>'
        )
    out.append("</svg>")
    return "".join(out)


def map_section(bodies: Sequence[TimelineEntry], anchor: Callable[[TimelineEntry], str]) -> str:
    """The map and the list beside it; nothing when no entry has coordinates."""
    placed = [b for b in bodies if _point(b) is not None]
    if not placed:
        return ""
    unplaced = [b for b in bodies if _point(b) is None]
    listed = "".join(
        f'<li><a href="#{html.escape(anchor(b), quote=True)}" data-entry="{html.escape(anchor(b), quote=True)}">'
        f"{e(b.occurred.text)} — {e(b.title)}</a>"
        + (f" <span class='role'>{e(b.location.name)}</span>" if b.location and b.location.name else "")
        + "</li>"
        for b in unplaced
    )
    beside = (
        f'<div class="unplaced"><h3>Not on the map ({len(unplaced)})</h3>'
        f'<p class="quiet">Entries without coordinates, with their named place where one was given.</p>'
        f"<ul>{listed}</ul></div>"
        if unplaced
        else '<div class="unplaced"><p class="quiet">Every entry shown has coordinates.</p></div>'
    )
    return (
        '<section id="map"><h2>Where</h2>'
        f'<p class="how">{len(placed)} of {len(bodies)} entries have coordinates. '
        "Land outlines: GSHHS, drawn offline. Tap or click a marker to read its entry.</p>"
        f'<div class="map-panel"><div>{map_svg(placed, anchor)}</div>{beside}</div></section>'
    )
