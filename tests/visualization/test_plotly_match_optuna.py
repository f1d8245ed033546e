"""The plotly figures carry the same data as Optuna's for the same trials."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest

from tests.visualization._compare import assert_same_axes, assert_same_figure, assert_same_values
from tests.visualization._twins import call_both, make_twins

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def single() -> Any:
    return make_twins(40, seed=0)


@pytest.fixture(scope="module")
def multi() -> Any:
    return make_twins(50, seed=1, directions=("minimize", "maximize"))


SINGLE_CASES = [
    ("plot_optimization_history", (), {}),
    ("plot_optimization_history", (), {"target": lambda t: t.params["x"], "target_name": "x"}),
    ("plot_intermediate_values", (), {}),
    ("plot_edf", (), {}),
    ("plot_timeline", (), {}),
    ("plot_timeline", (), {"n_recent_trials": 7}),
    ("plot_slice", (["x", "lr", "layers", "units", "dropout", "slope"],), {}),
    ("plot_slice", (["lr"],), {}),
    ("plot_contour", (), {}),
    ("plot_contour", (["x", "lr"],), {}),
    ("plot_contour", (["act", "units"],), {}),
    ("plot_contour", (["x", "slope"],), {"target": lambda t: t.params["x"], "target_name": "x"}),
    ("plot_rank", (), {}),
    ("plot_rank", (["lr", "act"],), {}),
    ("plot_rank", (["x", "units", "batch"],), {"target": lambda t: -t.value, "target_name": "n"}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), SINGLE_CASES)
def test_single_objective_figures_match_optuna(
    single: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    mine, theirs = call_both(name, single, *args, **kwargs)
    assert_same_figure(mine, theirs)


def test_error_bar_history_of_several_studies_matches_optuna() -> None:
    import optuna

    import tuner

    twins = [make_twins(30, seed=s, unfinished=False) for s in range(3)]
    mine = tuner.visualization.plot_optimization_history([t.tuner for t in twins], error_bar=True)
    theirs = optuna.visualization.plot_optimization_history(
        [t.optuna for t in twins], error_bar=True
    )
    assert_same_figure(mine, theirs)
    for a, b in zip(mine.data, theirs.data):
        if b.error_y is not None and b.error_y.array is not None:
            assert_same_values(a.error_y.array, b.error_y.array, "std")


def test_several_studies_history_and_edf_match_optuna() -> None:
    import optuna

    import tuner

    twins = [make_twins(20, seed=s) for s in range(2)]
    for t, name in zip(twins, ["a", "b"]):
        t.tuner.study_name = t.optuna.study_name = name  # labels carry study names
    for fn in ("plot_optimization_history", "plot_edf"):
        mine = getattr(tuner.visualization, fn)([t.tuner for t in twins])
        theirs = getattr(optuna.visualization, fn)([t.optuna for t in twins])
        assert_same_figure(mine, theirs)


MULTI_CASES = [
    ("plot_pareto_front", (), {}),
    ("plot_pareto_front", (), {"include_dominated_trials": False}),
    ("plot_pareto_front", (), {"target_names": ["loss", "size"]}),
    ("plot_pareto_front", (), {"targets": lambda t: (t.values[1], t.params["x"])}),
    ("plot_hypervolume_history", ([60.0, 0.0],), {}),
    ("plot_optimization_history", (), {"target": lambda t: t.values[1], "target_name": "v1"}),
    ("plot_slice", (["x", "lr"],), {"target": lambda t: t.values[0], "target_name": "v0"}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), MULTI_CASES)
def test_multi_objective_figures_match_optuna(
    multi: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    mine, theirs = call_both(name, multi, *args, **kwargs)
    assert_same_figure(mine, theirs)


def test_three_objective_pareto_front_matches_optuna() -> None:
    twins = make_twins(40, seed=2, directions=("minimize", "maximize", "minimize"))
    mine, theirs = call_both("plot_pareto_front", twins)
    assert_same_figure(mine, theirs)
    assert mine.data[-1].type == "scatter3d"
    assert mine.layout.scene.zaxis.title.text == "Objective 2"


def test_pareto_front_axis_order_permutes_the_axes(multi: Any) -> None:
    import tuner

    plain = tuner.visualization.plot_pareto_front(multi.tuner)
    swapped = tuner.visualization.plot_pareto_front(multi.tuner, axis_order=[1, 0])
    assert list(swapped.data[-1].x) == list(plain.data[-1].y)
    assert swapped.layout.xaxis.title.text == "Objective 1"
    with pytest.raises(ValueError, match="permutation"):
        tuner.visualization.plot_pareto_front(multi.tuner, axis_order=[0, 0])


def test_slice_shows_infeasible_trials_of_categorical_parameters(single: Any) -> None:
    """Deliberate difference: Optuna's categorical slice panels drop infeasible trials (its
    categorical path never records their trial numbers); tuner draws them in grey like on
    every other panel. Everything else in the figure is the same."""
    mine, theirs = call_both("plot_slice", single, ["act"])
    assert [t.name for t in mine.data] == ["Feasible Trial", "Infeasible Trial"]
    assert [t.name for t in theirs.data] == ["Feasible Trial"]
    assert_same_values(mine.data[0].x, theirs.data[0].x, "x")
    assert_same_values(mine.data[0].y, theirs.data[0].y, "y")
    assert_same_axes(mine, theirs)
    infeasible = [t for t in single.tuner.trials if t.constraints and t.constraints["c0"] > 0]
    assert sorted(mine.data[1].y) == sorted(t.value for t in infeasible)


def _polylines(fig: Any) -> list[tuple[tuple[float, ...], str]]:
    """(normalized y per axis, dash) of every trial's line, from either kind of figure."""
    lines = []
    for trace in fig.data:
        if trace.mode != "lines" or trace.x is None or trace.x[0] is None:
            continue
        ys = np.array(trace.y, dtype=float)
        for chunk in np.split(ys, np.flatnonzero(np.isnan(ys))):
            chunk = chunk[~np.isnan(chunk)]
            if len(chunk):
                lines.append((tuple(np.round(chunk, 9)), trace.line.dash))
    return sorted(lines)


