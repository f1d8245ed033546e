from __future__ import annotations

import dataclasses
import math
import random
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner._direction import StudyDirection
from tuner._study_cache import PerStudyCache
from tuner.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution
from tuner.logging import get_logger
from tuner.samplers._base import BaseSampler, trials_to_learn_from
from tuner.samplers._constraints import record_constraints
from tuner.samplers._random import sample_uniformly
from tuner.samplers._tpe._parzen import CategoricalDistanceFunc, ParzenEstimator, ParzenParams
from tuner.samplers._tpe._split import split_rows
from tuner.samplers._tpe._table import TrialTable
from tuner.search_space import GroupDecomposedSearchSpace, IntersectionSearchSpace
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study

_logger = get_logger(__name__)

# Univariate mode proposes, in one pass, the parameters of this many recent trials.
_N_RECENT = 20

# The good density's magic clip counts n_obs ** _GOOD_CLIP_POWER kernels (n_obs: trials
# that observed the parameters), so its kernels narrow as the study grows, but slower than
# n_obs itself, which was too greedy for Hartmann-6, Styblinski-Tang and the conditional
# mixed space (benchmarks/samplers.py; the tuning history is in docs/samplers.md).
_GOOD_CLIP_POWER = 0.8

# With the default weights, good-group kernels are also weighted by quality rank: the best
# trial 1, the worst 1 - _RANK_WEIGHTS. 0.9 won more benchmark comparisons than 0 (plain
# TPE), 0.5 and 1.0 (see docs/samplers.md).
_RANK_WEIGHTS = 0.9

