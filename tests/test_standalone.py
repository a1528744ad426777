"""The repository stands alone: no tracked file points outside it.

A user who clones or installs govsim has no design folder, no seed files and no
workplace tools, so code, scenario files and docs cite the papers by short name
(docs/references.md) and the model by docs/ODD.md sections.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\.\./shared|(?<![\w/])MODEL\.md|STYLE\.md|/work/|00[0-4]_[0-9a-f]{16}\.txt")
"""A sibling folder, the design documents, this workplace's paths, the seed files' names."""
BINARY = {".png", ".svg", ".parquet", ".pdf", ".jpg"}


def outside_pointers(root: Path) -> list[str]:
    files = subprocess.run(
        ["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in files:
        path = root / name
        if path.suffix in BINARY or not path.is_file() or path == Path(__file__):
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{name}:{number}: {line.strip()[:100]}")
    return found


def test_no_tracked_file_points_outside_the_repository():
    found = outside_pointers(ROOT)
    assert not found, "points outside the repository:\n" + "\n".join(found)


def test_a_pointer_outside_is_caught(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "notes.md").write_text("see ../shared/seeds/004_3da5043afcfd9873.txt\n")
    (tmp_path / "ok.md").write_text("see S4 (docs/references.md) and docs/ODD.md §7.5\n")
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    assert [f.split(":")[0] for f in outside_pointers(tmp_path)] == ["notes.md"]
