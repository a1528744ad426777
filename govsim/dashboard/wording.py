"""The page in a user's words (issue 31 item 8): the hover text of a metric and the help of
a lever without the developer's words their sources carry (paper codes, schema keys in
code quotes, "NaN", issue numbers, file names), and a refused value's message from the
schema's own bounds instead of pydantic's English.

The sources stay as they are (a metric's docstring and a schema description are written
for the model's authors and the command line); this module is the dashboard's reading of
them. Where a source cannot be read plainly without losing its meaning, the text here says
it in words (:data:`HOVER_EN`, :data:`HELP_EN`); tests/dashboard/test_dashboard_words.py
walks every text the page can show.
"""

from __future__ import annotations

import re

from annotated_types import Ge, Gt, Le, Lt

from govsim.dashboard.i18n import plain, t
from govsim.scenario.schema import lookup

CODE = re.compile(
    r"`|\b[a-z_]{2,}\.[a-z_]{2,}\b|\b[a-z0-9]+_[a-z0-9_]+\b|\bissue \d+|\bnumpy\b"
    r"|\bgovsim\b|\bS[0-4]\b"
)
"""A developer's word: a code quote, a dotted or snake_case key, an issue, a library."""
BRACKETS = re.compile(r"\s*\(([^()]*)\)")
NAME = re.compile(r"`?\b([a-z0-9]+_[a-z0-9_]+)\b`?")
LEADING_CODE = re.compile(r"\bS[0-4]\b:?\s*")
BOOLEAN = {"(true)": "(on)", "(false)": "(off)", "false =": "off =", "true =": "on ="}

HOVER_EN: dict[str, str] = {
    # metrics whose docstring names schema keys in its main clause
    "resolution_rate": "Share of requests rated in the window whose requester says “solved”: "
    "the outcome's quality is at least an assumed threshold.",
    "satisfaction_rate": "Share of requests rated in the window whose requester says "
    "“satisfied”: the satisfaction is at least an assumed threshold.",
    "cost_training": "Training seats taken in the window × the assumed cost of a seat, annualised.",
    "cost_time_bank": "Time-bank hours credited in the window × the assumed cost of an hour "
    "credited, annualised.",
    "cost_platform": "The assumed yearly cost of running the platform.",
    "cost_coordination": "Coordination effort of the grids' party branches: the level of "
    "party-led coordination × the assumed staff-hours per grid per week it takes, at the "
    "community-office rate, per year.",
    "cost_out_of_hours": "The evening and weekend rota's staff-hours on duty in the window at "
    "the department rate × the overtime pay factor, annualised, plus the duty officer's "
    "assumed yearly cost when there is one. 0 without either.",
    "recovery_observed_days": "Days from the last shock day to the end of the window: how "
    "long the recovery and the clearing of the shock's cases were watched for. n/a without "
    "shocks or before the last shock has ended.",
}
"""A metric's hover text in English where its docstring needs the schema's keys."""

HELP_EN: dict[str, str] = {
    "organisation.party_coordination": "How far party-led coordination lowers the "
    "organisational barrier between departments, 0–1; in effort: the share of a grid party "
    "branch's weekly coordination staff-hours given to coordination (1 = all of them).",
    "out_of_hours.rota_staff": "Department staff on duty outside office hours: on working "
    "days from closing time to the end of the rota, at weekends from opening time to the end "
    "of the rota (0 = no rota, the default); paid at overtime rates.",
    "out_of_hours.duty_officer": "A duty officer gives a first response to every urgent case "
    "(by default: safety) within hours of its dispatch, at any hour and on any day; the case "
    "is still handled by its responder. Costed per year.",
}
"""A lever's help in English where the schema's description needs other keys."""


def readable(text: str, name_of=None) -> str:
    """`text` (a docstring or a schema description) without paper codes, brackets holding
    code, "NaN" and true/false: a quoted metric name becomes its label (`name_of`)."""
    text = LEADING_CODE.sub("", plain(text))
    text = BRACKETS.sub(lambda m: "" if CODE.search(m.group(1)) else m.group(0), text)
    if name_of is not None:
        text = NAME.sub(lambda m: name_of(m.group(1)) or m.group(0), text)
    for word, said in BOOLEAN.items():
        text = text.replace(word, said)
    text = re.sub(r"\bNaN\b", "n/a", text).replace("`", "")
    return text[:1].upper() + text[1:]


def metric_hover(name: str, docstring: str, name_of) -> str:
    """A metric's English hover text: :data:`HOVER_EN`, else its readable docstring."""
    return HOVER_EN.get(name) or readable(docstring, name_of)


def lever_help(key: str, description: str) -> str:
    """A lever's English help: :data:`HELP_EN`, else its readable schema description."""
    return HELP_EN.get(key) or readable(description)


def bounds(key: str) -> tuple[float | None, float | None]:
    """The lowest and highest value the schema allows for dotted `key` (None: no bound);
    an open bound (gt, lt) is given as itself."""
    info, _ = lookup(key)
    low = high = None
    for rule in getattr(info, "metadata", None) or ():
        if isinstance(rule, Ge | Gt):
            low = rule.ge if isinstance(rule, Ge) else rule.gt
        elif isinstance(rule, Le | Lt):
            high = rule.le if isinstance(rule, Le) else rule.lt
    return low, high


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:g}"


def refusal(key: str, value: object, lang: str) -> str:
    """Why the schema refuses `value` for `key`, in the page's words: the range it allows,
    or, inside that range, that the value does not fit the scenario's other settings."""
    low, high = bounds(key)
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = None
    outside = number is not None and (
        (low is not None and number < low) or (high is not None and number > high)
    )
    if not outside:
        return t("ctl.not_fitting", lang)
    if high is None:
        return t("ctl.at_least", lang, _number(low))
    if low is None:
        return t("ctl.at_most", lang, _number(high))
    return t("ctl.allowed", lang, _number(low), _number(high))
