"""A process-wide change counter with the values read under it: what a service re-reads only after a change.

The catalogue versions (app/services/catalogue.py) and the entered calendar years (app/services/calendar.py) are
read from the local store once and kept; whoever commits a new version or year in this process calls `bump`, and
every `Cached` made on that `Generation` reads again on its next use. Due-date arithmetic and catalogue look-ups
in loops so cost no query per call.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Generation:
    """A counter that `bump` moves on; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = 0

    def bump(self) -> None:
        with self._lock:
            self._value += 1

    def current(self) -> int:
        with self._lock:
            return self._value


class Cached(Generic[T]):
    """One value read by `read`, kept until the generation moves on."""

    def __init__(self, generation: Generation, read: Callable[[], T]) -> None:
        self._generation = generation
        self._read = read
        self._held: tuple[int, T] | None = None

    def get(self) -> T:
        generation = self._generation.current()
        held = self._held
        if held is not None and held[0] == generation:
            return held[1]
        value = self._read()
        self._held = (generation, value)
        return value


__all__ = ["Cached", "Generation"]
