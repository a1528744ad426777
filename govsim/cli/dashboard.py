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

from govsim.scenario.config import ConfigError, shipped

APP = shipped("dashboards") / "app.py"  # dashboards/app.py; the wheel carries a copy
PARETO_ENV = "GOVSIM_DASHBOARD_PARETO"
"""How `--pareto PATH` reaches the server (read by govsim.dashboard.pareto, which names it
ENV; the command line may not import the dashboard's package)."""

QUIET_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",  # no calls home: localhost only
    # Solara warns on every page load that plain-http localhost cannot use samesite=none
    # cookies and falls back to samesite=lax, which is right for localhost.
    "PYTHONWARNINGS": "ignore:Cookies with samesite=none:UserWarning",
}


def solara_command(host: str, port: int, app: Path = APP) -> list[str]:
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app),
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
    try:
        import solara  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the dashboard needs Solara: pip install -e '.[dashboard]' "
            "(bash scripts/bootstrap.sh installs every extra)."
        ) from None
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port}: must be a TCP port, 1–65535.")
    if not APP.is_file():
        raise ConfigError(f"{APP}: the dashboard app is missing from this checkout.")
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
