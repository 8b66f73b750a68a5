"""Plain case objects: a case file that is plainly valid, read without pydantic.

A warm ``pocapace check`` spends more time importing pydantic and building its validators
than deciding. So when the rules are compiled, each regime's case model is described as plain
data (``spec_of``, saved with the compiled rules), and ``build`` reads a case against that
description into plain objects with the same fields, defaults and values. It accepts only what
is plainly valid: exact types (a ``bool`` for a yes/no, a ``date`` for a day, a listed word for
a choice), known keys, and what the model's validators do (``case_values``) done the same way.
Anything else (a quoted number, a misspelt key, a date in 1066) gives None, and the case goes
to pydantic, which accepts or refuses it with its message. A test requires that every case
``build`` accepts is accepted by pydantic with the same values (``tests/test_plain_cases.py``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from ..core.dates import FIRST_DAY, LAST_DAY
from .case_values import day_means_start, day_of, exact_money

#: Field kinds: ("str", min_length), ("bool",), ("date",), ("datetime",), ("money",),
#: ("choice", values), ("model", spec), ("list", kind, min_length), ("any-dict",).
#: A spec: (class name, mixin classes, ((name, key, kind, optional, required, default),...),
#: validators (names in ``BEFORE``/``AFTER``), the model's after-check or None).

#: What a field validator of the case models does, by its name: the same function.
BEFORE = {"_day_means_start": day_means_start, "_day": day_of, "_money": exact_money}
#: After-validators the plain way leaves to pydantic whenever the field is given.
AFTER = {"_shipped"}
#: Model validators, by name: the plain object's method that says what is wrong.
MODEL_CHECKS = {"_shape": "shape_problem"}

_MOMENT = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?")


class Unsupported(Exception):
    """A model the plain way cannot describe (its cases always go to pydantic)."""


class PlainCase:
    """A case, or a part of one, read the plain way: its fields as attributes."""

    _spec: tuple = ()

    def model_dump(self, mode: str = "json", exclude: set | frozenset = frozenset()) -> dict:
        """The fields as pydantic's ``model_dump(mode="json")`` gives them."""
        return {name: _dumped(getattr(self, name)) for name, *_ in self._spec[2]
                if name not in exclude}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(
            f"{name}={getattr(self, name)!r}" for name, *_ in self._spec[2]) + ")"


def _dumped(value: Any) -> Any:
    if isinstance(value, PlainCase):
        return value.model_dump()
    if isinstance(value, list):
        return [_dumped(v) for v in value]
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# ----------------------------------------------------------------- describing a model

def spec_of(model: type) -> tuple:
    """A case model (a pydantic class) as plain data; raises Unsupported."""
    from typing import Literal, get_args, get_origin

    from pydantic import BaseModel
    from pydantic_core import PydanticUndefined

    decorators = model.__pydantic_decorators__
    before, after = {}, set()
    for name, found in decorators.field_validators.items():
        if found.info.mode == "before" and name in BEFORE:
            before.update({f: name for f in found.info.fields})
        elif found.info.mode == "after" and name in AFTER:
            after.update(found.info.fields)
        else:
            raise Unsupported(f"{model.__name__}.{name}")
    checks = [MODEL_CHECKS.get(name) for name in decorators.model_validators]
    if None in checks or len(checks) > 1 or decorators.field_serializers or \
            decorators.model_serializers or decorators.computed_fields:
        raise Unsupported(model.__name__)

    def kind(annotation, info) -> tuple[tuple, bool]:
        optional = False
        args = get_args(annotation)
        if args and type(None) in args and get_origin(annotation) is not Literal:
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                raise Unsupported(str(annotation))
            annotation, optional = rest[0], True
        least = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), 0) \
            if info is not None else 0
        if annotation is str:
            return ("str", least), optional
        if annotation is bool:
            return ("bool",), optional
        if annotation is dt.datetime:
            return ("datetime",), optional
        if annotation is dt.date:
            return ("date",), optional
        if annotation is Decimal:
            return ("money",), optional
        if get_origin(annotation) is Literal:
            values = get_args(annotation)
            if not all(type(v) is str for v in values):
                raise Unsupported(str(annotation))
            return ("choice", frozenset(values)), optional
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return ("model", spec_of(annotation)), optional
        if get_origin(annotation) is list and len(get_args(annotation)) == 1:
            return ("list", kind(get_args(annotation)[0], None)[0], least), optional
        if get_origin(annotation) is dict and get_args(annotation)[0] is str:
            return ("any-dict",), optional
        raise Unsupported(str(annotation))

    fields = []
    for name, info in model.model_fields.items():
        field_kind, optional = kind(info.annotation, info)
        if info.default_factory is not None:
            raise Unsupported(f"{model.__name__}.{name}")
        default = info.default
        required = default is PydanticUndefined
        if isinstance(default, BaseModel):
            if default != type(default)():
                raise Unsupported(f"{model.__name__}.{name}")
            default = "a new one"
        elif default not in (None, True, False, PydanticUndefined) and default != []:
            raise Unsupported(f"{model.__name__}.{name}")
        fields.append((name, info.alias or name, field_kind, optional, required,
                       None if required else default,
                       before.get(name), name in after))
    mixins = tuple(c for c in model.__mro__[1:] if not issubclass(c, BaseModel)
                   and c is not object and c.__module__ != "typing")
    return (model.__name__, mixins, tuple(fields), checks[0] if checks else None)


