from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner.distributions import BaseDistribution, CategoricalDistribution
from tuner.logging import get_logger
from tuner.samplers._base import BaseSampler
from tuner.samplers._random import sample_uniformly
from tuner.samplers._tpe._parzen import CategoricalDistanceFunc, ParzenEstimator, ParzenParams
from tuner.samplers._tpe._split import split_trials
from tuner.search_space import GroupDecomposedSearchSpace, IntersectionSearchSpace
from tuner.trial._base import CONSTRAINTS_KEY_PREFIX, checked_constraint_value
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study._study import Study

_logger = get_logger(__name__)


def default_gamma(n: int) -> int:
    """Size of the good group: 10% of the trials, at most 25.

    Example:
        >>> default_gamma(100), default_gamma(1000)
        (10, 25)
    """
    return min(math.ceil(0.1 * n), 25)


def hyperopt_default_gamma(n: int) -> int:
    """Hyperopt's good-group size, ceil(0.25 * sqrt(n)), at most 25.

    Example:
        >>> hyperopt_default_gamma(100)
        3
    """
    return min(math.ceil(0.25 * math.sqrt(n)), 25)


def default_weights(n: int) -> np.ndarray:
    """Kernel weights by age (oldest first): the newest 25 weigh 1, older ones ramp down.

    Example:
        >>> default_weights(3).tolist()
        [1.0, 1.0, 1.0]
    """
    if n <= 25:
        return np.ones(n)
    return np.concatenate([np.linspace(1.0 / n, 1.0, num=n - 25), np.ones(25)])


