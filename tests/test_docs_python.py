"""docs/python.md: its code blocks run, in order, in one namespace (a notebook session)."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "python.md"


def blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_python_doc_blocks_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a folder outside the repository, as a notebook would be
    code = blocks()
    assert len(code) >= 6
    namespace: dict = {}
    for i, block in enumerate(code):
        exec(compile(block, f"{DOC.name} block {i + 1}", "exec"), namespace)  # noqa: S102
    # the blocks' asserts are the checks; a broken claim fails, e.g.:
    try:
        exec("assert len(runs) == 5", namespace)  # noqa: S102
    except AssertionError:
        pass
    else:
        raise AssertionError("the doc blocks' asserts do not check anything")
