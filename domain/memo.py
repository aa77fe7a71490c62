"""Parsing a value once: a file of 50,000 rows holds a few thousand distinct dates and a few
hundred distinct facts, and every event read back holds them again.

`memoized` keeps what a pure parser returned for arguments it has seen. Only immutable values
(frozen attrs classes, which keep their hash) come out of the parsers it wraps, so one result may
serve every caller. A refusal is not kept: it is raised again, the same, each time. Arguments
that cannot be hashed (a list a YAML row held) go straight to the parser. Once a parser has kept
SIZE values it keeps no more (a stream of values never seen twice should not grow memory).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

SIZE = 1 << 16  # distinct values kept per parser: far more than a dataset's dates or facts


def memoized(parse: Callable[P, R]) -> Callable[P, R]:
    kept: dict[Any, R] = {}

    @functools.wraps(parse)
    def once(*args: P.args, **kwargs: P.kwargs) -> R:
        key = (args, tuple(kwargs.items())) if kwargs else args
        try:
            return kept[key]
        except KeyError:
            pass
        except TypeError:  # unhashable arguments
            return parse(*args, **kwargs)
        value = parse(*args, **kwargs)
        if len(kept) < SIZE:
            kept[key] = value
        return value

    return once
