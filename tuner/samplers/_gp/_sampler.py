from __future__ import annotations

import contextlib
import importlib
import math
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner.distributions import BaseDistribution
from tuner.exceptions import TunerWarning
from tuner.samplers._base import BaseSampler
from tuner.samplers._constraints import record_constraints
from tuner.samplers._gp._acqf import LogEIAcquisition
from tuner.samplers._gp._gp import GPPosterior, fit_gp
from tuner.samplers._gp._optim import optimize_acquisition
from tuner.samplers._gp._search_space import SearchSpaceEncoding
from tuner.samplers._random import RandomSampler
from tuner.search_space import IntersectionSearchSpace
from tuner.study._direction import StudyDirection
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study._study import Study

# Trial system attribute holding the hyperparameters fitted when the trial was proposed;
# the next proposal warm-starts from it, whichever worker makes it.
_HYPERPARAMS_KEY = "gp:hyperparams"
_N_BEST_POINTS = 5


def _limit_blas_threads() -> contextlib.AbstractContextManager[Any]:
    """One BLAS thread while proposing, when threadpoolctl is installed (optional).

    The matrices are at most a few hundred rows: multi-threaded BLAS only adds
    synchronization, and on a loaded machine thread oversubscription made proposals an
    order of magnitude slower in our measurements.
    """
    try:
        module: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return contextlib.nullcontext()
    return module.threadpool_limits(limits=1, user_api="blas")  # type: ignore[no-any-return]


