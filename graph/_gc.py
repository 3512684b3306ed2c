"""One switch for the cyclic garbage collector, shared by the stages that allocate in bulk.

Reading, normalising, building graphs and building pages each create 10^5–10^7 small
acyclic objects (records, tuples, attribute dicts, strings).  Every few hundred allocations
CPython runs a collection that walks every tracked object alive, and the heap holds the
corpus and the graphs: measured at 10^5 papers, a fifth of normalise's time, and a third to a
half of the affiliation page's, went to collections that found nothing.  Reference counting
still frees whatever these stages drop; only reference cycles wait for the next collection.
The switch is process-wide, which suits the single-threaded pipeline.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (or the decorated function), then
    restore the state it had before (so nesting, and a collector already off, are kept).

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> @gc_paused()
    ... def f():
    ...     return gc.isenabled()
    >>> f(), gc.isenabled()
    (False, True)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
