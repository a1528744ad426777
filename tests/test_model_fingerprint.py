"""A result in docs/ is stale when the model's fingerprint moved or its own inputs changed
since it was made (issue 29 item 7; the rule: docs/DEVELOPING.md "Numbers in docs").

The rule is tested on made-up fingerprints; one tiny run (30 days of a small Community Y)
shows that a changed parameter moves the fingerprint and the same model does not.
"""

from __future__ import annotations

import pytest

from tests.test_docs_numbers import script

SMALL = {
    "population.residents": 900,
    "population.households": 320,
    "population.communities": 2,
    "population.grids": 4,
    "population.buildings_per_grid": 4,
    "organisation.grid_workers": 4,
}


def fp():
    return script("model_fingerprint")


def test_only_values_both_fingerprints_have_and_that_differ_count():
    recorded = {"cy|backlog": 12.0, "cy|p90": None, "cy|old_metric": 1.0, "cy|share": 0.5}
    current = {"cy|backlog": 12.0, "cy|p90": None, "cy|new_metric": 3.0, "cy|share": 0.5}
    assert fp().differences(recorded, current) == []  # a metric added or dropped: not stale
    assert fp().differences(recorded, {**current, "cy|share": 0.5 * (1 + 1e-13)}) == []
    assert fp().differences(recorded, {**current, "cy|share": 0.51}) == ["cy|share"]
    assert fp().differences(recorded, {**current, "cy|p90": 4.0}) == ["cy|p90"]  # NaN -> 4


def test_only_the_runs_a_result_is_made_of_count():
    recorded = {"community_y|backlog": 12.0, "beijing_reform|backlog": 30.0}
    current = {"community_y|backlog": 12.0, "beijing_reform|backlog": 31.0}
    assert fp().differences(recorded, current) == ["beijing_reform|backlog"]
    assert fp().differences(recorded, current, among=("community_y",)) == []
    assert fp().differences(recorded, current, among=fp().BEIJING) == ["beijing_reform|backlog"]
    assert "beijing_reform" not in fp().community() and "xiaowu_life" in fp().community()


def entry_and_store(recorded: dict) -> tuple[dict, dict]:
    commit = script("fingerprints").git("rev-parse", "HEAD")
    return {"commit": commit, "fingerprint": "k"}, {"k": recorded}


def test_a_result_whose_recorded_fingerprint_differs_from_the_current_one_is_stale():
    reasons = script("fingerprints").reasons
    entry, known = entry_and_store({"values": {"cy|backlog": 12.0, "cy|share": 0.5}})
    same = {"values": {"cy|backlog": 12.0, "cy|share": 0.5, "cy|added": 1.0}}
    assert reasons(entry, (), same, known) == []
    moved = reasons(entry, (), {"values": {"cy|backlog": 13.0, "cy|share": 0.5}}, known)
    assert len(moved) == 1 and "1 fingerprint values moved (e.g. cy|backlog)" in moved[0]


def test_a_result_whose_commit_cannot_run_the_fingerprint_or_has_none_is_stale():
    reasons = script("fingerprints").reasons
    entry, known = entry_and_store({"error": ["ImportError: no govsim.api"]})
    assert "cannot run the fingerprint" in reasons(entry, (), {"values": {}}, known)[0]
    assert "no fingerprint" in reasons(entry, (), {"values": {}}, {})[0]
    dirty = {**entry, "dirty": True}
    assert reasons(dirty, (), {"values": {}}, {"k": {"values": {}}}) == [
        "made from uncommitted model files"
    ]


@pytest.mark.parametrize(
    ("path", "before", "after", "same"),
    [
        ("e.yaml", "a: 1  # assumed\nb: [2, 3]\n", "# note\na: 1\nb: [2, 3]  # source\n", True),
        ("e.yaml", "a: 1\n", "a: 2\n", False),
        ("s.py", '"""Doc."""\nimport x\nA = 1\n', '"""Other."""\nimport y.x as x\nA = 1\n', True),
        ("s.py", "def f():\n    return 1\n", "def f():\n    '''Doc.'''\n    return 2\n", False),
    ],
)
def test_an_input_changes_by_its_content_not_its_comments_imports_or_docstrings(
    path, before, after, same
):
    assert script("fingerprints").same_input(path, before, after) is same


def test_a_definition_added_to_an_input_is_no_change_and_one_edited_or_removed_is():
    same_input = script("fingerprints").same_input
    then = "def f():\n    return 1\n\n\nA = 2\n"
    assert same_input("m.py", then, then + "\n\ndef g():\n    return f()\n")
    assert not same_input("m.py", then, then.replace("A = 2", "A = 3"))
    assert not same_input("m.py", then, "A = 2\n")


