"""On random learning curves, every pruner decides exactly as Optuna's does."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest

import tuner

optuna = pytest.importorskip("optuna")

CONFIGS: dict[str, Any] = {
    "median": lambda p: p.MedianPruner(n_startup_trials=3, n_warmup_steps=2, interval_steps=2),
    "percentile": lambda p: p.PercentilePruner(30.0, n_startup_trials=2),
    # Optuna counts NaN values toward n_min_trials, tuner only numbers (it ignores NaNs of
    # other trials throughout): compared on NaN-free curves.
    "percentile_min2": lambda p: p.PercentilePruner(30.0, n_startup_trials=2, n_min_trials=2),
    "successive_halving": lambda p: p.SuccessiveHalvingPruner(min_resource=1, reduction_factor=2),
    "sh_auto": lambda p: p.SuccessiveHalvingPruner(reduction_factor=3),
    "hyperband": lambda p: p.HyperbandPruner(min_resource=1, max_resource=20),
    "threshold": lambda p: p.ThresholdPruner(lower=0.2, upper=0.9, n_warmup_steps=3),
    "patient": lambda p: p.PatientPruner(None, patience=3, min_delta=0.01),
}


def _decisions(lib: Any, pruner: Any, direction: str, seed: int, nan_rate: float) -> list[int]:
    """The step at which each of 25 trials stopped (-1: it completed)."""
    study = lib.create_study(study_name="cmp", direction=direction, pruner=pruner)
    rng = np.random.default_rng(seed)
    stops = []
    for _ in range(25):
        a, k = rng.uniform(0.1, 1.0), rng.uniform(0.02, 0.5)
        steps = np.sort(rng.choice(40, size=20, replace=False))  # non-contiguous
        values = a * (1 - np.exp(-k * (steps + 1))) + rng.normal(0, 0.03, steps.size)
        values[rng.uniform(size=steps.size) < nan_rate] = math.nan
        trial = study.ask()
        stop = -1
        for step, value in zip(steps, values):
            trial.report(float(value), int(step))
            if trial.should_prune():
                stop = int(step)
                break
        if stop >= 0:
            study.tell(trial, state=lib.trial.TrialState.PRUNED)
        else:
            last = float(values[-1])
            study.tell(trial, 0.0 if math.isnan(last) else last)
        stops.append(stop)
    return stops


@pytest.mark.parametrize("name", sorted(CONFIGS))
@pytest.mark.parametrize("direction", ["minimize", "maximize"])
def test_same_decisions_as_optuna(name: str, direction: str) -> None:
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nan_rate = 0.0 if name == "percentile_min2" else 0.03
        for seed in range(2):
            ours = _decisions(tuner, CONFIGS[name](tuner.pruners), direction, seed, nan_rate)
            theirs = _decisions(optuna, CONFIGS[name](optuna.pruners), direction, seed, nan_rate)
            assert ours == theirs
            assert any(s >= 0 for s in ours) or name == "threshold"


def test_same_decisions_as_optuna_wilcoxon() -> None:
    def run(lib: Any, direction: str) -> list[int]:
        study = lib.create_study(direction=direction, pruner=lib.pruners.WilcoxonPruner())
        rng = np.random.default_rng(0)
        difficulty = rng.uniform(0.5, 2.0, 30)
        stops = []
        for _ in range(15):
            errors = rng.uniform(0.5, 1.5) * difficulty + rng.normal(0, 0.1, 30)
            trial = study.ask()
            stop = -1
            for i in rng.permutation(30):
                trial.report(float(errors[i]), int(i))
                if trial.should_prune():
                    stop = int(i)
                    break
            study.tell(trial, float(errors.mean()))
            stops.append(stop)
        return stops

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for direction in ("minimize", "maximize"):
            ours = run(tuner, direction)
            assert ours == run(optuna, direction)
            assert any(s >= 0 for s in ours)
