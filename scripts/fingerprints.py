"""Which results in docs/ are stale: the model's outputs or the result's own inputs moved
since it was made (issue 29 item 7; the rule: docs/DEVELOPING.md "Numbers in docs").

docs/fingerprints.json holds scripts/model_fingerprint.py's output per model, keyed by
the git trees of govsim/ and scenarios/ (two commits with the same trees have the same
fingerprint, so it is computed once); docs/numbers.json names, per result, the key of the
model it was made with (`fingerprint`). A fingerprint of an older commit is computed in a
detached temporary worktree with that tree on PYTHONPATH and this script's
model_fingerprint.py; if that fails, the key holds the error and the result is stale.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import model_fingerprint  # a sibling script (scripts/ is on sys.path)
import yaml

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "docs" / "fingerprints.json"
SCRIPT = Path(__file__).resolve().parent / "model_fingerprint.py"
FINGERPRINTED = ("govsim", "scenarios")
TEXT = (".py", ".yaml", ".yml")  # compared by content; any other file by its bytes


def git(*args: str, check: bool = True) -> str:
    run = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=check)
    return run.stdout.strip()


def model_key(commit: str) -> str:
    """The trees of govsim/ and scenarios/ at `commit` ("-" for one it lacks)."""
    trees = [git("rev-parse", "--verify", "-q", f"{commit}:{d}", check=False) or "-"
             for d in FINGERPRINTED]  # fmt: skip
    return "-".join(t[:12] for t in trees)


def store() -> dict:
    return json.loads(STORE.read_text(encoding="utf-8")) if STORE.is_file() else {}


def save(fingerprints: dict) -> None:
    STORE.write_text(json.dumps(fingerprints, indent=1, sort_keys=True) + "\n", "utf-8")


def compute(commit: str) -> dict:
    """model_fingerprint.py run against `commit`'s tree (nice'd): its JSON, or the error."""
    tree = Path(tempfile.gettempdir()) / f"fp_{commit[:12]}"
    out = tree.with_suffix(".json")
    git("worktree", "add", "--detach", str(tree), commit)
    try:
        run = subprocess.run(
            ["nice", "-n", "10", sys.executable, str(SCRIPT), "--out", str(out)],
            cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
            capture_output=True, text=True,
        )  # fmt: skip
        if run.returncode:
            return {"commit": commit, "error": run.stderr.strip().splitlines()[-1:]}
        data = json.loads(out.read_text(encoding="utf-8"))
        if not data["govsim"].startswith(str(tree)):
            return {"commit": commit, "error": [f"imported {data['govsim']}, not {tree}"]}
        return {"commit": commit, **{k: v for k, v in data.items() if k != "govsim"}}
    finally:
        git("worktree", "remove", "--force", str(tree), check=False)
        out.unlink(missing_ok=True)
        shutil.rmtree(tree, ignore_errors=True)


def ensure(commits: list[str]) -> dict:
    """The store, with the fingerprint of every commit's model computed if missing."""
    fingerprints = store()
    for commit in commits:
        key = model_key(commit)
        if key not in fingerprints:
            print(f"fingerprint of {commit[:9]} ({key}) ...", flush=True)
            fingerprints[key] = compute(git("rev-parse", commit))
            save(fingerprints)
    return fingerprints


def current() -> dict:
    """Today's fingerprint: the stored one of HEAD's model, computed if missing (about a
    minute, nice'd); with uncommitted model files, computed from the work tree, not kept."""
    if git("status", "--porcelain", "--", *FINGERPRINTED):
        return {"values": model_fingerprint.fingerprint()[0]}
    return ensure(["HEAD"])[model_key("HEAD")]


def normalised(path: str, text: str) -> object:
    """What of an input file can change a result: a YAML file's data (not its comments);
    a Python file's top-level definitions by name, each as its syntax tree without
    docstrings and imports (a module moved or renamed, a comment edited, is the same
    input); any other file's text."""
    if path.endswith((".yaml", ".yml")):
        return yaml.safe_load(text)
    if not path.endswith(".py"):
        return text
    tree = ast.parse(text)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            node.body = [
                n for n in body
                if not isinstance(n, (ast.Import, ast.ImportFrom))
                and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))
            ] or [ast.Pass()]  # fmt: skip
    return {definition(n): ast.dump(n) for n in tree.body}