def described(model: type) -> tuple | None:
    """``spec_of(model)``, or None where a model cannot be described (its cases then always go
    to pydantic)."""
    try:
        return spec_of(model)
    except Unsupported:
        return None


# ----------------------------------------------------------------- reading a case

_CLASSES: dict[int, type] = {}


def _class(spec: tuple) -> type:
    cls = _CLASSES.get(id(spec))
    if cls is None or cls._spec is not spec:
        cls = _CLASSES[id(spec)] = type(spec[0], (*spec[1], PlainCase), {"_spec": spec})
    return cls


class _NotPlain(Exception):
    pass


def build(spec: tuple, data: dict) -> PlainCase | None:
    """The case ``data`` as plain objects, or None if it is not plainly valid."""
    try:
        return _model(spec, data)
    except _NotPlain:
        return None


def _model(spec: tuple, data: Any) -> PlainCase:
    if type(data) is not dict:
        raise _NotPlain
    _, _, fields, check = spec
    if len(data) > len(fields) or any(type(k) is not str for k in data):
        raise _NotPlain
    obj = _class(spec)()
    used = 0
    for name, key, kind, optional, required, default, before, after in fields:
        if key in data:
            used += 1
            value = data[key]
            if after:  # left to pydantic
                if value is not None:
                    raise _NotPlain
            else:
                if before is not None:
                    try:
                        value = BEFORE[before](value)
                    except (ValueError, TypeError, ArithmeticError):
                        raise _NotPlain from None
                value = None if value is None and optional else _value(kind, value)
        elif required:
            raise _NotPlain
        else:
            value = _model(kind[1], {}) if default == "a new one" else \
                [] if default == [] else default
        setattr(obj, name, value)
    if used != len(data):  # a key the model does not know
        raise _NotPlain
    if check is not None and getattr(obj, check)():
        raise _NotPlain
    return obj


def _value(kind: tuple, value: Any) -> Any:
    what = kind[0]
    if what == "str":
        if type(value) is not str or len(value) < kind[1]:
            raise _NotPlain
        return value
    if what == "bool":
        if type(value) is not bool:
            raise _NotPlain
        return value
    if what == "choice":
        if type(value) is not str or value not in kind[1]:
            raise _NotPlain
        return value
    if what == "date":
        if type(value) is not dt.date or not FIRST_DAY <= value <= LAST_DAY:
            raise _NotPlain
        return value
    if what == "datetime":
        return _moment(value)
    if what == "money":
        if type(value) is not Decimal or not value.is_finite():
            raise _NotPlain
        return value
    if what == "model":
        return _model(kind[1], value)
    if what == "list":
        if type(value) is not list or len(value) < kind[2]:
            raise _NotPlain
        return [_value(kind[1], v) for v in value]
    if what == "any-dict":
        if type(value) is not dict or not _plain_data(value):
            raise _NotPlain
        return value
    raise _NotPlain


def _plain_data(value: Any) -> bool:
    """Whether ``value`` (a field of any content, a worked case's ``expect``) is made only of
    what pydantic writes as JSON just as ``PlainCase.model_dump`` does: texts, whole numbers,
    yes/no, finite numbers, days, moments without a time zone, lists and mappings by text."""
    if value is None or type(value) in (str, int, bool, dt.date):
        return True
    if type(value) is float:
        return math.isfinite(value)
    if type(value) is Decimal:
        return value.is_finite()
    if type(value) is dt.datetime:
        return value.tzinfo is None
    if type(value) is list:
        return all(_plain_data(v) for v in value)
    if type(value) is dict:
        return all(type(k) is str and _plain_data(v) for k, v in value.items())
    return False


def _moment(value: Any) -> dt.datetime:
    """A moment: a naive ``datetime`` without a fraction of a second, or text written
    YYYY-MM-DD HH:MM[:SS] (with a space or T)."""
    if type(value) is str:
        match = _MOMENT.fullmatch(value)
        if match is None:
            raise _NotPlain
        try:
            value = dt.datetime(*(int(g) for g in match.groups(default="0")))
        except ValueError:
            raise _NotPlain from None
    if type(value) is not dt.datetime or value.tzinfo is not None or value.microsecond or \
            not FIRST_DAY <= value.date() <= LAST_DAY:
        raise _NotPlain
    return value
