from __future__ import annotations

import math

import tuner
from tuner.pruners import BasePruner
from tuner.trial import TrialState, create_trial


def study_with(
    curves: list[dict[int, float]],
    pruner: BasePruner,
    direction: str = "minimize",
    study_name: str | None = None,
) -> tuner.Study:
    """A study holding one COMPLETE trial per curve (its value: the last reported one)."""
    study = tuner.create_study(direction=direction, pruner=pruner, study_name=study_name)
    for curve in curves:
        last = curve[max(curve)]
        study.add_trial(
            create_trial(
                value=0.0 if math.isnan(last) else last,
                intermediate_values=curve,
                state=TrialState.COMPLETE,
            )
        )
    return study


def decisions(study: tuner.Study, curve: dict[int, float], tell: bool = True) -> list[bool]:
    """Run a new trial through ``curve`` in step order; the pruner's answer at each step.

    The trial is told PRUNED at the first True (later steps are not reported), else
    COMPLETE with its last value, when ``tell``.
    """
    trial = study.ask()
    answers = []
    for step in sorted(curve):
        trial.report(curve[step], step)
        answers.append(trial.should_prune())
        if answers[-1]:
            break
    if tell:
        if answers and answers[-1]:
            study.tell(trial, state=TrialState.PRUNED)
        else:
            study.tell(trial, curve[max(curve)])
    return answers
