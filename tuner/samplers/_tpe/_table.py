"""A columnar cache of a study's trials for the TPE sampler.

Finished trials never change, so their rank keys, objective values and parameter values
are extracted once into numpy columns; each proposal then gathers rows by index instead
of walking every trial's dicts. Running trials (constant liar) are re-read every time.
The table is a cache of the storage, rebuilt from it by any worker: it is not state.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence

import numpy as np

from tuner._direction import StudyDirection, loss_sign, loss_signs
from tuner.distributions import BaseDistribution
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

# Rank classes, best first. Infeasible trials come after every feasible one, ranked by how
# much they violate; running trials (constant liar) are assumed worst of all.
COMPLETE, PRUNED, INFEASIBLE, RUNNING = 0, 1, 2, 3


def rank_keys(
    trial: FrozenTrial, directions: Sequence[StudyDirection]
) -> tuple[int, float, float]:
    """(class, primary, secondary) sort keys of one trial; smaller is better."""
    if trial.state == TrialState.RUNNING:
        return RUNNING, 0.0, 0.0
    violation = sum(max(0.0, v) for v in trial.constraints.values())
    if violation > 0.0:
        return INFEASIBLE, violation, 0.0
    sign = loss_sign(directions[0])
    if trial.state == TrialState.COMPLETE:
        values = trial.values
        if values is None or len(directions) > 1:
            return COMPLETE, 0.0, 0.0
        return COMPLETE, _finite(sign * values[0]), 0.0
    # A pruned trial that got further is better; among equals, its last value decides.
    step = trial.last_step
    if step is None:
        return PRUNED, math.inf, 0.0
    return PRUNED, float(-step), _finite(sign * trial.intermediate_values[step])


def _finite(x: float) -> float:
    return math.inf if math.isnan(x) else x


class _Column:
    def __init__(self, capacity: int) -> None:
        self.values = np.zeros(capacity)
        self.codes = np.full(capacity, -1, dtype=np.int32)
        self.dists: list[BaseDistribution] = []

    def code_of(self, dist: BaseDistribution) -> int:
        for i, d in enumerate(self.dists):
            if d is dist or d == dist:
                return i
        return -1

    def grow(self, capacity: int) -> None:
        n = len(self.values)
        self.values = np.concatenate([self.values, np.zeros(capacity - n)])
        self.codes = np.concatenate([self.codes, np.full(capacity - n, -1, dtype=np.int32)])


class TrialTable:
    """Rows of trials: numbers, rank keys, objective losses and parameter columns."""

    def __init__(self, directions: Sequence[StudyDirection]) -> None:
        self.directions = list(directions)
        self._signs = loss_signs(self.directions)
        self._row_of: dict[int, int] = {}
        self._n = 0
        cap = 64
        self.numbers = np.zeros(cap, dtype=np.int64)
        self.cls = np.zeros(cap, dtype=np.int64)
        self.primary = np.zeros(cap)
        self.secondary = np.zeros(cap)
        self.losses = np.zeros((cap, len(self.directions)))
        self._running = np.zeros(cap, dtype=bool)
        self.columns: dict[str, _Column] = {}
        self._lock = threading.Lock()

    def rows(self, trials: Sequence[FrozenTrial]) -> np.ndarray:
        """Row index of each trial, (re)reading trials that are new or were running."""
        with self._lock:
            out = np.empty(len(trials), dtype=np.int64)
            row_of, running = self._row_of, self._running
            for i, t in enumerate(trials):
                r = row_of.get(t._trial_id)
                if r is None or running[r]:
                    r = self._write(t, r)
                    running = self._running
                out[i] = r
            return out

    def append(self, trials: Sequence[FrozenTrial]) -> np.ndarray:
        """Rows for ``trials`` read afresh (for trials without storage ids)."""
        with self._lock:
            return np.array([self._write(t, None, track=False) for t in trials], dtype=np.int64)

    def _write(self, t: FrozenTrial, row: int | None, track: bool = True) -> int:
        if row is None:
            row = self._n
            self._n += 1
            if row >= len(self.numbers):
                self._grow(2 * len(self.numbers))
            if track:
                self._row_of[t._trial_id] = row
        self.numbers[row] = t.number
        self.cls[row], self.primary[row], self.secondary[row] = rank_keys(t, self.directions)
        values = t.values
        if t.state == TrialState.COMPLETE and values is not None:
            losses = np.asarray(values, dtype=float) * self._signs
            self.losses[row] = np.nan_to_num(losses, nan=np.inf)
        else:
            self.losses[row] = np.inf
        self._running[row] = t.state == TrialState.RUNNING
        for name, dist in t.distributions.items():
            col = self.columns.get(name)
            if col is None:
                col = self.columns[name] = _Column(len(self.numbers))
            code = col.code_of(dist)
            if code < 0:
                col.dists.append(dist)
                code = len(col.dists) - 1
            col.codes[row] = code
            col.values[row] = dist.to_internal_repr(t.params[name])
        return row

    def _grow(self, capacity: int) -> None:
        n = len(self.numbers)

        def ext(a: np.ndarray, fill: float) -> np.ndarray:
            pad = np.full((capacity - n,) + a.shape[1:], fill, dtype=a.dtype)
            return np.concatenate([a, pad])

        self.numbers = ext(self.numbers, 0)
        self.cls = ext(self.cls, 0)
        self.primary = ext(self.primary, 0.0)
        self.secondary = ext(self.secondary, 0.0)
        self.losses = ext(self.losses, 0.0)
        self._running = ext(self._running, False)
        for col in self.columns.values():
            col.grow(capacity)

    def column(
        self, rows: np.ndarray, name: str, dist: BaseDistribution
    ) -> tuple[np.ndarray, np.ndarray]:
        """(has-it mask, internal values) of one parameter at ``rows``; a row counts only
        when its trial sampled the parameter from the same distribution."""
        col = self.columns.get(name)
        if col is None:
            return np.zeros(len(rows), dtype=bool), np.zeros(len(rows))
        code = col.code_of(dist)
        if code < 0:
            return np.zeros(len(rows), dtype=bool), np.zeros(len(rows))
        return col.codes[rows] == code, col.values[rows]
