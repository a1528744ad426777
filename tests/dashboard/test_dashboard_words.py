"""No developer words on the page (issue 31 item 8): walks every text the dashboard can
show — the labels and messages of :mod:`govsim.dashboard.i18n`, each lever's label and
help, every metric's label, section and hover text, the scenario names, the messages a bad
link, a bad typed value or a failed action produce, the rebuild notice, the cards and the
indicator table, the inspector's cards and case trails, the CSV headers — in English
and 中文, and fails on the words of a developer: paper codes ("S2 …"), "(true)"/"false",
dotted or snake_case keys, code quotes, "NaN", pydantic's wording, timings, issue
numbers, file names; in 中文 also on English beyond the proper names and units allowed
here.

The CSVs keep the metrics' and scenarios' names as column values (``participation_rate``,
``community_y``): they are the names a researcher scripts against (docs/contract.md);
their headers and the section and unit columns are checked."""

from __future__ import annotations

import csv
import io
import re
from html import unescape

import pytest

from govsim.dashboard import i18n, indicators, levers
from govsim.dashboard.controller import Dashboard, shipped_scenarios
from govsim.dashboard.parts import guarded
from govsim.dashboard.settings import lever_label
from govsim.dashboard.widgets import indicators_html, kpi_cards_html
from govsim.simulation import metrics

DEVELOPER = {
    "paper code": r"\bS[0-4]\b",
    "true/false": r"\b(?:true|false|True|False|None)\b",
    "dotted key": r"\b[a-z_]{2,}\.[a-z_]{2,}\b",
    "snake_case": r"\b[a-z0-9]+_[a-z0-9_]+\b",
    "code quote": r"`",
    "NaN": r"\bNaN\b|\bnan\b",
    "pydantic": r"Input should be|validation error|\{'|could not convert|Error:",
    "timing": r"\d ms\b|毫秒",
    "issue number": r"\bissue \d+",
    "file name": r"\.(?:py|yaml|json)\b",
    "library": r"\bnumpy\b|\bpydantic\b|\bTraceback\b",
}
ALLOWED_LATIN_ZH = {"govsim", "CSV", "PNG", "SVG", "PDF", "Xiaowu", "Life", "Gini", "ms"}
"""Latin words a 中文 text may hold: the program's name, file formats, a platform's name."""
LATIN = re.compile(r"[A-Za-z]{2,}")


def developer_words(text: str, lang: str, identifiers: bool = False) -> list[str]:
    """What in `text` is a developer's word (empty: none). A path under docs/ is a source
    the "about" page cites on purpose; with `identifiers`, snake_case names are allowed
    (a CSV's column names)."""
    text = re.sub(r"docs/[\w./]+", "", text)
    found = [
        f"{kind}: {m.group(0)!r}"
        for kind, pattern in DEVELOPER.items()
        for m in re.finditer(pattern, text)
        if not (identifiers and kind == "snake_case")
    ]
    if lang == "zh":
        found += [f"English: {w!r}" for w in LATIN.findall(text) if w not in ALLOWED_LATIN_ZH]
    return found


def _plain(html: str) -> str:
    """The text of `html`, with its title attributes (the hover texts) as text."""
    titles = " ".join(re.findall(r'title="([^"]*)"', html))
    return unescape(re.sub(r"<[^>]+>", " ", html) + " " + titles)


BAD_LINK = (
    "scenario=nope&seed=-3&days=x&foo=1&platform.integrated=maybe&platform.reliability=abc"
    "&organisation.grid_workers=100000&platform.initial_adoption=7&compare=nope"
)


def _messages(lang: str) -> list[str]:
    """Every message a bad link, a bad typed value and a failed action show, without the
    user's own text they quote (“…”)."""
    ctl = Dashboard(shipped_scenarios(), None, f"lang={lang}&{BAD_LINK}")
    out = [ctl.message]
    for field, text in (("seed", "-5"), ("seed", "x"), ("days", "0"), ("days", "100000000")):
        ctl.set_whole(field, text)
        out.append(ctl.message)
    ctl.set_replicates("50")
    out.append(ctl.message)

    def fails() -> None:
        raise ValueError("could not convert string to float: 'abc'")

    guarded(fails, out.append, lang)()
    return [re.sub(r"“[^”]*”", "", m) for m in out]


