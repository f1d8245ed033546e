from __future__ import annotations

import enum


class StudyDirection(enum.IntEnum):
    """Whether an objective is minimized or maximized (Optuna's integer values)."""

    NOT_SET = 0
    MINIMIZE = 1
    MAXIMIZE = 2

    def __repr__(self) -> str:
        return f"StudyDirection.{self.name}"
