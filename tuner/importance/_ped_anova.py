"""PED-ANOVA: importance as the Pearson divergence between the top trials' parameter
distribution and the distribution over a wider region (numpy and scipy only)."""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.special import ndtr

from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.importance._base import (
    BaseImportanceEvaluator,
    TargetType,
    check_params_argument,
    complete_trials,
    evaluated_values,
    sorted_by_importance,
)
from tuner.study import StudyDirection
from tuner.trial import FrozenTrial

if TYPE_CHECKING:
    from tuner.study import Study

_N_STEPS = 50
_PRIOR_WEIGHT = 1.0
_MIN_TRIALS_IN_REGIME = 2


class PedAnovaImportanceEvaluator(BaseImportanceEvaluator):
    """PED-ANOVA (Watanabe et al., IJCAI 2023), with the conditional extension for parameters
    that only some trials have (each distinct distribution of a parameter is a "regime").

    It compares, per parameter, a Parzen estimate of where the top ``target_quantile`` of the
    trials lie with one of where the top ``region_quantile`` lie; a parameter whose good
    values are concentrated matters. Lower values are better unless the study maximizes and
    no ``target`` is given. Needs only numpy and scipy, and is the default evaluator of
    :func:`tuner.importance.get_param_importances`.

    Args:
        target_quantile: The share of best trials whose parameters are explained.
        region_quantile: The share of best trials that defines the region compared against
            (1.0: all trials).
        evaluate_on_local: Compare against the trials in the region (True) or against a
            uniform distribution over the search space (False).

    Example:
        >>> import tuner
        >>> from tuner.importance import PedAnovaImportanceEvaluator, get_param_importances
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(
        ...     lambda t: t.suggest_float("x", -1, 1) ** 2 + 0.01 * t.suggest_float("y", -1, 1),
        ...     n_trials=100,
        ... )
        >>> imp = get_param_importances(study, evaluator=PedAnovaImportanceEvaluator())
        >>> list(imp)
        ['x', 'y']
    """

    def __init__(
        self,
        *,
        target_quantile: float = 0.1,
        region_quantile: float = 1.0,
        evaluate_on_local: bool = True,
    ) -> None:
        if not 0.0 < target_quantile < region_quantile <= 1.0:
            raise ValueError(
                "condition 0.0 < `target_quantile` < `region_quantile` <= 1.0 must be "
                f"satisfied; got target_quantile={target_quantile}, "
                f"region_quantile={region_quantile}."
            )
        if region_quantile != 1.0 and not evaluate_on_local:
            warnings.warn(
                "If `evaluate_on_local` is False, `region_quantile` has no effect.",
                UserWarning,
                stacklevel=2,
            )
        self._target_quantile = target_quantile
        self._region_quantile = region_quantile
        self._evaluate_on_local = evaluate_on_local

    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: TargetType | None = None,
    ) -> dict[str, float]:
        check_params_argument(params)
        trials = complete_trials(study)
        known = sorted({k for t in trials for k in t.distributions})
        if params is not None:
            missing = [p for p in params if p not in known]
            if missing:
                raise ValueError(
                    "Study must contain at least one completed trial for each specified "
                    f"parameter. Missing parameters: {missing}."
                )
            names = list(params)
        else:
            names = known
        multi = len(study.directions) > 1 and target is None
        if multi:
            values = np.array([t.values for t in trials], dtype=float).reshape(len(trials), -1)
            finite = np.isfinite(values).all(axis=1)
        else:
            values = evaluated_values(trials, target)
            finite = np.isfinite(values)
        trials = [t for t, ok in zip(trials, finite) if ok]
        values = values[finite]
        if len(trials) <= 1:
            warnings.warn(
                "The number of trials is too small to compute importances. "
                "Parameter importances will be equal.",
                UserWarning,
                stacklevel=2,
            )
            return {k: 0.0 for k in names}
        if target is not None:
            warnings.warn(
                f"{self.__class__.__name__} computes the importances of params to achieve "
                "low `target` values. If this is not what you want, please modify target, "
                "e.g., by multiplying the output by -1.",
                UserWarning,
                stacklevel=2,
            )
        top = self._top(study, trials, values, self._target_quantile, multi, target)
        region = self._top(study, trials, values, self._region_quantile, multi, target)
        if top.sum() == region.sum():
            warnings.warn(
                "Target and region quantiles select the same set of trials. "
                "Parameter importances will be equal.",
                UserWarning,
                stacklevel=2,
            )
        n_top, n_region = int(top.sum()), int(region.sum())
        importances = {k: 0.0 for k in names}
        if n_top == 0:
            return importances
        region_trials = [t for t, r in zip(trials, region) if r]
        in_top = top[region]
        canonical: dict[int, BaseDistribution] = {}  # hash each distribution object once
        for name in names:
            column = [t.params.get(name) for t in region_trials]
            for dist, rows in _regimes(name, region_trials, canonical).items():
                rows_top = rows[in_top[rows]]
                if dist is None or dist.single() or len(rows_top) == 0:
                    continue
                alpha = len(rows_top) / n_top
                beta = len(rows) / n_region
                divergence = self._divergence(
                    dist, [column[i] for i in rows_top], [column[i] for i in rows]
                )
                importances[name] += alpha**2 / beta * divergence
        scale = (n_top / n_region) ** 2
        return sorted_by_importance({k: v * scale for k, v in importances.items()})

    def _top(
        self,
        study: Study,
        trials: list[FrozenTrial],
        values: np.ndarray,
        quantile: float,
        multi: bool,
        target: TargetType | None,
    ) -> np.ndarray:
        """Mask of the best ``quantile`` of the trials (ties at the cut all kept)."""
        if quantile == 1.0:
            return np.ones(len(trials), dtype=bool)
        if multi:
            from tuner.importance._multi_objective import best_trials_mask

            return best_trials_mask(trials, study.directions, math.ceil(quantile * len(trials)))
        lower_is_better = target is not None or study.directions[0] == StudyDirection.MINIMIZE
        losses = values if lower_is_better else -values
        cut = int(math.ceil(quantile * losses.size)) - 1
        result: np.ndarray = losses <= np.partition(losses, cut)[cut]
        return result

    def _divergence(self, dist: BaseDistribution, top: list[Any], region: list[Any]) -> float:
        pdf_top = _grid_parzen_pdf(dist, top) + 1e-12
        if self._evaluate_on_local:
            pdf_region = _grid_parzen_pdf(dist, region) + 1e-12
        else:
            pdf_region = np.full(len(pdf_top), 1.0 / len(pdf_top))
        return float(pdf_region @ ((pdf_top / pdf_region - 1) ** 2))


