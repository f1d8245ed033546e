"""matplotlib figures of the target against parameters: slice, contour, rank and parallel
coordinates."""

from __future__ import annotations

from typing import Any

import numpy as np

from tuner.study import Study
from tuner.visualization._data import _colors
from tuner.visualization._data._axes import Axis
from tuner.visualization._data._common import DEFAULT_TARGET_NAME, INFEASIBLE_COLOR, TargetType
from tuner.visualization._data._contour import ContourPanel, contour_info, surface
from tuner.visualization._data._parallel import parallel_coordinate_info
from tuner.visualization._data._rank import rank_info
from tuner.visualization._data._slice import slice_info
from tuner.visualization.matplotlib._imports import plt, style


def plot_slice(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_slice`: an ``Axes`` for one
    parameter, an array of them for several.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 3),
        ...                n_trials=5)
        >>> len(tuner.visualization.matplotlib.plot_slice(study))
        2
    """
    p = plt()
    info = slice_info(study, params, target, target_name)
    with style():
        if not info.subplots:
            _, ax = p.subplots()
            return ax
        n = len(info.subplots)
        width, height = p.rcParams["figure.figsize"]
        fig, axs = p.subplots(
            1,
            n,
            sharey=True,
            figsize=(max(width, width / 2 * n), height),
            layout="constrained",
            squeeze=False,
        )
        axs = axs[0]
        fig.suptitle("Slice Plot")
        sc = None
        vmin = min((float(s.numbers.min()) for s in info.subplots if len(s.numbers)), default=0)
        vmax = max((float(s.numbers.max()) for s in info.subplots if len(s.numbers)), default=1)
        for ax, sub in zip(axs, info.subplots):
            ax.set_xlabel(sub.param)
            if sub.categories is not None:
                index = {c: i for i, c in enumerate(sub.categories)}
                x = np.array([index[v] for v in sub.x], dtype=float)
                bad_x = np.array([index[v] for v in sub.infeasible_x], dtype=float)
                ax.set_xticks(range(len(sub.categories)), sub.categories)
                ax.set_xlim(-0.5, len(sub.categories) - 0.5)
            else:
                x, bad_x = sub.x, sub.infeasible_x
                if sub.is_log:
                    ax.set_xscale("log")
            sc = ax.scatter(
                x, sub.y, c=sub.numbers, cmap="Blues", vmin=vmin, vmax=vmax, edgecolors="grey"
            )
            if len(bad_x):
                ax.scatter(bad_x, sub.infeasible_y, c=INFEASIBLE_COLOR, label="Infeasible Trial")
        axs[0].set_ylabel(target_name)
        fig.colorbar(sc, ax=axs).set_label("Trial")
    return axs[0] if n == 1 else axs


def plot_contour(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_contour`: filled contours of the
    target interpolated over a 100 x 100 grid (Laplace interpolation between trials).

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1),
        ...                n_trials=10)
        >>> tuner.visualization.matplotlib.plot_contour(study).get_title()
        'Contour Plot'
    """
    p = plt()
    info = contour_info(study, params, target, target_name)
    n = len(info.params)
    cmap = p.get_cmap("Blues_r" if info.reverse_scale else "Blues")
    with style():
        if n <= 1:
            _, ax = p.subplots()
            return ax
        if n == 2:
            fig, ax = p.subplots(layout="constrained")
            ax.set_title("Contour Plot")
            cs = _contour_panel(info.panels[0][0], ax, cmap)
            if cs is not None:
                fig.colorbar(cs, ax=ax).set_label(target_name)
            return ax
        fig, axs = p.subplots(n, n, figsize=(2.2 * n + 1, 2.2 * n), layout="constrained")
        fig.suptitle("Contour Plot")
        first = None
        for y_i in range(n):
            for x_i in range(n):
                cs = _contour_panel(info.panels[y_i][x_i], axs[y_i, x_i], cmap)
                first = first or cs
                axs[y_i, x_i].label_outer()
        if first is not None:
            fig.colorbar(first, ax=axs).set_label(target_name)
        return axs


def _contour_panel(panel: ContourPanel, ax: Any, cmap: Any) -> Any:
    if panel.x.n_unique < 2 or panel.y.n_unique < 2:
        return None
    ax.set(xlabel=panel.x.name, ylabel=panel.y.name)
    ax.set_xlim(*panel.x.range)
    ax.set_ylim(*panel.y.range)
    for axis, setter_ticks, setter_scale in (
        (panel.x, ax.set_xticks, ax.set_xscale),
        (panel.y, ax.set_yticks, ax.set_yscale),
    ):
        if axis.is_cat:
            setter_ticks(range(axis.n_unique), list(axis.unique))
        else:
            setter_scale("log" if axis.is_log else "linear")
    if panel.x.name == panel.y.name:
        return None
    s = surface(panel)
    if s is None:
        return None
    ax.contour(s.x, s.y, s.z, 15, linewidths=0.5, colors="k")
    cs = ax.contourf(s.x, s.y, s.z, 15, cmap=cmap.reversed())
    for mask, color in ((s.feasible, "black"), (~s.feasible, INFEASIBLE_COLOR)):
        if mask.any():
            ax.scatter(
                s.points_x[mask],
                s.points_y[mask],
                marker="o",
                c=color,
                s=20,
                edgecolors="grey",
                linewidth=2.0,
            )
    return cs


def plot_rank(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_rank`.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1),
        ...                n_trials=10)
        >>> tuner.visualization.matplotlib.plot_rank(study).get_title()
        'Rank (Objective Value)'
    """
    p = plt()
    info = rank_info(study, params, target, target_name)
    n = len(info.params)
    title = f"Rank ({info.target_name})"
    with style():
        if n == 0:
            _, ax = p.subplots()
            ax.set_title(title)
            return ax
        colors = info.colors / 255.0
        if n == 2:
            fig, ax = p.subplots(layout="constrained")
            ax.set_title(title)
            axs = np.array([[ax]])
        else:
            fig, axs = p.subplots(n, n, figsize=(2.2 * n + 1, 2.2 * n), layout="constrained")
            fig.suptitle(title)
            axs = np.asarray(axs).reshape(n, n)
        for y_i, row in enumerate(info.panels):
            for x_i, panel in enumerate(row):
                a = axs[y_i, x_i]
                rows = panel.rows
                a.scatter(
                    _coords(panel.x, rows),
                    _coords(panel.y, rows),
                    c=colors[rows],
                    edgecolors="grey",
                    linewidth=0.5,
                )
                _rank_axis(a, panel.x, "x")
                _rank_axis(a, panel.y, "y")
                if n != 2:
                    a.label_outer()
        mappable = p.cm.ScalarMappable(
            cmap=p.get_cmap("RdYlBu_r"), norm=p.Normalize(vmin=0, vmax=1)
        )
        bar = fig.colorbar(mappable, ax=axs.ravel().tolist())
        bar.set_ticks(info.tick_positions)
        bar.set_ticklabels(info.tick_texts)
        return axs[0, 0] if n == 2 else axs


