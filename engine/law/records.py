"""Rule-file data as plain Python: what the compiled-rules cache holds instead of the pydantic
models the files were validated with, so a warm start never builds those models.

The behaviour the engine reads from a rule file's values (periods, dated parameters) lives
here, shared by the validating models and by the plain records, so both answer alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


class PeriodMethods:
    """An inclusive span of days (``from_``, ``to``; ``never``: a commencement with no day)."""

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls inside the period."""
        return not self.never and (self.from_ is None or self.from_ <= day) and \
            (self.to is None or day <= self.to)

    def label(self) -> str:
        """Human form, e.g. ``from 2005-12-01`` or ``2001-07-02 to 2007-01-14``."""
        if self.never:
            return f"from the commencement of {self.commenced or 'a provision'} (not in force)"
        if self.commenced:
            return f"from {self.from_} (the commencement of {self.commenced})"
        if self.from_ and self.to:
            return f"{self.from_} to {self.to}"
        if self.from_:
            return f"from {self.from_}"
        if self.to:
            return f"until {self.to}"
        return "at all times"

    def breakpoints(self) -> set[dt.date]:
        """Days on which something changes: the first day and the day after the last."""
        points = set()
        if self.never:
            return points
        if self.from_:
            points.add(self.from_)
        if self.to:
            points.add(self.to + dt.timedelta(days=1))
        return points


class ParameterMethods:
    """A value that applies at all times (``value``) or from dated days (``values``)."""

    def on(self, day: dt.date) -> Any:
        """The value in effect on ``day``."""
        if self.values is None:
            return self.value
        current = None
        for start in sorted(self.values):
            if start <= day:
                current = self.values[start]
        return current


def in_any(periods: list, day: dt.date):
    """The first period containing ``day``, or None."""
    for period in periods:
        if period.contains(day):
            return period
    return None


class Record:
    """A validated rule-file value as plain attributes; equal to another record of the same
    kind with the same values (as the pydantic model it stands for is)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self.__dict__.items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__})"

    def model_dump(self) -> dict[str, Any]:
        """The values as plain dicts and lists, as the model's own ``model_dump()`` gives."""
        return {name: _dumped(value) for name, value in self.__dict__.items()}


def _dumped(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return type(value)(_dumped(v) for v in value)
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    return value


METHODS: dict[str, type] = {"Period": PeriodMethods, "Parameter": ParameterMethods}


def kind(name: str) -> type[Record]:
    """The plain record class standing for the rule-file model class ``name``: made once and
    kept as an attribute of this module, so pickle saves it by name and finds it again (its
    records are then rebuilt by pickle's own code, with no Python call per record)."""
    cls = globals().get(name)
    if not (isinstance(cls, type) and issubclass(cls, Record)):
        bases = (METHODS[name], Record) if name in METHODS else (Record,)
        cls = type(name, bases, {"__module__": __name__, "__qualname__": name})
        globals()[name] = cls
    return cls


def __getattr__(name: str) -> type[Record]:
    """Unpickling asks this module for a record class by name: make it on first use."""
    if name[:1].isupper():
        return kind(name)
    raise AttributeError(name)