def _regimes(
    name: str, trials: list[FrozenTrial], canonical: dict[int, BaseDistribution]
) -> dict[BaseDistribution | None, np.ndarray]:
    """Row indices per distribution of the parameter (None: trials without it); regimes with
    fewer than two trials are dropped with a warning."""
    by_id: dict[int, list[int]] = defaultdict(list)
    regime_of: dict[int, BaseDistribution | None] = {id(None): None}
    seen: dict[BaseDistribution, BaseDistribution] = {}
    for i, t in enumerate(trials):
        d = t.distributions.get(name)
        if d is not None:
            key = canonical.get(id(d))
            if key is None:  # equal distributions from different trials are one regime
                key = canonical[id(d)] = seen.setdefault(d, d)
            regime_of[id(key)] = key
            d = key
        by_id[id(d)].append(i)
    groups = {regime_of[k]: rows for k, rows in by_id.items()}
    if any(len(v) < _MIN_TRIALS_IN_REGIME for v in groups.values()):
        warnings.warn(
            f"Some regimes for parameter `{name}` have less than {_MIN_TRIALS_IN_REGIME} "
            "trials. The importance of the parameter may be inaccurate.",
            UserWarning,
            stacklevel=4,
        )
    return {
        k: np.array(v, dtype=int) for k, v in groups.items() if len(v) >= _MIN_TRIALS_IN_REGIME
    }


