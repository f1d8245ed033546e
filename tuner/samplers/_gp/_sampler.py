from __future__ import annotations

import contextlib
import functools
import importlib
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner._direction import loss_signs
from tuner._multi_objective import (
    exclusive_contributions,
    is_pareto_front,
    loss_reference_point,
)
from tuner._study_cache import PerStudyCache
from tuner.distributions import BaseDistribution
from tuner.exceptions import TunerWarning
from tuner.samplers._base import BaseSampler, trials_to_learn_from
from tuner.samplers._constraints import record_constraints
from tuner.samplers._gp._acqf import Acquisition, LogEIAcquisition
from tuner.samplers._gp._ehvi import LogEHVIAcquisition
from tuner.samplers._gp._gp import GPPosterior, fit_gp
from tuner.samplers._gp._optim import optimize_acquisition
from tuner.samplers._gp._outputs import standardize, warp_objective
from tuner.samplers._gp._search_space import SearchSpaceEncoding
from tuner.samplers._random import RandomSampler
from tuner.search_space import IntersectionSearchSpace
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study

# Trial system attribute holding the hyperparameters fitted when the trial was proposed;
# the next proposal warm-starts from it, whichever worker makes it.
_HYPERPARAMS_KEY = "gp:hyperparams"
_N_BEST_POINTS = 5


@functools.cache
def _blas_controller() -> Any:
    """threadpoolctl's controller, found once per process (scanning the loaded libraries
    costs ~1.5 ms, too much per proposal); None when threadpoolctl is not installed."""
    try:
        module: Any = importlib.import_module("threadpoolctl")
    except ImportError:
        return None
    return module.ThreadpoolController()


def _limit_blas_threads() -> contextlib.AbstractContextManager[Any]:
    """One BLAS thread while proposing, when threadpoolctl is installed (optional).

    The matrices are at most a few hundred rows: multi-threaded BLAS only adds
    synchronization, and on a loaded machine thread oversubscription made proposals an
    order of magnitude slower in our measurements.
    """
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")  # type: ignore[no-any-return]


