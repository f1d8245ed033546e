"""fANOVA (Hutter et al., ICML 2014): the share of a random forest's variance that each
parameter explains alone, computed exactly per tree from its leaves' boxes."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numpy as np

from tuner.importance._base import (
    BaseImportanceEvaluator,
    TargetType,
    encode,
    require_target_for_multi_objective,
    shared_distributions,
    sorted_by_importance,
    trials_with,
)
from tuner.importance._sklearn import random_forest_regressor

if TYPE_CHECKING:
    from tuner.study import Study


class FanovaImportanceEvaluator(BaseImportanceEvaluator):
    """fANOVA importance on a scikit-learn random forest (``pip install "tuner[sklearn]"``).

    The forest predicts the objective from the parameters; a parameter's importance is the
    variance of the forest's prediction averaged over all other parameters, as a share of the
    total variance (averaged over the trees). Conditional parameters are left out unless named
    in ``params``. Works best on trials that cover the space (e.g. from ``RandomSampler``).

    Args:
        n_trees: Trees in the forest.
        max_depth: Maximum depth of each tree.
        seed: Seed of the forest, for repeatable importances.

    Example:
        >>> import tuner
        >>> from tuner.importance import FanovaImportanceEvaluator, get_param_importances
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(
        ...     lambda t: t.suggest_float("x", -1, 1) ** 2 + 0.01 * t.suggest_float("y", -1, 1),
        ...     n_trials=50,
        ... )
        >>> imp = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=0))
        >>> list(imp)
        ['x', 'y']
    """

    def __init__(self, *, n_trees: int = 64, max_depth: int = 64, seed: int | None = None):
        self._forest = random_forest_regressor(
            n_estimators=n_trees,
            max_depth=max_depth,
            min_samples_split=2,
            min_samples_leaf=1,
            random_state=seed,
        )

    def evaluate(
        self,
        study: Study,
        params: list[str] | None = None,
        *,
        target: TargetType | None = None,
    ) -> dict[str, float]:
        require_target_for_multi_objective(study, target)
        space = shared_distributions(study, params)
        names = list(space) if params is None else list(params)
        varying = {k: d for k, d in space.items() if not d.single()}
        fixed = [k for k, d in space.items() if d.single()]
        if not varying:
            return {k: 0.0 for k in fixed}
        trials, values = trials_with(study, names, target)
        if len(trials) <= 1:
            return {k: 0.0 for k in names}
        x, bounds, columns = encode(trials, varying)
        self._forest.fit(x, values)
        trees = [_Tree(e.tree_, bounds) for e in self._forest.estimators_]
        if all(t.variance == 0 for t in trees):
            raise RuntimeError("Encountered zero total variance in all trees.")
        importances = {}
        for name, cols in zip(varying, columns):
            shares = [t.marginal_variance(cols) / t.variance for t in trees if t.variance > 0]
            importances[name] = float(np.mean(shares))
        return sorted_by_importance({**importances, **{k: 0.0 for k in fixed}})


class _Tree:
    """One fitted regression tree reduced to its leaves: value and box per leaf."""

    def __init__(self, tree: Any, bounds: np.ndarray) -> None:
        feature = np.asarray(tree.feature)
        threshold = np.asarray(tree.threshold)
        left, right = np.asarray(tree.children_left), np.asarray(tree.children_right)
        n = len(feature)
        lower = np.empty((n, len(bounds)))
        upper = np.empty((n, len(bounds)))
        lower[0], upper[0] = bounds[:, 0], bounds[:, 1]
        frontier = np.array([0])
        while frontier.size:  # one vectorized step per depth level
            inner = frontier[feature[frontier] >= 0]
            f, thr = feature[inner], threshold[inner]
            lo, hi = left[inner], right[inner]
            lower[lo], upper[lo] = lower[inner], upper[inner]
            lower[hi], upper[hi] = lower[inner], upper[inner]
            upper[lo, f] = thr
            lower[hi, f] = thr
            frontier = np.concatenate([lo, hi])
        leaves = feature < 0
        self.lower, self.upper = lower[leaves], upper[leaves]
        self.values = np.asarray(tree.value)[leaves].reshape(len(self.lower), -1)[:, 0]
        self.volumes = np.prod(self.upper - self.lower, axis=1)
        self.bounds = bounds
        self.splits = [np.unique(threshold[feature == j]) for j in range(len(bounds))]
        mean = np.average(self.values, weights=self.volumes)
        self.variance = float(np.average((self.values - mean) ** 2, weights=self.volumes))

    def marginal_variance(self, features: np.ndarray) -> float:
        """Variance over the cells of ``features``' split grid of the prediction averaged
        over every other parameter."""
        edges = [
            np.concatenate([[self.bounds[f, 0]], self.splits[f], [self.bounds[f, 1]]])
            for f in features
        ]
        # Each leaf spans a contiguous run of cells along each feature.
        spans = [
            (
                np.searchsorted(e, self.lower[:, f], side="left"),
                np.searchsorted(e, self.upper[:, f], side="left"),
            )
            for e, f in zip(edges, features)
        ]
        # Weight of a leaf inside one cell: its volume over the other features.
        own = np.prod(self.upper[:, features] - self.lower[:, features], axis=1)
        weight = self.volumes / own
        if len(features) == 1:
            start, stop = spans[0]
            cells = len(edges[0]) - 1
            num = np.zeros(cells + 1)
            den = np.zeros(cells + 1)
            np.add.at(num, start, weight * self.values)
            np.add.at(num, stop, -weight * self.values)
            np.add.at(den, start, weight)
            np.add.at(den, stop, -weight)
            num, den = np.cumsum(num)[:cells], np.cumsum(den)[:cells]
            sizes = np.diff(edges[0])
        else:
            # Several encoded columns (a one-hot categorical): enumerate the product grid.
            grids = [np.arange(len(e) - 1) for e in edges]
            combos = np.array(list(itertools.product(*grids)), dtype=int)
            inside = np.ones((len(weight), len(combos)), dtype=bool)
            for j, (start, stop) in enumerate(spans):
                inside &= (start[:, None] <= combos[:, j]) & (combos[:, j] < stop[:, None])
            num = (weight * self.values) @ inside
            den = weight @ inside
            sizes = np.prod([np.diff(e)[combos[:, j]] for j, e in enumerate(edges)], axis=0)
        means = num / den
        cell_weights = den * sizes
        centre = np.average(means, weights=cell_weights)
        return float(max(np.average((means - centre) ** 2, weights=cell_weights), 0.0))