@pytest.mark.parametrize("params", [None, ["lr", "act", "batch", "slope"]])
def test_parallel_coordinate_draws_the_same_lines_as_optuna(
    single: Any, params: list[str] | None
) -> None:
    """Deliberate difference: Optuna adds one trace per trial (seconds for 10,000 trials);
    tuner draws the lines of each of 256 colour shades as one trace. Each trial's polyline,
    its dash style, the axes, ticks and colour bar are the same."""
    mine, theirs = call_both("plot_parallel_coordinate", single, params)
    assert _polylines(mine) == _polylines(theirs)
    assert len(mine.data) < len(theirs.data)
    assert list(mine.layout.xaxis.ticktext) == list(theirs.layout.xaxis.ticktext)
    mine_ann = [(a.x, round(a.y, 9), a.text) for a in mine.layout.annotations]
    theirs_ann = [(a.x, round(a.y, 9), a.text) for a in theirs.layout.annotations]
    assert mine_ann == theirs_ann
    assert mine.data[-1].marker.cmin == theirs.data[-1].marker.cmin
    assert mine.data[-1].marker.cmax == theirs.data[-1].marker.cmax
    assert mine.data[-1].marker.reversescale == theirs.data[-1].marker.reversescale
    names = [t.name for t in mine.data if t.showlegend]
    assert names == [t.name for t in theirs.data if t.showlegend] == ["Feasible", "Infeasible"]


def test_parallel_coordinate_colours_each_line_like_optuna(single: Any) -> None:
    mine, theirs = call_both("plot_parallel_coordinate", single)

    def colours(fig: Any) -> dict[tuple[float, ...], np.ndarray]:
        out = {}
        for trace in fig.data:
            if trace.mode != "lines" or trace.x[0] is None:
                continue
            rgb = np.array([float(v) for v in trace.line.color[4:-1].split(",")])
            ys = np.array(trace.y, dtype=float)
            for chunk in np.split(ys, np.flatnonzero(np.isnan(ys))):
                chunk = chunk[~np.isnan(chunk)]
                if len(chunk):
                    out[tuple(np.round(chunk, 9))] = rgb
        return out

    a, b = colours(mine), colours(theirs)
    assert a.keys() == b.keys()
    # 256 shades: within one shade step of Optuna's exact colour.
    assert max(float(np.abs(a[k] - b[k]).max()) for k in a) <= 1.0


