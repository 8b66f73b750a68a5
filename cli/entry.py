"""The console script. It imports nothing heavy before it has set how interrupts stop the
program, so a Ctrl-C while click and the engine load ends quietly rather than in a traceback."""

from __future__ import annotations

import os
import signal
import sys


def _stop(number, frame) -> None:
    """An interrupt outside a batch's records (starting, loading): stop at once, quietly."""
    sys.stderr.write(f"Stopped by {signal.Signals(number).name}; nothing more was written.\n")
    sys.stderr.flush()
    os._exit(128 + number)


def _without_pydantic_plugins() -> None:
    """pocapace uses no pydantic plugins. Unless a user asks for them (PYDANTIC_DISABLE_PLUGINS
    set to anything but "__all__", "1" or "true"), say so, and give pydantic the answer its
    plugin loader would then give (no plugins) without importing that loader: the loader
    imports importlib.metadata (email, zipfile, csv: about 15 ms of every ``pocapace check``)
    even when plugins are disabled."""
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") not in ("__all__", "1", "true"):
        return
    import types

    name = "pydantic.plugin._loader"
    loader = types.ModuleType(name, "No pydantic plugins (pocapace).")
    loader.get_plugins = lambda: ()

    def __getattr__(attribute: str):  # anything else a later pydantic asks for: its own loader
        import importlib

        if attribute.startswith("__"):  # the import system's questions (__path__, ...)
            raise AttributeError(attribute)
        if sys.modules.get(name) is loader:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    loader.__getattr__ = __getattr__
    sys.modules.setdefault(name, loader)


def run() -> None:
    """Run the command, flush, and leave without tearing down the interpreter (freeing the
    loaded rule sets object by object takes longer than the decision)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _stop)
    _without_pydantic_plugins()
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show ✓ gets '?' instead
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from pocapace.engine.core.cache_folder import cache_dir
    from pocapace.engine.core.dataclass_code import reuse_compiled_code

    save_code = reuse_compiled_code(cache_dir())
    try:
        code = None
        if sys.argv[1:2] == ["check"]:
            from pocapace.cli.quick import quick_check

            code = quick_check(sys.argv[2:])
        if code is None:
            code = _click()
        save_code()
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader (head, less) went away: stop quietly
        code = 141
    except KeyboardInterrupt:
        code = 130
    os._exit(code)


def _click() -> int:
    """Run the command through click; its exit status."""
    from pocapace.cli.main import main

    try:
        main()
        code = 0
    except SystemExit as done:  # click ends every command this way
        code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
        if isinstance(done.code, str):
            sys.stderr.write(done.code + "\n")
    return code
