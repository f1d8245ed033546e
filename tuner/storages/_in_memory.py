from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Container, Sequence
from datetime import datetime, timezone
from typing import Any

from tuner._direction import StudyDirection
from tuner.distributions import BaseDistribution, check_distribution_compatibility
from tuner.exceptions import (
    DuplicatedStudyError,
    StudyNotFoundError,
    TrialNotFoundError,
    UpdateFinishedTrialError,
)
from tuner.storages._base import BaseStorage, JSONSerializable
from tuner.storages._best_trial import better_trial, can_be_best
from tuner.storages._frozen_study import FrozenStudy
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

_FINISHED = frozenset(s for s in TrialState if s.is_finished())


def _raise_finished(trial: FrozenTrial) -> None:
    raise UpdateFinishedTrialError(
        f"Trial {trial.number} has already finished ({trial.state.name}) and cannot be updated."
    )


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class _StudyRecord:
    __slots__ = (
        "best_trial_id",
        "directions",
        "ids_by_state",
        "name",
        "param_distributions",
        "system_attrs",
        "trial_ids",
        "user_attrs",
    )

    def __init__(self, name: str, directions: list[StudyDirection]) -> None:
        self.name = name
        self.directions = directions
        self.user_attrs: dict[str, Any] = {}
        self.system_attrs: dict[str, Any] = {}
        self.trial_ids: list[int] = []  # in trial-number order
        # Trial ids by state (dicts as ordered sets), so that "the WAITING trials" or "the
        # COMPLETE trials" cost what they hold, not the size of the study.
        self.ids_by_state: dict[TrialState, dict[int, None]] = {s: {} for s in TrialState}
        self.param_distributions: dict[str, BaseDistribution] = {}
        self.best_trial_id: int | None = None


