"""The dashboard's "about this model" page (issue 31 item 6), in English and 中文, built
from the sources each time, never from hand-copied numbers:

- what the model is: the purpose paragraph of docs/ODD.md (§1);
- which numbers are assumed and which sourced: every scenario key's schema description
  (:func:`govsim.scenario.schema.iter_fields`; the word "assumed" marks an assumption);
- which are calibrated, with the shipped posterior: docs/calibration/*/calibration.json
  (keys, posterior mean and 90 % interval, targets fitted and targets held out, and
  whether each held-out target fell inside the posterior predictive interval);
- the blind forecast: docs/forecast.json, and its score as written, after the reveal,
  in the shared data file's ``first_forecast_score_on_these_points``;
- how to cite a run: the ``govsim run`` command of the page's setup and the version.

A source that is missing (an installed wheel carries no docs/) is named as missing.
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import solara

from govsim.dashboard.i18n import t
from govsim.scenario.config import REPO_ROOT
from govsim.scenario.schema import iter_fields, lookup

DOCS = REPO_ROOT / "docs"
SCORE_FILE = "beijing_12345_2019_2021.json"
SCORE_PLACES = (Path(__file__).resolve().parents[1] / "data",)
"""Where the file with the first forecast's score is looked for: shipped with the package
(govsim/data holds a copy of the figures of months 0-34, nothing later)."""


def say(key: str, lang: str, *args: object) -> str:
    """The About page's text for `key` in `lang`, from the dashboard's one table (i18n)."""
    return t("about." + key, lang, *args)


def odd_purpose(docs: Path = DOCS) -> str | None:
    """The "Purpose:" paragraph of docs/ODD.md §1, or None without the file."""
    path = docs / "ODD.md"
    if not path.exists():
        return None
    found = re.search(r"^(Purpose: .+?)\n\n", path.read_text(encoding="utf-8"), re.M | re.S)
    return " ".join(found.group(1).split()) if found else None


def parameter_counts() -> tuple[int, int]:
    """(scenario keys, of which assumed): the schema's descriptions say "assumed"."""
    fields = list(iter_fields())
    assumed = sum("assumed" in (field.description or "").lower() for _, field in fields)
    return len(fields), assumed


def calibrations(docs: Path = DOCS) -> list[dict]:
    """Each shipped calibration (docs/calibration/NAME/calibration.json), as written."""
    return [
        {"name": path.parent.name, **json.loads(path.read_text(encoding="utf-8"))}
        for path in sorted(docs.glob("calibration/*/calibration.json"))
    ]


def held_out(calibration: dict) -> list[tuple[str, bool]]:
    """(target, inside its posterior predictive interval) for every held-out target."""
    return [
        (name, row["lo"] <= row["target"] <= row["hi"])
        for name, row in calibration.get("predictive", {}).items()
        if row.get("use") == "held_out"
    ]


def forecast_score() -> tuple[str, str] | None:
    """(the first forecast's score, what is still held out), read from the shared data
    file; None when it is not found."""
    for place in SCORE_PLACES:
        path = place / SCORE_FILE
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            return data["first_forecast_score_on_these_points"], data.get("still_held_out", "")
    return None


def _described(key: str) -> str:
    """A scenario key's schema description, without its source notes in brackets."""
    field, _ = lookup(key)
    text = (field.description or key) if field is not None else key
    return re.split(r"\s*[(;]", text, maxsplit=1)[0]


def _number(value: float) -> str:
    return f"{value:.3g}"


def _calibration_html(calibration: dict, lang: str) -> str:
    rows = "".join(
        f"<li>{escape(_described(key))} (<code>{escape(key)}</code>): "
        + say("posterior", lang, *(_number(post[k]) for k in ("mean", "q05", "q95")))
        + "</li>"
        for key in calibration.get("calibrated", [])
        for post in [calibration["posterior"][key]]
    )
    kept = held_out(calibration)
    fitted = sum(row.get("use") == "fit" for row in calibration.get("predictive", {}).values())
    cells = ", ".join(
        f"{escape(name)} ({say('inside' if inside else 'outside', lang)})" for name, inside in kept
    )
    summary = say("targets", lang, fitted, len(kept), sum(i for _, i in kept), cells or "–")
    return (
        f"<h4>{say('calibrated', lang, escape(calibration['name']))}</h4>"
        f"<ul>{rows}</ul><p>{summary}</p>"
    )


def _forecast_html(lang: str, docs: Path) -> str:
    path = docs / "forecast.json"
    parts = [f"<h3>{say('forecast', lang)}</h3>"]
    if path.exists():
        spec = json.loads(path.read_text(encoding="utf-8"))
        parts.append(
            "<p>"
            + say(
                "forecast_what",
                lang,
                escape(spec["scenario"]),
                len(spec["months"]),
                spec["draws"],
                spec["seeds"],
            )
            + "</p>"
        )
    else:
        parts.append(f"<p>{say('missing', lang, 'docs/forecast.json')}</p>")
    score = forecast_score()
    if score is None:
        parts.append(f"<p>{say('missing', lang, SCORE_FILE)}</p>")
    else:
        parts.append(f"<p>{say('score', lang)}{escape(score[0])}</p>")
        if score[1]:
            parts.append(f"<p>{say('held_out_later', lang)}{escape(score[1])}</p>")
    return "".join(parts)


def about_html(lang: str, command: str, version: str, docs: Path = DOCS) -> str:
    """The whole page: what the model is, its numbers, its validation, how to cite a run
    (`command`: the page's ``govsim run`` line; `version`: the model's version)."""
    purpose = odd_purpose(docs)
    total, assumed = parameter_counts()
    parts = [
        f"<h3>{say('what', lang)}</h3>",
        f"<p>{escape(purpose)}</p><p class='gs-muted'>{say('odd_note', lang)}</p>"
        if purpose
        else f"<p>{say('missing', lang, 'docs/ODD.md')}</p>",
        f"<h3>{say('numbers', lang)}</h3>",
        f"<p>{say('counts', lang, total, assumed, total - assumed)}</p>",
        *(_calibration_html(c, lang) for c in calibrations(docs)),
        _forecast_html(lang, docs),
        f"<h3>{say('cite', lang)}</h3><p>{say('cite_text', lang)}</p>",
        f"<pre class='about-command'>{escape(command)}</pre>",
        f"<p class='about-version'>{say('version', lang, escape(version))}</p>",
    ]
    return f"<div class='about'><h2>{say('title', lang)}</h2>{''.join(parts)}</div>"


@solara.component
def AboutSection(lang: str, command: str) -> None:
    """A folded "About this model" at the foot of the page; built when unfolded (it reads
    a few files), again when the language or the run's command changes."""
    from govsim.dashboard.export import model_version

    shown = solara.use_reactive(False)
    solara.Button(
        ("▾ " if shown.value else "▸ ") + say("title", lang),
        text=True,
        on_click=lambda: shown.set(not shown.value),
        classes=["btn-about"],
    )
    html = solara.use_memo(  # a hook: called on every render, built only when unfolded
        lambda: about_html(lang, command, model_version()) if shown.value else "",
        [lang, command, shown.value],
    )
    if shown.value:
        solara.HTML(tag="div", unsafe_innerHTML=html, classes=["about-model", "gs-scroll"])