def test_a_tiny_run_moves_its_fingerprint_when_a_parameter_moves_and_only_then():
    more_staff = {**SMALL, "responders.department_staff_hours_per_day": 40.0}
    base, absent = fp().fingerprint({"cy": ("community_y", SMALL)}, days=30)
    again, _ = fp().fingerprint({"cy": ("community_y", SMALL)}, days=30)
    other, _ = fp().fingerprint({"cy": ("community_y", more_staff)}, days=30)
    assert absent == [] and "cy|backlog" in base and "cy|day29|backlog" in base
    assert fp().differences(base, again) == []
    assert fp().differences(base, other)


def commit_all(repo, message: str) -> str:
    git = script("fingerprints").git
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message)
    return git("rev-parse", "HEAD")


def test_inputs_count_from_the_commit_that_wrote_the_result(tmp_path, monkeypatch):
    """A script edited for the run that used it is committed with its output: the inputs
    are compared from there; an edit after it makes the result stale."""
    fingerprints = script("fingerprints")
    monkeypatch.setattr(fingerprints, "ROOT", tmp_path)
    fingerprints.git("init", "-q")
    (tmp_path / "s.py").write_text("def f():\n    return 1\n")
    made = commit_all(tmp_path, "the commit the run started at")
    (tmp_path / "s.py").write_text("def f():\n    return 2\n")
    (tmp_path / "r.csv").write_text("2\n")
    wrote = commit_all(tmp_path, "the result, with the script it ran")
    entry = {"commit": made, "files": ["r.csv"]}
    assert fingerprints.committed(entry) == wrote
    assert fingerprints.inputs_changed(("s.py",), fingerprints.committed(entry)) == []
    (tmp_path / "s.py").write_text("def f():\n    return 3\n")
    commit_all(tmp_path, "the script changed after")
    assert fingerprints.inputs_changed(("s.py",), fingerprints.committed(entry)) == ["s.py"]


def test_a_definition_moved_between_a_results_inputs_is_no_change(tmp_path, monkeypatch):
    """Issue 30 split modules (robustness.py into robustness_holds.py, ...): a definition
    moved unchanged to another of the result's inputs is the same input; edited after the
    move, or moved out of the inputs, it is a change."""
    fingerprints = script("fingerprints")
    monkeypatch.setattr(fingerprints, "ROOT", tmp_path)
    fingerprints.git("init", "-q")
    (tmp_path / "m.py").write_text("def f():\n    return g()\n\n\ndef g():\n    return 1\n")
    made = commit_all(tmp_path, "the result's commit")
    (tmp_path / "m.py").write_text("def f():\n    return g()\n")
    (tmp_path / "n.py").write_text("def g():\n    return 1\n")
    commit_all(tmp_path, "g moves to n.py")
    assert fingerprints.inputs_changed(("m.py", "n.py"), made) == []
    assert fingerprints.inputs_changed(("m.py",), made) == ["m.py"]
    (tmp_path / "n.py").write_text("def g():\n    return 2\n")
    commit_all(tmp_path, "g edited after the move")
    assert fingerprints.inputs_changed(("m.py", "n.py"), made) == ["m.py", "n.py"]


def test_only_the_selected_definitions_of_an_input_count(tmp_path, monkeypatch):
    """`PATH::write` counts only `write` (the command writing the result file), not the
    renderers beside it, whose edits change a doc's layout, not the result's numbers."""
    fingerprints = script("fingerprints")
    monkeypatch.setattr(fingerprints, "ROOT", tmp_path)
    fingerprints.git("init", "-q")
    (tmp_path / "r.py").write_text("def write():\n    return 1\n\n\ndef render():\n    return 1\n")
    made = commit_all(tmp_path, "the result's commit")
    (tmp_path / "r.py").write_text("def write():\n    return 1\n\n\ndef render():\n    return 2\n")
    commit_all(tmp_path, "the renderer changes")
    assert fingerprints.inputs_changed(("r.py::write",), made) == []
    assert fingerprints.inputs_changed(("r.py",), made) == ["r.py"]
    (tmp_path / "r.py").write_text("def write():\n    return 3\n\n\ndef render():\n    return 2\n")
    commit_all(tmp_path, "the command changes")
    assert fingerprints.inputs_changed(("r.py::write",), made) == ["r.py"]
