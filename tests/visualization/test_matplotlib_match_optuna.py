"""The matplotlib figures plot the same points and lines as Optuna's."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.visualization._twins import call_both, make_twins

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def single() -> Any:
    return make_twins(30, seed=5)


def _points(ax: Any) -> list[tuple[float, float]]:
    """Every scatter point of the axes, sorted."""
    out: list[tuple[float, float]] = []
    for collection in ax.collections:
        offsets = np.asarray(collection.get_offsets(), dtype=float)
        if offsets.ndim == 2 and offsets.shape[1] == 2:
            out += [(round(x, 9), round(y, 9)) for x, y in offsets if np.isfinite([x, y]).all()]
    return sorted(out)


def _lines(ax: Any) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    return sorted(
        (
            tuple(np.round(np.asarray(line.get_xdata(), dtype=float), 9)),
            tuple(np.round(np.asarray(line.get_ydata(), dtype=float), 9)),
        )
        for line in ax.get_lines()
        if len(line.get_xdata()) > 1
    )


@pytest.mark.parametrize(
    ("name", "args", "kwargs"),
    [
        ("plot_optimization_history", (), {}),
        ("plot_edf", (), {}),
        ("plot_intermediate_values", (), {}),
    ],
)
def test_lines_and_points_match_optuna(
    single: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    mine, theirs = call_both(name, single, *args, backend="matplotlib", **kwargs)
    assert mine.get_title() == theirs.get_title()
    assert mine.get_xlabel() == theirs.get_xlabel()
    assert mine.get_ylabel() == theirs.get_ylabel()
    assert _points(mine) == _points(theirs)
    assert _lines(mine) == _lines(theirs)


def test_slice_points_and_scales_match_optuna(single: Any) -> None:
    params = ["lr", "units", "x"]
    mine, theirs = call_both("plot_slice", single, params, backend="matplotlib")
    for a, b in zip(mine, theirs):
        assert a.get_xlabel() == b.get_xlabel()
        assert a.get_xscale() == b.get_xscale()
        assert _points(a) == _points(b)


def test_rank_points_match_optuna(single: Any) -> None:
    mine, theirs = call_both("plot_rank", single, ["x", "lr"], backend="matplotlib")
    assert _points(mine) == _points(theirs)
    assert mine.get_xscale() == theirs.get_xscale() and mine.get_yscale() == "log"
    # Optuna rounds each RGB channel to an integer; tuner keeps the exact colour.
    colors_mine = mine.collections[0].get_facecolors()[:, :3]
    colors_theirs = theirs.collections[0].get_facecolors()[:, :3]
    diff = np.sort(colors_mine, axis=0) - np.sort(colors_theirs, axis=0)
    assert np.abs(diff).max() <= 1 / 255 + 1e-9


def test_pareto_front_and_hypervolume_match_optuna() -> None:
    twins = make_twins(40, seed=6, directions=("minimize", "maximize"))
    mine, theirs = call_both("plot_pareto_front", twins, backend="matplotlib")
    assert _points(mine) == _points(theirs)
    assert mine.get_xlabel() == theirs.get_xlabel()
    mine, theirs = call_both("plot_hypervolume_history", twins, [60.0, 0.0], backend="matplotlib")
    assert _lines(mine) == _lines(theirs)


def test_importance_bars_match_optuna_with_the_same_evaluator(single: Any) -> None:
    import optuna

    import tuner

    mine = tuner.visualization.matplotlib.plot_param_importances(
        single.tuner, tuner.importance.PedAnovaImportanceEvaluator()
    )
    theirs = optuna.visualization.matplotlib.plot_param_importances(
        single.optuna, optuna.importance.PedAnovaImportanceEvaluator()
    )
    widths = sorted(round(p.get_width(), 9) for p in mine.patches)
    assert widths == sorted(round(p.get_width(), 9) for p in theirs.patches)
    labels = [t.get_text() for t in mine.get_yticklabels()]
    assert labels == [t.get_text() for t in theirs.get_yticklabels()]


def test_contour_surface_passes_through_the_trials(single: Any) -> None:
    """The filled contour interpolates between trials as Optuna's does (Laplace on a
    100 x 100 grid): at a trial's grid point the surface holds the trial's cell value."""
    import tuner
    from tuner.visualization._data._contour import contour_info, surface

    info = contour_info(single.tuner, ["x", "lr"], None, "Objective Value")
    s = surface(info.panels[0][0])
    assert s is not None and s.z.shape == (100, 100)
    ix = np.abs(s.x[None, :] - s.points_x[:, None]).argmin(axis=1)
    iy = np.abs(s.y[None, :] - s.points_y[:, None]).argmin(axis=1)
    complete = single.tuner.get_trials(states=(tuner.trial.TrialState.COMPLETE,))
    values = np.array([t.value for t in complete if "x" in t.params and "lr" in t.params])
    # A harmonic surface stays within the values it interpolates.
    assert s.z.min() >= values.min() - 1e-9 and s.z.max() <= values.max() + 1e-9
    flat = iy * 100 + ix
    alone = np.flatnonzero(np.bincount(flat, minlength=100 * 100)[flat] == 1)
    assert len(alone) > 10
    assert np.allclose(s.z[iy[alone], ix[alone]], values[alone])
    ax = tuner.visualization.matplotlib.plot_contour(single.tuner, params=["x", "lr"])
    assert ax.get_xscale() == "log" and ax.get_yscale() == "linear"  # lr, then x
    assert ax.get_title() == "Contour Plot"


@pytest.mark.parametrize(
    "name",
    ["plot_contour", "plot_rank", "plot_parallel_coordinate", "plot_slice", "plot_timeline"],
)
def test_every_matplotlib_figure_draws(single: Any, name: str) -> None:
    import tuner

    fn = getattr(tuner.visualization.matplotlib, name)
    # A 3 x 3 grid is enough to exercise the grid layouts (the full 8 x 8 takes long).
    grid = name in ("plot_contour", "plot_rank")
    result = fn(single.tuner, ["x", "lr", "act"]) if grid else fn(single.tuner)
    axes = result.flat if hasattr(result, "flat") else [result]
    assert any(a.collections or a.lines or a.patches for a in axes)
