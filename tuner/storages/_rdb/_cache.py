"""What one worker knows of a study's trials."""

from __future__ import annotations

import bisect
from collections.abc import Container

from tuner._direction import StudyDirection
from tuner.storages._best_trial import better_trial, can_be_best
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState


class StudyTrials:
    """The trials of one study as last read, finished ones final.

    Numbers visible in the database always form a prefix 0..n-1 (a number is only taken
    after its predecessor committed), so ``trials[i]`` is trial number ``i`` and anything at
    or past ``len(trials)`` is new. Unfinished trials are re-read on every refresh. The best
    trial of a single-objective study is kept up to date as trials finish.
    """

    __slots__ = ("best", "directions", "finished", "trials", "unfinished")

    def __init__(self, directions: list[StudyDirection]) -> None:
        self.directions = directions
        self.trials: list[FrozenTrial] = []
        self.unfinished: dict[int, int] = {}  # trial id -> number
        # Finished trials by state, in number order: a sampler asking for the COMPLETE
        # trials gets a copy of one list instead of a filter over the whole study.
        self.finished: dict[TrialState, list[FrozenTrial]] = {
            s: [] for s in TrialState if s.is_finished()
        }
        self.best: FrozenTrial | None = None

    def select(self, states: Container[TrialState] | None) -> list[FrozenTrial]:
        """The trials in ``states`` (all when None), in number order."""
        if states is None:
            return list(self.trials)
        parts = [trials for s, trials in self.finished.items() if trials and s in states]
        if any(s in states for s in (TrialState.RUNNING, TrialState.WAITING)):
            listed = self.trials
            parts.append([t for n in self.unfinished.values() if (t := listed[n]).state in states])
        if len(parts) == 1:
            return list(parts[0])
        return sorted((t for part in parts for t in part), key=_number)

    def merge(self, trial: FrozenTrial) -> bool:
        """Take a trial just read; False when it was not taken (already final, or a gap)."""
        number, listed = trial.number, self.trials
        if number < len(listed):
            if listed[number].state.is_finished():
                return False
            listed[number] = trial
        elif number == len(listed):
            listed.append(trial)
        else:
            return False  # not contiguous (a concurrent refresh); read next time
        if trial.state.is_finished():
            self.unfinished.pop(trial._trial_id, None)
            self._add_finished(trial)
        else:
            self.unfinished[trial._trial_id] = number
        return True

    def finish(self, trial: FrozenTrial) -> None:
        """Take a finished trial read on its own, if it is one this cache holds unfinished."""
        if self.unfinished.pop(trial._trial_id, None) is not None:
            self.trials[trial.number] = trial
            self._add_finished(trial)

    def _add_finished(self, trial: FrozenTrial) -> None:
        same = self.finished[trial.state]
        if not same or same[-1].number < trial.number:
            same.append(trial)  # the usual case: trials finish about in number order
        else:
            bisect.insort(same, trial, key=_number)
        self._consider_best(trial)

    def _consider_best(self, trial: FrozenTrial) -> None:
        if len(self.directions) == 1 and can_be_best(trial):
            self.best = better_trial(trial, self.best, self.directions[0])


def _number(trial: FrozenTrial) -> int:
    return trial.number