def _spread_front(front_y: np.ndarray, reference: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Up to ``_N_BEST_POINTS`` of ``rows`` (the front, values ``front_y``, maximized) to
    seed the local candidates: those with the largest exclusive hypervolume contribution,
    i.e. where the front is sparsest and a nearby point gains the most."""
    if rows.size <= _N_BEST_POINTS:
        return rows
    contrib = exclusive_contributions(-front_y, -reference)
    return rows[np.argsort(-contrib, kind="stable")[:_N_BEST_POINTS]]


def _acquisition(
    objectives: list[GPPosterior],
    constraints: list[tuple[GPPosterior, float]],
    x: np.ndarray,
    y: np.ndarray,
    feasible: np.ndarray,
) -> tuple[Acquisition, np.ndarray]:
    """The acquisition for one objective (log EI) or several (log EHVI), and the observed
    points (rows of ``x``) around which the optimizer samples local candidates."""
    if len(objectives) == 1:
        best = float(y[feasible, 0].max()) if feasible.any() else None
        ranked = np.flatnonzero(feasible)[np.argsort(-y[feasible, 0], kind="stable")]
        if ranked.size == 0:
            ranked = np.arange(len(y))
        return LogEIAcquisition(objectives[0], best, constraints), x[ranked[:_N_BEST_POINTS]]
    # The EHVI maximizes; the reference-point rule works on losses (-y).
    reference = -loss_reference_point(-y)
    # The front that counts is the feasible one; before any trial is feasible, the
    # acquisition is feasibility alone (as for one objective) and the local search starts
    # from the unconstrained front.
    pool = np.flatnonzero(feasible) if feasible.any() else np.arange(len(y))
    front = pool[is_pareto_front(-y[pool])]
    acqf = LogEHVIAcquisition(
        objectives, y[front] if feasible.any() else None, reference, constraints
    )
    return acqf, x[_spread_front(y[front], reference, front)]


class GPSampler(BaseSampler):
    """Bayesian optimization with a Gaussian process, in numpy and scipy.

    A Matérn-5/2 GP with one length scale per parameter (a Hamming-distance kernel for
    categoricals) is fitted to the complete trials by maximizing the log marginal
    likelihood plus priors; the next point maximizes log expected improvement, or, with
    several objectives, log expected hypervolume improvement over independent GPs, one per
    objective (times the probability of feasibility when there are constraints). Trials
    still running on other workers are conditioned on at their predicted value, so workers
    spread out.

    Args:
        seed: Seed for the candidate sets and the independent sampler.
        independent_sampler: Samples parameters outside the joint search space, and all
            parameters of the first ``n_startup_trials`` trials. Default: RandomSampler.
        n_startup_trials: Complete trials to collect before the GP is used.
        deterministic_objective: Fix the noise at a tiny floor instead of fitting it.
        constraints_func: ``f(frozen_trial) -> sequence of floats``, feasible when all are
            ``<= 0``; called when a trial completes and stored as its constraints.

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
        self._search_spaces: PerStudyCache[IntersectionSearchSpace] = PerStudyCache()
        self._warned_params: set[str] = set()

    def reseed_rng(self) -> None:
        self._rng = np.random.default_rng()
        self._independent_sampler.reseed_rng()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        space = self._search_spaces.get(study, IntersectionSearchSpace).calculate(study)
        return {n: d for n, d in space.items() if not d.single()}

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
            for t in trials_to_learn_from(study, trial, (TrialState.COMPLETE,))
            if all(t.distributions.get(n) == search_space[n] for n in names)
        ]
        if len(trials) < max(self._n_startup_trials, 1):
            return {}
        enc = SearchSpaceEncoding(search_space)
        x = enc.encode(self._internal_matrix(trials, search_space))
        # One maximization column per objective, warped toward normal and standardized.
        signs = -loss_signs(study.directions)
        values = np.array([t.values for t in trials], dtype=float).reshape(len(trials), -1)
        y = np.column_stack([warp_objective(col) for col in (signs * values).T])

        signature = enc.signature()
        warm = self._warm_start(trials, signature)
        warm_objectives = warm.get("objectives", [])
        objectives = [
            fit_gp(
                x,
                y[:, i],
                enc.is_categorical,
                deterministic=self._deterministic,
                init=warm_objectives[i] if i < len(warm_objectives) else None,
            )
            for i in range(y.shape[1])
        ]
        stored: dict[str, Any] = {"space": signature}
        if len(objectives) == 1:
            stored["objective"] = objectives[0].params.tolist()
        else:
            stored["objectives"] = [gp.params.tolist() for gp in objectives]

        constraint_keys = sorted(set.intersection(*(set(t.constraints) for t in trials)))
        constraint_gps: list[tuple[GPPosterior, float]] = []
        feasible = np.ones(len(trials), dtype=bool)
        warm_constraints = warm.get("constraints", {})
        for key in constraint_keys:
            c = np.array([t.constraints[key] for t in trials])
            feasible &= c <= 0.0
            c_std, c_mean, c_sd = standardize(c)
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
        study.set_trial_system_attr(trial, _HYPERPARAMS_KEY, stored)

        running = self._running_points(study, trial, search_space, enc)
        objectives = [gp.with_fantasies(running) for gp in objectives]
        constraint_gps = [(gp.with_fantasies(running), thr) for gp, thr in constraint_gps]
        acqf, best_points = _acquisition(objectives, constraint_gps, x, y, feasible)
        point = optimize_acquisition(acqf, enc, self._rng, best_points)
        return enc.decode(point)

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        n_complete = len(trials_to_learn_from(study, trial, (TrialState.COMPLETE,)))
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
        """The latest stored fit for this search space: ``objectives`` (a list, one per
        objective; the single-objective format keeps its ``objective`` key) and
        ``constraints``."""
        for t in reversed(trials):
            stored = t.system_attrs.get(_HYPERPARAMS_KEY)
            if isinstance(stored, dict) and stored.get("space") == signature:
                fits = stored["objectives"] if "objectives" in stored else [stored["objective"]]
                return {
                    "objectives": [np.array(p, dtype=float) for p in fits],
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
            for t in trials_to_learn_from(study, trial, (TrialState.RUNNING,))
            if all(t.distributions.get(n) == d for n, d in search_space.items())
        ]
        if not running:
            return np.empty((0, enc.dim))
        return enc.encode(self._internal_matrix(running, search_space))
