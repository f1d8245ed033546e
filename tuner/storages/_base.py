from __future__ import annotations

import abc
from collections.abc import Container, Sequence
from typing import Any

from tuner._direction import StudyDirection
from tuner.distributions import BaseDistribution
from tuner.exceptions import TrialNotFoundError, UpdateFinishedTrialError
from tuner.storages._best_trial import best_of
from tuner.storages._frozen_study import FrozenStudy
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

JSONSerializable = Any


class BaseStorage(abc.ABC):
    """Where studies and trials live. The study code talks to storages only through this.

    The method names and signatures are Optuna's, so a storage written for Optuna works
    here unchanged. A storage must be safe to share between the threads of one process;
    storages that several processes share (e.g. RDB) must also keep these guarantees
    across processes:

    * Trial numbers are 0, 1, 2, ... within a study, unique, with no gaps.
    * A finished trial (COMPLETE, PRUNED or FAIL) never changes again: any write to it
      raises :class:`~tuner.exceptions.UpdateFinishedTrialError`.
    * ``set_trial_state_values(trial_id, TrialState.RUNNING)`` on a WAITING trial
      succeeds for exactly one caller; the others get False. That is how an enqueued trial
      is handed to a single worker.
    * Timestamps are timezone-aware UTC.

    Identifiers: ``study_id`` and ``trial_id`` are the storage's own keys; a trial's
    ``number`` is its position in its study. Missing ids raise
    :class:`~tuner.exceptions.StudyNotFoundError` /
    :class:`~tuner.exceptions.TrialNotFoundError` (both ``KeyError`` subclasses).

    Parameter values are passed in their internal representation (a float, see
    :mod:`tuner.distributions`) together with their distribution. A parameter's distribution
    must stay compatible (:func:`~tuner.distributions.check_distribution_compatibility`)
    across the trials of a study; a storage raises ``ValueError`` otherwise.
    """

    # -- studies --------------------------------------------------------------------------

    @abc.abstractmethod
    def create_new_study(
        self, directions: Sequence[StudyDirection], study_name: str | None = None
    ) -> int:
        """Create a study and return its id.

        A missing ``study_name`` gets a generated unique one.

        Raises:
            DuplicatedStudyError: A study with that name exists.
        """

    @abc.abstractmethod
    def delete_study(self, study_id: int) -> None:
        """Delete a study and all its trials."""

    @abc.abstractmethod
    def set_study_user_attr(self, study_id: int, key: str, value: Any) -> None:
        """Set a JSON-serializable user attribute of a study (last write wins per key)."""

    @abc.abstractmethod
    def set_study_system_attr(self, study_id: int, key: str, value: JSONSerializable) -> None:
        """Set a JSON-serializable system attribute of a study (last write wins per key)."""

    @abc.abstractmethod
    def get_study_id_from_name(self, study_name: str) -> int:
        """Return the id of the study called ``study_name``."""

    @abc.abstractmethod
    def get_study_name_from_id(self, study_id: int) -> str:
        """Return the name of a study."""

    @abc.abstractmethod
    def get_study_directions(self, study_id: int) -> list[StudyDirection]:
        """Return the optimization direction of each objective of a study."""

    @abc.abstractmethod
    def get_study_user_attrs(self, study_id: int) -> dict[str, Any]:
        """Return the user attributes of a study."""

    @abc.abstractmethod
    def get_study_system_attrs(self, study_id: int) -> dict[str, Any]:
        """Return the system attributes of a study."""

    @abc.abstractmethod
    def get_all_studies(self) -> list[FrozenStudy]:
        """Return every study in the storage."""

    # -- trials: writes -------------------------------------------------------------------

    @abc.abstractmethod
    def create_new_trial(self, study_id: int, template_trial: FrozenTrial | None = None) -> int:
        """Create a trial with the next number of the study and return its id.

        Without a template the trial is RUNNING and starts now. With one, the new trial
        copies the template's state, values, datetimes, params, attributes and
        intermediate values (its number and id are new).
        """

    @abc.abstractmethod
    def set_trial_param(
        self,
        trial_id: int,
        param_name: str,
        param_value_internal: float,
        distribution: BaseDistribution,
    ) -> None:
        """Record a parameter of an unfinished trial.

        Raises:
            ValueError: ``distribution`` is incompatible with the one the study used for
                ``param_name`` before.
            UpdateFinishedTrialError: The trial has finished.
        """

    @abc.abstractmethod
    def set_trial_state_values(
        self, trial_id: int, state: TrialState, values: Sequence[float] | None = None
    ) -> bool:
        """Move an unfinished trial to ``state``, storing ``values`` if given.

        Moving to RUNNING sets ``datetime_start``; to a finished state sets
        ``datetime_complete``.

        Returns:
            False when ``state`` is RUNNING and the trial is already RUNNING (another
            worker claimed it first); True otherwise.

        Raises:
            UpdateFinishedTrialError: The trial has finished.
        """

    @abc.abstractmethod
    def set_trial_intermediate_value(
        self, trial_id: int, step: int, intermediate_value: float
    ) -> None:
        """Record the intermediate value at ``step`` of an unfinished trial (overwrites)."""

    @abc.abstractmethod
    def set_trial_user_attr(self, trial_id: int, key: str, value: Any) -> None:
        """Set a JSON-serializable user attribute of an unfinished trial."""

    @abc.abstractmethod
    def set_trial_system_attr(self, trial_id: int, key: str, value: JSONSerializable) -> None:
        """Set a JSON-serializable system attribute of an unfinished trial."""

    # -- trials: reads --------------------------------------------------------------------

    @abc.abstractmethod
    def get_trial(self, trial_id: int) -> FrozenTrial:
        """Return a trial. The caller must not modify the result."""

    @abc.abstractmethod
    def get_all_trials(
        self,
        study_id: int,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
    ) -> list[FrozenTrial]:
        """Return the trials of a study, ordered by number, optionally only in ``states``.

        With ``deepcopy=False`` the caller promises not to modify what it gets, which lets
        the storage hand out shared snapshots (much faster for samplers).
        """

    def get_n_trials(
        self, study_id: int, state: tuple[TrialState, ...] | TrialState | None = None
    ) -> int:
        """Return how many trials the study has, optionally only in ``state``."""
        if isinstance(state, TrialState):
            state = (state,)
        return len(self.get_all_trials(study_id, deepcopy=False, states=state))

    def get_best_trial(self, study_id: int) -> FrozenTrial:
        """Return the best COMPLETE, feasible trial of a single-objective study.

        The earliest trial wins ties.

        Raises:
            ValueError: The study has no complete feasible trial yet.
            RuntimeError: The study has several objectives.
        """
        directions = self.get_study_directions(study_id)
        if len(directions) > 1:
            raise RuntimeError(
                "A multi-objective study has no single best trial; use `best_trials`."
            )
        complete = self.get_all_trials(study_id, deepcopy=False, states=(TrialState.COMPLETE,))
        best = best_of(complete, directions[0])
        if best is None:
            raise ValueError(
                "No trial has completed yet (with all constraints satisfied), so there is no "
                "best trial; run `study.optimize` or `study.tell` first."
            )
        return best

    def get_trial_id_from_study_id_trial_number(self, study_id: int, trial_number: int) -> int:
        """Return the id of the trial with ``trial_number`` in the study."""
        for trial in self.get_all_trials(study_id, deepcopy=False):
            if trial.number == trial_number:
                return trial._trial_id
        raise TrialNotFoundError(f"Study {study_id} has no trial number {trial_number}.")

    def get_trial_number_from_id(self, trial_id: int) -> int:
        """Return the number of a trial."""
        return self.get_trial(trial_id).number

    def get_trial_param(self, trial_id: int, param_name: str) -> float:
        """Return one parameter of a trial in its internal representation."""
        trial = self.get_trial(trial_id)
        return trial.distributions[param_name].to_internal_repr(trial.params[param_name])

    def get_trial_params(self, trial_id: int) -> dict[str, Any]:
        """Return the parameters of a trial in their external representation."""
        return self.get_trial(trial_id).params

    def get_trial_user_attrs(self, trial_id: int) -> dict[str, Any]:
        """Return the user attributes of a trial."""
        return self.get_trial(trial_id).user_attrs

    def get_trial_system_attrs(self, trial_id: int) -> dict[str, Any]:
        """Return the system attributes of a trial."""
        return self.get_trial(trial_id).system_attrs

    def remove_session(self) -> None:
        """Release per-thread resources (e.g. database sessions). Optional."""

    def check_trial_is_updatable(self, trial_id: int, trial_state: TrialState) -> None:
        """Raise :class:`UpdateFinishedTrialError` when ``trial_state`` is finished."""
        if trial_state.is_finished():
            number = self.get_trial(trial_id).number
            raise UpdateFinishedTrialError(
                f"Trial#{number} has already finished ({trial_state.name}) and cannot be updated."
            )
