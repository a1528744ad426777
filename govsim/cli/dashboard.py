"""`govsim dashboard [--port P] [--host H] [--pareto PATH]`: serve dashboards/app.py with Solara.

With ``--pareto PATH`` (a `govsim optimise` results folder or its pareto.parquet) the
files are checked first (a missing or malformed one: the message and exit 2) and the page
gets a "Policy search" view of that Pareto set.

Binds to 127.0.0.1 unless --host says otherwise. Solara runs in production
mode (no auto-reload, no dev tools), with its JS/CSS served from the
solara-assets package and its telemetry off, so the page needs no network.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from govsim.cli.options import add_force


def app_path() -> Path:
    """dashboards/app.py; the wheel carries a copy."""
    from govsim.scenario.config import shipped

    return shipped("dashboards") / "app.py"


PARETO_ENV = "GOVSIM_DASHBOARD_PARETO"
"""How `--pareto PATH` reaches the server (read by govsim.dashboard.pareto, which names it
ENV; the command line may not import the dashboard's package)."""

QUIET_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # no calls home: localhost only
    # Solara warns on every page load that plain-http localhost cannot use samesite=none
    # cookies and falls back to samesite=lax, which is right for localhost.
    "PYTHONWARNINGS": "ignore:Cookies with samesite=none:UserWarning",
}


def solara_command(host: str, port: int, app: Path | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app or app_path()),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--log-level",
        "warning",
    ]


def cmd_dashboard(args: argparse.Namespace) -> int:
    from govsim.scenario.config import ConfigError

    try:
        import solara  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the dashboard needs Solara: pip install -e '.[dashboard]' "
            "(bash scripts/bootstrap.sh installs every extra)."
        ) from None
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port}: must be a TCP port, 1–65535.")
    if not app_path().is_file():
        raise ConfigError(f"{app_path()}: the dashboard app is missing from this checkout.")
    env = {**os.environ, **QUIET_ENV}
    if getattr(args, "pareto", None):
        from govsim.experiments.search.optimise_results import read_results

        saved = read_results(args.pareto)  # a ConfigError (exit 2) names the file
        env[PARETO_ENV] = str(saved.path)
        print(f"govsim dashboard: policy search {saved.spec.name!r} from {saved.path}", flush=True)
    print(f"govsim dashboard: http://{args.host}:{args.port}/  (Ctrl-C stops it)", flush=True)
    # Become the server (exec, not a child): a signal to this process reaches Solara itself,
    # so stopping `govsim dashboard` never leaves an orphan server holding the port.
    os.execve(sys.executable, solara_command(args.host, args.port), env)
    return 0  # not reached


def dashboard_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim dashboard`: its arguments and help."""
    p = sub.add_parser("dashboard", help="the browser dashboard on localhost")
    p.add_argument("--port", type=int, default=8765, help="port to serve on (default 8765)")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument(
        "--pareto",
        metavar="PATH",
        help="also show a saved policy search: the results folder of `govsim optimise` "
        "(or its pareto.parquet); its trade-off plot and policies, each loadable into "
        "the simulation",
    )
    add_force(p)
    p.set_defaults(func=cmd_dashboard)


PARSERS = {
    "dashboard": dashboard_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
