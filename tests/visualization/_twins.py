"""One set of trials loaded into a tuner study and into an Optuna study ("twins"), so tests
can draw the same figure with both and compare the data."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import tuner
from tuner.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from tuner.trial import TrialState

optuna = pytest.importorskip("optuna")
optuna.logging.set_verbosity(optuna.logging.ERROR)


@dataclass
class Twins:
    tuner: tuner.Study
    optuna: Any


def to_optuna_distribution(d: BaseDistribution) -> Any:
    return optuna.distributions.json_to_distribution(
        json.dumps({"name": type(d).__name__, "attributes": d._asdict()})
    )


SPACE: dict[str, BaseDistribution] = {
    "x": FloatDistribution(-5, 5),
    "lr": FloatDistribution(1e-5, 1e-1, log=True),
    "layers": IntDistribution(1, 8),
    "units": IntDistribution(4, 512, log=True),
    "dropout": FloatDistribution(0.0, 0.5, step=0.1),
    "act": CategoricalDistribution(["relu", "tanh", "gelu"]),
    "batch": CategoricalDistribution([16, 32, 64]),
}
# Only in trials with act == "relu": a conditional parameter.
SLOPE = FloatDistribution(0.0, 0.3)


def _sample(rng: np.random.Generator) -> tuple[dict[str, Any], dict[str, BaseDistribution]]:
    params: dict[str, Any] = {
        "x": float(rng.uniform(-5, 5)),
        "lr": float(10 ** rng.uniform(-5, -1)),
        "layers": int(rng.integers(1, 9)),
        "units": int(round(2 ** rng.uniform(2, 9))),
        "dropout": round(float(rng.integers(0, 6)) * 0.1, 1),
        "act": ["relu", "tanh", "gelu"][int(rng.integers(3))],
        "batch": [16, 32, 64][int(rng.integers(3))],
    }
    dists = dict(SPACE)
    if params["act"] == "relu":
        params["slope"] = float(rng.uniform(0, 0.3))
        dists["slope"] = SLOPE
    return params, dists


def objective_values(params: dict[str, Any], n_objectives: int) -> list[float]:
    first = (
        (params["x"] - 1) ** 2
        + 0.5 * (np.log10(params["lr"]) + 3) ** 2
        + 0.2 * params["layers"]
        + {"relu": 0.0, "tanh": 2.0, "gelu": 1.0}[params["act"]]
        + params.get("slope", 0.0)
    )
    second = params["units"] / 100 + params["dropout"] * 10
    third = params["layers"] - 2 * params["dropout"]
    return [float(v) for v in (first, second, third)[:n_objectives]]


def make_twins(
    n_trials: int = 40,
    *,
    seed: int = 0,
    directions: tuple[str, ...] = ("minimize",),
    constraints: bool = True,
    unfinished: bool = True,
    intermediate: bool = True,
) -> Twins:
    """A study of ``n_trials`` trials over SPACE (+ the conditional ``slope``): complete
    trials with constraints (a few infeasible), and some pruned, failed and running ones."""
    rng = np.random.default_rng(seed)
    t_study = tuner.create_study(study_name="twin", directions=list(directions))
    o_study = optuna.create_study(study_name="twin", directions=list(directions))
    start = datetime.datetime(2026, 1, 1, 12, 0, 0)
    for i in range(n_trials):
        params, dists = _sample(rng)
        state = TrialState.COMPLETE
        if unfinished and i % 11 == 5:
            state = TrialState.PRUNED
        elif unfinished and i % 13 == 7:
            state = TrialState.FAIL
        values = objective_values(params, len(directions))
        kwargs: dict[str, Any] = {"state": state, "params": params}
        if state == TrialState.COMPLETE:
            kwargs["values"] = values
        if intermediate and state != TrialState.FAIL:
            kwargs["intermediate_values"] = {
                s: values[0] * (1 + 1.0 / (s + 1)) for s in range(0, 5, 1 + i % 2)
            }
        if constraints and state == TrialState.COMPLETE:
            kwargs["constraints"] = {"c0": float(params["x"] - 4.0)}
        kwargs["user_attrs"] = {"note": f"t{i}"}
        begin = start + datetime.timedelta(seconds=10 * i)
        end = begin + datetime.timedelta(seconds=3 + i % 5)
        t_trial = tuner.create_trial(distributions=dists, **kwargs)
        o_trial = optuna.trial.create_trial(
            distributions={k: to_optuna_distribution(d) for k, d in dists.items()}, **kwargs
        )
        for trial in (t_trial, o_trial):
            trial.datetime_start = begin
            trial.datetime_complete = end
        t_study.add_trial(t_trial)
        o_study.add_trial(o_trial)
    return Twins(t_study, o_study)


def call_both(
    name: str, twins: Twins, *args: Any, backend: str = "plotly", **kwargs: Any
) -> tuple[Any, Any]:
    t_mod = tuner.visualization if backend == "plotly" else tuner.visualization.matplotlib
    o_mod = optuna.visualization if backend == "plotly" else optuna.visualization.matplotlib
    t_fn: Callable[..., Any] = getattr(t_mod, name)
    o_fn: Callable[..., Any] = getattr(o_mod, name)
    return t_fn(twins.tuner, *args, **kwargs), o_fn(twins.optuna, *args, **kwargs)
