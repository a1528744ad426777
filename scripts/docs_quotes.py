"""Which numbers a doc quotes, and whether its result file holds them (issue 29 item 7).

The convention (docs/DEVELOPING.md, "Numbers in docs"): an HTML comment

    <!-- source: docs/robustness.json#predictions.scenario=xiaowu_life -->

ties the text after it to a result file (several files: comma-separated; `#PATH` narrows a
JSON file to a subtree: dotted keys, list indices, `key=value` keeps the list items whose
`key` is `value`). The tied region ends at `<!-- /source -->`, at the next marker, or at
the next heading of the level of the heading the marker sits under (or higher).

Every number in a tied region must be held by the file at the precision quoted: `0.473`
matches a value v with |v − 0.473| ≤ 0.0005; `39 %` matches 0.39 or 39 at ±0.5; a number
written without a sign matches |v|. Not numbers of a result, so skipped (the rule the test
applies, also in DEVELOPING.md): inline code and code blocks, HTML comments, link targets;
dates (2026-12-02) and times (05:08); whole numbers 1900-2100 (years) and 0-10 (counts in
prose); digits joined to letters (S4, p90, m34, 24h, commit hashes) and the end of such a
labelled range (m10-12); a level ("95 % interval", "90 % band"); a number after §,
"issue(s)", "item(s)", "step(s)", "table(s)", "section", "commit", "version", "forecast",
"round", "month(s)", "day", "seed"... (WORDS_BEFORE) and the numbers chained to it by "–",
"-", ",", "and" or "to" (issues 11–14, months 0, 9, 11).
The file's pool: every number in a JSON file (leaves, numbers in strings and keys, lengths), in a
CSV's cells, or in a text file. A pool check cannot tell a number swapped for another
value the file also holds; narrow the path to keep pools small.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MARKER = re.compile(r"<!--\s*source:\s*(.*?)\s*-->")
END = re.compile(r"<!--\s*/source\s*-->")
HEADING = re.compile(r"^(#{1,6})\s")
NUMBER = re.compile(
    r"(?P<sign>(?:(?<=[\s(\[|,:=/≤≥<>])|^)[+\-−])?"
    r"(?<![\w.§/])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<exp>e[+-]?\d+)?"
    r"(?![\w]|\.\d)(?P<pct>\s?%)?(?P<range_pct>(?=\s?[–\-]\s?[\d.]+\s?%))?"
)
WORDS_BEFORE = {
    "§", "issue", "issues", "item", "items", "step", "steps", "table", "tables", "section",
    "sections", "commit", "version", "forecast", "round", "month", "months", "day", "phase",
    "paper", "figure", "mesa", "python", "pandas", "numpy", "level", "seed",
}  # fmt: skip
LEVEL_AFTER = re.compile(r"\s*(?:t[ -])?(?:interval|band|confidence|CI)\b")  # "95 % interval"
CHAIN = re.compile(r"^\s*(?:[–\-,]|and|to)\s*$")
STRIP = [
    re.compile(r"```.*?```", re.S),  # code blocks
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"<!--.*?-->", re.S),  # comments (markers already read)
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"\d{4}-\d{2}-\d{2}"),  # dates
    re.compile(r"\d{1,2}:\d{2}(?::\d{2})?"),  # times
]


@dataclass(frozen=True)
class Quote:
    """One number quoted in a tied region: its text, value, decimals and line."""

    text: str
    value: float
    decimals: int
    percent: bool
    signed: bool
    line: int


@dataclass(frozen=True)
class Region:
    """A stretch of a doc tied to result files by a `source:` marker."""

    doc: Path
    sources: tuple[str, ...]
    text: str
    first_line: int


def regions(doc: Path) -> list[Region]:
    """The tied regions of a doc, in order (see the module docstring for where each ends)."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    found: list[Region] = []
    level, closing_level, open_at, sources, fence = 0, 0, None, (), False
    for i, line in enumerate([*lines, "# end"]):
        fence ^= line.lstrip().startswith("```")
        heading = None if fence else HEADING.match(line)
        marker, end = MARKER.search(line), END.search(line)
        closes = marker or end or (heading and len(heading.group(1)) <= closing_level)
        if open_at is not None and closes:
            found.append(Region(doc, sources, "\n".join(lines[open_at:i]), open_at + 1))
            open_at = None
        if heading:
            level = len(heading.group(1))
        if marker and marker.group(1) != "none":
            open_at, closing_level = i + 1, level
            sources = tuple(s.strip() for s in marker.group(1).split(","))
    return found


def quotes(text: str, first_line: int = 1) -> list[Quote]:
    """The numbers of `text` that a result file must hold (the exclusions above applied)."""
    for pattern in STRIP:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    out: list[Quote] = []
    last_end, last_skipped = -1, False
    for m in NUMBER.finditer(text):
        before = text[last_end : m.start()] if last_end >= 0 else ""
        skipped = (last_skipped and CHAIN.match(before) is not None) or word_before(text, m)
        skipped = skipped or bool(m.group("pct") and LEVEL_AFTER.match(text, m.end()))
        last_end, last_skipped = m.end(), skipped
        whole = m.group("int").replace(",", "")
        value = float(whole + (m.group("frac") or "") + (m.group("exp") or ""))
        percent = bool(m.group("pct")) or m.group("range_pct") is not None
        plain = not (m.group("frac") or m.group("exp") or percent or "," in m.group("int"))
        if skipped or (plain and (value <= 10 or 1900 <= value <= 2100)):
            continue
        sign = (m.group("sign") or "").replace("−", "-")
        out.append(
            Quote(
                text=m.group(0).strip(),
                value=-value if sign == "-" else value,
                decimals=len(m.group("frac") or ".") - 1,
                percent=percent,
                signed=bool(sign),
                line=first_line + text.count("\n", 0, m.start()),
            )
        )
    return out