# Splits kept per study for running trials; only trials that never reached after_trial
# (their worker crashed) would pile up beyond the number of parallel workers.
_MAX_RUNNING_CONTEXTS = 256


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
        consider_magic_clip: Floor kernel widths at range / min(100, 1 + n_kernels); for
            the good density n_kernels counts as at least n ** 0.8 (n: trials that
            observed the parameters), so its kernels narrow as the study grows.
        consider_endpoints: Let the range bounds count as neighbours when sizing the
            outermost kernels.
        n_startup_trials: Random trials before TPE starts.
        n_ei_candidates: Candidates drawn from l(x) per proposal. Default 16 (Optuna:
            24): with the narrower good kernels, fewer candidates are less greedy and won
            more benchmark cells (docs/samplers.md).
        gamma: ``n_finished -> size of the good group``; default :func:`default_gamma`.
        weights: ``n -> kernel weights`` for n observations oldest first; default
            :func:`default_weights`, and then the good group's kernels are also weighted
            by quality rank (best 1.0, worst 0.1). A user function is used as given.
        seed: Seed of the sampler's generator (same seed, same objective, ``n_jobs=1``:
            same trials).
        multivariate: Model the parameters jointly (one kernel per trial over all of
            them) instead of one independent density per parameter. Default True: joint
            kernels won on every benchmark function (docs/samplers.md).
        group: With ``multivariate``, split a conditional space into groups of parameters
            that occur together and model each group jointly.
        warn_independent_sampling: In multivariate mode, warn once per parameter that has
            to be sampled independently.
        constant_liar: Count running trials as the worst ones, so parallel workers do not
            all propose the same point. Default True: a sequential study has no other
            running trial, so it changes nothing there and only helps parallel workers.
        constraints_func: ``FrozenTrial -> sequence of floats``, feasible when all <= 0.
            Called after each complete or pruned trial; the values are stored as the
            trial's constraints (``trial.constraints``), and feasible trials rank first.
        categorical_distance_func: ``{param: (choice_a, choice_b) -> distance}``; kernels
            of those categorical parameters spread to nearby choices.

    Defaults follow Optuna's arguments except where ``benchmarks/samplers.py`` showed
    better ones (``multivariate``, ``constant_liar``, ``n_ei_candidates``, rank-weighted
    and narrower good kernels, the categorical kernel); docs/samplers.md has the numbers.

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
        n_ei_candidates: int = 16,
        gamma: Callable[[int], int] | None = None,
        weights: Callable[[int], np.ndarray] | None = None,
        seed: int | None = None,
        multivariate: bool = True,
        group: bool = False,
        warn_independent_sampling: bool = True,
        constant_liar: bool = True,
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
        # Parameters outside the joint space are modelled one at a time.
        self._univariate_params = dataclasses.replace(self._params, multivariate=False)
        self._n_startup_trials = n_startup_trials
        self._n_ei_candidates = n_ei_candidates
        self._gamma = gamma or default_gamma
        self._weights = weights or default_weights
        self._rank_weighted = weights is None
        self._seed = seed
        self._rng = np.random.default_rng(seed)
        self._random = random.Random(seed)
        self._multivariate = multivariate
        self._group = group
        self._warn_independent_sampling = warn_independent_sampling
        self._constant_liar = constant_liar
        self._constraints_func = constraints_func
        self._warned: set[str] = set()
        # What the sampler derives from each study it serves (a cache of the storage, not
        # state: any worker rebuilds it), keyed by the study object, bounded.
        self._studies: PerStudyCache[_StudyCache] = PerStudyCache()
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
        space: dict[str, BaseDistribution] = {}
        for sub in self._subspaces(study, trial):
            space.update(sub)
        return space

    def _subspaces(self, study: Study, trial: FrozenTrial) -> list[dict[str, BaseDistribution]]:
        """The jointly modelled groups: the intersection space, or with ``group`` the
        group decomposition, of the finished trials the sampler sees."""
        trials = self._context(study, trial).trials
        cache = self._study_cache(study)
        with self._lock:
            if cache.groups is not None:
                return cache.groups.update(trials)
            space = cache.intersection.update(trials)
        active = {n: d for n, d in space.items() if not d.single()}
        return [active] if active else []

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            return {}
        ctx = self._context(study, trial)
        if ctx.n_finished < self._n_startup_trials:
            return {}
        proposal: dict[str, Any] = {}
        for sub in self._subspaces(study, trial):
            sub = {n: d for n, d in sub.items() if search_space.get(n) == d}
            if sub:
                proposal.update(self._propose(ctx, sub, self._params))
        return proposal

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        ctx = self._context(study, trial)
        if ctx.n_finished < self._n_startup_trials:
            return sample_uniformly(self._random, param_distribution)
        if self._multivariate:
            if self._warn_independent_sampling and param_name not in self._warned:
                self._warned.add(param_name)
                _logger.warning(
                    f"Parameter {param_name!r} of trial {trial.number} is sampled "
                    "independently (it is outside the joint search space, e.g. conditional). "
                    "Use group=True to model conditional parameters jointly, or "
                    "warn_independent_sampling=False."
                )
        elif ctx.independent is None:
            # Univariate parameters are independent, so the ones this trial will probably
            # ask for (those of recent trials) are all proposed in one vectorized pass.
            ctx.independent = self._propose_recent_params(ctx)
        if ctx.independent is not None and param_name in ctx.independent:
            dist, value = ctx.independent[param_name]
            if dist == param_distribution:
                return value
        space = {param_name: param_distribution}
        return self._propose(ctx, space, self._univariate_params)[param_name]

    # -- trials and split -----------------------------------------------------------------

    def _study_cache(self, study: Study) -> _StudyCache:
        return self._studies.get(study, lambda: _StudyCache(study.directions, self._group))

    def _context(self, study: Study, trial: FrozenTrial) -> _TrialContext:
        cache = self._study_cache(study)
        with self._lock:
            cached = cache.contexts.get(trial.number)
        if cached is not None:
            return cached
        states: tuple[TrialState, ...] = (TrialState.COMPLETE, TrialState.PRUNED)
        if self._constant_liar:
            states = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)
        trials = trials_to_learn_from(study, trial, states)
        n_finished = sum(1 for t in trials if t.state != TrialState.RUNNING)
        if n_finished < self._n_startup_trials:
            ctx = _TrialContext(n_finished, [], [], np.empty(0, np.int64), np.empty(0, np.int64))
            ctx.trials = trials
        else:
            table = cache.table
            rows = table.rows(trials)
            n_below = min(max(int(self._gamma(len(trials))), 0), len(trials))
            below, above, below_rank = split_rows(table, rows, n_below)
            ctx = _TrialContext(
                n_finished,
                [trials[int(i)] for i in below],
                [trials[int(i)] for i in above],
                rows[below],
                rows[above],
            )
            ctx.table = table
            ctx.trials = trials
            ctx.below_rank = below_rank
        with self._lock:
            if len(cache.contexts) > _MAX_RUNNING_CONTEXTS:
                cache.contexts.clear()  # trials that ended without after_trial (crashes)
            cache.contexts[trial.number] = ctx
        return ctx

    def _split(
        self, study: Study, trial: FrozenTrial
    ) -> tuple[int, list[FrozenTrial], list[FrozenTrial]]:
        ctx = self._context(study, trial)
        return ctx.n_finished, ctx.below, ctx.above

    def _propose_recent_params(
        self, ctx: _TrialContext
    ) -> dict[str, tuple[BaseDistribution, Any]]:
        space: dict[str, BaseDistribution] = {}
        for t in ctx.trials[-_N_RECENT:]:
            space.update(t.distributions)
        proposal = self._propose(ctx, space, self._univariate_params)
        return {name: (space[name], value) for name, value in proposal.items()}

    def _checked_weights(self, n: int) -> np.ndarray:
        w = np.asarray(self._weights(n), dtype=float)
        if w.shape != (n,) or not np.all(np.isfinite(w)) or np.any(w < 0) or (n and w.sum() <= 0):
            raise ValueError(
                f"`weights({n})` must return {n} finite, non-negative numbers that are not "
                f"all zero; got {w!r}."
            )
        return w

    def _propose(
        self,
        ctx: _TrialContext,
        space: dict[str, BaseDistribution],
        params: ParzenParams,
    ) -> dict[str, Any]:
        active = {n: d for n, d in sorted(space.items()) if not d.single()}
        proposal: dict[str, Any] = {
            n: d.to_external_repr(d.to_internal_repr(_single_value(d)))
            for n, d in space.items()
            if d.single()
        }
        if not active:
            return proposal
        table = ctx.table
        assert table is not None
        cols_below = {n: table.column(ctx.rows_below, n, d) for n, d in active.items()}
        cols_above = {n: table.column(ctx.rows_above, n, d) for n, d in active.items()}
        groups: dict[bytes, list[str]] = {}
        if params.multivariate:
            groups[b""] = list(active)
        else:
            # Parameters observed by the same trials share one batched estimator.
            for n in active:
                key = cols_below[n][0].tobytes() + cols_above[n][0].tobytes()
                groups.setdefault(key, []).append(n)
        for names in groups.values():
            mask_b = np.logical_and.reduce([cols_below[n][0] for n in names])
            mask_a = np.logical_and.reduce([cols_above[n][0] for n in names])
            sub = {n: active[n] for n in names}
            obs_b = {n: cols_below[n][1][mask_b] for n in names}
            obs_a = {n: cols_above[n][1][mask_a] for n in names}
            w_b = self._checked_weights(int(mask_b.sum()))
            if self._rank_weighted and len(w_b):
                rank = ctx.below_rank[mask_b]
                w_b = w_b * (1.0 - _RANK_WEIGHTS * rank / max(len(ctx.below_rank), 1))
            # The good group holds ~10% of the trials that observed these parameters, so
            # a clip by its own kernel count keeps its kernels too wide to refine.
            n_obs = float(mask_b.sum() + mask_a.sum())
            l_est = ParzenEstimator(obs_b, sub, params, w_b, n_obs**_GOOD_CLIP_POWER)
            w_a = self._checked_weights(int(mask_a.sum()))
            g_est = ParzenEstimator(obs_a, sub, params, w_a)
            candidates = l_est.sample(self._rng, self._n_ei_candidates)
            score = l_est.log_pdf(candidates) - g_est.log_pdf(candidates)
            if params.multivariate:
                best = np.full(len(l_est.names), int(np.argmax(score)))
            else:
                best = np.argmax(score, axis=0)
            for j, name in enumerate(l_est.names):
                value = float(candidates[name][best[j]])
                dist = active[name]
                if isinstance(dist, FloatDistribution) and dist.step is not None:
                    # Through the distribution's grid, so 3 * 0.1 is stored as 0.3.
                    value = dist._grid_value(round((value - dist.low) / dist.step))
                proposal[name] = dist.to_external_repr(value)
        return proposal

    # -- trial end ------------------------------------------------------------------------

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        cache = self._studies.peek(study)
        if cache is not None:
            with self._lock:
                cache.contexts.pop(trial.number, None)
        record_constraints(study, trial, state, values, self._constraints_func)


