from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuner.trial._base import FAIL_REASON_KEY
from tuner.trial._create import create_trial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial

_FAILED_TRIAL_KEY = "failed_trial"
_RETRY_HISTORY_KEY = "retry_history"


class RetryFailedTrialCallback:
    """Re-enqueue a trial whose worker died, with the same parameters.

    Pass it as ``failed_trial_callback`` of :class:`~tuner.storages.RDBStorage`; it runs on
    each trial that :func:`~tuner.storages.fail_stale_trials` failed. The new trial is
    WAITING, so the next free worker runs it. Its system attrs link it to the original
    (``failed_trial``: the number of the first trial of the chain) and list every earlier
    attempt (``retry_history``).

    Args:
        max_retry: How many times a trial may be retried; None for no limit.
        inherit_intermediate_values: Copy the failed trial's reported intermediate values
            into the retry.

    Example:
        >>> import tuner
        >>> from tuner.storages import RetryFailedTrialCallback
        >>> study = tuner.create_study()
        >>> study.add_trial(tuner.trial.create_trial(state=tuner.trial.TrialState.FAIL))
        >>> RetryFailedTrialCallback(max_retry=2)(study, study.trials[0])
        >>> retry = study.trials[1]
        >>> retry.state, RetryFailedTrialCallback.retried_trial_number(retry)
        (TrialState.WAITING, 0)
    """

    def __init__(
        self, max_retry: int | None = None, inherit_intermediate_values: bool = False
    ) -> None:
        if max_retry is not None and (
            isinstance(max_retry, bool) or not isinstance(max_retry, int) or max_retry < 0
        ):
            raise ValueError(
                f"`max_retry` must be a non-negative integer or None, got {max_retry!r}."
            )
        self._max_retry = max_retry
        self._inherit_intermediate_values = inherit_intermediate_values

    def __call__(self, study: Study, trial: FrozenTrial) -> None:
        system_attrs: dict[str, Any] = {
            k: v for k, v in trial.system_attrs.items() if k != FAIL_REASON_KEY
        }
        system_attrs.setdefault(_FAILED_TRIAL_KEY, trial.number)
        history = [*system_attrs.get(_RETRY_HISTORY_KEY, []), trial.number]
        if self._max_retry is not None and len(history) > self._max_retry:
            return
        system_attrs[_RETRY_HISTORY_KEY] = history
        study.add_trial(
            create_trial(
                state=TrialState.WAITING,
                params=trial.params,
                distributions=trial.distributions,
                user_attrs=trial.user_attrs,
                system_attrs=system_attrs,
                intermediate_values=(
                    trial.intermediate_values if self._inherit_intermediate_values else None
                ),
            )
        )

    @staticmethod
    def retried_trial_number(trial: FrozenTrial) -> int | None:
        """The number of the trial this one retries (the first of the chain), or None."""
        number = trial.system_attrs.get(_FAILED_TRIAL_KEY)
        return None if number is None else int(number)

    @staticmethod
    def retry_history(trial: FrozenTrial) -> list[int]:
        """The numbers of the earlier attempts of this trial, oldest first."""
        return [int(n) for n in trial.system_attrs.get(_RETRY_HISTORY_KEY, [])]
