from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tuner._direction import StudyDirection, loss_sign
from tuner.exceptions import TunerWarning, UpdateFinishedTrialError
from tuner.logging import get_logger
from tuner.trial._base import FAIL_REASON_KEY
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState
from tuner.trial._trial import Trial

if TYPE_CHECKING:
    from tuner.study._study import Study

_logger = get_logger(__name__)


def check_values(
    values: Any, directions: Sequence[StudyDirection]
) -> tuple[list[float] | None, str | None]:
    """Turn what an objective returned into one float per objective.

    Returns ``(values, None)`` when they are usable, else ``(None, reason)``. Unusable: a
    non-number, NaN, the wrong count, or an infinity in the improving direction (-inf when
    minimizing, +inf when maximizing), which would be "best" forever and is always a bug;
    an infinity in the worsening direction is a legitimate "diverged" result and is kept.
    """
    if isinstance(values, str | bytes) or values is None:
        items: list[Any] = [values]
    elif getattr(values, "ndim", 0) >= 1 and hasattr(values, "tolist"):
        items = list(values.tolist())  # numpy arrays (and tensors) of values
    elif isinstance(values, Sequence):
        items = list(values)
    else:
        items = [values]
    if len(items) != len(directions):
        return None, (
            f"The objective returned {len(items)} value(s) {values!r} but the study has "
            f"{len(directions)} objective(s)."
        )
    result = []
    for item, direction in zip(items, directions):
        if isinstance(item, str | bytes) or item is None:
            return None, f"The objective returned {item!r}, which is not a number."
        try:
            number = float(item)
        except (TypeError, ValueError):
            return None, (
                f"The objective returned {item!r} ({type(item).__name__}), which is not a number."
            )
        if math.isnan(number):
            return None, "The objective returned NaN."
        if loss_sign(direction) * number == -math.inf:
            return None, (
                f"The objective returned {number} while {direction.name.lower()}-ing: it would "
                "be the best value forever, which is always a bug (return +inf when "
                "minimizing, or -inf when maximizing, for a diverged run)."
            )
        result.append(number)
    return result, None


def tell(
    study: Study,
    trial: Trial | int,
    values: float | Sequence[float] | None = None,
    state: TrialState | None = None,
    skip_if_finished: bool = False,
    suppress_warning: bool = False,
) -> FrozenTrial:
    """The body of :meth:`Study.tell`; see there."""
    storage = study._storage
    if isinstance(trial, Trial):
        trial_id = trial._trial_id
        if trial.study._study_id != study._study_id or trial.study.study_name != study.study_name:
            raise ValueError(
                f"Trial {trial.number} belongs to study {trial.study.study_name!r}, not "
                f"{study.study_name!r}."
            )
    elif isinstance(trial, int) and not isinstance(trial, bool):
        trial_id = storage.get_trial_id_from_study_id_trial_number(study._study_id, trial)
    else:
        raise TypeError(f"`trial` must be a Trial or a trial number, got {trial!r}.")

    if state not in (None, TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL):
        raise ValueError(f"`state` must be COMPLETE, PRUNED, FAIL or None, got {state!r}.")
    if state in (TrialState.PRUNED, TrialState.FAIL) and values is not None:
        raise ValueError(f"`values` must be None when `state` is {state!r}.")
    if state == TrialState.COMPLETE and values is None:
        raise ValueError("`values` are needed when `state` is COMPLETE.")

    frozen = (
        trial._cached_frozen_trial if isinstance(trial, Trial) else storage.get_trial(trial_id)
    )
    current_state = (
        frozen.state if not isinstance(trial, Trial) else storage.get_trial(trial_id).state
    )
    if current_state.is_finished():
        if skip_if_finished:
            _logger.info(f"Trial {frozen.number} was already {current_state.name}; tell skipped.")
            return storage.get_trial(trial_id)._copy(deep=True)
        raise UpdateFinishedTrialError(
            f"Trial {frozen.number} has already finished ({current_state.name}); it cannot be "
            "told again. Pass skip_if_finished=True to ignore this."
        )

    fail_reason: str | None = None
    checked: list[float] | None = None
    if state is None or state == TrialState.COMPLETE:
        checked, fail_reason = check_values(values, study.directions)
        if fail_reason is not None:
            if state == TrialState.COMPLETE:
                raise ValueError(fail_reason)
            state = TrialState.FAIL
        else:
            state = TrialState.COMPLETE
    elif state == TrialState.PRUNED and not study._is_multi_objective():
        # Samplers learn from a pruned trial through its last reported value.
        last_step = frozen.last_step
        if last_step is not None:
            last = frozen.intermediate_values[last_step]
            if not math.isnan(last):
                checked = [last]

    if fail_reason is not None:
        storage.set_trial_system_attr(trial_id, FAIL_REASON_KEY, fail_reason)
        if not suppress_warning:
            warnings.warn(
                f"Trial {frozen.number} failed: {fail_reason}", TunerWarning, stacklevel=3
            )
        else:
            _logger.warning(f"Trial {frozen.number} failed: {fail_reason}")

    try:
        study.sampler.after_trial(study, frozen, state, checked)
    finally:
        storage.set_trial_state_values(trial_id, state, checked)

    finished = storage.get_trial(trial_id)._copy(deep=True)
    if state == TrialState.COMPLETE and _logger.isEnabledFor(logging.INFO):
        study._log_completed_trial(finished)
    return finished
