"""The "about this model" page (issue 31 item 6) is built from its sources: a changed
posterior, held-out result or ODD paragraph changes the page; nothing is hand-copied."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from govsim.dashboard import about
from govsim.scenario.schema import iter_fields

CJK = re.compile(r"[\u4e00-\u9fff]")
COMMAND = "govsim run community_y --seed 3 --days 30"


@pytest.fixture
def docs(tmp_path):
    """A copy of the sources the page reads (docs/ODD.md, forecast.json, calibrations)."""
    shutil.copy(about.DOCS / "ODD.md", tmp_path / "ODD.md")
    shutil.copy(about.DOCS / "forecast.json", tmp_path / "forecast.json")
    shutil.copytree(about.DOCS / "calibration", tmp_path / "calibration")
    return tmp_path


def test_posterior_and_held_out_cells_come_from_the_calibration_file(docs):
    path = docs / "calibration" / "community_y" / "calibration.json"
    data = json.loads(path.read_text())
    key = data["calibrated"][0]
    page = about.about_html("en", COMMAND, "1.0", docs)
    assert f"posterior mean {data['posterior'][key]['mean']:.3g}" in page
    # recount the held-out targets inside their interval from the file itself
    rows = [r for r in data["predictive"].values() if r["use"] == "held_out"]
    inside = sum(r["lo"] <= r["target"] <= r["hi"] for r in rows)
    assert f"{len(rows)} held out (not fitted), of which {inside} inside" in page
    data["posterior"][key]["mean"] = 123.456
    name, row = next((n, r) for n, r in data["predictive"].items() if r["use"] == "held_out")
    row["lo"], row["hi"] = row["target"] + 1, row["target"] + 2  # now outside
    path.write_text(json.dumps(data))
    changed = about.about_html("en", COMMAND, "1.0", docs)
    assert "posterior mean 123 (" in changed
    assert f"{name} (outside)" in changed


def test_what_the_model_is_is_the_odd_purpose_paragraph(docs):
    text = (docs / "ODD.md").read_text()
    (docs / "ODD.md").write_text(text.replace("Purpose: let policy", "Purpose: let planted"))
    assert "let planted researchers" in about.about_html("en", COMMAND, "1.0", docs)
    (docs / "ODD.md").unlink()
    assert "(not found: docs/ODD.md)" in about.about_html("en", COMMAND, "1.0", docs)


def test_assumed_numbers_are_counted_from_the_schema_descriptions():
    fields = list(iter_fields())
    assumed = [k for k, f in fields if "assumed" in (f.description or "").lower()]
    total, counted = about.parameter_counts()
    assert (total, counted) == (len(fields), len(assumed))
    assert 0 < counted < total


def test_forecast_score_is_the_shared_files_sentence(docs):
    score = about.forecast_score()
    if score is None:
        pytest.skip(f"{about.SCORE_FILE} not beside this checkout")
    page = about.about_html("en", COMMAND, "1.0", docs)
    assert "three fell inside" in score[0]  # the reveal's own words (5 points: 3 in, 2 above)
    assert score[0].replace("'", "&#x27;") in page
    spec = json.loads((docs / "forecast.json").read_text())
    assert f"{len(spec['months'])} months" in page


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cite_shows_command_and_version_and_chinese_headings(docs, lang):
    page = about.about_html(lang, COMMAND, "9.9 (abc)", docs)
    assert COMMAND in page and "9.9 (abc)" in page
    headings = re.findall(r"<h[234]>(.*?)</h[234]>", page)
    assert len(headings) >= 5
    if lang == "zh":
        assert all(CJK.search(h) for h in headings)
    else:
        assert not any(CJK.search(h) for h in headings)


def test_the_folded_section_unfolds_into_the_page_in_either_language():
    import ipyvuetify as v
    import solara

    for lang in ("en", "zh"):
        _, rc = solara.render(about.AboutSection(lang, COMMAND), handle_error=False)
        assert not rc.find(solara.widgets.HTML, attributes={"class": "about-model gs-scroll"})
        rc.find(v.Btn, children=["▸ " + about.say("title", lang)]).widget.click()
        shown = rc.find(solara.widgets.HTML).widget.unsafe_innerHTML
        assert COMMAND in shown and about.say("cite", lang) in shown
        rc.close()
