"""Reading case files (YAML or JSON, one case or many) and validating them against their regime.

Limits (refused with a clear error): a case file of more than ``MAX_FILE_BYTES``; a list of
more than ``MAX_ITEMS`` entries in a case; a text of more than ``MAX_TEXT`` characters; a date
outside ``FIRST_DAY``..``LAST_DAY``. A moment with a time zone is read as UK local time.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from .core.dates import FIRST_DAY, LAST_DAY
from .core.digests import sha256
from .core.errors import CaseFileError, PocapaceError, RuleFileError, shown
from .law.plain_yaml import read_plain_yaml
from .law.strict_json import YamlSyntaxError, load_json_text
from .regimes.base import Regime
from .regimes.registry import REGIMES

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ITEMS = 300
MAX_TEXT = 10_000
_SURROGATE = re.compile("[\ud800-\udfff]")
CONVERT = ("save it as UTF-8, or convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW")


@dataclass(frozen=True)
class RawCase:
    """One case as read: its data, the file it came from and where in the file."""

    data: Any
    source: str
    position: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source} ({self.position})" if self.position else self.source


def decode(data: bytes, source: str, field: str = "") -> str:
    """UTF-8 text (a byte order mark dropped), or CaseFileError saying where and how to convert."""
    if b"\0" in data[:8192]:
        raise CaseFileError(source, field, "this is not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError(source, field, f"not UTF-8 text: byte {exc.start} "
                                           f"(0x{data[exc.start]:02x}) cannot be read; "
                                           f"{CONVERT}") from None


def read_text(path: str) -> tuple[str, str]:
    """(text, source name) of a file, or of standard input for '-'."""
    source = "<stdin>" if path == "-" else str(path)
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            with open(path, "rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CaseFileError(source, "", "no such file") from None
    except (IsADirectoryError, PermissionError, OSError) as exc:
        raise CaseFileError(source, "", f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise CaseFileError(source, "", f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; "
                                        "split it, or use `pocapace batch`, which streams")
    return decode(data, source), source


def parse_cases(text: str, source: str) -> list[RawCase]:
    """Every case document in a YAML stream or a JSON document."""
    if text.lstrip().startswith(("{", "[")) and not source.endswith((".yaml", ".yml")):
        data = load_json_text(text, source)
        items = data if isinstance(data, list) else [data]
        if not items:
            raise CaseFileError(source, "", "the file holds no case (an empty list)")
        return [RawCase(d, source, f"item {n + 1}" if len(items) > 1 else None)
                for n, d in enumerate(items)]
    documents = read_plain_yaml(text)  # None: PyYAML reads it (and reports its errors)
    if documents is None:
        from .law.yamlio import load_yaml_documents

        documents = [(line, doc) for line, doc in load_yaml_documents(text, source)
                     if doc is not None]
    if not documents:
        raise CaseFileError(source, "", "the file holds no case")
    many = len(documents) > 1
    return [RawCase(doc, source, f"document at line {line}" if many else None)
            for line, doc in documents]


def read_cases(path: str) -> list[RawCase]:
    text, source = read_text(path)
    try:
        return parse_cases(text, source)
    except YamlSyntaxError as exc:
        raise CaseFileError(source, f"line {exc.line}" if exc.line else "", exc.problem) from None
    except PocapaceError as exc:
        if isinstance(exc, CaseFileError):
            raise
        raise CaseFileError(source, "", exc.message) from None


def validate_case(raw: RawCase, spec_for: Callable[[str], tuple | None] | None = None
                  ) -> tuple[Regime, Any]:
    """The regime and validated case model of a raw case, or CaseFileError naming the field.

    With ``spec_for`` (a regime's name -> its case model described as plain data), a case
    that is plainly valid is read into plain objects without pydantic (``regimes.plain``);
    any other goes to pydantic."""
    data = raw.data
    if not isinstance(data, dict):
        raise CaseFileError(raw.where, "", f"expected a mapping of case fields, found "
                                           f"{_kind(data)}")
    regime = _regime(raw.where, data.get("regime"))
    _check_raw(raw.where, data)
    spec = spec_for(regime.name) if spec_for is not None else None
    if spec is not None:
        from .regimes.plain import build

        case = build(spec, data)
        if case is not None:
            return regime, case
    from pydantic import ValidationError

    try:
        case = regime.case_model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(raw.where, regime.case_model, exc) from None
    _check_moments(raw.where, case, "")
    return regime, case


def _kind(value: Any) -> str:
    return {list: "a list", str: "a text", type(None): "nothing"}.get(type(value), shown(value))


def _regime(where: str, name: Any) -> Regime:
    known = sorted(REGIMES)
    if name is None:
        raise CaseFileError(where, "regime", f"missing: expected one of {', '.join(known)}")
    if not isinstance(name, str) or name not in REGIMES:
        import difflib  # (only for a case naming no known regime)

        found = shown(name) if isinstance(name, str) else _kind(name)
        guesses = [k for k in known if isinstance(name, str) and name and k.startswith(name)] \
            or (difflib.get_close_matches(name, known, 2) if isinstance(name, str) else [])
        raise CaseFileError(where, "regime", f"expected one of {', '.join(known)}, found "
                                             f"{found}.", guesses)
    return REGIMES[name]


def _check_raw(where: str, data: Any) -> None:
    """Bounds that hold before validation: list lengths, text lengths, no lone surrogates."""
    if not _within_bounds(data):
        _out_of_bounds(where, data)


def _within_bounds(data: Any) -> bool:
    """``_check_raw``'s test without the field names (a case within bounds needs none)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                return False
            stack.extend(value)
        elif isinstance(value, str) and (len(value) > MAX_TEXT or (
                not value.isascii() and _SURROGATE.search(value))):
            return False
    return True


def _out_of_bounds(where: str, data: Any) -> None:
    """Raise the message for the first value out of bounds, naming its field."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v) for k, v in value.items())
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise CaseFileError(where, path, f"at most {MAX_ITEMS:,} entries are allowed in "
                                                 f"a list, found {len(value):,}")
            stack.extend((f"{path}[{n}]", v) for n, v in enumerate(value))
        elif isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise CaseFileError(where, path, f"a text of at most {MAX_TEXT:,} characters "
                                                 f"is allowed, found {len(value):,}")
            if not value.isascii() and _SURROGATE.search(value):
                raise CaseFileError(where, path, "the text holds a lone surrogate "
                                                 "(half of a character), not a character")


def _check_moments(where: str, model: BaseModel, path: str) -> None:
    """Dates inside FIRST_DAY..LAST_DAY; a moment with a time zone becomes UK local time."""
    from pydantic import BaseModel

    for name in _dated_fields(type(model)):
        value = getattr(model, name)
        here = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            _check_moments(where, value, here)
        elif isinstance(value, list):
            for n, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _check_moments(where, item, f"{here}[{n}]")
        elif isinstance(value, (dt.date, dt.datetime)):
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                value = uk_local(value, where, here)
                setattr(model, name, value)
            day = value.date() if isinstance(value, dt.datetime) else value
            if not FIRST_DAY <= day <= LAST_DAY:
                raise CaseFileError(where, here.rstrip("_"), f"expected a date from {FIRST_DAY} "
                                                             f"to {LAST_DAY}, found {day}")


_DATED: dict[type, tuple[str, ...]] = {}


def _dated_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a case model that can hold a date, a moment, a model or a list (the
    others cannot hold anything ``_check_moments`` looks at)."""
    found = _DATED.get(model)
    if found is None:
        found = _DATED[model] = tuple(name for name, info in model.model_fields.items()
                                      if _may_hold_dates(info.annotation))
    return found


def _may_hold_dates(annotation: Any) -> bool:
    if annotation in (str, int, bool, float, Decimal, type(None)) or \
            getattr(annotation, "__origin__", None) is Literal:
        return False
    args = get_args(annotation)
    if args:
        return any(_may_hold_dates(a) for a in args)
    return True  # a date, a moment, a model, or a type not known here: look at it


def uk_local(moment: dt.datetime, where: str = "", field: str = "") -> dt.datetime:
    """A moment with a time zone as UK local time (the law's clock), without the zone."""
    import zoneinfo  # (only for a moment given with a time zone)

    try:
        return moment.astimezone(zoneinfo.ZoneInfo("Europe/London")).replace(tzinfo=None)
    except zoneinfo.ZoneInfoNotFoundError:  # a machine without time zone data
        raise CaseFileError(where, field, f"this machine has no time zone data to read "
                                          f"{moment.isoformat()} as UK time; give the UK local "
                                          "time without an offset") from None


def _invalid(where: str, model: type[BaseModel], exc: ValidationError) -> CaseFileError:
    from .law.validation import first_problem

    location, message, found = first_problem(exc)
    message = message.removeprefix("Value error, ")
    error = exc.errors(include_url=False)[0]
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        names = _fields_at(model, error["loc"][:-1])
        return CaseFileError(where, location, f"unknown field {shown(key)}; expected one of "
                                              f"{', '.join(sorted(names))}.", _guess(key, names))
    problem = message if found is None or message.startswith("Field required") \
        else f"{message}; found {shown(found)}"
    return CaseFileError(where, location, problem)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names (as written in a case file) of the model at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = next((f for n, f in current.model_fields.items()
                      if part in (n, f.alias)), None)
        current = model_of(field.annotation) if field else None
    if current is None:
        return []
    return [f.alias or n for n, f in current.model_fields.items()]


def model_of(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = model_of(arg)
        if found:
            return found
    return None


def _guess(key: str, names: list[str]) -> list[str]:
    """Close spellings, and names whose initials are the key (``dob`` -> date_of_birth)."""
    import difflib  # (only for an unknown field)

    initials = [n for n in names if "".join(w[0] for w in n.split("_") if w) == key.lower()]
    return initials or difflib.get_close_matches(key, names, 2)


def content_hash(path: Path | None) -> str | None:
    """A short hash of a file's bytes (a register or code table a decision depended on)."""
    if path is None:
        return None
    return sha256(Path(path).read_bytes()).hexdigest()[:16]


def input_hashes(register: Path | None, codes: Path | None = None) -> dict[str, str]:
    """The content hashes of the files besides the rules a decision depended on, recorded in
    its ``input`` (a register or code table changes outcomes, not ``rules_version``)."""
    found = {"register_hash": content_hash(register), "code_table_hash": content_hash(codes)}
    return {k: v for k, v in found.items() if v}


def load_user_register(path: Path) -> None:
    """Check a register a user gave (--register, POCAPACE_REGISTER): an error in it is the
    user's input error (exit 2), named as the register, in the user's own values."""
    from pydantic import ValidationError

    from .law.loader import load_register
    from .law.rulefiles import RegisterFile

    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CaseFileError(source, "", f"cannot be read ({exc.strerror or exc})",
                            kind="register") from None
    try:
        document = parse_cases(decode(data, source), source)[0].data
    except CaseFileError as exc:
        raise CaseFileError(source, exc.field, exc.problem, kind="register") from None
    except YamlSyntaxError as exc:
        raise CaseFileError(source, f"line {exc.line}" if exc.line else "", exc.problem,
                            kind="register") from None
    try:
        RegisterFile.model_validate(document)
        load_register(Path(path))
    except ValidationError as exc:
        error = _invalid(source, RegisterFile, exc)
        raise CaseFileError(source, error.field, error.problem, error.suggestions,
                            kind="register") from None
    except RuleFileError as exc:
        raise CaseFileError(source, exc.key or "", exc.problem, kind="register") from None