def _standardize(values: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Zero mean, unit variance; infinite values are clipped to the finite range first and
    huge magnitudes are rescaled before squaring so nothing overflows."""
    v = np.asarray(values, dtype=float)
    finite = np.isfinite(v)
    if not finite.any():
        return np.zeros_like(v), 0.0, 1.0
    v = np.clip(v, v[finite].min(), v[finite].max())
    center = float(np.median(v))
    scale = float(np.max(np.abs(v - center)))
    if scale == 0.0 or not math.isfinite(scale):
        return np.zeros_like(v), center, 1.0
    u = (v - center) / scale
    mean, sd = float(u.mean()), float(u.std())
    sd = sd if sd > 0.0 else 1.0
    return (u - mean) / sd, center + scale * mean, scale * sd


class GPSampler(BaseSampler):
    """Bayesian optimization with a Gaussian process, in numpy and scipy.

    A Matérn-5/2 GP with one length scale per parameter (a Hamming-distance kernel for
    categoricals) is fitted to the complete trials by maximizing the log marginal
    likelihood plus priors; the next point maximizes log expected improvement (times the
    probability of feasibility when there are constraints). Trials still running on other
    workers are conditioned on at their predicted value, so workers spread out.

    Args:
        seed: Seed for the candidate sets and the independent sampler.
        independent_sampler: Samples parameters outside the joint search space, and all
            parameters of the first ``n_startup_trials`` trials. Default: RandomSampler.
        n_startup_trials: Complete trials to collect before the GP is used.
        deterministic_objective: Fix the noise at a tiny floor instead of fitting it.
        constraints_func: ``f(frozen_trial) -> sequence of floats``, feasible when all are
            ``<= 0``; called when a trial completes and stored as its constraints.

    Raises:
        ValueError: On a multi-objective study (use ``TPESampler`` there).

    Example:
        >>> import tuner
        >>> sampler = tuner.samplers.GPSampler(seed=0, n_startup_trials=5)
        >>> study = tuner.create_study(sampler=sampler)
        >>> study.optimize(lambda t: (t.suggest_float("x", -2, 2) - 1) ** 2, n_trials=12)
        >>> study.best_value < 0.05
        True
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        independent_sampler: BaseSampler | None = None,
        n_startup_trials: int = 10,
        deterministic_objective: bool = False,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    ) -> None:
        if n_startup_trials < 0:
            raise ValueError(f"`n_startup_trials` must be >= 0, got {n_startup_trials}.")
        self._rng = np.random.default_rng(seed)
        self._independent_sampler = independent_sampler or RandomSampler(seed=seed)
        self._n_startup_trials = n_startup_trials
        self._deterministic = deterministic_objective
        self._constraints_func = constraints_func
        self._search_spaces: dict[tuple[int, int], IntersectionSearchSpace] = {}
        self._warned_params: set[str] = set()

    def reseed_rng(self) -> None:
        self._rng = np.random.default_rng()
        self._independent_sampler.reseed_rng()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        if study._is_multi_objective():
            raise ValueError(
                f"GPSampler supports single-objective studies only; this study has "
                f"{len(study.directions)} objectives. Use tuner.samplers.TPESampler for "
                "multi-objective optimization."
            )
        key = (id(study._storage), study._study_id)
        space = self._search_spaces.setdefault(key, IntersectionSearchSpace())
        return {n: d for n, d in space.calculate(study).items() if not d.single()}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        with _limit_blas_threads():
            return self._propose(study, trial, search_space)

    def _propose(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        names = list(search_space)
        trials = [
            t
            for t in study._get_trials(
                deepcopy=False, states=(TrialState.COMPLETE,), use_cache=True
            )
            if all(t.distributions.get(n) == search_space[n] for n in names)
        ]
        if len(trials) < max(self._n_startup_trials, 1):
            return {}
        enc = SearchSpaceEncoding(search_space)
        x = enc.encode(self._internal_matrix(trials, search_space))
        sign = 1.0 if study.direction == StudyDirection.MAXIMIZE else -1.0
        y, _, _ = _standardize(sign * np.array([t.values[0] for t in trials]))  # type: ignore[index]

        signature = enc.signature()
        warm = self._warm_start(trials, signature)
        objective = fit_gp(
            x, y, enc.is_categorical, deterministic=self._deterministic, init=warm.get("objective")
        )
        stored: dict[str, Any] = {"space": signature, "objective": objective.params.tolist()}

        constraint_keys = sorted(set.intersection(*(set(t.constraints) for t in trials)))
        constraint_gps: list[tuple[GPPosterior, float]] = []
        feasible = np.ones(len(trials), dtype=bool)
        warm_constraints = warm.get("constraints", {})
        for key in constraint_keys:
            c = np.array([t.constraints[key] for t in trials])
            feasible &= c <= 0.0
            c_std, c_mean, c_sd = _standardize(c)
            gp = fit_gp(
                x,
                c_std,
                enc.is_categorical,
                deterministic=self._deterministic,
                init=warm_constraints.get(key),
            )
            constraint_gps.append((gp, (0.0 - c_mean) / c_sd))
        if constraint_keys:
            stored["constraints"] = {
                k: gp.params.tolist() for k, (gp, _) in zip(constraint_keys, constraint_gps)
            }
        study._storage.set_trial_system_attr(trial._trial_id, _HYPERPARAMS_KEY, stored)

        running = self._running_points(study, trial, search_space, enc)
        objective = objective.with_fantasies(running)
        constraint_gps = [(gp.with_fantasies(running), thr) for gp, thr in constraint_gps]
        best = float(y[feasible].max()) if feasible.any() else None
        ranked = np.flatnonzero(feasible)[np.argsort(-y[feasible], kind="stable")]
        if ranked.size == 0:
            ranked = np.arange(len(trials))
        acqf = LogEIAcquisition(objective, best, constraint_gps)
        point = optimize_acquisition(acqf, enc, self._rng, x[ranked[:_N_BEST_POINTS]])
        return enc.decode(point)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        n_complete = len(
            study._get_trials(deepcopy=False, states=(TrialState.COMPLETE,), use_cache=True)
        )
        if n_complete >= self._n_startup_trials and param_name not in self._warned_params:
            self._warned_params.add(param_name)
            warnings.warn(
                f"GPSampler samples parameter {param_name!r} with "
                f"{type(self._independent_sampler).__name__}: it is not in every complete "
                "trial with the same distribution, so the GP cannot model it.",
                TunerWarning,
                stacklevel=2,
            )
        return self._independent_sampler.sample_independent(
            study, trial, param_name, param_distribution
        )

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self._independent_sampler.before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        record_constraints(study, trial, state, values, self._constraints_func)
        self._independent_sampler.after_trial(study, trial, state, values)

    @staticmethod
    def _internal_matrix(
        trials: Sequence[FrozenTrial], search_space: dict[str, BaseDistribution]
    ) -> np.ndarray:
        items = list(search_space.items())
        return np.array(
            [[d.to_internal_repr(t.params[n]) for n, d in items] for t in trials], dtype=float
        ).reshape(len(trials), len(items))

    @staticmethod
    def _warm_start(trials: Sequence[FrozenTrial], signature: str) -> dict[str, Any]:
        for t in reversed(trials):
            stored = t.system_attrs.get(_HYPERPARAMS_KEY)
            if isinstance(stored, dict) and stored.get("space") == signature:
                return {
                    "objective": np.array(stored["objective"], dtype=float),
                    "constraints": {
                        k: np.array(v, dtype=float)
                        for k, v in stored.get("constraints", {}).items()
                    },
                }
        return {}

    def _running_points(
        self,
        study: Study,
        trial: FrozenTrial,
        search_space: dict[str, BaseDistribution],
        enc: SearchSpaceEncoding,
    ) -> np.ndarray:
        running = [
            t
            for t in study._get_trials(
                deepcopy=False, states=(TrialState.RUNNING,), use_cache=True
            )
            if t.number != trial.number
            and all(t.distributions.get(n) == d for n, d in search_space.items())
        ]
        if not running:
            return np.empty((0, enc.dim))
        return enc.encode(self._internal_matrix(running, search_space))
