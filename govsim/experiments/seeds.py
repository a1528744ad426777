"""Every seed of an experiment, in one place (docs/DEVELOPING.md, randomness).

Run ``i`` of the full design (design point × replicate, point-major) gets
``SeedSequence(root_seed).spawn(n_runs)[i]``, so a run's numbers never depend on
the engine, the worker count, the shard or the order in which runs finish.
Samplers (LHS, Sobol scrambling, Morris trajectories) get their own stream,
derived from the root seed with a fixed tag so it never collides with a run's.
"""

from __future__ import annotations

import numpy as np

DESIGN_TAG = 0x5EED_DE51  # marks the sampler's stream, distinct from the runs' spawn keys


def run_seeds(root_seed: int, n_runs: int) -> list[np.random.SeedSequence]:
    """The seed of every run of the full design, indexed by run id."""
    return np.random.SeedSequence(root_seed).spawn(n_runs)


def run_seed(root_seed: int, index: int) -> np.random.SeedSequence:
    """``run_seeds(root_seed, n)[index]`` for any n > index, without making the other n − 1
    (a sweep of a million runs makes each seed when its task is made: issue 32).
    ``SeedSequence.spawn`` gives child i the parent's entropy and spawn key ``(i,)``."""
    return np.random.SeedSequence(root_seed, spawn_key=(index,))


def design_rng(root_seed: int) -> np.random.Generator:
    """The generator a sampler draws its design from."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([root_seed, DESIGN_TAG])))


def design_seed(root_seed: int) -> int:
    """An int seed for samplers that want one (SALib)."""
    return int(np.random.SeedSequence([root_seed, DESIGN_TAG]).generate_state(1)[0])
