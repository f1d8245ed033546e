"""Maximize the acquisition over a mixed search space.

Candidates are a scrambled Sobol set plus perturbations of the best observed points; the
best few each start an L-BFGS-B over the continuous columns, alternated with a greedy
local search over the discrete and categorical ones.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.optimize
from scipy.stats import qmc

from tuner.samplers._gp._acqf import Acquisition
from tuner.samplers._gp._search_space import SearchSpaceEncoding

_LOG2_N_SOBOL = 11  # 2048 candidates
_N_LOCAL_PER_POINT = 64
_N_STARTS = 8
_MAX_ROUNDS = 3
_MAX_LOCAL_STEPS = 20


def _candidates(
    enc: SearchSpaceEncoding, rng: np.random.Generator, best_points: np.ndarray
) -> np.ndarray:
    sobol = qmc.Sobol(enc.dim, scramble=True, seed=rng).random_base2(_LOG2_N_SOBOL)
    parts = [enc.from_unit_samples(sobol)]
    if best_points.shape[0]:
        base = np.repeat(best_points, _N_LOCAL_PER_POINT, axis=0)
        scale = rng.choice([0.01, 0.05, 0.2], size=(base.shape[0], 1))
        local = base + scale * rng.standard_normal(base.shape)
        cat = enc.is_categorical
        if cat.any():
            # Resample each categorical with probability 1/d so most stay put.
            flip = rng.random((base.shape[0], int(cat.sum()))) < 1.0 / enc.dim
            draws = np.floor(rng.random(flip.shape) * enc.n_values[cat])
            local[:, cat] = np.where(flip, draws, base[:, cat])
        parts.append(enc.round(local))
    return np.concatenate(parts)


def _lbfgs(acqf: Acquisition, enc: SearchSpaceEncoding, x0: np.ndarray) -> np.ndarray:
    """Ascend each start on the continuous columns with its own L-BFGS-B.

    One solver per start rather than one on the sum of all starts: a joint solver shares
    its line search and curvature memory across starts, so a start near a sharp peak
    stops the others early; separate solvers measurably improved regret (notably on
    Styblinski-Tang 10-d) for a few milliseconds more per proposal.
    """
    dims = enc.continuous_dims
    bounds = [(0.0, 1.0)] * dims.size
    out = x0.copy()
    for i in range(x0.shape[0]):
        row = x0[i : i + 1].copy()

        def fun(v: np.ndarray, row: np.ndarray = row) -> tuple[float, np.ndarray]:
            row[0, dims] = v
            val, grad = acqf.value_and_grad(row, dims)
            return -float(val[0]), -grad[0]

        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = scipy.optimize.minimize(
                    fun,
                    x0[i, dims],
                    jac=True,
                    method="L-BFGS-B",
                    bounds=bounds,
                    options={"maxiter": 200},
                )
            except (ValueError, np.linalg.LinAlgError):
                continue
        if np.all(np.isfinite(res.x)):
            out[i, dims] = np.clip(res.x, 0.0, 1.0)
    return np.asarray(out, dtype=float)


def _local_search(
    acqf: Acquisition, enc: SearchSpaceEncoding, x: np.ndarray, val: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Greedy best-improvement moves on the discrete columns of every row."""
    active = np.ones(x.shape[0], dtype=bool)
    for _ in range(_MAX_LOCAL_STEPS):
        if not active.any():
            break
        rows = np.flatnonzero(active)
        nb = enc.neighbors(x[rows])  # (r, moves, d)
        if nb.shape[1] == 0:
            break
        nb_val = acqf.value(nb.reshape(-1, enc.dim)).reshape(nb.shape[:2])
        best = np.argmax(nb_val, axis=1)
        best_val = nb_val[np.arange(rows.size), best]
        improved = best_val > val[rows] + 1e-12
        x[rows[improved]] = nb[np.flatnonzero(improved), best[improved]]
        val[rows[improved]] = best_val[improved]
        active[rows[~improved]] = False
    return x, val


def optimize_acquisition(
    acqf: Acquisition,
    enc: SearchSpaceEncoding,
    rng: np.random.Generator,
    best_points: np.ndarray,
) -> np.ndarray:
    """The encoded point that maximizes ``acqf`` (found approximately)."""
    cand = _candidates(enc, rng, best_points)
    with np.errstate(all="ignore"):
        cand_val = acqf.value(cand)
    cand_val = np.where(np.isfinite(cand_val), cand_val, -np.inf)
    order = np.argsort(-cand_val, kind="stable")
    _, first = np.unique(cand[order], axis=0, return_index=True)
    starts = order[np.sort(first)[:_N_STARTS]]
    x, val = cand[starts].copy(), cand_val[starts].copy()
    for _ in range(_MAX_ROUNDS):
        before = val.copy()
        if enc.continuous_dims.size:
            moved = _lbfgs(acqf, enc, x)
            with np.errstate(all="ignore"):
                moved_val = acqf.value(moved)
            better = moved_val > val
            x[better], val[better] = moved[better], moved_val[better]
        if enc.discrete_dims.size:
            with np.errstate(all="ignore"):
                x, val = _local_search(acqf, enc, x, val)
        if enc.continuous_dims.size == 0 or enc.discrete_dims.size == 0:
            break
        if not np.any(val > before + 1e-9):
            break
    return np.asarray(x[int(np.argmax(val))], dtype=float)
