from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING, Any

from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.samplers._base import BaseSampler
from tuner.trial._frozen import FrozenTrial

if TYPE_CHECKING:
    from tuner.study import Study


def sample_uniformly(rng: random.Random, distribution: BaseDistribution) -> Any:
    """One value of ``distribution``, uniform on its (log) scale and on its grid."""
    if isinstance(distribution, FloatDistribution):
        low, high = distribution.low, distribution.high
        if distribution.step is not None:
            n_points = int(round((high - low) / distribution.step)) + 1
            return distribution._grid_value(rng.randrange(n_points))
        if distribution.log:
            return min(high, max(low, math.exp(rng.uniform(math.log(low), math.log(high)))))
        return low + (high - low) * rng.random()
    if isinstance(distribution, IntDistribution):
        if distribution.log:
            # Uniform on [log(low - 0.5), log(high + 0.5)] gives each integer the share of
            # the log scale that rounds to it.
            x = math.exp(
                rng.uniform(math.log(distribution.low - 0.5), math.log(distribution.high + 0.5))
            )
            return min(distribution.high, max(distribution.low, int(round(x))))
        n_points = (distribution.high - distribution.low) // distribution.step + 1
        return distribution.low + distribution.step * rng.randrange(n_points)
    if isinstance(distribution, CategoricalDistribution):
        return distribution.choices[rng.randrange(len(distribution.choices))]
    raise TypeError(f"RandomSampler cannot sample from {distribution!r}.")


class RandomSampler(BaseSampler):
    """Independent uniform sampling: every parameter, every trial, ignoring the past.

    Args:
        seed: Seed of the sampler's own random generator. With a seed and ``n_jobs=1`` the
            same objective gets the same trials, bit for bit.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=42))
        >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10)
        >>> len(study.trials)
        10
    """

    def __init__(self, seed: int | None = None) -> None:
        self._seed = seed
        self._rng = random.Random(seed)

    def reseed_rng(self) -> None:
        self._rng = random.Random()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        return {}

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        return sample_uniformly(self._rng, param_distribution)