class InMemoryStorage(BaseStorage):
    """Keeps studies in this process's memory; the default storage. Thread-safe.

    Fast because it hands out shared snapshots: a finished trial is immutable and returned
    as it is; a running trial's snapshot is rebuilt only after it changes. Everything is
    lost when the process exits: use :class:`~tuner.storages.RDBStorage` to keep studies
    or share them between processes.

    Example:
        >>> import tuner
        >>> storage = tuner.storages.InMemoryStorage()
        >>> study = tuner.create_study(storage=storage, study_name="quick")
        >>> study.optimize(lambda t: t.suggest_int("n", 0, 9), n_trials=5)
        >>> storage.get_n_trials(storage.get_study_id_from_name("quick"))
        5
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._studies: dict[int, _StudyRecord] = {}
        self._study_ids_by_name: dict[str, int] = {}
        self._trials: dict[int, FrozenTrial] = {}  # the storage's own, mutable while unfinished
        self._trial_study_ids: dict[int, int] = {}
        self._snapshots: dict[int, FrozenTrial] = {}  # read copies of unfinished trials
        self._next_study_id = 0
        self._next_trial_id = 0

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    # -- studies --------------------------------------------------------------------------

    def _study(self, study_id: int) -> _StudyRecord:
        try:
            return self._studies[study_id]
        except KeyError:
            raise StudyNotFoundError(f"No study with id {study_id} in this storage.") from None

    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        with self._lock:
            if study_name is None:
                study_name = f"no-name-{uuid.uuid4()}"
            if study_name in self._study_ids_by_name:
                raise DuplicatedStudyError(
                    f"A study named {study_name!r} already exists; pass load_if_exists=True "
                    "to resume it, or choose another name."
                )
            study_id = self._next_study_id
            self._next_study_id += 1
            self._studies[study_id] = _StudyRecord(study_name, list(directions))
            self._study_ids_by_name[study_name] = study_id
            return study_id

    def delete_study(self, study_id: int) -> None:
        with self._lock:
            record = self._study(study_id)
            for trial_id in record.trial_ids:
                del self._trials[trial_id]
                del self._trial_study_ids[trial_id]
                self._snapshots.pop(trial_id, None)
            del self._study_ids_by_name[record.name]
            del self._studies[study_id]

    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        with self._lock:
            self._study(study_id).user_attrs[key] = value

    def set_study_system_attr(self, study_id: int, key: str, value: JSONSerializable) -> None:
        with self._lock:
            self._study(study_id).system_attrs[key] = value

    def get_study_id_from_name(self, study_name: str) -> int:
        with self._lock:
            try:
                return self._study_ids_by_name[study_name]
            except KeyError:
                raise StudyNotFoundError(
                    f"No study named {study_name!r} in this storage; create it with "
                    "tuner.create_study(study_name=...)."
                ) from None

    def get_study_name_from_id(self, study_id: int) -> str:
        with self._lock:
            return self._study(study_id).name

    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        with self._lock:
            return list(self._study(study_id).directions)

    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._study(study_id).user_attrs)

    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._study(study_id).system_attrs)

    def get_all_studies(self) -> list[FrozenStudy]:
        with self._lock:
            return [
                FrozenStudy(
                    study_name=r.name,
                    direction=None,
                    directions=list(r.directions),
                    user_attrs=copy.deepcopy(r.user_attrs),
                    system_attrs=copy.deepcopy(r.system_attrs),
                    study_id=study_id,
                )
                for study_id, r in self._studies.items()
            ]

    # -- trials: writes -------------------------------------------------------------------

    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        with self._lock:
            record = self._study(study_id)
            trial_id = self._next_trial_id
            number = len(record.trial_ids)
            if template_trial is None:
                trial = FrozenTrial(
                    number=number,
                    state=TrialState.RUNNING,
                    value=None,
                    datetime_start=utc_now(),
                    datetime_complete=None,
                    params={},
                    distributions={},
                    user_attrs={},
                    system_attrs={},
                    intermediate_values={},
                    trial_id=trial_id,
                )
            else:
                for name, dist in template_trial.distributions.items():
                    self._register_distribution(record, name, dist)
                trial = template_trial._copy(deep=True)
                trial.number = number
                trial._trial_id = trial_id
            self._next_trial_id += 1
            self._trials[trial_id] = trial
            self._trial_study_ids[trial_id] = study_id
            record.trial_ids.append(trial_id)
            record.ids_by_state[trial.state][trial_id] = None
            if trial.state.is_finished():
                self._on_finished(record, trial)
            return trial_id

    def _register_distribution(
        self, record: _StudyRecord, name: str, distribution: BaseDistribution
    ) -> None:
        known = record.param_distributions.get(name)
        if known is distribution:
            return
        if known is not None:
            check_distribution_compatibility(known, distribution)
        record.param_distributions[name] = distribution

    def _unfinished_trial(self, trial_id: int) -> FrozenTrial:
        """The storage's own copy of a trial that may still change; drops its snapshot."""
        trial = self._trial(trial_id)
        if trial.state in _FINISHED:
            _raise_finished(trial)
        self._snapshots.pop(trial_id, None)
        return trial

    def _trial(self, trial_id: int) -> FrozenTrial:
        try:
            return self._trials[trial_id]
        except KeyError:
            raise TrialNotFoundError(f"No trial with id {trial_id} in this storage.") from None

    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        with self._lock:
            trial = self._unfinished_trial(trial_id)
            record = self._studies[self._trial_study_ids[trial_id]]
            if record.param_distributions.get(param_name) is not distribution:
                self._register_distribution(record, param_name, distribution)
            trial._params[param_name] = distribution.to_external_repr(param_value_internal)
            trial._distributions[param_name] = distribution

    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        with self._lock:
            trial = self._trial(trial_id)
            if trial.state in _FINISHED:
                _raise_finished(trial)
            if state == TrialState.RUNNING and trial.state == TrialState.RUNNING:
                return False
            self._snapshots.pop(trial_id, None)
            record = self._studies[self._trial_study_ids[trial_id]]
            del record.ids_by_state[trial.state][trial_id]
            record.ids_by_state[state][trial_id] = None
            trial.state = state
            if values is not None:
                trial.values = [float(v) for v in values]
            if state == TrialState.RUNNING:
                trial.datetime_start = utc_now()
            if state.is_finished():
                trial.datetime_complete = utc_now()
                self._on_finished(record, trial)
            return True

    def _on_finished(self, record: _StudyRecord, trial: FrozenTrial) -> None:
        if len(record.directions) != 1 or not can_be_best(trial):
            return
        best = None if record.best_trial_id is None else self._trials[record.best_trial_id]
        record.best_trial_id = better_trial(trial, best, record.directions[0])._trial_id

    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        with self._lock:
            self._unfinished_trial(trial_id).intermediate_values[step] = intermediate_value

    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        with self._lock:
            self._unfinished_trial(trial_id).user_attrs[key] = copy.deepcopy(value)

    def set_trial_system_attr(self, trial_id: int, key: str, value: JSONSerializable) -> None:
        with self._lock:
            self._unfinished_trial(trial_id).system_attrs[key] = copy.deepcopy(value)

    # -- trials: reads --------------------------------------------------------------------

    def _snapshot(self, trial_id: int) -> FrozenTrial:
        trial = self._trials[trial_id]
        if trial.state in _FINISHED:
            return trial
        snapshot = self._snapshots.get(trial_id)
        if snapshot is None:
            # Shallow is enough: attribute values are copied on the way in and only replaced,
            # never changed in place.
            snapshot = self._snapshots[trial_id] = trial._copy()
        return snapshot

    def get_trial(self, trial_id: int) -> FrozenTrial:
        with self._lock:
            self._trial(trial_id)
            return self._snapshot(trial_id)

    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        with self._lock:
            record = self._study(study_id)
            snapshot = self._snapshot
            if states is None:
                trials = [snapshot(i) for i in record.trial_ids]
            else:
                if isinstance(states, tuple) and len(states) == 1:
                    buckets = [record.ids_by_state[states[0]]]
                else:
                    buckets = [
                        ids for s, ids in record.ids_by_state.items() if ids and s in states
                    ]
                if len(buckets) == 1:
                    # A bucket is in the order trials entered the state, not number order
                    # (sorting an already sorted bucket is linear).
                    trials = [snapshot(i) for i in sorted(buckets[0])]
                else:
                    # Trial ids grow with trial numbers within a study.
                    trials = [snapshot(i) for i in sorted(i for ids in buckets for i in ids)]
        if deepcopy:
            trials = [t._copy(deep=True) for t in trials]
        return trials

    def get_n_trials(
        self, study_id: int, state: tuple[TrialState, ...] | TrialState | None = None
    ) -> int:
        with self._lock:
            record = self._study(study_id)
            if state is None:
                return len(record.trial_ids)
            states = (state,) if isinstance(state, TrialState) else state
            return sum(len(ids) for s, ids in record.ids_by_state.items() if s in states)

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        with self._lock:
            record = self._study(study_id)
            if len(record.directions) == 1 and record.best_trial_id is not None:
                return self._trials[record.best_trial_id]
        return super().get_best_trial(study_id)

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        with self._lock:
            trial_ids = self._study(study_id).trial_ids
            if 0 <= trial_number < len(trial_ids):
                return trial_ids[trial_number]
        raise TrialNotFoundError(f"Study {study_id} has no trial number {trial_number}.")

    def get_trial_number_from_id(self, trial_id: int) -> int:
        with self._lock:
            return self._trial(trial_id).number

    def get_trial_system_attrs(self, trial_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._trial(trial_id).system_attrs)

    def get_trial_user_attrs(self, trial_id: int) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._trial(trial_id).user_attrs)

    def get_trial_params(self, trial_id: int) -> dict[str, Any]:
        with self._lock:
            return dict(self._trial(trial_id).params)