def _page_texts(lang: str) -> tuple[list[str], list[str]]:
    """The cards, the indicator table and the notices of a run; and the CSVs' headers and
    their section and unit columns (the same in both languages: data for scripts)."""
    ctl = Dashboard(shipped_scenarios(), None, f"lang={lang}")
    out = [_plain(kpi_cards_html(ctl.sim, lang))]  # day 0: no value yet
    lever = {lv.key: lv for lv in levers.available_levers()}["organisation.grid_workers"]
    ctl.set_lever(lever, 20)
    ctl.step(2)
    out += [ctl.notice_text() or "", _plain(kpi_cards_html(ctl.sim, lang))]
    ctl.back_to_shipped()
    out.append(ctl.notice_text() or "")
    ctl.set_compare("digital_only")
    ctl.step(1)
    out.append(_plain(indicators_html(ctl.sim, ctl.compared(), lang)))
    series = next(csv.reader(io.StringIO(ctl.series_csv())))
    rows = list(csv.DictReader(io.StringIO(ctl.table_csv())))
    files = [" ".join(c for c in series if c not in metrics.INFO), " ".join(rows[0])]
    return out, files + sorted({r["section"] for r in rows} | {r["unit"] for r in rows})


def _inspector_texts(lang: str) -> list[str]:
    """The inspector's card of a grid, a worker and a building (before and after a month)
    and the trail of every case a card lists, one of each status and one per responder."""
    ctl = Dashboard(shipped_scenarios(), None, f"lang={lang}")
    ctl.inspect("grid", 0)
    out = [_plain(ctl.inspector_html())]  # day 0: nothing run yet
    ctl.step(40)
    state = ctl.sim.model.state
    cases = state.cases
    for kind, ident in (("grid", 0), ("worker", 1), ("building", 2)):
        ctl.inspect(kind, ident)
        out += [_plain(ctl.inspector_html())] + [label for _, label in ctl.listed_cases()]
    by_status = {int(cases.status[i]): i for i in range(cases.n)}
    by_responder = {int(cases.responder[i]): i for i in range(cases.n)}
    assert len(by_status) >= 4 and len(by_responder) > len(state.responders) // 2
    for case in sorted(set(by_status.values()) | set(by_responder.values())):
        ctl.follow_case(case)
        out.append(_plain(ctl.trail_html()))
    return out


def every_text(lang: str) -> dict[str, str]:
    """Where each text shows → the text, in `lang`."""
    texts = {f"text {k}": v[lang] for k, v in i18n.TEXT.items() if v[lang] != "-"}
    for lever in levers.available_levers():
        texts[f"lever {lever.key}"] = lever_label(lever, lang)
        texts[f"lever help {lever.key}"] = levers.help_text(lever.key, lang)
    for name in metrics.INFO:
        texts[f"metric {name}"] = indicators.label(name, lang)
        texts[f"hover {name}"] = indicators.describe(name, lang)
    for section in indicators.sections():
        texts[f"section {section}"] = indicators.section_label(section, lang)
    described = shipped_scenarios()
    for name, description in described.items():
        texts[f"scenario {name}"] = i18n.scenario_label(name, lang, description)
    texts.update({f"message {i}": m for i, m in enumerate(_messages(lang))})
    shown, files = _page_texts(lang)
    texts.update({f"page {i}": m for i, m in enumerate(shown)})
    texts.update({f"csv {i}": m for i, m in enumerate(files)})
    texts.update({f"inspector {i}": m for i, m in enumerate(_inspector_texts(lang))})
    return texts


def _checked_as(where: str, text: str, lang: str) -> tuple[str, str, bool]:
    """A CSV's words are checked as English with its identifiers allowed."""
    return (text, "en", True) if where.startswith("csv") else (text, lang, False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_text_the_page_can_show_holds_a_developers_word(lang):
    texts = every_text(lang)
    assert len(texts) > 300 and any(k.startswith("message") for k in texts)
    bad = {
        where: words
        for where, text in texts.items()
        if (words := developer_words(*_checked_as(where, text, lang)))
    }
    assert not bad, "\n".join(f"{where}: {words}" for where, words in sorted(bad.items()))


@pytest.mark.parametrize(
    "text,lang",
    [
        ("S2 closed-loop case tracking on/off", "en"),
        ("one integrated app (true) or several (false)", "en"),
        ("Grid workers × their yearly cost (`costs.grid_worker_yuan_per_year`).", "en"),
        ("satisfaction ≥ kpi.satisfied_from", "en"),
        ("NaN without shocks", "en"),
        ("key `seed`: Input should be greater than or equal to 0", "en"),
        ("community_y with {'organisation.grid_workers': 100000}", "en"),
        ("last update: model 0.0 ms + views 2.5 ms", "en"),
        ("Participation (S0, S1, S3)", "en"),
        ("Costs (yuan per year)", "zh"),
        ("A Beijing street, January 2019", "zh"),
    ],
)
def test_the_word_check_catches_the_words_the_trial_found(text, lang):
    """The check itself can fail: each text the issue quotes is caught."""
    assert developer_words(text, lang)
