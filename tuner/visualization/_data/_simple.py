"""Numbers behind the figures that need no parameter columns: intermediate values, EDF and
timeline."""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii
from typing import Any

import numpy as np

from tuner.study import Study
from tuner.trial import FrozenTrial, TrialState
from tuner.visualization._data._common import (
    TargetType,
    _logger,
    as_studies,
    check_plot_args,
    finite_trials,
)

# -- intermediate values -----------------------------------------------------------------


@dataclass
class IntermediateCurve:
    number: int
    steps: np.ndarray
    values: np.ndarray
    feasible: bool


def intermediate_values_info(study: Study) -> list[IntermediateCurve]:
    trials = study.get_trials(
        deepcopy=False, states=(TrialState.PRUNED, TrialState.COMPLETE, TrialState.RUNNING)
    )
    curves = []
    for t in trials:
        if not t.intermediate_values:
            continue
        steps = np.array(sorted(t.intermediate_values), dtype=int)
        curves.append(
            IntermediateCurve(
                t.number,
                steps,
                np.array([t.intermediate_values[s] for s in steps], dtype=float),
                all(c <= 0.0 for c in t.constraints.values()),
            )
        )
    if not trials:
        _logger.warning("Study instance does not contain trials.")
    elif not curves:
        _logger.warning(
            "You need to set up the pruning feature to utilize `plot_intermediate_values()`"
        )
    return curves


# -- empirical distribution function ------------------------------------------------------

EDF_POINTS = 100


@dataclass
class EdfInfo:
    x: np.ndarray
    lines: list[tuple[str, np.ndarray]]  # (study name, cumulative probability at each x)


def edf_info(
    study: Study | Sequence[Study], target: TargetType | None, target_name: str
) -> EdfInfo:
    studies = as_studies(study)
    check_plot_args(studies, target, target_name)
    if not studies:
        _logger.warning("There are no studies.")
        return EdfInfo(np.array([]), [])
    all_values = [
        finite_trials(s.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)), target)[1]
        for s in studies
    ]
    if all(len(v) == 0 for v in all_values):
        _logger.warning("There are no complete trials.")
        return EdfInfo(np.array([]), [])
    joined = np.concatenate(all_values)
    x = np.linspace(joined.min(), joined.max(), EDF_POINTS)
    lines = []
    for s, values in zip(studies, all_values):
        # searchsorted on the sorted values counts the values <= x without an n-by-100 matrix.
        counts = np.searchsorted(np.sort(values), x, side="right")
        lines.append((s.study_name, counts / values.size))
    return EdfInfo(x, lines)


# -- timeline ---------------------------------------------------------------------------


@dataclass
class TimelineBar:
    number: int
    start: datetime.datetime
    complete: datetime.datetime
    state: TrialState
    hovertext: str
    infeasible: bool


def _json_compatible(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def trial_hovertext(trial: FrozenTrial) -> str:
    """The JSON summary of a trial shown on hover (number, values, params, user attrs),
    indented by two spaces with ``<br>`` line breaks, exactly as ``json.dumps(indent=2)``."""
    user_attrs = {k: _json_compatible(v) for k, v in trial.user_attrs.items()}
    lines = ["{", f'  "number": {_leaf(trial.number)},']
    values = trial.values
    if values:
        lines.append('  "values": [')
        lines += [f"    {_leaf(v)}," for v in values]
        lines[-1] = lines[-1][:-1]
        lines.append("  ],")
    else:
        lines.append(f'  "values": {"null" if values is None else "[]"},')
    for key, mapping in (("params", trial.params), ("user_attrs", user_attrs)):
        if key == "user_attrs" and not mapping:
            continue
        sub = _indented(mapping, "  ")
        sub[0] = f'  "{key}": {sub[0]}'
        lines += sub
        lines[-1] += ","
    lines[-1] = lines[-1][:-1]
    lines.append("}")
    return "<br>".join(lines)


def _indented(value: Any, pad: str) -> list[str]:
    """Lines of ``json.dumps(value, indent=2)``. The standard library switches to its
        pure-Python encoder when indenting (~0.7 ms a trial); here only leaves are encoded, by
        json's own C string escaper and number formats, which makes hover texts for 10,000 trials
    several times cheaper."""
    if isinstance(value, dict) and value:
        if not all(isinstance(k, str) for k in value):
            return json.dumps(value, indent=2).replace("\n", "\n" + pad).split("\n")
        inner = pad + "  "
        lines = ["{"]
        for k, v in value.items():
            if isinstance(v, (dict, list, tuple)):
                sub = _indented(v, inner)
                sub[0] = f"{inner}{encode_basestring_ascii(k)}: {sub[0]}"
                sub[-1] += ","
                lines += sub
            else:
                lines.append(f"{inner}{encode_basestring_ascii(k)}: {_leaf(v)},")
        lines[-1] = lines[-1][:-1]
        return [*lines, pad + "}"]
    if isinstance(value, (list, tuple)) and value:
        inner = pad + "  "
        lines = ["["]
        for i, v in enumerate(value):
            sub = _indented(v, inner)
            sub[0] = inner + sub[0]
            if i < len(value) - 1:
                sub[-1] += ","
            lines += sub
        return [*lines, pad + "]"]
    return [_leaf(value)]


def _leaf(value: Any) -> str:
    """``json.dumps`` of a scalar, without building an encoder per call."""
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    return json.dumps(value)


def timeline_info(study: Study, n_recent_trials: int | None = None) -> list[TimelineBar]:
    if n_recent_trials is not None and n_recent_trials <= 0:
        raise ValueError("n_recent_trials must be a positive integer or None.")
    all_trials = study.get_trials(deepcopy=False)
    end = _timeline_end(all_trials)
    small = datetime.timedelta(seconds=1)
    trials = all_trials[-n_recent_trials:] if n_recent_trials is not None else all_trials
    bars = []
    for t in trials:
        start = t.datetime_start or end
        if t.state == TrialState.RUNNING:
            complete = end + small
        else:
            complete = t.datetime_complete or start + small
        if complete < start:
            _logger.warning(
                f"The start and end times for Trial {t.number} seem to be reversed. "
                f"The start time is {start} and the end time is {complete}."
            )
        bars.append(
            TimelineBar(
                t.number,
                start,
                complete,
                t.state,
                trial_hovertext(t),
                any(c > 0 for c in t.constraints.values()),
            )
        )
    if not bars:
        _logger.warning("Your study does not have any trials.")
    return bars


def _timeline_end(trials: Sequence[FrozenTrial]) -> datetime.datetime:
    """Where running bars end: now while a trial still runs (and is not presumably dead),
    else the last completion."""
    durations = [
        t.datetime_complete - t.datetime_start
        for t in trials
        if t.datetime_complete is not None and t.datetime_start is not None
    ]
    longest = max(durations, default=None)
    now = datetime.datetime.now()
    running = [t for t in trials if t.state == TrialState.RUNNING]
    if longest is None:
        still_running = bool(running)
    else:
        still_running = any(
            now - t.datetime_start < 5 * longest for t in running if t.datetime_start is not None
        )
    if still_running:
        return now
    return max((t.datetime_complete for t in trials if t.datetime_complete), default=now)
