"""Token ids of every document: a saved, shareable base plus this process's own changes.

A dictionary of one small array per document costs some 200 bytes of Python objects per
document in every process (about 100 MB at 100,000 organisations). Here the saved documents
stay three flat arrays (rows, bounds, token ids) that may be memory-mapped from a saved index
and so shared by every process on the machine; a document added, changed or removed later is
kept in this process's memory only (copy-on-write), and the saved files are never written.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

import numpy as np

_EMPTY_ROWS = np.zeros(0, dtype=np.int64)
_EMPTY_TOKENS = np.zeros(0, dtype=np.int32)


class TokenTable(MutableMapping[int, np.ndarray]):
    """Document row -> token ids (with repeats), ascending rows when iterated."""

    def __init__(
        self,
        rows: np.ndarray | None = None,
        bounds: np.ndarray | None = None,
        flat: np.ndarray | None = None,
    ) -> None:
        self._rows = _EMPTY_ROWS if rows is None else rows  # ascending
        self._bounds = np.zeros(1, dtype=np.int64) if bounds is None else bounds
        self._flat = _EMPTY_TOKENS if flat is None else flat
        self._hidden: set[int] = set()  # base rows removed or replaced here
        self._own: dict[int, np.ndarray] = {}  # rows added or replaced here

    @classmethod
    def from_dict(cls, tokens: dict[int, np.ndarray]) -> TokenTable:
        table = cls()
        table._own = {int(r): np.asarray(t, dtype=np.int32) for r, t in tokens.items()}
        return table

    def _base(self, row: int) -> int:
        """Position of `row` in the base arrays, or -1."""
        i = int(np.searchsorted(self._rows, row))
        return i if i < len(self._rows) and int(self._rows[i]) == row else -1

    def __getitem__(self, row: int) -> np.ndarray:
        own = self._own.get(row)
        if own is not None:
            return own
        if row not in self._hidden:
            i = self._base(row)
            if i >= 0:
                return self._flat[int(self._bounds[i]) : int(self._bounds[i + 1])]
        raise KeyError(row)

    def __setitem__(self, row: int, tokens: np.ndarray) -> None:
        row = int(row)
        if self._base(row) >= 0:
            self._hidden.add(row)
        self._own[row] = tokens

    def __delitem__(self, row: int) -> None:
        if self._own.pop(row, None) is not None:
            return
        if row not in self._hidden and self._base(row) >= 0:
            self._hidden.add(row)
            return
        raise KeyError(row)

    def __contains__(self, row: object) -> bool:
        if not isinstance(row, int | np.integer):
            return False
        row = int(row)
        if row in self._own:
            return True
        return row not in self._hidden and self._base(row) >= 0

    def __len__(self) -> int:
        return len(self._rows) - len(self._hidden) + len(self._own)

    def __iter__(self) -> Iterator[int]:
        return iter(self.rows().tolist())

    def _base_kept(self) -> np.ndarray:
        """Mask of the base rows still in use."""
        if not self._hidden:
            return np.ones(len(self._rows), dtype=bool)
        return ~np.isin(self._rows, np.fromiter(self._hidden, np.int64, len(self._hidden)))

    def rows(self) -> np.ndarray:
        """Every row, ascending."""
        own = np.fromiter(self._own, np.int64, len(self._own))
        return np.union1d(np.asarray(self._rows)[self._base_kept()], own).astype(np.int64)

    @property
    def changed(self) -> int:
        """Documents this process holds itself (added or replaced since the base)."""
        return len(self._own)

    def snapshot(self) -> TokenTable:
        """A frozen copy for work done elsewhere (a merge in another thread); the base arrays
        are shared, not copied."""
        copy = TokenTable(self._rows, self._bounds, self._flat)
        copy._hidden, copy._own = set(self._hidden), dict(self._own)
        return copy

    def packed(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows ascending, lengths, token ids concatenated in row order)."""
        if not self._own and not self._hidden:
            return np.asarray(self._rows), np.diff(self._bounds), self._flat
        rows = self.rows()
        pieces = [self[r] for r in rows.tolist()]
        lengths = np.fromiter((len(p) for p in pieces), np.int64, len(pieces))
        flat = np.concatenate(pieces).astype(np.int32) if pieces else _EMPTY_TOKENS
        return rows, lengths, flat
