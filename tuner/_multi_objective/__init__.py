"""Multi-objective math shared by samplers, the study and plots.

Every function works on *losses*: an (n_points, n_objectives) float array where smaller is
better in every column (:func:`loss_matrix` turns trials and study directions into one).
Maximized values ``y`` become losses as ``-y``. No NaN: map a missing value to ``+inf``
(the worst loss) first.

- :func:`is_pareto_front`, :func:`non_domination_ranks`: dominance (O(n log n) for two
  objectives);
- :func:`hypervolume`, :func:`exclusive_contributions`, :func:`select_by_contribution`:
  exact hypervolumes and each point's share;
- :func:`loss_reference_point`: the one reference-point rule;
- :func:`crowding_distance`: NSGA-II's diversity measure;
- :func:`loss_matrix`, :func:`pareto_front_trials`: from trials.

Example:
    >>> import numpy as np
    >>> from tuner._multi_objective import hypervolume, is_pareto_front, loss_reference_point
    >>> losses = np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0], [3.0, 3.0]])
    >>> is_pareto_front(losses).tolist()
    [True, True, True, False]
    >>> hypervolume(losses, np.array([4.0, 4.0]))
    6.0
"""

from tuner._multi_objective._crowding import crowding_distance
from tuner._multi_objective._hypervolume import (
    exclusive_contributions,
    hypervolume,
    loss_reference_point,
    select_by_contribution,
)
from tuner._multi_objective._losses import loss_matrix, pareto_front_trials
from tuner._multi_objective._pareto import is_pareto_front, non_domination_ranks

__all__ = [
    "crowding_distance",
    "exclusive_contributions",
    "hypervolume",
    "is_pareto_front",
    "loss_matrix",
    "loss_reference_point",
    "non_domination_ranks",
    "pareto_front_trials",
    "select_by_contribution",
]
