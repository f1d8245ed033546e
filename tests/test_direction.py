"""Directions and the one rule for comparing values under them."""

from __future__ import annotations

import math

import pytest

import tuner
from tuner._direction import StudyDirection, is_better, loss_sign, loss_signs

MIN, MAX = StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE


def test_study_direction_is_the_one_users_import_from_tuner_study() -> None:
    assert tuner.study.StudyDirection is StudyDirection
    assert [int(d) for d in StudyDirection] == [0, 1, 2]  # Optuna's values


@pytest.mark.parametrize(
    ("value", "other", "direction", "expected"),
    [
        (1.0, 2.0, MIN, True),
        (2.0, 1.0, MIN, False),
        (2.0, 1.0, MAX, True),
        (1.0, 1.0, MAX, False),
        (-math.inf, 0.0, MIN, True),
        (math.inf, 0.0, MAX, True),
        (math.nan, 0.0, MIN, False),
        (0.0, math.nan, MAX, False),
    ],
)
def test_is_better(value: float, other: float, direction: StudyDirection, expected: bool) -> None:
    assert is_better(value, other, direction) is expected


def test_loss_signs_make_smaller_better() -> None:
    assert loss_sign(MIN) == 1.0 and loss_sign(MAX) == -1.0
    assert loss_signs([MIN, MAX, MIN]).tolist() == [1.0, -1.0, 1.0]