class _StudyCache:
    """What the sampler derives from one study's trials: the columnar table of finished
    trials, the joint search space(s), and each running trial's split (dropped in
    after_trial). Finished trials never change, so all of it is updated incrementally."""

    def __init__(self, directions: Sequence[StudyDirection], group: bool) -> None:
        self.table = TrialTable(directions)
        self.intersection = IntersectionSearchSpace(include_pruned=True)
        self.groups = GroupDecomposedSearchSpace(include_pruned=True) if group else None
        self.contexts: dict[int, _TrialContext] = {}  # by running trial number


class _TrialContext:
    """What one running trial's sampling calls share: the split read at its first call."""

    def __init__(
        self,
        n_finished: int,
        below: list[FrozenTrial],
        above: list[FrozenTrial],
        rows_below: np.ndarray,
        rows_above: np.ndarray,
    ) -> None:
        self.n_finished = n_finished
        self.below = below
        self.above = above
        self.rows_below = rows_below
        self.rows_above = rows_above
        self.table: TrialTable | None = None
        self.trials: list[FrozenTrial] = []
        self.below_rank = np.empty(0, dtype=np.int64)
        self.independent: dict[str, tuple[BaseDistribution, Any]] | None = None


def _single_value(dist: BaseDistribution) -> Any:
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[0]
    return dist.low  # type: ignore[attr-defined]
