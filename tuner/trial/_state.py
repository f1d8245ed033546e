from __future__ import annotations

import enum


class TrialState(enum.IntEnum):
    """The life cycle of a trial.

    ``WAITING`` (enqueued, not started) -> ``RUNNING`` -> one of the finished states
    ``COMPLETE``, ``PRUNED`` or ``FAIL``. Finished trials never change again.
    The integer values are Optuna's, so stored states mean the same in both.
    """

    RUNNING = 0
    COMPLETE = 1
    PRUNED = 2
    FAIL = 3
    WAITING = 4

    def __repr__(self) -> str:
        return f"TrialState.{self.name}"

    def is_finished(self) -> bool:
        """True for ``COMPLETE``, ``PRUNED`` and ``FAIL``."""
        return 1 <= self <= 3