def definition(node: ast.stmt) -> str:
    """A top-level statement's name: the function's, class's or assigned names, else its
    source (a bare statement is its own name)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
    names = [ast.unparse(t) for t in targets if t is not None]
    return " = ".join(names) if names else ast.unparse(node)


def same_input(path: str, before: str, now: str) -> bool:
    """The file as it was reads the same: a Python file's definitions of then are all
    there unchanged (definitions added since, used by nothing of then, do not count)."""
    old, new = normalised(path, before), normalised(path, now)
    if isinstance(old, dict) and path.endswith(".py"):
        return all(new.get(name) == tree for name, tree in old.items())
    return old == new


def renamed_from(made: str, paths: list[str]) -> dict[str, str]:
    """For each path of today's tree, where it was at `made` (git's rename detection)."""
    out = {p: p for p in paths}
    for line in git("diff", "-M", "--name-status", made, "HEAD").splitlines():
        parts = line.split("\t")
        if parts[0].startswith("R") and parts[2] in out:
            out[parts[2]] = parts[1]
    return out


def selector(spec: str) -> tuple[str, frozenset[str] | None]:
    """An input as a result names it: a file or folder, or `PATH::a,b` for only the
    definitions a and b of a Python file (the rest of it does not reach the result: a
    report's renderers beside the command that writes the result file)."""
    path, _, names = spec.partition("::")
    return path, frozenset(names.split(",")) if names else None


def inputs_changed(inputs: tuple[str, ...], made: str) -> list[str]:
    """The inputs (files, or folders of files) whose content differs from `made`'s."""
    specs = [(f, names) for path, names in map(selector, inputs)
             for f in git("ls-files", "--", path).splitlines()]  # fmt: skip
    before = renamed_from(made, [f for f, _ in specs])
    changed, python = [], {}
    for f, names in specs:
        blob = git("rev-parse", "--verify", "-q", f"{made}:{before[f]}", check=False)
        now = (ROOT / f).read_text("utf-8") if f.endswith(TEXT) else ""
        if f.endswith(".py"):
            python[f] = (names, normalised(f, git("show", blob)) if blob else None,
                         normalised(f, now))  # fmt: skip
        elif blob != git("hash-object", f) and (
            not blob or not f.endswith(TEXT) or not same_input(f, git("show", blob), now)
        ):
            changed.append(f)
    moved = python_changed(python)
    return [f for f, _ in specs if f in changed or f in moved]


def python_changed(files: dict[str, tuple]) -> set[str]:
    """The Python inputs (path -> (selected names, definitions then, definitions now))
    whose definitions of then are not all among the result's inputs unchanged today: a
    definition moved from one input module to another (issue 30's splits) is the same
    input; one today outside the selection of its file does not count. A file `made`
    lacked counts unless all its (selected) definitions were in an input then, unchanged."""
    counted: dict[str, list] = {}
    unselected: set[str] = set()
    pool: dict[str, list] = {}
    for names, then, now in files.values():
        for name, tree in now.items():
            if names is None or name in names:
                counted.setdefault(name, []).append(tree)
            else:
                unselected.add(name)
        for name, tree in (then or {}).items():
            pool.setdefault(name, []).append(tree)
    out = set()
    for f, (names, then, now) in files.items():
        if then is None:
            mine = [(n, t) for n, t in now.items() if names is None or n in names]
            same = all(t in pool.get(n, ()) for n, t in mine)
        else:
            same = all(t in counted.get(n, ()) or (n in unselected and n not in counted)
                       for n, t in then.items())  # fmt: skip
        if not same:
            out.add(f)
    return out


def committed(entry: dict) -> str:
    """The commit whose inputs a result was made with: the one that committed its files
    (a script edited with the run that used it is committed with its output), or the
    commit it was made at when that is later."""
    made = entry["commit"]
    files = entry.get("files", ())
    wrote = git("log", "-1", "--format=%H", "--", *files, check=False) if files else ""
    if not wrote:
        return made
    later = subprocess.run(["git", "merge-base", "--is-ancestor", made, wrote], cwd=ROOT)
    return wrote if later.returncode == 0 else made


def reasons(
    entry: dict,
    inputs: tuple[str, ...],
    current: dict,
    fingerprints: dict,
    among: tuple[str, ...] = (),
) -> list[str]:
    """Why a result is stale (empty: it is not). `current`: today's fingerprint; `among`:
    the fingerprint's variants the result's runs are made of (all when empty)."""
    made = entry.get("commit", "")
    recorded = fingerprints.get(entry.get("fingerprint") or model_key(made))
    out = []
    if entry.get("dirty"):
        out.append("made from uncommitted model files")
    if recorded is None:
        out.append("no fingerprint of its model (run --fingerprints)")
    elif "error" in recorded:
        out.append(f"its commit cannot run the fingerprint ({' '.join(recorded['error'])})")
    else:
        moved = model_fingerprint.differences(recorded["values"], current["values"], among=among)
        if moved:
            out.append(f"{len(moved)} fingerprint values moved (e.g. {', '.join(moved[:3])})")
    changed = inputs_changed(inputs, committed(entry)) if made else []
    if changed:
        out.append(f"inputs changed: {', '.join(changed)}")
    return out
