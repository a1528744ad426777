"""The layers point one way and no package holds a module cycle (pyproject.toml, issue 30).

import-linter's contracts (pyproject.toml): the layers of govsim, the three jobs inside
govsim.experiments (search → analysis → batch) and no cycle between sibling modules of
any package. A package's ``__init__`` that imports a child which imports it back is a
cycle import-linter does not see (it compares siblings): ``package_cycles`` finds it.
Each check is shown to fail on a copy of govsim with one import planted.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = (
    "import sys; sys.path.insert(0, '.'); "
    "from importlinter.cli import lint_imports_command; lint_imports_command(['--no-cache'])"
)


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("lint-imports (import-linter, extra `test`) is not installed")
    return subprocess.run([exe, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def package_cycles(package: str = "govsim") -> list[list[str]]:
    """Groups of modules that import each other in a circle, among each package's own
    ``__init__`` and its children (a child counted with everything under it)."""
    import grimp
    import networkx as nx

    # imports for annotations only (under TYPE_CHECKING) never run, so close no circle
    graph = grimp.build_graph(package, cache_dir=None, exclude_type_checking_imports=True)
    found = []
    for parent in sorted(m for m in graph.modules if graph.find_children(m)):
        owner = {parent: parent}
        for child in graph.find_children(parent):
            owner |= dict.fromkeys({child} | graph.find_descendants(child), child)
        edges = nx.DiGraph()
        for module, node in owner.items():
            for imported in graph.find_modules_directly_imported_by(module):
                if owner.get(imported, node) != node:
                    edges.add_edge(node, owner[imported])
        found += [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    return found


def planted_copy(tmp_path: Path, module: str, line: str) -> Path:
    """A copy of govsim and pyproject.toml with `line` appended to `module` (a path)."""
    copy = tmp_path / "repo"
    shutil.copytree(
        ROOT / "govsim", copy / "govsim", ignore=shutil.ignore_patterns("__pycache__", "_shipped")
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / module
    target.write_text(target.read_text() + f"\n{line}  # noqa: E402, F401\n")
    return copy


def run_in(copy: Path, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=copy, capture_output=True, text=True, timeout=120
    )


def test_the_contracts_are_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 kept, 0 broken" in done.stdout


def test_no_package_imports_its_own_child_back():
    assert package_cycles() == []


@pytest.mark.parametrize(
    ("module", "line", "refusal"),
    [
        (
            "govsim/simulation/model.py",
            "from govsim import api",
            "govsim.simulation is not allowed to import govsim.api",
        ),
        (
            "govsim/experiments/batch/store.py",
            "from govsim.experiments.analysis import report",
            "govsim.experiments.batch is not allowed to import govsim.experiments.analysis",
        ),
        (
            "govsim/experiments/batch/seeds.py",
            "from govsim.experiments.batch import plan",
            "No cycles are allowed in govsim.experiments.batch",
        ),
    ],
    ids=["back-edge between layers", "batch importing analysis", "module cycle"],
)
def test_a_planted_import_breaks_a_contract(tmp_path, module, line, refusal):
    """The contracts can fail: the same package with one import added is refused."""
    done = run_in(planted_copy(tmp_path, module, line), LINT)
    assert done.returncode != 0
    assert refusal in done.stdout


def test_a_child_importing_its_package_back_is_found(tmp_path):
    copy = planted_copy(
        tmp_path,
        "govsim/experiments/batch/designs/grid.py",
        "from govsim.experiments.batch import designs",
    )
    code = (
        "import sys; sys.path.insert(0, '.'); "
        f"sys.path.insert(1, {str(ROOT / 'tests')!r}); "
        "import test_architecture as t; print(t.package_cycles())"
    )
    done = run_in(copy, code)
    assert done.returncode == 0, done.stderr
    assert (
        "'govsim.experiments.batch.designs', 'govsim.experiments.batch.designs.grid'" in done.stdout
    )
