"""TPESampler learns, for a trial, only from the trials of its Hyperband bracket."""

from __future__ import annotations

import pytest

import tuner
from tuner.pruners import HyperbandPruner
from tuner.trial import FrozenTrial

pytestmark = pytest.mark.skipif(
    not hasattr(tuner.samplers, "TPESampler"),
    reason="TPESampler (the TPE issue) is not in this branch",
)


class _RecordingHyperband(HyperbandPruner):
    """A real HyperbandPruner that also records what the sampler asked it to filter."""

    def __init__(self) -> None:
        super().__init__(min_resource=1, max_resource=27)
        self.filtered: list[tuple[int, list[int]]] = []

    def _filter_trials_for_sampler(
        self, study: tuner.Study, trial: FrozenTrial, trials: list[FrozenTrial]
    ) -> list[FrozenTrial]:
        kept = super()._filter_trials_for_sampler(study, trial, trials)
        self.filtered.append((trial.number, [t.number for t in kept]))
        return kept


def test_tpe_with_hyperband_learns_within_the_bracket() -> None:
    def objective(trial: tuner.Trial) -> float:
        x = trial.suggest_float("x", -5, 5)
        for step in range(27):
            trial.report((x - 1) ** 2 + 1 / (step + 1), step)
            if trial.should_prune():
                raise tuner.TrialPruned()
        return (x - 1) ** 2

    pruner = _RecordingHyperband()
    sampler = tuner.samplers.TPESampler(seed=0, n_startup_trials=3)  # type: ignore[attr-defined]
    study = tuner.create_study(study_name="hb", sampler=sampler, pruner=pruner)
    study.optimize(objective, n_trials=40)
    budgets = pruner._setup(study)[0]  # type: ignore[index]
    assert pruner.filtered
    for number, kept in pruner.filtered:
        bracket = pruner._bracket_of("hb", number, budgets)
        assert all(pruner._bracket_of("hb", n, budgets) == bracket for n in kept)
    assert any(len(kept) > 0 for _, kept in pruner.filtered)
    assert study.best_value < 0.5
