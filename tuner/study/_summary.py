from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from tuner._direction import StudyDirection
from tuner.storages._frozen_study import DirectionsRecord
from tuner.trial._frozen import FrozenTrial


class StudySummary(DirectionsRecord):
    """What :func:`tuner.get_all_study_summaries` says of one study.

    Attributes:
        study_name: The study's name.
        directions: The direction of each objective.
        best_trial: The best trial (single-objective studies with a complete trial), else None.
        user_attrs: The study's user attributes.
        system_attrs: The study's system attributes.
        n_trials: How many trials the study has, in any state.
        datetime_start: When its first trial started, or None.
    """

    def __init__(
        self,
        study_name: str,
        direction: StudyDirection | None,
        best_trial: FrozenTrial | None,
        user_attrs: dict[str, Any],
        system_attrs: dict[str, Any],
        n_trials: int,
        datetime_start: datetime.datetime | None,
        study_id: int,
        *,
        directions: Sequence[StudyDirection] | None = None,
    ) -> None:
        self._set_directions(direction, directions)
        self.study_name = study_name
        self.best_trial = best_trial
        self.user_attrs = user_attrs
        self.system_attrs = system_attrs
        self.n_trials = n_trials
        self.datetime_start = datetime_start
        self._study_id = study_id

    def __repr__(self) -> str:
        return f"StudySummary(study_name={self.study_name!r}, n_trials={self.n_trials})"
