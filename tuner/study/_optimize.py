from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from tuner.exceptions import TrialPruned, UpdateFinishedTrialError
from tuner.logging import get_logger
from tuner.storages._heartbeat import HeartbeatThread, fail_stale_trials, is_heartbeat_enabled
from tuner.study._progress import ProgressBar
from tuner.study._tell import tell
from tuner.trial._base import FAIL_REASON_KEY
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study._study import ObjectiveFuncType, Study

_logger = get_logger(__name__)

Callback = Callable[["Study", FrozenTrial], None]


def _checked_catch(
    catch: Iterable[type[Exception]] | type[Exception],
) -> tuple[type[Exception], ...]:
    if isinstance(catch, type):
        catch = (catch,)
    result = tuple(catch)
    for item in result:
        if not (isinstance(item, type) and issubclass(item, BaseException)):
            raise TypeError(f"`catch` must hold exception types, got {item!r}.")
    return result


def _checked_n_jobs(n_jobs: int) -> int:
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"`n_jobs` must be a positive integer or -1 (all cores), got {n_jobs!r}.")
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


class _Budget:
    """How many trials may still start and until when; shared by the worker threads."""

    def __init__(self, study: Study, n_trials: int | None, timeout: float | None) -> None:
        self._study = study
        self._remaining = n_trials
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._lock = threading.Lock()
        self.error: BaseException | None = None

    def take(self) -> bool:
        """Reserve one trial; False when the budget, the clock or a stop says no more."""
        with self._lock:
            if self._study._stop_flag or self.error is not None:
                return False
            if self._deadline is not None and time.monotonic() >= self._deadline:
                return False
            if self._remaining is not None:
                if self._remaining <= 0:
                    return False
                self._remaining -= 1
            return True


def optimize(
    study: Study,
    func: ObjectiveFuncType,
    n_trials: int | None,
    timeout: float | None,
    n_jobs: int,
    catch: Iterable[type[Exception]] | type[Exception],
    callbacks: Iterable[Callback] | None,
    gc_after_trial: bool,
    show_progress_bar: bool,
) -> None:
    if not callable(func):
        raise TypeError(f"The objective must be callable, got {func!r}.")
    if n_trials is not None and (
        isinstance(n_trials, bool) or not isinstance(n_trials, int) or n_trials < 0
    ):
        raise ValueError(f"`n_trials` must be a non-negative integer or None, got {n_trials!r}.")
    if timeout is not None and not timeout > 0:
        raise ValueError(
            f"`timeout` must be a positive number of seconds or None, got {timeout!r}."
        )
    catch_types = _checked_catch(catch)
    n_workers = _checked_n_jobs(n_jobs)
    callback_list = list(callbacks or [])

    if not study._optimize_lock.acquire(blocking=False):
        raise RuntimeError(
            "This study is already being optimized: `optimize` cannot be nested or run twice "
            "at once on the same Study object (use n_jobs, or one Study object per thread)."
        )
    study._stop_flag = False
    budget = _Budget(study, n_trials, timeout)
    progress = ProgressBar(show_progress_bar, n_trials, timeout)

    def run_one() -> None:
        frozen = _run_trial(study, func, catch_types)
        progress.update(study, frozen)
        for callback in callback_list:
            callback(study, frozen)
        if gc_after_trial:
            gc.collect()

    try:
        with progress:
            if n_workers == 1:
                while budget.take():
                    run_one()
            else:
                _run_threads(budget, run_one, n_workers)
    finally:
        study._stop_flag = False
        study._optimize_lock.release()
        study._storage.remove_session()


def _run_threads(budget: _Budget, run_one: Callable[[], None], n_workers: int) -> None:
    def worker() -> None:
        try:
            while budget.take():
                run_one()
        except BaseException as e:  # handed to the main thread, which raises it
            with budget._lock:
                if budget.error is None:
                    budget.error = e

    threads = [
        threading.Thread(target=worker, name=f"tuner-worker-{i}", daemon=True)
        for i in range(n_workers)
    ]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    except KeyboardInterrupt:
        # Let the running trials finish and be stored, then stop.
        budget._study._stop_flag = True
        for thread in threads:
            thread.join()
        raise
    if budget.error is not None:
        raise budget.error


def _run_trial(
    study: Study, func: ObjectiveFuncType, catch: tuple[type[Exception], ...]
) -> FrozenTrial:
    if is_heartbeat_enabled(study._storage):
        fail_stale_trials(study)
    trial = study.ask()
    state: TrialState | None = None
    values: Any = None
    error: BaseException | None = None
    heartbeat: contextlib.AbstractContextManager[Any] = (
        HeartbeatThread(trial._trial_id, study._storage)  # type: ignore[arg-type]
        if is_heartbeat_enabled(study._storage)
        else contextlib.nullcontext()
    )
    with heartbeat:
        try:
            values = func(trial)
        except TrialPruned as e:
            state = TrialState.PRUNED
            _logger.info(f"Trial {trial.number} pruned. {e}".rstrip())
        except BaseException as e:  # KeyboardInterrupt too: the trial must not stay RUNNING
            state = TrialState.FAIL
            error = e
    if error is not None:
        with contextlib.suppress(UpdateFinishedTrialError):
            study._storage.set_trial_system_attr(trial._trial_id, FAIL_REASON_KEY, repr(error))
        _logger.warning(
            f"Trial {trial.number} failed with parameters: {trial.params} because of the "
            f"following error: {error!r}.",
            exc_info=(type(error), error, error.__traceback__),
        )
    try:
        frozen = tell(study, trial, values, state, suppress_warning=True)
    except UpdateFinishedTrialError:
        # Another worker failed this trial (its heartbeat looked stale); the result is lost.
        frozen = study._storage.get_trial(trial._trial_id)._copy(deep=True)
        _logger.warning(
            f"Trial {trial.number} finished after it had been marked {frozen.state.name} by "
            "another worker (no heartbeat within the grace period); its result is discarded. "
            "Increase `grace_period` if your objective blocks for long."
        )
    if error is not None and not isinstance(error, catch):
        raise error
    return frozen
