"""``pocapace serve``: the decision service and its web page over HTTP."""

from __future__ import annotations

import pathlib

import click

from pocapace.cli.options import (
    EXIT_BAD_INPUT,
    HELP,
    assume_option,
    fail,
    register_option,
    reports_errors,
)


@click.command(context_settings=HELP)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (localhost only unless told otherwise).")
@click.option("--port", type=click.IntRange(0, 65535), default=8063, show_default=True,
              help="The port to listen on (0: any free port, which is printed).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes (the engine is not thread-safe: scale with processes).")
@click.option("--log", "log", type=click.Path(path_type=pathlib.Path, dir_okay=False),
              default=None, help="Append one JSON line per decision to this file (for audit).")
@click.option("--log-cases", is_flag=True,
              help="With --log: write each case in its decision's log line too.")
@register_option
@assume_option
@reports_errors
def serve(host, port, workers, log, log_cases, register, assume):
    """Answer decisions over HTTP under /v1 (OpenAPI at /openapi.json) and serve the web
    page for custody staff and investigators at /.

    \b
    Examples:
      pocapace serve --port 8063 --workers 2 --log decisions.jsonl
      curl -s -X POST localhost:8063/v1/pace-s63b/decisions \\
           -H 'content-type: application/json' -d @case.json
    """
    from pocapace.service import build_service
    from pocapace.service.server import bind, run

    if log_cases and log is None:
        fail("--log-cases needs --log FILE", EXIT_BAD_INPUT)
    try:
        service = build_service(register, assume, log, log_cases)
    except OSError as exc:
        fail(f"cannot open the decision log {log}: {exc.strerror}", EXIT_BAD_INPUT)
    try:
        sock = bind(host, port)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}", EXIT_BAD_INPUT)
    run(service, sock, workers, click.echo)
