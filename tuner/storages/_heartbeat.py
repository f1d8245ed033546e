from __future__ import annotations

import abc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from tuner.logging import get_logger
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial

_logger = get_logger(__name__)


class BaseHeartbeat(abc.ABC):
    """Mix-in for storages that detect dead workers by heartbeats (Optuna's contract).

    While a trial runs, its worker calls :meth:`record_heartbeat` every
    :meth:`get_heartbeat_interval` seconds from a background thread. A RUNNING trial whose
    last beat is older than the storage's grace period is *stale*: its worker died.
    :func:`fail_stale_trials`, called by every worker before it starts a trial, moves stale
    trials to FAIL and runs the storage's failed-trial callback on each.
    """

    @abc.abstractmethod
    def record_heartbeat(self, trial_id: int) -> None:
        """Record that the worker running ``trial_id`` is alive, now."""

    @abc.abstractmethod
    def _get_stale_trial_ids(self, study_id: int) -> list[int]:
        """Ids of the RUNNING trials of a study whose last beat is older than the grace period."""

    @abc.abstractmethod
    def get_heartbeat_interval(self) -> int | None:
        """Seconds between beats, or None when heartbeats are off."""

    @abc.abstractmethod
    def get_failed_trial_callback(self) -> Callable[[Study, FrozenTrial], None] | None:
        """Called with each trial that :func:`fail_stale_trials` failed, or None."""


def is_heartbeat_enabled(storage: object) -> bool:
    return isinstance(storage, BaseHeartbeat) and storage.get_heartbeat_interval() is not None


def fail_stale_trials(study: Study) -> None:
    """Fail the RUNNING trials of ``study`` whose workers stopped beating.

    Each stale trial is failed by exactly one caller (the state change is atomic in the
    storage); the failed-trial callback then runs once per trial.
    """
    storage = study._storage
    if not is_heartbeat_enabled(storage):
        return
    assert isinstance(storage, BaseHeartbeat)
    failed_trial_ids = []
    for trial_id in storage._get_stale_trial_ids(study._study_id):
        try:
            if study._storage.set_trial_state_values(trial_id, state=TrialState.FAIL):
                failed_trial_ids.append(trial_id)
        except Exception:  # another worker failed it first
            continue
    callback = storage.get_failed_trial_callback()
    for trial_id in failed_trial_ids:
        frozen = study._storage.get_trial(trial_id)
        _logger.warning(
            f"Trial {frozen.number} failed: its worker sent no heartbeat within the grace period."
        )
        if callback is not None:
            callback(study, frozen)


class HeartbeatThread:
    """Beats for one trial from a daemon thread until stopped.

    The beat comes from its own thread, so a worker stuck in long C code (which holds no
    Python lock) still beats and its trial is never taken for dead.
    """

    def __init__(self, trial_id: int, storage: BaseHeartbeat) -> None:
        self._trial_id = trial_id
        self._storage = storage
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> HeartbeatThread:
        interval = self._storage.get_heartbeat_interval()
        if interval is None:
            return self
        self._storage.record_heartbeat(self._trial_id)
        self._thread = threading.Thread(
            target=self._run,
            args=(interval,),
            name=f"tuner-heartbeat-{self._trial_id}",
            daemon=True,
        )
        self._thread.start()
        return self

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self._storage.record_heartbeat(self._trial_id)
            except Exception as e:  # a transient database error must not kill the beat
                _logger.warning(f"Heartbeat of trial id {self._trial_id} failed: {e!r}")

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
