"""Figures of a study, as in Optuna: plotly figures here, matplotlib ones in
:mod:`tuner.visualization.matplotlib`.

plotly and matplotlib come with ``pip install "tuner[plot]"``; each is imported only when a
figure is drawn, and a missing one raises an ImportError that says what to install. Every
figure is computed first as plain numbers (numpy arrays, lists) that both backends draw, so
the two show the same data.
"""

from tuner.visualization import matplotlib
from tuner.visualization._plotly._history import (
    plot_edf,
    plot_intermediate_values,
    plot_optimization_history,
    plot_param_importances,
    plot_timeline,
)
from tuner.visualization._plotly._imports import is_available
from tuner.visualization._plotly._multi_objective import (
    plot_hypervolume_history,
    plot_pareto_front,
)
from tuner.visualization._plotly._parallel import plot_parallel_coordinate
from tuner.visualization._plotly._params import plot_contour, plot_rank, plot_slice

__all__ = [
    "is_available",
    "matplotlib",
    "plot_contour",
    "plot_edf",
    "plot_hypervolume_history",
    "plot_intermediate_values",
    "plot_optimization_history",
    "plot_parallel_coordinate",
    "plot_param_importances",
    "plot_pareto_front",
    "plot_rank",
    "plot_slice",
    "plot_timeline",
]