def test_multi_objective_parallel_coordinate_colours_by_pareto_rank(multi: Any) -> None:
    mine, theirs = call_both("plot_parallel_coordinate", multi)
    assert _polylines(mine) == _polylines(theirs)
    assert mine.data[-1].marker.colorbar.title.text == "Pareto Rank"
    assert list(mine.data[-1].marker.colorbar.tickvals) == list(
        theirs.data[-1].marker.colorbar.tickvals
    )


def test_contour_of_many_distinct_values_is_binned() -> None:
    """Deliberate difference past 100 distinct values per axis: Optuna's grid has a row and
    column per distinct value (10,002 x 10,002 cells for two floats over 10,000 trials);
    tuner bins into 100 cells per axis (log-spaced on log axes). Each cell still holds the
    best value that fell in it."""
    import tuner

    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(
        lambda t: t.suggest_float("a", 1e-3, 1e3, log=True) * t.suggest_float("b", -1, 1) ** 2,
        n_trials=400,
    )
    fig = tuner.visualization.plot_contour(study)
    contour = fig.data[0]
    assert len(contour.x) == len(contour.y) == 102
    assert np.isclose(np.nanmin(np.array(contour.z, dtype=float)), study.best_value)
    assert fig.layout.xaxis.type == "log"
    centres = np.log10(np.array(contour.x[1:-1]))
    assert np.allclose(np.diff(centres), np.diff(centres)[0])  # even in log space


def test_figures_warn_once_when_target_has_default_name(single: Any) -> None:
    import tuner

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tuner.visualization.plot_edf(single.tuner, target=lambda t: t.params["x"])
    assert any("target_name" in str(w.message) for w in caught)


@pytest.mark.parametrize(("name", "args", "kwargs"), SINGLE_CASES[::2] + MULTI_CASES[:5])
def test_every_figure_passes_plotly_validation(
    single: Any,
    multi: Any,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Figures skip plotly's per-element validation for speed; built with it on, each one
    must pass (and carry the same data)."""
    import tuner
    from tuner.visualization._plotly import _imports

    study = multi.tuner if (name, args, kwargs) in MULTI_CASES else single.tuner
    fast = getattr(tuner.visualization, name)(study, *args, **kwargs)
    monkeypatch.setattr(_imports, "VALIDATE", True)
    checked = getattr(tuner.visualization, name)(study, *args, **kwargs)
    assert_same_figure(fast, checked)


@pytest.mark.parametrize("params", [None, ["x", "lr", "act"]])
@pytest.mark.parametrize("objectives", [1, 2])
def test_importance_bars_match_optuna_with_the_same_evaluator(
    single: Any, multi: Any, params: list[str] | None, objectives: int
) -> None:
    import optuna

    import tuner

    twins = single if objectives == 1 else multi
    mine = tuner.visualization.plot_param_importances(
        twins.tuner, tuner.importance.PedAnovaImportanceEvaluator(), params
    )
    theirs = optuna.visualization.plot_param_importances(
        twins.optuna, optuna.importance.PedAnovaImportanceEvaluator(), params
    )
    assert_same_figure(mine, theirs)
    for a, b in zip(mine.data, theirs.data):
        assert list(a.text) == list(b.text)
        # "name (DistributionClass): importance"; the numbers agree to rounding.
        assert [h.split(":")[0] for h in a.hovertemplate] == [
            h.split(":")[0] for h in b.hovertemplate
        ]


def test_default_importance_evaluator_differs_from_optuna_on_purpose(single: Any) -> None:
    """Deliberate difference: Optuna 5 defaults to PED-ANOVA; tuner's default was chosen by
    measurement (docs/importance.md): mean decrease impurity with scikit-learn, PED-ANOVA
    against the whole space without it. The figure is the same kind, named the same."""
    import tuner

    fig = tuner.visualization.plot_param_importances(single.tuner)
    expected = tuner.importance.get_param_importances(single.tuner)
    assert list(fig.data[0].y) == list(reversed(expected))
    assert isinstance(
        tuner.importance.default_evaluator(),
        tuner.importance.MeanDecreaseImpurityImportanceEvaluator,
    )
