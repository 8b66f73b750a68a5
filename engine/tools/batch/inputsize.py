"""How much of an export has been read so far, for a progress display (bytes of its files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class InputSize:
    """``total`` bytes of input when known; ``tell`` gives the bytes read, set by the reader."""

    total: int | None = None
    tell: Callable[[], int] | None = None

    def read(self) -> int | None:
        """Bytes read so far (None when the size is not known)."""
        if self.total is None or self.tell is None:
            return None
        try:
            return min(self.tell(), self.total)
        except ValueError:  # the reader has closed its file: all of it was read
            return self.total
