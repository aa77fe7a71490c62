"""Bulk work without the cyclic garbage collector looking on.

An import or a catch-up makes millions of short-lived objects (rows, values, events). Python's
cyclic collector runs every few hundred allocations and walks every object still alive, so on a
large batch it spent a third of a catch-up finding nothing: these objects are freed by their
reference counts. `collector_paused()` holds it off for one batch; whatever cycles the batch did
make are collected once the batch is over, as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
