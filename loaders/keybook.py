"""Compact sets of 64-bit values for the cross-row checks of a streaming read.

A streaming read keeps, per accepted relationship, its key (the 64-bit
``edge_key``, exact) and a 64-bit hash of its ``(type, source, target)`` pair
in :class:`SeenKeys`: sorted ``numpy`` runs merged log-structured (like an
LSM tree), 8 bytes a value plus up to as much again while two runs merge,
instead of the ~100 bytes a Python ``set`` entry of an ``int`` costs.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["SeenKeys"]

U64 = npt.NDArray[np.uint64]
Mask = npt.NDArray[np.bool_]


class SeenKeys:
    """A growing set of ``uint64`` values; :meth:`admit` says which values are new.

    Examples
    --------
    >>> seen = SeenKeys()
    >>> seen.admit(np.array([5, 3, 5], dtype=np.uint64)).tolist()
    [True, True, False]
    >>> seen.admit(np.array([3, 9], dtype=np.uint64)).tolist(), len(seen)
    ([False, True], 3)
    """

    def __init__(self) -> None:
        self._runs: list[U64] = []

    def __len__(self) -> int:
        return sum(len(run) for run in self._runs)

    @property
    def nbytes(self) -> int:
        """Bytes held by the runs."""
        return sum(run.nbytes for run in self._runs)

    def contains(self, values: U64) -> Mask:
        """Return, per value, whether it is in the set."""
        found = np.zeros(len(values), dtype=np.bool_)
        for run in self._runs:
            at = np.searchsorted(run, values)
            at[at == len(run)] = 0
            found |= run[at] == values
        return found

    def admit(self, values: U64) -> Mask:
        """Add ``values``; return True for each value seen for the first time (here first)."""
        first = np.zeros(len(values), dtype=np.bool_)
        if not len(values):
            return first
        unique, index = np.unique(values, return_index=True)
        first[index] = True
        fresh = ~self.contains(unique)
        first[index[~fresh]] = False
        self._add(unique[fresh])
        return first

    def _add(self, run: U64) -> None:
        if not len(run):
            return
        self._runs.append(run)
        runs = self._runs
        while len(runs) > 1 and len(runs[-2]) <= 2 * len(runs[-1]):
            top = runs.pop()
            merged = np.concatenate([runs.pop(), top])
            merged.sort(kind="stable")
            runs.append(merged)