def word_before(text: str, m: re.Match) -> bool:
    """True where the word just before the number marks it as a label (WORDS_BEFORE)."""
    head = text[max(0, m.start() - 30) : m.start()].rstrip()
    if head.endswith("§") or re.search(r"[A-Za-z_]\w*\d[–\-]$", head):
        return True  # §7.9; m10-12 (the end of a labelled range)
    word = re.search(r"([A-Za-z§]+)\W*$", head)
    return bool(word) and word.group(1).lower() in WORDS_BEFORE and head[-1:].isalpha()


def pool(source: str, root: Path) -> np.ndarray:
    """Every number the result file `source` (`path[#json.path]`) holds, sorted."""
    file = root / source.partition("#")[0]
    if not file.is_file():
        raise FileNotFoundError(f"{source}: no such result file")
    return read_pool(source, file, file.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def read_pool(source: str, file: Path, mtime_ns: int) -> np.ndarray:
    """`pool` of a file as it was at `mtime_ns` (read once per process)."""
    sub = source.partition("#")[2]
    if file.suffix == ".json":
        data = select(json.loads(file.read_text(encoding="utf-8")), sub, source)
        values = list(leaves(data))
    elif file.suffix == ".csv":
        with file.open(encoding="utf-8") as f:
            values = [v for row in csv.reader(f) for cell in row for v in numbers_in(cell)]
    else:
        values = numbers_in(file.read_text(encoding="utf-8"))
    return np.sort(np.array([v for v in values if np.isfinite(v)], dtype=float))


def select(data, sub: str, source: str):
    """The subtree of `data` at the dotted path `sub` (see the module docstring)."""
    for part in [p for p in sub.split(".") if p]:
        if "=" in part and isinstance(data, list):
            key, _, want = part.partition("=")
            data = [d for d in data if isinstance(d, dict) and str(d.get(key)) == want]
        elif isinstance(data, list) and part.isdigit():
            data = data[int(part)]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            raise KeyError(f"{source}: no {part!r} in the file")
    return data


def leaves(data):
    """Every number in a JSON value: numeric leaves and the numbers written in strings."""
    if isinstance(data, bool) or data is None:
        return
    if isinstance(data, (int, float)):
        yield float(data)
    elif isinstance(data, str):
        yield from numbers_in(data)
    elif isinstance(data, (dict, list)):
        yield float(len(data))  # "97 parameters": a count the file holds
    if isinstance(data, dict):
        for k, v in data.items():
            yield from numbers_in(str(k))
            yield from leaves(v)
    elif isinstance(data, list):
        for v in data:
            yield from leaves(v)


def numbers_in(text: str) -> list[float]:
    """Every number written in a text, signed, thousands separators removed."""
    found = re.findall(r"[+\-−]?\d+(?:,\d{3})*(?:\.\d+)?(?:e[+-]?\d+)?", text)
    return [float(s.replace(",", "").replace("−", "-")) for s in found]


def held(q: Quote, values: np.ndarray) -> bool:
    """Whether some value (sorted) rounds to the quote at its precision (a % also v × 100)."""
    tol = 0.5 * 10.0**-q.decimals * (1 + 1e-9) + 1e-12
    wanted = [q.value] if q.signed else [q.value, -q.value]
    for scale in (1, 100) if q.percent else (1,):
        for w in wanted:
            i = np.searchsorted(values, (w - tol) / scale)
            if i < len(values) and values[i] * scale <= w + tol:
                return True
    return False


def problems(doc: Path, root: Path) -> list[str]:
    """Each number a tied region of `doc` quotes that none of its result files holds."""
    out = []
    for region in regions(doc):
        try:
            values = np.sort(np.concatenate([pool(s, root) for s in region.sources]))
        except (FileNotFoundError, KeyError) as e:
            out.append(f"{doc.name}:{region.first_line}: {e}")
            continue
        for q in quotes(region.text, region.first_line):
            if not held(q, values):
                out.append(f"{doc.name}:{q.line}: {q.text!r} is not in {', '.join(region.sources)}")
    return out


def untied(doc: Path) -> dict[str, int]:
    """Per section heading: how many numbers it quotes outside every tied region."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    tied: set[int] = set()
    for region in regions(doc):
        tied.update(range(region.first_line, region.first_line + region.text.count("\n") + 1))
    counts: dict[str, int] = {}
    section, body = "(top)", []
    fence = False
    for number, line in enumerate([*lines, "# end"], start=1):
        fence ^= line.lstrip().startswith("```")
        if HEADING.match(line) and not fence:
            found = len(quotes("\n".join(body)))
            if found:
                counts[section] = counts.get(section, 0) + found
            section, body = line.lstrip("#").strip(), []
        elif number not in tied and not MARKER.search(line):
            body.append(line)
    return counts
