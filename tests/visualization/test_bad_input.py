"""Mistakes a user can make get a clear error, or a warning and an empty figure; never a
traceback from inside plotly or matplotlib."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

import pytest

import tuner
from tuner.trial import TrialState, create_trial
from tuner.visualization import matplotlib as tvm

PLOTS_WITH_PARAMS = ["plot_slice", "plot_contour", "plot_rank", "plot_parallel_coordinate"]
PLOTS_WITH_TARGET = [
    "plot_optimization_history",
    "plot_edf",
    "plot_slice",
    "plot_contour",
    "plot_rank",
    "plot_parallel_coordinate",
    "plot_param_importances",
]
ALL_SINGLE = [
    "plot_optimization_history",
    "plot_intermediate_values",
    "plot_edf",
    "plot_slice",
    "plot_contour",
    "plot_rank",
    "plot_parallel_coordinate",
    "plot_param_importances",
    "plot_timeline",
]
BACKENDS = [tuner.visualization, tvm]


def _study(n: int = 12) -> tuner.Study:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(
        lambda t: t.suggest_float("x", -1, 1) ** 2 + t.suggest_int("n", 0, 3), n_trials=n
    )
    return study


def _empty_figure(result: Any) -> bool:
    if hasattr(result, "data"):  # plotly
        return len(result.data) == 0
    axes = result.flat if hasattr(result, "flat") else [result]
    return all(not a.collections and not a.lines and not a.patches for a in axes)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", PLOTS_WITH_PARAMS)
def test_unknown_parameter_names_are_a_value_error(backend: Any, name: str) -> None:
    with pytest.raises(ValueError, match="Parameter nope does not exist"):
        getattr(backend, name)(_study(), params=["x", "nope"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_unknown_parameter_in_importances_is_a_value_error(backend: Any) -> None:
    with pytest.raises(ValueError, match="nope"):
        backend.plot_param_importances(_study(), params=["nope"])


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", PLOTS_WITH_TARGET)
def test_a_target_returning_a_non_number_is_a_value_error(backend: Any, name: str) -> None:
    with pytest.raises(ValueError, match="must return a number"):
        getattr(backend, name)(_study(), target=lambda t: "high", target_name="label")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", PLOTS_WITH_TARGET)
def test_multi_objective_without_target_says_what_to_pass(backend: Any, name: str) -> None:
    study = tuner.create_study(directions=["minimize", "minimize"])
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), 5)
    fn: Callable[..., Any] = getattr(backend, name)
    if name in ("plot_parallel_coordinate", "plot_param_importances"):
        fn(study)  # these plot every objective, as Optuna does
        return
    with pytest.raises(ValueError, match="target=lambda t: t.values"):
        fn(study)


def _only_failed() -> tuner.Study:
    study = tuner.create_study()
    for _ in range(3):
        study.add_trial(
            create_trial(
                state=TrialState.FAIL,
                params={"x": 0.5},
                distributions={"x": tuner.distributions.FloatDistribution(0, 1)},
            )
        )
    return study


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", ALL_SINGLE)
@pytest.mark.parametrize("make", [_only_failed, tuner.create_study], ids=["failed", "empty"])
def test_a_study_without_complete_trials_gives_an_empty_figure_and_a_warning(
    backend: Any, name: str, make: Callable[[], tuner.Study], caplog: pytest.LogCaptureFixture
) -> None:
    study = make()
    with caplog.at_level(logging.WARNING, logger="tuner"):
        result = getattr(backend, name)(study)
    if name == "plot_timeline" and study.trials:
        return  # failed trials are bars on a timeline
    assert _empty_figure(result)
    assert caplog.records, "a warning says why the figure is empty"


@pytest.mark.parametrize("backend", BACKENDS)
def test_hypervolume_history_rejects_bad_studies_and_reference_points(backend: Any) -> None:
    with pytest.raises(ValueError, match="multi-objective"):
        backend.plot_hypervolume_history(_study(), [1.0])
    study = tuner.create_study(directions=["minimize", "minimize"])
    with pytest.raises(ValueError, match="reference point"):
        backend.plot_hypervolume_history(study, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("backend", BACKENDS)
def test_pareto_front_needs_two_or_three_targets(backend: Any) -> None:
    study = tuner.create_study(directions=["minimize"] * 4)
    with pytest.raises(ValueError, match="2 or 3"):
        backend.plot_pareto_front(study)
    study2 = tuner.create_study(directions=["minimize"] * 2)
    study2.optimize(lambda t: (t.suggest_float("x", 0, 1), 1.0), 3)
    with pytest.raises(ValueError, match="sequence"):
        backend.plot_pareto_front(study2, targets=lambda t: 1.0)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="target_names"):
        backend.plot_pareto_front(study2, target_names=["a"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_timeline_rejects_a_non_positive_count(backend: Any) -> None:
    with pytest.raises(ValueError, match="positive"):
        backend.plot_timeline(_study(), n_recent_trials=0)


@pytest.mark.parametrize(
    ("module", "package", "backend"),
    [
        ("plotly.graph_objects", "plotly", tuner.visualization),
        ("matplotlib.pyplot", "matplotlib", tvm),
    ],
)
def test_missing_plotting_library_names_the_extra(
    module: str, package: str, backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    monkeypatch.setitem(sys.modules, package, None)
    assert backend.is_available() is False
    with pytest.raises(ImportError, match=r"tuner\[plot\]"):
        backend.plot_optimization_history(_study())


def test_importing_tuner_does_not_import_plotting_libraries() -> None:
    import subprocess

    code = (
        "import sys, tuner, tuner.visualization, tuner.visualization.matplotlib; "
        "print(any(m in sys.modules for m in ('plotly', 'matplotlib', 'sklearn')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
