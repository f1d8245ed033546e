"""Optimization directions and the one rule for comparing values under them.

Everything that asks "is this value better?" goes through :func:`loss_sign`: multiplied by
it, a value becomes a *loss*, where smaller is always better. Keeping the sign flip in one
place means no sampler, pruner or storage can get a maximized study backwards on its own.

This module sits at the bottom of the package (below ``storages``), so storages, samplers
and pruners can use :class:`StudyDirection` without importing the ``study`` package;
``tuner.study.StudyDirection`` re-exports it for users.

Example:
    >>> loss_sign(StudyDirection.MAXIMIZE) * 3.0
    -3.0
    >>> is_better(2.0, 1.0, StudyDirection.MAXIMIZE), is_better(2.0, 1.0, StudyDirection.MINIMIZE)
    (True, False)
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import numpy as np


class StudyDirection(enum.IntEnum):
    """Whether an objective is minimized or maximized (Optuna's integer values).

    Example:
        >>> import tuner
        >>> tuner.create_study(direction="maximize").direction
        StudyDirection.MAXIMIZE
    """

    NOT_SET = 0
    MINIMIZE = 1
    MAXIMIZE = 2

    def __repr__(self) -> str:
        return f"StudyDirection.{self.name}"


def loss_sign(direction: StudyDirection) -> float:
    """-1.0 when maximizing, else 1.0: ``loss_sign(direction) * value`` is a loss.

    Negation is exact in floating point, so comparisons of losses give exactly the answers
    the direction-specific comparisons of values would.
    """
    return -1.0 if direction == StudyDirection.MAXIMIZE else 1.0


def loss_signs(directions: Sequence[StudyDirection]) -> np.ndarray:
    """:func:`loss_sign` of each objective, as a float array (multiply a values matrix by it).

    Example:
        >>> loss_signs([StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE]).tolist()
        [1.0, -1.0]
    """
    return np.array([loss_sign(d) for d in directions], dtype=float)


def is_better(value: float, other: float, direction: StudyDirection) -> bool:
    """Whether ``value`` is strictly better than ``other`` (False for equal values or NaN)."""
    sign = loss_sign(direction)
    return bool(sign * value < sign * other)
