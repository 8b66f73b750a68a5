"""A three-valued finding computed outside the network (list membership, a register entry,
a dated set), with its reasons, the facts that would settle it and any unconfirmed reading."""

from __future__ import annotations

from dataclasses import dataclass, field

ORDER = {"not_met": 0, "unknown": 1, "met": 2}


@dataclass
class Finding:
    """A three-valued answer (met, not_met, unknown) with its reasons, citations, the facts
    still missing and whether it rests on an unconfirmed reading."""

    status: str
    reasons: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (case path, what to ask)
    unconfirmed: bool = False
    entries: list[str] = field(default_factory=list)  # list entries that decided it

    def merge(self, other: Finding) -> Finding:
        """Kleene OR of two answers: the stronger wins; equal answers pool their reasons."""
        if ORDER[other.status] != ORDER[self.status]:
            return other if ORDER[other.status] > ORDER[self.status] else self
        return Finding(self.status, self.reasons + other.reasons,
                       self.citations + other.citations, self.missing + other.missing,
                       self.unconfirmed or other.unconfirmed, self.entries + other.entries)


def finding(status: str, reason: str, missing: list[tuple[str, str]] | None = None,
            unconfirmed: bool = False) -> Finding:
    """A finding with a single reason."""
    return Finding(status, [reason], [], list(missing or []), unconfirmed)