def _coords(ax: Axis, rows: np.ndarray) -> np.ndarray:
    if ax.is_cat:
        lookup = {v: i for i, v in enumerate(ax.unique)}
        return np.array([lookup[v] for v in ax.values[rows]], dtype=float)
    coords: np.ndarray = ax.values[rows].astype(float)
    return coords


def _rank_axis(a: Any, axis: Axis, which: str) -> None:
    getattr(a, f"set_{which}label")(axis.name)
    getattr(a, f"set_{which}lim")(*axis.range)
    if axis.is_cat:
        getattr(a, f"set_{which}ticks")(range(axis.n_unique), list(axis.unique))
    elif axis.is_log:
        getattr(a, f"set_{which}scale")("log")


def plot_parallel_coordinate(
    study: Study,
    params: list[str] | None = None,
    *,
    target: TargetType | None = None,
    target_name: str = DEFAULT_TARGET_NAME,
) -> Any:
    """matplotlib version of :func:`tuner.visualization.plot_parallel_coordinate`: one line
    per trial on axes scaled 0 (bottom) to 1 (top), ticks labelled in each axis's units.

    Example:
        >>> import tuner
        >>> study = tuner.create_study()
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 3),
        ...                n_trials=5)
        >>> ax = tuner.visualization.matplotlib.plot_parallel_coordinate(study)
        >>> [t.get_text() for t in ax.get_xticklabels()]
        ['Objective Value', 'n', 'x']
    """
    p = plt()
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D

    info = parallel_coordinate_info(study, params, target, target_name)
    with style():
        fig, ax = p.subplots(
            figsize=(max(6.4, 1.3 * (len(info.dimensions) + 1)), 4.8), layout="constrained"
        )
        ax.set_title("Parallel Coordinate Plot", y=1.03)
        if info.empty:
            return ax
        dims = info.dimensions
        ys = np.column_stack([d.normalized() for d in dims])
        order = np.argsort(info.color_positions(), kind="stable")  # best (darkest) on top
        segments = np.stack(
            [np.broadcast_to(np.arange(len(dims), dtype=float), ys.shape), ys], axis=-1
        )[order]
        lines = LineCollection(list(segments), linewidths=1.2, alpha=0.5)
        lines.set_color(list(info.line_colors()[order] / 255.0))
        if info.feasibility is not None:
            lines.set_linestyle(["solid" if info.feasibility[i] else "dotted" for i in order])
            ax.legend(
                handles=[
                    Line2D([0], [0], color="#2F3B52", linestyle="solid", label="Feasible"),
                    Line2D([0], [0], color="#2F3B52", linestyle="dotted", label="Infeasible"),
                ],
                loc="lower right",
                bbox_to_anchor=(1.0, 1.02),
                ncol=2,
                frameon=False,
            )
        ax.add_collection(lines)
        ax.set_xlim(-0.3, len(dims) - 0.7)
        ax.set_ylim(-0.05, 1.05)
        ax.set_yticks([])
        ax.set_xticks(range(len(dims)), [d.label for d in dims], rotation=330)
        ax.grid(False)
        ax.set_facecolor("white")
        for i, dim in enumerate(dims):
            ax.axvline(i, color="#888", linewidth=1, zorder=0)
            ticks, texts = dim.ticks()
            for y, text in zip(dim.normalized(np.array(ticks, dtype=float)), texts):
                ax.annotate(
                    text,
                    (i, float(y)),
                    xytext=(-4, 0),
                    textcoords="offset points",
                    ha="right",
                    va="center",
                    fontsize=8,
                    color="#555",
                )
        low, high = info.color_range()
        scale = ListedColormap(_colors.sample(_colors.BLUES, np.linspace(0, 1, 256)) / 255.0)
        mappable = p.cm.ScalarMappable(
            cmap=scale.reversed() if info.reverse_scale else scale,
            norm=p.Normalize(vmin=low, vmax=high),
        )
        bar = fig.colorbar(mappable, ax=ax, pad=0.02)
        bar.set_label(info.colorbar_title)
        if info.is_rank_color:
            bar.set_ticks(list(range(int(info.color_values.max()) + 1)))
    return ax
