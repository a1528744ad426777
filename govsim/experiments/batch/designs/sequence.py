"""Design points as a lazy sequence: point i is made when asked for (issue 32 item 1).

A sweep of a million runs must not hold a million ``{factor: value}`` dicts (~0.5 kB
each) before its first run. A design is kept in its compact form instead, and
``points[i]`` builds point i from it: a grid from the factors' value lists (point i's
digits in the mixed radix of their lengths, first factor slowest, as
``itertools.product``); a points design from its columns; a sampler from its matrix of
positions in [0, 1] (8 bytes a value, the form SALib and scipy hand back). Point i is
the same dict the list of points held, so run ids, seeds and rows do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any


class DesignPoints(Sequence):
    """``len`` design points; ``point(i)`` makes point i (0 ≤ i < len)."""

    def __init__(self, length: int, point: Callable[[int], dict[str, Any]]) -> None:
        self.length, self.point = length, point

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, index: int) -> dict[str, Any]:  # type: ignore[override]
        """Point `index` (an int; no slices: a slice of a million points is a list again)."""
        if index < 0:
            index += self.length
        if not 0 <= index < self.length:
            raise IndexError(f"design point {index} of {self.length}")
        return self.point(index)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self.point(i) for i in range(self.length))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same points (a list of dicts included)."""
        if not isinstance(other, Sequence) or len(other) != len(self):
            return NotImplemented if not isinstance(other, Sequence) else False
        return all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]


def mixed_radix(index: int, sizes: Sequence[int]) -> list[int]:
    """The digits of `index` in the radix `sizes` (last digit fastest): the position of
    ``itertools.product(*lists)``'s item `index` in each list."""
    digits = [0] * len(sizes)
    for k in range(len(sizes) - 1, -1, -1):
        index, digits[k] = divmod(index, sizes[k])
    return digits
