"""The same figures as :mod:`tuner.visualization`, drawn with matplotlib (returning
``Axes``, or an array of them for grids), from the same figure data.

Each figure uses the ggplot style for itself only (Optuna switches the style of the whole
session).
"""

from tuner.visualization.matplotlib._history import (
    plot_edf,
    plot_hypervolume_history,
    plot_intermediate_values,
    plot_optimization_history,
    plot_param_importances,
    plot_pareto_front,
    plot_timeline,
)
from tuner.visualization.matplotlib._imports import is_available
from tuner.visualization.matplotlib._params import (
    plot_contour,
    plot_parallel_coordinate,
    plot_rank,
    plot_slice,
)

__all__ = [
    "is_available",
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
