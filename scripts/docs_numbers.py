"""Regenerate every result file the docs quote, and check the docs against them (issue 29 item 7).

    PYTHONPATH=$PWD .venv/bin/python scripts/docs_numbers.py --list
    PYTHONPATH=$PWD .venv/bin/python scripts/docs_numbers.py --only storm_surge
    PYTHONPATH=$PWD .venv/bin/python scripts/docs_numbers.py            # all of them (hours)
    PYTHONPATH=$PWD .venv/bin/python scripts/docs_numbers.py --check    # regenerates nothing
    PYTHONPATH=$PWD .venv/bin/python scripts/docs_numbers.py --fingerprints  # minutes

Each result (RESULTS below) is a list of steps (commands of the existing scripts and the
`govsim` CLI, run under `nice -n 10` from the repository root, and copies into docs/).
After a result is made, docs/numbers.json records for each of its files the commit it was
made at (and whether the tree was dirty), the command, the wall time and the date; a JSON
result file that is an object also gets a `made_at` key with the same. `--check` runs
nothing: it fails (exit 1) when a file a doc's `source:` marker names is missing or is not
a result listed here, or when a doc quotes a number its file does not hold
(scripts/docs_quotes.py, the convention in docs/DEVELOPING.md "Numbers in docs"), and it
lists the stale results: the model's fingerprint moved since they were made, or their own
inputs changed (scripts/fingerprints.py; rerun them with --only). `--fingerprints`
fingerprints the model of each result's commit. Frozen results (the blind forecasts) are
never regenerated.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docs_quotes  # noqa: E402  (a sibling script, not a package)
import fingerprints  # noqa: E402
import model_fingerprint  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "docs" / "numbers.json"
PY = [sys.executable]
GOVSIM = [*PY, "-m", "govsim.cli"]


@dataclass(frozen=True)
class Result:
    """One result: the files docs quote and the steps that make them (a copy is a tuple
    ("copy", source, destination))."""

    name: str
    files: tuple[str, ...]
    steps: tuple[tuple[str, ...], ...] = ()
    sizes: str = ""
    frozen: bool = False
    fresh: tuple[str, ...] = field(default=())  # output folders removed before a run
    inputs: tuple[str, ...] = ()  # what besides the model can move it (see `inputs`)
    model: tuple[str, ...] = model_fingerprint.community()  # the fingerprint variants it runs


def sweep_report(experiment: str) -> Result:
    """A shipped experiment swept and reported; its report.csv copied into docs/."""
    out = f"results/{experiment}"
    return Result(
        experiment,
        (f"docs/{experiment}_report.csv",),
        (
            (*GOVSIM, "sweep", experiment, "--workers", "2", "--out", out),
            (*GOVSIM, "report", out),
            ("copy", f"{out}/report.csv", f"docs/{experiment}_report.csv"),
        ),
        sizes="the experiment file's design and replicates",
        fresh=(out,),
        inputs=(f"experiments/{experiment}.yaml", *BATCH, REPORT),
    )


def robustness(name: str, samples: int, *extra: str) -> Result:
    """`govsim robustness` at `samples` × 1 seed (`extra`: --posterior FILE, --scenario S)."""
    out = f"results/{name}"
    steps: tuple[tuple[str, ...], ...] = (
        (*GOVSIM, "robustness", "--samples", str(samples), "--seeds", "1", "--workers", "2",
         "--out", out, *extra),
        ("copy", f"{out}/robustness.json", f"docs/{name}.json"),
    )  # fmt: skip
    if not extra:
        steps += (("copy", f"{out}/robustness.png", "docs/img/robustness.png"),)
    posterior = tuple(extra[extra.index("--posterior") + 1 :][:1]) if "--posterior" in extra else ()
    return Result(
        name, (f"docs/{name}.json",), steps, f"{samples} LHS samples × 1 seed", fresh=(out,),
        inputs=(*ROBUSTNESS, *posterior),
    )  # fmt: skip


def xiaowu_prim(samples: int) -> Result:
    """xiaowu_life alone with its base, and the PRIM box of "faster" on the derived inputs
    (the box robustness.md once quoted: density 0.57, below discover's default 0.8)."""
    base = robustness("robustness_xiaowu", samples, "--scenario", "xiaowu_life")
    out = base.fresh[0]
    prim = (
        (*GOVSIM, "discover", f"{out}/samples/xiaowu_life.parquet", "--outcome",
         "mean_days_to_resolve_diff < 0", "--inputs",
         "base_capacity_utilisation,base_demand_per_staff_hour", "--threshold", "0.5",
         "--out", f"{out}/prim"),
        ("copy", f"{out}/prim/boxes.json", "docs/robustness_xiaowu_prim.json"),
    )  # fmt: skip
    files = (*base.files, "docs/robustness_xiaowu_prim.json")
    inputs = (*base.inputs, "govsim/experiments/analysis/discover.py")
    return Result(base.name, files, base.steps + prim, base.sizes, fresh=base.fresh, inputs=inputs)


SOBOL_OUT = "results/sobol_levers-sensitivity"
# What a result reads besides the model the fingerprint covers: its experiment file, the
# script its steps run (added by `inputs`), and the code of the CLI command it runs
# (seeds, designs, sampling, analysis). Compared by content, not by commits (fingerprints.py).
BATCH = ("govsim/experiments/batch/seeds.py", "govsim/experiments/batch/designs",
         "govsim/experiments/batch/paired.py", "govsim/experiments/batch/spec.py")  # fmt: skip
REPORT = "govsim/experiments/analysis/report.py"
RANGES = "govsim/scenario/schema.py"  # the plausible ranges LHS samples and futures come from
BEIJING_INFERENCE = (  # what besides the model moves a Beijing bank's fit
    "govsim/evidence/bank.py",
    "govsim/evidence/amortised.py",
    "govsim/evidence/infer_report.py",
    "govsim/evidence/influence.py",
    "govsim/data/calibration/beijing_2019_posterior.parquet",
    RANGES,  # a bank row draws every key it does not infer from these ranges
)
# govsim robustness: run_all, the judging and kept samples it calls, and the command that
# writes its dict (robustness_report.py's renderers shape robustness.md, not the JSON).
ROBUSTNESS = (
    "govsim/evidence/robustness.py", "govsim/evidence/robustness_holds.py",
    "govsim/evidence/robustness_samples.py", "govsim/evidence/robustness_report.py::robustness",
    "govsim/scenario/reads.py", RANGES, "govsim/data/predictions.yaml",
    "govsim/experiments/batch/designs/lhs.py",
)  # fmt: skip
SOBOL_FILES = ("sensitivity.csv", "sensitivity.md", "sensitivity_convergence.csv")
STORM_FILES = (
    ("summary", "txt"),
    ("convergence", "csv"),
    ("pareto", "csv"),
    ("details", "json"),
    ("stress", "json"),
)
"""The storm_policy search's files (storm_policy's Result and the frozen earlier runs)."""


def frozen_storm_run(run: int, *extra: tuple[str, str]) -> Result:
    """An earlier storm_policy run's files, copied verbatim as `docs/storm_policy_*_runN.*`
    when a later run replaced them (docs/policy_search.md quotes each run)."""
    files = tuple(f"docs/storm_policy_{n}_run{run}.{e}" for n, e in (*STORM_FILES, *extra))
    return Result(f"storm_policy_run{run}", files, frozen=True)


RESULTS = [
    robustness("robustness", 128),
    xiaowu_prim(128),
    robustness(
        "robustness_posterior",
        16,
        "--posterior",
        "govsim/data/calibration/community_y_small_posterior.parquet",
    ),
    robustness(
        "robustness_posterior_full",
        16,
        "--posterior",
        "govsim/data/calibration/community_y_posterior.parquet",
    ),
    Result(
        "robustness_beijing_posterior",
        ("docs/robustness_beijing_posterior.json",),
        ((*PY, "scripts/robustness_beijing_posterior.py"),),
        "64 samples × 2 seeds, each a joint row of the Beijing reform posterior",
        fresh=("robustness_beijing",),  # the script's --out: its runs are resumed from there
        inputs=ROBUSTNESS,  # it runs govsim robustness's code (robustness_report.robustness)
        model=(),  # Community Y's predictions with Beijing's rows: every variant
    ),
    Result(
        "robustness_beijing_posterior_2048",
        ("docs/robustness_beijing_posterior_2048.json",),
        (
            (
                *PY,
                "scripts/robustness_beijing_posterior.py",
                "--posterior",
                "docs/calibration/beijing_reform/posterior.parquet",
                "--out",
                "results/robustness_beijing_2048",
                "--json",
                "docs/robustness_beijing_posterior_2048.json",
            ),
        ),  # fmt: skip
        "64 samples × 2 seeds, each a joint row of the 2048-row bank's posterior",
        fresh=("results/robustness_beijing_2048",),
        inputs=(*ROBUSTNESS, "docs/calibration/beijing_reform/posterior.parquet"),
        model=(),
    ),
    Result(
        "scenarios",
        ("docs/scenarios.json",),
        ((*PY, "scripts/compare_scenarios.py", "--seeds", "10", "--workers", "2"),),
        "10 seeds per scenario (after `robustness`: its shares are quoted beside)",
    ),
    sweep_report("storm_surge"),
    sweep_report("storm_staffing"),
    Result(
        "storm_recovery_clock",
        ("docs/storm_recovery_clock.json",),
        ((*PY, "scripts/storm_recovery_clock.py"),),
        "seeds 1-10 per variant",
    ),
    Result(
        "grid_workers_kpis",
        ("docs/grid_workers_kpis.json",),
        ((*PY, "scripts/grid_workers_kpis.py"),),
        "seeds 1-10 at 5, 10, 20, 40 grid workers (40 runs of 365 days)",
    ),
    Result(
        "reform_mechanisms",
        ("docs/reform_mechanisms.json",),
        (
            (
                *PY,
                "scripts/reform_mechanisms.py",
                "--draws",
                "8",
                "--out",
                "results/reform_mechanisms.json",
            ),
            ("copy", "results/reform_mechanisms.json", "docs/reform_mechanisms.json"),
        ),  # fmt: skip
        "8 draws × 7 variants, one seed each",
        inputs=(RANGES,),
        model=model_fingerprint.BEIJING,
    ),
    # forecast 2's input (2fbc990, a 280-row bank that was not kept): its posterior and
    # inference.json stay as they were made, like the forecast drawn from them
    Result(
        "beijing_inference",
        ("govsim/data/calibration/beijing_reform_inference.json",),
        frozen=True,
    ),
    # the 2048-row fit as made at f188c44, before the later rates were read over more
    # streets and before the screen added keys: kept so that docs can set the refit beside it
    Result(
        "beijing_inference_2048_one_street",
        ("docs/calibration/history/beijing_reform_2048_one_street.json",),
        frozen=True,
    ),
    Result(
        "beijing_inference_2048",
        (
            "docs/calibration/beijing_reform/inference.json",
            "docs/calibration/beijing_reform/posterior.parquet",
            "docs/calibration/beijing_reform/bank.parquet",
        ),
        (
            (*PY, "scripts/infer_beijing.py", "bank", "--rows", "2048", "--workers", "2"),
            (*PY, "scripts/infer_beijing.py", "fit"),
            (*PY, "scripts/infer_beijing.py", "report"),
        ),
        "a bank of 2048 rows; 100 fresh-seed predictive runs, one row × 10 seeds",
        fresh=("results/beijing_bank3",),
        model=model_fingerprint.BEIJING,
        inputs=BEIJING_INFERENCE,
    ),  # fmt: skip
    # issue 28's budget: the kept 2048-row bank's first n rows fitted without new runs
    Result(
        "bank_size",
        ("docs/calibration/bank_size.json", "docs/calibration/bank_size.png"),
        ((*PY, "scripts/bank_size.py"),),
        "the first 256, 512, 768, 1024, 1536 and 2048 rows of the kept bank; 500 truths each",
        model=model_fingerprint.BEIJING,
        inputs=(
            "docs/calibration/beijing_reform/bank.parquet",
            "benchmarks/bank_rate_streets.json",
            "govsim/evidence/amortised.py",
            "govsim/evidence/infer_report.py",
            "govsim/evidence/influence.py",
        ),
    ),
    # the inference that fits the 2-hour budget, made as a researcher would: a bank of 1024
    # rows from a cold start on 2 cores, then the fit (its bank_timing.json: the bank's time)
    Result(
        "beijing_inference_1024",
        (
            "docs/calibration/beijing_reform_1024/inference.json",
            "docs/calibration/beijing_reform_1024/posterior.parquet",
            "docs/calibration/beijing_reform_1024/bank.parquet",
            "docs/calibration/beijing_reform_1024/bank_timing.json",
        ),
        (
            (
                *PY,
                "scripts/infer_beijing.py",
                "bank",
                "--rows",
                "1024",
                "--workers",
                "2",
                "--bank",
                "results/beijing_budget",
            ),
            (
                *PY,
                "scripts/infer_beijing.py",
                "fit",
                "--bank",
                "results/beijing_budget",
                "--out",
                "docs/calibration/beijing_reform_1024",
            ),
        ),
        "a bank of 1024 rows from a cold start; 100 fresh-seed predictive runs",
        fresh=("results/beijing_budget",),
        model=model_fingerprint.BEIJING,
        inputs=BEIJING_INFERENCE,
    ),  # fmt: skip
    Result(
        "storm_policy",
        (
            "docs/storm_policy_stress.json",
            "docs/storm_policy_summary.txt",
            "docs/storm_policy_convergence.csv",
            "docs/storm_policy_pareto.csv",
            "docs/storm_policy_details.json",
        ),
        (
            # --resume: with --keep, the runs its folder holds are not run again (a search
            # replays from its seed); without --keep the folder is emptied first
            (*GOVSIM, "optimise", "storm_policy", "--stress", "100", "--workers", "2", "--resume"),
            (*PY, "scripts/storm_policy_docs.py"),
        ),
        "the search of experiments/storm_policy.yaml, 100 stress futures",
        fresh=("results/storm_policy-optimise",),
        inputs=("experiments/storm_policy.yaml", "govsim/experiments/search", RANGES, *BATCH),
    ),
    Result(
        "storm_policy_tied",
        ("docs/storm_policy_tied.json",),
        (
            # the search replays from storm_policy's folder (made first, above): only the
            # tied mixes' stress tests are new runs
            (
                *GOVSIM,
                "optimise",
                "storm_policy",
                "--stress",
                "100",
                "--stress-cheapest",
                "8",
                "--workers",
                "2",
                "--resume",
            ),
            (
                "copy",
                "results/storm_policy-optimise/stress-cheapest/walk.json",
                "docs/storm_policy_tied.json",
            ),
        ),
        "the tied mixes of the storm_policy search, cheapest first, 100 stress futures each",
        inputs=("experiments/storm_policy.yaml", "govsim/experiments/search", RANGES),
    ),  # fmt: skip
    Result(
        "sobol_levers",
        tuple(f"docs/sensitivity/sobol_levers/{f}" for f in SOBOL_FILES),
        (
            (*GOVSIM, "sensitivity", "sobol_levers", "--workers", "2", "--out", SOBOL_OUT),
            *(
                ("copy", f"{SOBOL_OUT}/{f}", f"docs/sensitivity/sobol_levers/{f}")
                for f in SOBOL_FILES
            ),
        ),
        "N = 256 × 4 replicates, 8,192 runs (docs/experiments.md says why)",
        fresh=(SOBOL_OUT,),
        inputs=(
            "experiments/sobol_levers.yaml",
            "govsim/experiments/analysis/sensitivity.py",
            *BATCH,
        ),  # fmt: skip
    ),
    Result(
        "out_of_hours_paired",
        ("docs/out_of_hours_paired.csv",),
        ((*PY, "scripts/paired_sweep_table.py", "out_of_hours_paired"),),
        "8 points × 10 replicates, 365 days (issue 29 item 2)",
        fresh=("results/out_of_hours_paired",),
        inputs=("experiments/out_of_hours_paired.yaml", *BATCH),
    ),
    Result(
        "coordination_paired",
        ("docs/coordination_paired.csv",),
        ((*PY, "scripts/paired_sweep_table.py", "coordination_paired"),),
        "3 levels × 10 replicates, 365 days (issue 29 item 9)",
        fresh=("results/coordination_paired",),
        inputs=("experiments/coordination_paired.yaml", *BATCH),
    ),
    Result(
        "response_24h_breakdown",
        ("docs/response_24h_breakdown.json",),
        ((*PY, "scripts/response_24h_breakdown.py"),),
        "seeds 1-3, 365 days (docs/ODD.md §7.5)",
    ),
    # expected effects, copied verbatim as committed before the sweeps ran: never regenerated
    Result("expectations_issue29", ("docs/expectations_issue29.json",), frozen=True),
    Result("expectations_issue28_bank", ("docs/expectations_issue28_bank.json",), frozen=True),
    Result(
        "bank_rate_streets",
        ("benchmarks/bank_rate_streets.json",),
        (
            (
                *PY,
                "benchmarks/bank_rate.py",
                "--rows",
                "96",
                "--workers",
                "2",
                "--json",
                "benchmarks/bank_rate_streets.json",
            ),
        ),  # fmt: skip
        "96 rows of the Beijing bank with their streets from a cold start (a machine's speed)",
        model=model_fingerprint.BEIJING,
    ),
    Result(
        "bank_rate",
        ("benchmarks/bank_rate.json",),
        (
            (
                *PY,
                "benchmarks/bank_rate.py",
                "--rows",
                "128",
                "--workers",
                "2",
                "--streets",
                "1",
                "--no-later",
            ),
        ),  # fmt: skip
        "128 rows of the Beijing bank without streets, from a cold start (a machine's speed)",
        model=model_fingerprint.BEIJING,
    ),
    Result(
        "bank_rate_rows",
        ("benchmarks/bank_rate_rows.json",),
        (
            (
                *PY,
                "benchmarks/bank_rate.py",
                "--rows",
                "96",
                "--workers",
                "2",
                "--streets",
                "1",
                "--no-later",
                "--json",
                "benchmarks/bank_rate_rows.json",
            ),
        ),  # fmt: skip
        "the same 96 rows without their streets, right after bank_rate_streets",
        model=model_fingerprint.BEIJING,
    ),
    Result("expectations_issue28_later", ("docs/expectations_issue28_later.json",), frozen=True),
    Result("expectations_issue28_screen", ("docs/expectations_issue28_screen.json",), frozen=True),
    Result(
        "expectations_issue28_bank_size", ("docs/expectations_issue28_bank_size.json",), frozen=True
    ),
    Result("forecast", ("docs/forecast.json",), frozen=True),
    Result("forecast2", ("docs/forecast2.json",), frozen=True),
    # storm_policy's second run (f388027) as it stood: its stress test took the cheapest of
    # the tied mixes, a rule since replaced (d0b9afb), so the current code cannot remake it
    Result(
        "storm_policy_run2",
        ("docs/storm_policy_stress_run2.json", "docs/storm_policy_details_run2.json"),
        frozen=True,
    ),
    # the third run (23d8630, 9 generations) as it stood before the fourth (20 generations,
    # 6ef658e) replaced the storm_policy files: docs/policy_search.md quotes both
    frozen_storm_run(3),
    # the fourth run (6ef658e, 20 generations) and its tied walk as they stood before the
    # fifth (35 generations) replaced the storm_policy files: docs/policy_search.md quotes both
    frozen_storm_run(4, ("tied", "json")),
]
BY_NAME = {r.name: r for r in RESULTS}
MODEL = ("govsim", "scenarios", "experiments")
# The docs that quote model results (the others and why: docs/DEVELOPING.md).
IN_SCOPE = (
    "scenarios.md",
    "robustness.md",
    "experiments.md",
    "kpis.md",
    "forecast.md",
    "policy_search.md",
    "calibration.md",
)
UNTIED = ROOT / "tests" / "data" / "docs_untied.json"
FROZEN = Result("", (), frozen=True)  # a name numbers.json lists that is no result here


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def make(result: Result, keep: bool = False) -> dict:
    """Run a result's steps (nice'd, from the repository root); its manifest entry.
    `keep`: leave its output folders, so a stopped sweep resumes (by run id)."""
    if result.frozen:
        raise SystemExit(
            f"{result.name} is frozen (a blind forecast, or an earlier run kept as it was "
            "made): never regenerated"
        )
    for folder in () if keep else result.fresh:
        shutil.rmtree(ROOT / folder, ignore_errors=True)
    made_at = git("rev-parse", "HEAD")  # before the steps: a commit made meanwhile is not it
    dirty = bool(git("status", "--porcelain", "--", *MODEL))
    start = time.time()
    for step in result.steps:
        if step[0] == "copy":
            (ROOT / step[2]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / step[1], ROOT / step[2])
        else:
            print("+", " ".join(step), flush=True)
            subprocess.run(["nice", "-n", "10", *step], cwd=ROOT, check=True)
    entry = {
        "commit": made_at,
        "dirty": dirty,
        "fingerprint": fingerprints.model_key(made_at),
        "made": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "seconds": round(time.time() - start),
        **({"resumed": "seconds are the last session's only"} if keep else {}),
        "commands": commands(result),
        "sizes": result.sizes,
    }
    for f in result.files:
        stamp(ROOT / f, entry)
    return entry


def stamp(path: Path, entry: dict) -> None:
    """Name the commit inside a JSON result file that is an object (`made_at`)."""
    if path.suffix != ".json":
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data["made_at"] = {k: entry[k] for k in ("commit", "dirty", "made", "commands")}
        path.write_text(json.dumps(data, indent=1, default=float) + "\n", encoding="utf-8")


def adopt(result: Result) -> dict:
    """A manifest entry for files made before this script: the commit the file names
    (`commit` or `made_at.commit`), else the last commit that changed it (made at or
    before that commit)."""
    first = ROOT / result.files[0]
    data = json.loads(first.read_text(encoding="utf-8")) if first.suffix == ".json" else {}
    named = (
        data.get("commit") or data.get("made_at", {}).get("commit")
        if isinstance(data, dict)
        else None
    )
    committed = git("log", "-1", "--format=%H", "--", *result.files)
    # a benchmark names "abc1234 with uncommitted changes": the commit is its first word
    dirty = bool(named) and len(str(named).split()) > 1
    named = git("rev-parse", str(named).split()[0]) if named else named
    return {
        "commit": named or committed,
        "commit_from": ("the file" + (" (with uncommitted changes)" if dirty else ""))
        if named
        else "git log: made at or before this commit",
        "commands": commands(result),
        "sizes": result.sizes,
        "adopted": "made before scripts/docs_numbers.py; not re-run by it yet",
    }


def commands(result: Result) -> list[str]:
    return [" ".join(s).replace(sys.executable, "python") for s in result.steps]


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.is_file() else {}


def check(docs: list[Path]) -> list[str]:
    """What --check reports as failures: unknown or missing files, unheld quotes."""
    known = {f: r.name for r in RESULTS for f in r.files}
    listed = manifest()
    out = []
    for doc in docs:
        for region in docs_quotes.regions(doc):
            for source in region.sources:
                file = source.partition("#")[0]
                if file not in known:
                    out.append(f"{doc.name}:{region.first_line}: {file} is not a result here")
                elif known[file] not in listed:
                    out.append(f"{doc.name}: {file}: no entry {known[file]!r} in numbers.json")
        out += docs_quotes.problems(doc, ROOT)
    return out


def inputs(result: Result) -> tuple[str, ...]:
    """A result's own inputs: those it declares and the scripts/ files its steps run."""
    scripts = (a for step in result.steps for a in step if a.startswith("scripts/"))
    return (*result.inputs, *scripts)


def stale() -> list[str]:
    """The results whose model's fingerprint moved or whose own inputs changed since they
    were made (docs/DEVELOPING.md "Numbers in docs"), with why. Computes the fingerprints
    missing from docs/fingerprints.json (today's: about a minute; an old commit's too)."""
    listed = {n: e for n, e in manifest().items() if not BY_NAME.get(n, FROZEN).frozen}
    known = fingerprints.ensure([e["commit"] for e in listed.values()])
    current = fingerprints.current()
    out = []
    for name, entry in listed.items():
        result = BY_NAME[name]
        why = fingerprints.reasons(entry, inputs(result), current, known, result.model)
        if why:
            out.append(f"{name}: made at {entry['commit'][:9]}: {'; '.join(why)}")
    return out


def fingerprint_all() -> int:
    """Compute (in temporary worktrees) the fingerprint of every listed result's commit
    that has none yet, and name it in its entry."""
    todo = [e["commit"] for n, e in manifest().items() if not BY_NAME.get(n, FROZEN).frozen]
    fingerprints.ensure([*todo, "HEAD"])
    listed = manifest()  # read again: a result remade meanwhile keeps its entry
    for name, entry in listed.items():
        if not BY_NAME.get(name, FROZEN).frozen:
            entry["fingerprint"] = fingerprints.model_key(entry["commit"])
    MANIFEST.write_text(json.dumps(listed, indent=1) + "\n", encoding="utf-8")
    return 0


def show_untied(write: bool) -> int:
    """Print, per in-scope doc and section, the numbers quoted outside any tied region;
    with `write`, record the per-doc totals the test holds the docs to."""
    totals = {}
    for doc in IN_SCOPE:
        counts = docs_quotes.untied(ROOT / "docs" / doc)
        totals[doc] = sum(counts.values())
        for section, n in counts.items():
            print(f"{doc:18s} {n:4d}  {section}")
    if write:
        UNTIED.write_text(json.dumps(totals, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {UNTIED.relative_to(ROOT)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", action="append", choices=sorted(BY_NAME), metavar="NAME")
    p.add_argument("--check", action="store_true", help="regenerate nothing; check the docs")
    p.add_argument("--list", action="store_true", help="the results and their files")
    p.add_argument("--adopt", action="store_true", help="record --only's files as they are")
    p.add_argument(
        "--fingerprints",
        action="store_true",
        help="fingerprint the model of every result's commit (minutes)",
    )
    p.add_argument("--keep", action="store_true", help="resume: keep --only's output folders")
    p.add_argument("--untied", action="store_true", help="numbers quoted outside any region")
    p.add_argument("--write", action="store_true", help="with --untied: record the counts")
    a = p.parse_args(argv)
    if a.list:
        for r in RESULTS:
            print(f"{r.name:28s} {'frozen ' if r.frozen else ''}{', '.join(r.files)}")
        return 0
    if a.untied:
        return show_untied(a.write)
    if a.fingerprints:
        return fingerprint_all()
    if a.check:
        failures = check(sorted((ROOT / "docs").glob("*.md")))
        print("\n".join(failures) or "every number in a tied region is held by its file")
        print("\n".join(f"stale: {s}" for s in stale()))
        return 1 if failures else 0
    chosen = [BY_NAME[n] for n in a.only] if a.only else [r for r in RESULTS if not r.frozen]
    for result in chosen:
        entry = adopt(result) if a.adopt else make(result, a.keep)
        listed = manifest()
        listed[result.name] = {"files": list(result.files), **entry}
        MANIFEST.write_text(json.dumps(listed, indent=1) + "\n", encoding="utf-8")
        print(f"{result.name}: {entry.get('seconds', 'adopted')} s at {entry['commit'][:9]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