def _grid_counts(dist: BaseDistribution, values: list[Any]) -> np.ndarray:
    """How many values fall on each point of a grid over the parameter's range: at most 50
    points (fewer for narrow int and stepped ranges, one per choice for categoricals)."""
    if isinstance(dist, CategoricalDistribution):
        index = {(type(c), c): i for i, c in enumerate(dist.choices)}
        codes = [index.get((type(v), v)) for v in values]
        if any(c is None for c in codes):  # e.g. 1 and 1.0: let the distribution decide
            codes = [int(dist.to_internal_repr(v)) for v in values]
        return np.bincount(np.array(codes, dtype=int), minlength=len(dist.choices))
    assert isinstance(dist, (FloatDistribution, IntDistribution))
    n_steps = _N_STEPS
    if isinstance(dist, IntDistribution) and dist.log:
        n_steps = min(int(np.ceil(np.log(dist.high - dist.low + 1) / np.log(2))) + 1, n_steps)
    elif dist.step is not None:
        n_steps = min(round((dist.high - dist.low) / dist.step) + 1, n_steps)
    raw = np.array(values, dtype=float)
    if dist.log:
        low, high, scaled = math.log(dist.low), math.log(dist.high), np.log(raw)
    else:
        low, high, scaled = dist.low, dist.high, raw
    width = (high - low) / (n_steps - 1)
    index = np.clip(np.ceil((scaled - low) / width - 0.5).astype(int), 0, n_steps - 1)
    return np.bincount(index, minlength=n_steps)


def _grid_parzen_pdf(dist: BaseDistribution, values: list[Any]) -> np.ndarray:
    """Scott's-rule Parzen estimate on the grid of :func:`_grid_counts`, with a prior kernel."""
    counts = _grid_counts(dist, values)
    size = len(counts)
    points = np.flatnonzero(counts)
    weights = counts[points].astype(float)
    if len(points) == 0:
        return np.full(size, 1.0 / size)
    mixture = np.append(weights, _PRIOR_WEIGHT)
    mixture /= mixture.sum()
    if isinstance(dist, CategoricalDistribution):
        kernels = np.full((len(points) + 1, size), _PRIOR_WEIGHT / (len(points) + 1))
        kernels[np.arange(len(points)), points] += 1
        kernels /= kernels.sum(axis=1, keepdims=True)
        out: np.ndarray = mixture @ kernels
        return out
    # Numerical: discrete truncated normals on 0..size-1 (step 1), the prior one wide.
    total = weights.sum()
    cum = np.cumsum(weights)
    mean = points @ weights / total
    sigma = np.sqrt(((points - mean) ** 2 @ weights) / max(1.0, total - 1))
    q1 = np.searchsorted(cum, total // 4, side="left")
    q3 = np.searchsorted(cum, total * 3 // 4, side="right")
    iqr = points[min(points.size - 1, q3)] - points[q1]
    sigma = 1.059 * min(iqr / 1.34, sigma) * total**-0.2
    sigma = max(sigma, 0.5 / 1.64)
    mus = np.append(points.astype(float), (size - 1) / 2.0)
    sigmas = np.append(np.full(len(points), sigma), size)
    grid = np.arange(size, dtype=float)
    mass = _normal_mass((grid[:, None] - 0.5 - mus) / sigmas, (grid[:, None] + 0.5 - mus) / sigmas)
    norm = _normal_mass((-0.5 - mus) / sigmas, (size - 0.5 - mus) / sigmas)
    result: np.ndarray = (mass / norm) @ mixture
    return result


def _normal_mass(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """P(a < Z < b) for a standard normal Z, accurate in both tails."""
    upper = a > 0
    result: np.ndarray = np.where(upper, ndtr(-a) - ndtr(-b), ndtr(b) - ndtr(a))
    return result
