"""The neighbourhood social network in CSR form.

docs/ODD.md §2: every household is a clique; residents have small-world ties
inside their building, fewer ties across buildings of a grid, rare ties
across grids. Co-participants form new ties (S1 "relationship production",
docs/references.md), so the network can grow during a run.

CSR (``indptr``, ``indices``) keeps a 7,500-resident network in two arrays
and lets "share of my ties who …" be one cumulative sum, not 7,500 calls.

At district scale (10^5–10^6 residents, docs/scale.md) two things matter:
``share_among_ties(mask, kept=network.adopting)`` keeps the counts of a slowly
changing mask (adopters: ``adopting``; recent participants: ``participating``) in a
typed field of the network and updates only the ties of residents whose flag changed
since the last call (exact integer counts, the same result as a full recount);
``with_ties`` merges new ties into the sorted CSR instead of re-sorting every tie.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.state import Households, Residents


@dataclass
class TieCounts:
    """Per resident, how many ties have a flag set, for the mask last seen (kept up to date
    by `Network.share_among_ties(mask, kept=...)`; empty until its first call)."""

    seen: np.ndarray | None = None  # bool, the mask the counts are for
    counts: np.ndarray | None = None  # int32, per resident


@dataclass
class Network:
    """Undirected, simple graph over resident rows; both directions stored.

    Two counts are kept between days (see `share_among_ties`): `adopting`, ties who use
    the platform (step 8, adoption), and `participating`, ties who took part recently
    (step 7, participation's social pull)."""

    indptr: np.ndarray  # int64, n + 1
    indices: np.ndarray  # int32
    adopting: TieCounts = field(default_factory=TieCounts, repr=False, compare=False)
    participating: TieCounts = field(default_factory=TieCounts, repr=False, compare=False)

    @property
    def n(self) -> int:
        return len(self.indptr) - 1

    @cached_property
    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)

    @cached_property
    def _degree_at_least_1(self) -> np.ndarray:
        return np.maximum(self.degree, 1)

    @property
    def n_ties(self) -> int:
        return len(self.indices) // 2

    def neighbours(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def count_among_ties(self, mask: np.ndarray) -> np.ndarray:
        """For each resident, how many of their ties have `mask` true."""
        flags = np.append(mask[self.indices], False).view(np.uint8)  # padded: reduceat needs
        counts = np.add.reduceat(flags, self.indptr[:-1], dtype=np.int32)  # a valid start
        counts[self.degree == 0] = 0  # reduceat returns the start element for empty rows
        return counts

    def share_among_ties(self, mask: np.ndarray, kept: TieCounts | None = None) -> np.ndarray:
        """For each resident, the share of their ties with `mask` true (0 with no ties).

        With `kept` (one of this network's `TieCounts`: `adopting`, `participating`), the
        counts are kept there and updated from the residents whose flag differs from
        the previous call's mask (a full recount when many changed): the same numbers,
        at the cost of the few changed residents' ties instead of every tie.
        """
        counts = self.count_among_ties(mask) if kept is None else self._kept_counts(kept, mask)
        return counts / self._degree_at_least_1

    def _kept_counts(self, kept: TieCounts, mask: np.ndarray) -> np.ndarray:
        if kept.seen is None or len(kept.seen) != len(mask):
            kept.seen, kept.counts = mask.copy(), self.count_among_ties(mask)
            return kept.counts
        seen, counts = kept.seen, kept.counts
        changed = np.flatnonzero(mask != seen)
        if len(changed) > self.n // 16:  # many changes: a recount is cheaper
            counts[:] = self.count_among_ties(mask)
        elif len(changed):
            listeners, owner = self.neighbours_of(changed)
            np.add.at(counts, listeners, np.where(mask[changed], 1, -1).astype(np.int32)[owner])
        seen[changed] = mask[changed]
        return counts

    def neighbours_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ties of `rows`, concatenated, and for each the position in `rows` it belongs to."""
        degree = self.degree[rows]
        owner = np.repeat(np.arange(len(rows)), degree)
        starts = self.indptr[rows] - np.concatenate(([0], np.cumsum(degree)[:-1]))
        return self.indices[starts[owner] + np.arange(len(owner))], owner

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Each tie once, as (u, v) with u < v."""
        u = np.repeat(np.arange(self.n, dtype=np.int32), self.degree)
        keep = u < self.indices
        return u[keep], self.indices[keep]

    def with_ties(self, u: np.ndarray, v: np.ndarray) -> Network:
        """A new network with the ties (u, v) added (duplicates and self-ties dropped).

        The same CSR as rebuilding from all edges, but merged: the new ties are
        looked up in their rows (binary search) and inserted in order, so the cost
        is one copy of the arrays, not a sort of every tie.
        """
        n = self.n
        u, v = np.asarray(u, dtype=np.int64), np.asarray(v, dtype=np.int64)
        keep = u != v
        key = np.unique(np.concatenate((u[keep] * n + v[keep], v[keep] * n + u[keep])))
        src, dst = key // n, key % n
        at = _lower_bound(self.indices, self.indptr[src], self.indptr[src + 1], dst)
        present = at < self.indptr[src + 1]
        present[present] = self.indices[at[present]] == dst[present]
        src, dst, at = src[~present], dst[~present], at[~present]
        indices = np.insert(self.indices, at, dst.astype(self.indices.dtype))
        added = np.concatenate(([0], np.cumsum(np.bincount(src, minlength=n))))
        return Network(
            indptr=self.indptr + added,
            indices=indices,
            adopting=carried_over(self.adopting, src, dst, n),
            participating=carried_over(self.participating, src, dst, n),
        )

    def to_networkx(self):  # noqa: ANN201 - networkx imported lazily, it is slow to import
        import networkx as nx

        graph = nx.Graph()
        graph.add_nodes_from(range(self.n))
        graph.add_edges_from(zip(*(a.tolist() for a in self.edges()), strict=True))
        return graph


def carried_over(kept: TieCounts, src: np.ndarray, dst: np.ndarray, n: int) -> TieCounts:
    """`kept` on a network with the new ties (src, dst) (both directions) added."""
    if kept.seen is None:
        return TieCounts()
    gained = np.bincount(src, weights=kept.seen[dst], minlength=n).astype(kept.counts.dtype)
    return TieCounts(kept.seen.copy(), kept.counts + gained)


def _lower_bound(
    values: np.ndarray, lo: np.ndarray, hi: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Per query, the first position in the sorted run values[lo:hi] with value >= target."""
    lo, hi = lo.copy(), hi.copy()
    while True:
        active = lo < hi
        if not active.any():
            return lo
        mid = (lo + hi) // 2
        right = active & (values[np.where(active, mid, 0)] < target)
        left = active & ~right
        lo[right] = mid[right] + 1
        hi[left] = mid[left]


def from_edges(n: int, u: np.ndarray, v: np.ndarray) -> Network:
    """CSR from an undirected edge list; self-ties and repeats removed."""
    u = np.asarray(u, dtype=np.int64)
    v = np.asarray(v, dtype=np.int64)
    keep = u != v
    m = int(keep.sum())
    directed = np.empty(2 * m, dtype=np.int64)  # keys source * n + target, filled in place
    np.multiply(u[keep], n, out=directed[:m])  # (few temporaries: a million residents
    directed[:m] += v[keep]  # have ~7 million directed ties)
    np.multiply(v[keep], n, out=directed[m:])
    directed[m:] += u[keep]
    directed.sort()  # by (source, target)
    first = np.ones(len(directed), dtype=bool)
    np.not_equal(directed[1:], directed[:-1], out=first[1:])
    directed = directed[first]
    src = directed // n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
    src *= n
    directed -= src
    return Network(indptr=indptr, indices=directed.astype(np.int32))


def _household_cliques(households: Households) -> tuple[np.ndarray, np.ndarray]:
    us, vs = [], []
    for size in np.unique(households.size):
        if size < 2:
            continue
        starts = households.start[households.size == size].astype(np.int64)
        a, b = np.triu_indices(int(size), k=1)
        us.append((starts[:, None] + a).ravel())
        vs.append((starts[:, None] + b).ravel())
    if not us:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(us), np.concatenate(vs)


def _building_small_world(
    scenario: Scenario, residents: Residents, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """A Watts–Strogatz ring inside each building (residents of a building are contiguous)."""
    p = scenario.population
    building = residents.building
    n = len(building)
    counts = np.bincount(building)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    size = counts[building]
    position = np.arange(n) - starts[building]
    us, vs = [], []
    for offset in range(1, p.ties_within_building // 2 + 1):
        ok = size > offset
        u = np.flatnonzero(ok)
        v = starts[building[u]] + (position[u] + offset) % size[u]
        rewire = rng.random(len(u)) < p.rewire_within_building
        v[rewire] = starts[building[u[rewire]]] + rng.integers(0, size[u[rewire]])
        us.append(u)
        vs.append(v)
    if not us:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(us), np.concatenate(vs)


def _random_pairs_within(
    groups: np.ndarray, mean_ties: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """About `mean_ties` ties per resident to a random resident of the same group."""
    n = len(groups)
    k = rng.poisson(mean_ties * n / 2)
    u = rng.integers(0, n, k)
    counts = np.bincount(groups)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    g = groups[u]
    v = starts[g] + rng.integers(0, counts[g])
    return u, v


def build_network(
    scenario: Scenario, residents: Residents, households: Households, rng: np.random.Generator
) -> Network:
    p = scenario.population
    parts = [
        _household_cliques(households),
        _building_small_world(scenario, residents, rng),
        _random_pairs_within(residents.grid, p.ties_across_buildings, rng),
        _random_pairs_within(np.zeros(residents.n, dtype=np.int64), p.ties_across_grids, rng),
    ]
    u = np.concatenate([a for a, _ in parts])
    v = np.concatenate([b for _, b in parts])
    parts.clear()  # free the pieces before the CSR is built (peak memory at scale)
    return from_edges(residents.n, u, v)


def rewire_keeping_degrees(
    network: Network, rng: np.random.Generator, swaps_per_tie: int = 10
) -> Network:
    """The same degrees, ties randomly rewired (double-edge swaps via networkx).

    Used to compare a clustered network with a random one (Centola's
    experiment, cited in the dynamics issue).
    """
    import networkx as nx

    graph = network.to_networkx()
    n_swaps = swaps_per_tie * network.n_ties
    nx.double_edge_swap(graph, nswap=n_swaps, max_tries=n_swaps * 20, seed=int(rng.integers(2**31)))
    u, v = (np.array(x, dtype=np.int64) for x in zip(*graph.edges(), strict=True))
    return from_edges(network.n, u, v)
