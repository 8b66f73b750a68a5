"""The methods ``dataclasses`` writes for each class, compiled once and kept, as Python keeps
a module's compiled code in ``__pycache__``.

For every dataclass, ``dataclasses`` writes the source of ``__init__``, ``__repr__``,
``__eq__`` (and more for frozen classes) and compiles it with ``exec``. Compiling is most of
the cost: about 1 ms a class, some 40 ms of a ``pocapace check`` for the engine's classes.
:func:`reuse_compiled_code` gives the ``dataclasses`` module an ``exec`` that compiles each
source text once and keeps the code in a file (keyed, as ``__pycache__`` is, by Python's
bytecode magic number), so a later process runs the same code without compiling it. The text
is the key: the same text always compiles to the same code, so a class is built exactly as it
would be without the file. Only the console script uses it (``cli/entry.py``).
"""

from __future__ import annotations

import builtins
import marshal
from collections.abc import Callable
from pathlib import Path
from types import CodeType

from .cache_folder import save_whole

#: Source texts kept at most (the engine writes a few hundred).
LIMIT = 4096


def reuse_compiled_code(folder: Path | None) -> Callable[[], None]:
    """Let ``dataclasses`` reuse code compiled by earlier processes (saved under ``folder``;
    None: compile as usual); returns the function that saves what this process compiled."""
    if folder is None:
        return lambda: None
    import dataclasses
    from importlib.util import MAGIC_NUMBER

    path = folder / f"dataclass-code-{MAGIC_NUMBER.hex()}.marshal"
    try:
        saved = marshal.loads(path.read_bytes())
        known = {text: code for text, code in saved.items()
                 if type(text) is str and type(code) is CodeType}
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        known = {}
    new: dict[str, object] = {}

    def compiling_once(source, globals=None, locals=None):
        if type(source) is str:
            code = known.get(source)
            if code is None:
                code = new[source] = compile(source, "<string>", "exec", dont_inherit=True)
            source = code
        return builtins.exec(source, globals, locals)

    dataclasses.exec = compiling_once  # the module's calls to exec find this name first

    def save() -> None:
        if new and len(known) + len(new) <= LIMIT:  # (not saved: compiled again next time)
            save_whole(path, marshal.dumps({**known, **new}))

    return save