class TPESampler(BaseSampler):
    """Tree-structured Parzen estimator (Bergstra et al. 2011), the default sampler.

    Past trials are split into a good group (the best ``gamma(n)``) and a bad group; each
    is modelled by a Parzen estimator, ``n_ei_candidates`` points are drawn from the good
    density l(x) and the one with the largest log l(x) - log g(x) is proposed. The first
    ``n_startup_trials`` trials are sampled uniformly at random.

    Args:
        consider_prior: Add a broad prior kernel (centre of the range, width of the range).
        prior_weight: Weight of the prior kernel relative to one observation.
        consider_magic_clip: Floor kernel widths at range / min(100, 1 + n_kernels).
        consider_endpoints: In univariate mode, let the range bounds count as neighbours
            when sizing the outermost kernels.
        n_startup_trials: Random trials before TPE starts.
        n_ei_candidates: Candidates drawn from l(x) per proposal.
        gamma: ``n_finished -> size of the good group``; default :func:`default_gamma`.
        weights: ``n -> kernel weights`` for n observations oldest first; default
            :func:`default_weights`.
        seed: Seed of the sampler's generator (same seed, same objective, ``n_jobs=1``:
            same trials).
        multivariate: Model the parameters jointly (one kernel per trial over all of
            them) instead of one independent density per parameter.
        group: With ``multivariate``, split a conditional space into groups of parameters
            that occur together and model each group jointly.
        warn_independent_sampling: In multivariate mode, warn once per parameter that has
            to be sampled independently.
        constant_liar: Count running trials as the worst ones, so parallel workers do not
            all propose the same point.
        constraints_func: ``FrozenTrial -> sequence of floats``, feasible when all <= 0.
            Called after each complete or pruned trial; the values are stored as the
            trial's constraints (``trial.constraints``), and feasible trials rank first.
        categorical_distance_func: ``{param: (choice_a, choice_b) -> distance}``; kernels
            of those categorical parameters spread to nearby choices.

    Defaults are Optuna's argument defaults. Our benchmark (``benchmarks/samplers.py``,
    docs/samplers.md) decides the recommended ``multivariate`` setting.

    Example:
        >>> import tuner
        >>> sampler = tuner.samplers.TPESampler(seed=0, n_startup_trials=5)
        >>> study = tuner.create_study(sampler=sampler)
        >>> study.optimize(lambda t: (t.suggest_float("x", -3, 3) - 1) ** 2, n_trials=30)
        >>> study.best_value < 0.1
        True
    """

    def __init__(
        self,
        *,
        consider_prior: bool = True,
        prior_weight: float = 1.0,
        consider_magic_clip: bool = True,
        consider_endpoints: bool = False,
        n_startup_trials: int = 10,
        n_ei_candidates: int = 24,
        gamma: Callable[[int], int] | None = None,
        weights: Callable[[int], np.ndarray] | None = None,
        seed: int | None = None,
        multivariate: bool = False,
        group: bool = False,
        warn_independent_sampling: bool = True,
        constant_liar: bool = False,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
        categorical_distance_func: dict[str, CategoricalDistanceFunc] | None = None,
    ) -> None:
        if not (prior_weight > 0 and math.isfinite(prior_weight)):
            raise ValueError(f"`prior_weight` must be a positive number, got {prior_weight}.")
        if n_startup_trials < 0:
            raise ValueError(f"`n_startup_trials` must be >= 0, got {n_startup_trials}.")
        if n_ei_candidates < 1:
            raise ValueError(f"`n_ei_candidates` must be >= 1, got {n_ei_candidates}.")
        if group and not multivariate:
            raise ValueError(
                "`group=True` needs `multivariate=True`: groups are modelled jointly."
            )
        self._params = ParzenParams(
            consider_prior=consider_prior,
            prior_weight=float(prior_weight),
            consider_magic_clip=consider_magic_clip,
            consider_endpoints=consider_endpoints,
            multivariate=multivariate,
            categorical_distance_func=categorical_distance_func,
        )
        self._univariate_params = ParzenParams(
            consider_prior=consider_prior,
            prior_weight=float(prior_weight),
            consider_magic_clip=consider_magic_clip,
            consider_endpoints=consider_endpoints,
            multivariate=False,
            categorical_distance_func=categorical_distance_func,
        )
        self._n_startup_trials = n_startup_trials
        self._n_ei_candidates = n_ei_candidates
        self._gamma = gamma or default_gamma
        self._weights = weights or default_weights
        self._seed = seed
        self._rng = np.random.default_rng(seed)
        self._random = random.Random(seed)
        self._multivariate = multivariate
        self._group = group
        self._warn_independent_sampling = warn_independent_sampling
        self._constant_liar = constant_liar
        self._constraints_func = constraints_func
        self._intersection = IntersectionSearchSpace(include_pruned=True)
        self._groups = GroupDecomposedSearchSpace(include_pruned=True)
        self._warned: set[str] = set()
        # Per running trial, the split read at its first sampling call (dropped in
        # after_trial): a cache of the storage, not state, so workers stay independent.
        self._split_cache: dict[int, tuple[int, list[FrozenTrial], list[FrozenTrial]]] = {}
        self._lock = threading.Lock()

    def reseed_rng(self) -> None:
        self._rng = np.random.default_rng()
        self._random = random.Random()

    # -- search space ---------------------------------------------------------------------

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        if not self._multivariate:
            return {}
        if self._group:
            space: dict[str, BaseDistribution] = {}
            for sub in self._groups.calculate(study):
                space.update(sub)
            return space
        return {n: d for n, d in self._intersection.calculate(study).items() if not d.single()}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        n_finished, below, above = self._split(study, trial)
        if n_finished < self._n_startup_trials:
            return {}
        if not self._group:
            return self._propose(below, above, search_space, self._params)
        proposal: dict[str, Any] = {}
        for sub in self._groups.calculate(study):
            sub = {n: d for n, d in sub.items() if search_space.get(n) == d}
            if sub:
                proposal.update(self._propose(below, above, sub, self._params))
        return proposal

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        n_finished, below, above = self._split(study, trial)
        if n_finished < self._n_startup_trials:
            return sample_uniformly(self._random, param_distribution)
        if (
            self._multivariate
            and self._warn_independent_sampling
            and param_name not in self._warned
        ):
            self._warned.add(param_name)
            _logger.warning(
                f"Parameter {param_name!r} of trial {trial.number} is sampled independently "
                "(it is outside the joint search space, e.g. conditional). Use group=True "
                "to model conditional parameters jointly, or warn_independent_sampling=False."
            )
        space = {param_name: param_distribution}
        return self._propose(below, above, space, self._univariate_params)[param_name]

    # -- trials and split -----------------------------------------------------------------

    def _split(
        self, study: Study, trial: FrozenTrial
    ) -> tuple[int, list[FrozenTrial], list[FrozenTrial]]:
        with self._lock:
            cached = self._split_cache.get(trial._trial_id)
        if cached is not None:
            return cached
        states: tuple[TrialState, ...] = (TrialState.COMPLETE, TrialState.PRUNED)
        if self._constant_liar:
            states = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)
        trials = study._get_trials(deepcopy=False, states=states, use_cache=True)
        trials = [t for t in trials if t._trial_id != trial._trial_id]
        filter_fn = getattr(study.pruner, "_filter_trials_for_sampler", None)
        if filter_fn is not None:
            trials = filter_fn(study, trial, trials)
        n_finished = sum(1 for t in trials if t.state != TrialState.RUNNING)
        if n_finished < self._n_startup_trials:
            result: tuple[int, list[FrozenTrial], list[FrozenTrial]] = (n_finished, [], [])
        else:
            n_below = self._gamma(len(trials))
            below, above = split_trials(trials, n_below, study.directions)
            result = (n_finished, below, above)
        with self._lock:
            if len(self._split_cache) > 256:
                self._split_cache.clear()
            self._split_cache[trial._trial_id] = result
        return result

    def _observations(
        self, trials: list[FrozenTrial], space: dict[str, BaseDistribution]
    ) -> dict[str, np.ndarray]:
        """Internal-repr values of ``space`` from the trials that have all of it."""
        names = list(space)
        rows = []
        for t in trials:
            dists = t.distributions
            if all(dists.get(n) == space[n] for n in names):
                rows.append([space[n].to_internal_repr(t.params[n]) for n in names])
        values = np.array(rows, dtype=float).reshape(len(rows), len(names))
        return {n: values[:, i] for i, n in enumerate(names)}

    def _propose(
        self,
        below: list[FrozenTrial],
        above: list[FrozenTrial],
        space: dict[str, BaseDistribution],
        params: ParzenParams,
    ) -> dict[str, Any]:
        active = {n: d for n, d in space.items() if not d.single()}
        proposal: dict[str, Any] = {
            n: d.to_external_repr(d.to_internal_repr(_single_value(d)))
            for n, d in space.items()
            if d.single()
        }
        if not active:
            return proposal
        obs_below = self._observations(below, active)
        obs_above = self._observations(above, active)
        n_below = len(next(iter(obs_below.values())))
        n_above = len(next(iter(obs_above.values())))
        l_est = ParzenEstimator(obs_below, active, params, self._weights(n_below))
        g_est = ParzenEstimator(obs_above, active, params, self._weights(n_above))
        candidates = l_est.sample(self._rng, self._n_ei_candidates)
        score = l_est.log_pdf(candidates) - g_est.log_pdf(candidates)
        best = int(np.argmax(score))
        for name, dist in active.items():
            proposal[name] = dist.to_external_repr(float(candidates[name][best]))
        return proposal

    # -- trial end ------------------------------------------------------------------------

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        with self._lock:
            self._split_cache.pop(trial._trial_id, None)
        if self._constraints_func is None or state not in (
            TrialState.COMPLETE,
            TrialState.PRUNED,
        ):
            return
        snapshot = trial._copy()
        if values is not None:
            snapshot.values = list(values)
        constraints = self._constraints_func(snapshot)
        try:
            items = list(constraints)
        except TypeError:
            raise TypeError(
                "constraints_func must return a sequence of floats (<= 0 means satisfied), "
                f"got {constraints!r}."
            ) from None
        for i, value in enumerate(items):
            key = f"{i}"
            study._storage.set_trial_system_attr(
                trial._trial_id, CONSTRAINTS_KEY_PREFIX + key, checked_constraint_value(key, value)
            )


def _single_value(dist: BaseDistribution) -> Any:
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[0]
    return dist.low  # type: ignore[attr-defined]
