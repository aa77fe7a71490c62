"""Entries in space: GeoJSON (RFC 7946: QGIS, geojson.io) and KML (Google Earth).

Every entry is written, placed or not: one with coordinates is a point, one without has no
geometry (GeoJSON's `null`, a KML placemark without a point) and keeps its named place, so a
map's list beside it is whole. A fuzzy date is its first and last possible day (`start`, `end`;
KML's TimeSpan), open where it is open. Record text stays inert: GeoJSON is written as the JSON
exports are (invisible characters escaped), and in KML, whose descriptions Google Earth renders
as HTML, every text is escaped for HTML before it is written as XML.
"""

from __future__ import annotations

import html
from typing import Any
from xml.etree import ElementTree

from ..entries import TimelineEntry
from .export import Export
from .inert_text import inert_json, link_target, visible

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"


def _point(entry: TimelineEntry) -> tuple[float, float] | None:
    place = entry.location
    if place is None or place.latitude is None or place.longitude is None:
        return None
    return place.longitude, place.latitude


def feature(entry: TimelineEntry) -> dict[str, Any]:
    point = _point(entry)
    occurred = entry.occurred
    properties = {
        **entry.to_json(),
        "start": occurred.start.isoformat() if occurred.start else None,
        "end": occurred.end.isoformat() if occurred.end else None,
        "place": entry.location.name if entry.location else None,
    }
    return {
        "type": "Feature",
        "id": entry.id,
        "geometry": {"type": "Point", "coordinates": list(point)} if point else None,
        "properties": properties,
    }


def write_geojson(export: Export) -> str:
    collection = {
        "type": "FeatureCollection",
        "name": export.title,
        "features": [feature(entry) for entry in export.entries],
    }
    return inert_json(collection) + "\n"


def _description(entry: TimelineEntry) -> str:
    """The placemark's balloon, as the HTML Google Earth renders: every text escaped."""
    parts = []
    if entry.summary:
        parts.append(f"<p>{html.escape(visible(entry.summary))}</p>")
    parts.append(
        f"<p>{html.escape(visible(entry.occurred.text))} · {html.escape(visible(entry.kind))} · "
        f"grade {html.escape(entry.grade)}</p>"
    )
    for source in entry.sources:
        name = html.escape(visible(source.outlet))
        target = link_target(source.url)
        if target:
            name = f'<a href="{html.escape(target, quote=True)}">{name}</a>'
        parts.append(f"<p>{name}</p>")
    return "".join(parts)


def write_kml(export: Export) -> str:
    ElementTree.register_namespace("", KML_NAMESPACE)
    q = f"{{{KML_NAMESPACE}}}"
    root = ElementTree.Element(f"{q}kml")
    document = ElementTree.SubElement(root, f"{q}Document")
    ElementTree.SubElement(document, f"{q}name").text = visible(export.title)
    for entry in export.entries:
        mark = ElementTree.SubElement(document, f"{q}Placemark", id=f"e-{entry.id}")
        ElementTree.SubElement(mark, f"{q}name").text = visible(entry.title)
        ElementTree.SubElement(mark, f"{q}description").text = _description(entry)
        occurred = entry.occurred
        if occurred.start or occurred.end:
            span = ElementTree.SubElement(mark, f"{q}TimeSpan")
            if occurred.start:
                ElementTree.SubElement(span, f"{q}begin").text = occurred.start.isoformat()
            if occurred.end:
                ElementTree.SubElement(span, f"{q}end").text = occurred.end.isoformat()
        if entry.location and entry.location.name:
            ElementTree.SubElement(mark, f"{q}address").text = visible(entry.location.name)
        point = _point(entry)
        if point is not None:
            geometry = ElementTree.SubElement(mark, f"{q}Point")
            ElementTree.SubElement(geometry, f"{q}coordinates").text = f"{point[0]!r},{point[1]!r}"
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
