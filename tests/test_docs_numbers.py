"""Every number a doc quotes is held by its result file (issue 29 item 7).

The convention (docs/DEVELOPING.md "Numbers in docs"): `<!-- source: FILE[#PATH] -->`
ties a stretch of a doc to a result file that scripts/docs_numbers.py regenerates; the
check is scripts/docs_quotes.py. Reads files only (no run).
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def script(name: str):
    """A module of scripts/ (not a package), loaded from its file."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def in_scope() -> tuple[str, ...]:
    return script("docs_numbers").IN_SCOPE


@pytest.mark.parametrize("doc", script("docs_numbers").IN_SCOPE)
def test_every_number_a_doc_quotes_is_held_by_its_result_file(doc):
    numbers = script("docs_numbers")
    path = ROOT / "docs" / doc
    assert numbers.docs_quotes.regions(path), f"{doc} ties no section to a result file"
    assert numbers.check([path]) == []


def test_a_number_edited_in_a_doc_is_caught(tmp_path):
    """Change one quoted number of each in-scope doc: the check reports that line."""
    quotes = script("docs_quotes")
    for doc in in_scope():
        region = quotes.regions(ROOT / "docs" / doc)[0]
        first = quotes.quotes(region.text)[0]
        edited = tmp_path / doc
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        start = text.index(region.text)
        at = start + region.text.index(first.text)
        edited.write_text(text[:at] + "987.654" + text[at + len(first.text) :], encoding="utf-8")
        found = quotes.problems(edited, ROOT)
        assert found and "987.654" in found[0], doc


def test_no_doc_quotes_more_numbers_without_a_result_file_than_recorded():
    """A ratchet: numbers outside every tied region (legacy text, or inputs quoted) may only
    become fewer. Tie new numbers to a result file; after tying old ones, record the new
    counts with `python scripts/docs_numbers.py --untied --write`."""
    numbers = script("docs_numbers")
    recorded = json.loads(numbers.UNTIED.read_text(encoding="utf-8"))
    now = {d: sum(numbers.docs_quotes.untied(ROOT / "docs" / d).values()) for d in in_scope()}
    grew = {d: (recorded.get(d, 0), n) for d, n in now.items() if n > recorded.get(d, 0)}
    assert grew == {}, "numbers quoted without a source (recorded, now): " + str(grew)


@pytest.mark.parametrize(
    "prose",
    [
        "issue 29 item 7, issues 11–14, §7.9, steps 4-5, S4, p90, m34, 24h",
        "run 2026-12-02 05:08–05:17 UTC, in 2026, commit 7ab7fd0, `--samples 128`",
        "months 0, 9, 11, 34; 3 of 10 seeds; [link](docs/x_256.md)",
        "the 95 % interval, a 90 % band and a 95 % t interval",
    ],
)
def test_labels_dates_years_and_small_counts_are_not_quoted_numbers(prose):
    assert script("docs_quotes").quotes(prose) == []


@pytest.mark.parametrize(
    ("prose", "value", "decimals", "percent"),
    [
        ("holds in 39 % of samples", 39.0, 0, True),
        ("a difference of −0.3798", -0.3798, 4, False),
        ("3,072 runs", 3072.0, 0, False),
        ("in 93–100 %", 93.0, 0, True),
    ],
)
def test_a_quoted_number_is_read_with_its_sign_precision_and_percent(
    prose, value, decimals, percent
):
    q = script("docs_quotes").quotes(prose)[0]
    assert (q.value, q.decimals, q.percent) == (value, decimals, percent)


def test_a_quote_is_held_at_its_precision_only():
    quotes = script("docs_quotes")
    values = quotes.np.array([-0.37984, 0.3912, 2840.4])
    said = {
        t: quotes.held(quotes.quotes(t)[0], values)
        for t in ("−0.3798", "0.40", "39 %", "39.1 %", "2,840", "+0.3798")
    }
    assert said == {"−0.3798": True, "0.40": False, "39 %": True, "39.1 %": True,
                    "2,840": True, "+0.3798": False}  # fmt: skip


@functools.cache
def headings(doc: Path) -> list[str]:
    """The headings of a doc, without #, backticks or bold."""
    found = re.findall(r"^#{1,6}\s+(.*)$", doc.read_text(encoding="utf-8"), re.M)
    return [h.replace("`", "").replace("*", "").strip() for h in found]


def slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_a_doc_names_only_sections_that_exist():
    """`calibration.md ("Title")`, `ODD.md §7.9` and `](x.md#anchor)` name a heading."""
    missing = []
    for doc in [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]:
        text = doc.read_text(encoding="utf-8")
        refs = re.findall(r"(\w+)\.md\)?,? \(?\"([^\"]{3,80})\"", text)
        refs += [(n, f"§{s}") for n, s in re.findall(r"(\w+)\.md §(\d+(?:\.\d+)*)", text)]
        refs += [(n, f"#{a}") for n, a in re.findall(r"\]\((\w+)\.md#([^)]+)\)", text)]
        for name, said in refs:
            title = " ".join(said.split())
            target = (ROOT / "docs" / f"{name}.md") if name != "README" else ROOT / "README.md"
            if not target.is_file():
                continue
            have = headings(target)
            ok = (
                any(h.startswith((f"{title[1:]} ", f"{title[1:]}. ")) for h in have)
                if title.startswith("§")
                else title[1:] in map(slug, have)
                if title.startswith("#")
                else any(h.startswith(title) for h in have)
            )
            if not ok:
                missing.append(f"{doc.name}: {name}.md {title!r}")
    assert missing == []


def test_robustness_md_shows_the_table_its_json_renders():
    """docs/robustness.md's "The run" and parameter table are `govsim robustness`'s own
    markdown of docs/robustness.json (robustness_report.to_markdown), so a re-run that is
    not re-rendered into the doc fails here, not only where a number differs."""
    from govsim.evidence.robustness_report import to_markdown

    rendered = to_markdown(json.loads((ROOT / "docs" / "robustness.json").read_text()))
    body = rendered.split("\n", 2)[2]  # without the title
    run, _, ranges = body.partition("## Assumed parameters and their plausible ranges\n")
    doc = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert run.strip() in doc
    assert ranges.strip() in doc
