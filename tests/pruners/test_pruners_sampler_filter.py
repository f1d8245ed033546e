"""Samplers learn, for a trial, only from the trials its pruner lets through: under
Hyperband, the trial's own bracket (TPE and GP alike)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

import tuner
from tuner.pruners import BasePruner, HyperbandPruner, PatientPruner
from tuner.trial import FrozenTrial, TrialState


class _RecordingHyperband(HyperbandPruner):
    """A real HyperbandPruner that also records what the sampler asked it to filter."""

    def __init__(self, max_resource: int = 27) -> None:
        super().__init__(min_resource=1, max_resource=max_resource)
        self.filtered: list[tuple[int, list[int]]] = []

    def filter_trials_for_sampler(
        self, study: tuner.Study, trial: FrozenTrial, trials: Sequence[FrozenTrial]
    ) -> list[FrozenTrial]:
        kept = super().filter_trials_for_sampler(study, trial, trials)
        self.filtered.append((trial.number, [t.number for t in kept]))
        return kept


def _objective(steps: int) -> tuner.study._study.ObjectiveFuncType:
    def objective(trial: tuner.Trial) -> float:
        x = trial.suggest_float("x", -5, 5)
        for step in range(steps):
            trial.report((x - 1) ** 2 + 1 / (step + 1), step)
            if trial.should_prune():
                raise tuner.TrialPruned()
        return (x - 1) ** 2

    return objective


def _bracket_of(pruner: HyperbandPruner, study: tuner.Study, number: int) -> list[int]:
    """The numbers of the study's trials in the bracket of trial ``number``."""
    trials = study.get_trials(deepcopy=False)
    return [t.number for t in pruner.filter_trials_for_sampler(study, trials[number], trials)]


@pytest.mark.parametrize("sampler_name", ["TPESampler", "GPSampler"])
def test_sampler_with_hyperband_learns_within_the_bracket(sampler_name: str) -> None:
    pruner = _RecordingHyperband()
    sampler = getattr(tuner.samplers, sampler_name)(seed=0, n_startup_trials=3)
    study = tuner.create_study(study_name="hb", sampler=sampler, pruner=pruner)
    study.optimize(_objective(27), n_trials=40)
    recorded = list(pruner.filtered)
    assert recorded
    for number, kept in recorded:
        assert set(kept) <= set(_bracket_of(pruner, study, number))
        assert number not in kept
    assert any(len(kept) > 0 for _, kept in recorded)
    assert study.best_value < 0.5


def test_gp_under_hyperband_fits_only_on_the_complete_trials_of_the_bracket() -> None:
    # The GP fits (and stores its hyperparameters on the trial) only once the trial's own
    # bracket holds n_startup_trials complete trials; counting every bracket, it would fit
    # much earlier.
    pruner = HyperbandPruner(min_resource=1, max_resource=9, reduction_factor=3)
    sampler = tuner.samplers.GPSampler(seed=0, n_startup_trials=4)
    study = tuner.create_study(study_name="gp-hb", sampler=sampler, pruner=pruner)
    study.optimize(_objective(9), n_trials=30)
    trials = study.trials
    fitted_early_elsewhere = 0
    for t in trials:
        before = trials[: t.number]
        same = pruner.filter_trials_for_sampler(study, t, before)
        in_bracket = sum(u.state == TrialState.COMPLETE for u in same)
        overall = sum(u.state == TrialState.COMPLETE for u in before)
        assert ("gp:hyperparams" in t.system_attrs) == (in_bracket >= 4), t.number
        fitted_early_elsewhere += overall >= 4 > in_bracket
    assert fitted_early_elsewhere > 0  # the bracket filter made a difference


def test_patient_pruner_passes_its_wrapped_pruners_filter_on() -> None:
    hyperband = HyperbandPruner(min_resource=1, max_resource=9)
    study = tuner.create_study(study_name="patient", pruner=PatientPruner(hyperband, 2))
    study.optimize(_objective(9), n_trials=12)
    trials = study.get_trials(deepcopy=False)
    for t in trials:
        via_patient = study.pruner.filter_trials_for_sampler(study, t, trials)
        assert via_patient == hyperband.filter_trials_for_sampler(study, t, trials)
    assert len(PatientPruner(None, 1).filter_trials_for_sampler(study, trials[0], trials)) == 12


def test_a_custom_pruner_can_hide_trials_from_the_sampler() -> None:
    class OnlyEvenTrials(BasePruner):
        def prune(self, study: tuner.Study, trial: FrozenTrial) -> bool:
            return False

        def filter_trials_for_sampler(
            self, study: tuner.Study, trial: FrozenTrial, trials: Sequence[FrozenTrial]
        ) -> list[FrozenTrial]:
            return [t for t in trials if t.number % 2 == 0]

    study = tuner.create_study(pruner=OnlyEvenTrials())
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=6)
    running = study.ask()
    snapshot = study.get_trials(deepcopy=False)[running.number]
    learned = tuner.samplers.trials_to_learn_from(study, snapshot, (TrialState.COMPLETE,))
    assert [t.number for t in learned] == [0, 2, 4]
