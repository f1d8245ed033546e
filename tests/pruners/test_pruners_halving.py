from __future__ import annotations

import math

import pytest

import tuner
from tuner.pruners import HyperbandPruner, SuccessiveHalvingPruner
from tuner.trial import TrialState

from ._helpers import decisions


def _flat(value: float, last_step: int = 8) -> dict[int, float]:
    return {s: value for s in range(last_step + 1)}


def _run(study: tuner.Study, value: float, last_step: int = 8) -> int | None:
    """Run a flat curve; the step at which it was pruned, or None."""
    answers = decisions(study, _flat(value, last_step))
    return len(answers) - 1 if answers[-1] else None


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_successive_halving_rungs_hand_checked(sign: float) -> None:
    # min_resource=1, reduction_factor=2: rungs at steps 1, 2, 4, 8.
    direction = "minimize" if sign > 0 else "maximize"
    pruner = SuccessiveHalvingPruner(min_resource=1, reduction_factor=2)
    study = tuner.create_study(direction=direction, pruner=pruner)
    # Trial 0 (5) is alone at every rung: promoted.
    assert _run(study, sign * 5.0) is None
    # Trial 1 (6): rung 0 holds [5, 6]; 2 // 2 - 1 = 0 -> only the best (5) goes on.
    assert _run(study, sign * 6.0) == 1
    # Trial 2 (4): best at rungs 0..3.
    assert _run(study, sign * 4.0) is None
    # Trial 3 (5.5): rung 0 holds [4, 5, 5.5, 6]; index 4 // 2 - 1 = 1 -> must be <= 5.
    assert _run(study, sign * 5.5) == 1
    # Trial 4 (4.5): rung 0 [4, 4.5, 5, 5.5, 6] -> <= 4.5 passes; rung 1 holds [5, 4, 4.5]
    # -> index 0 -> must be <= 4: pruned at step 2.
    assert _run(study, sign * 4.5) == 2
    trials = study.trials
    assert [
        sorted(k for k in t.system_attrs if k.startswith("completed_rung_")) for t in trials
    ] == [
        [f"completed_rung_{r}" for r in range(4)],
        ["completed_rung_0"],
        [f"completed_rung_{r}" for r in range(4)],
        ["completed_rung_0"],
        ["completed_rung_0", "completed_rung_1"],
    ]
    assert trials[4].system_attrs["completed_rung_1"] == sign * 4.5
    assert [t.state for t in trials] == [
        TrialState.COMPLETE,
        TrialState.PRUNED,
        TrialState.COMPLETE,
        TrialState.PRUNED,
        TrialState.PRUNED,
    ]


def test_min_early_stopping_rate_moves_the_first_rung() -> None:
    # min_resource=1, rf=2, rate=1: rungs at 2, 4, 8.
    study = tuner.create_study(
        pruner=SuccessiveHalvingPruner(
            min_resource=1, reduction_factor=2, min_early_stopping_rate=1
        )
    )
    assert _run(study, 5.0) is None
    assert _run(study, 6.0) == 2
    assert set(study.trials[1].system_attrs) == {"completed_rung_0"}


def test_non_contiguous_steps_cross_several_rungs_at_once() -> None:
    study = tuner.create_study(pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=2))
    assert decisions(study, {0: 5.0, 5: 5.0}) == [False, False]
    # Step 5 passes rungs 1, 2 and 4 in one report.
    assert set(study.trials[0].system_attrs) == {
        "completed_rung_0",
        "completed_rung_1",
        "completed_rung_2",
    }
    assert decisions(study, {0: 6.0, 5: 6.0}) == [False, True]
    assert set(study.trials[1].system_attrs) == {"completed_rung_0"}


def test_auto_min_resource_is_estimated_once_and_stored() -> None:
    study = tuner.create_study(pruner=SuccessiveHalvingPruner(reduction_factor=2))
    # No trial completed: no rung, no pruning.
    assert _run(study, 5.0, last_step=299) is None
    assert "completed_rung_0" not in study.trials[0].system_attrs
    # 299 // 100 = 2: rungs at 2, 4, 8, ... Trial 0 recorded none, so trial 1 is alone.
    assert _run(study, 5.0) is None
    assert study.system_attrs["tuner:successive_halving:min_resource"] == 2
    assert _run(study, 6.0) == 2
    # A restarted worker (a new pruner) reads the stored value instead of re-estimating
    # (a new trial of 999 steps would otherwise make it 9).
    study.tell(study.ask(), 0.0)
    study.tell(study.ask(), 0.0)
    reloaded = tuner.load_study(
        study_name=study.study_name,
        storage=study._storage,
        pruner=SuccessiveHalvingPruner(reduction_factor=2),
    )
    assert _run(reloaded, 7.0) == 2


def test_rung_state_survives_a_restart() -> None:
    storage = tuner.storages.InMemoryStorage()
    first = tuner.create_study(
        study_name="sh",
        storage=storage,
        pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=2),
    )
    running = first.ask()
    running.report(4.0, 0)
    running.report(4.0, 1)
    assert running.should_prune() is False
    # Another worker (new objects, same storage) sees trial 0's rung-0 value of 4.
    second = tuner.load_study(
        study_name="sh",
        storage=storage,
        pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=2),
    )
    assert decisions(second, {0: 5.0, 1: 5.0}) == [False, True]
    # And trial 0 carries on at rung 1 (step 2), where it is alone.
    running.report(4.0, 2)
    assert running.should_prune() is False
    assert "completed_rung_1" in storage.get_trial_system_attrs(running._trial_id)


def test_bootstrap_count_prunes_until_enough_trials_reached_the_rung() -> None:
    study = tuner.create_study(
        pruner=SuccessiveHalvingPruner(min_resource=1, reduction_factor=2, bootstrap_count=2)
    )
    assert _run(study, 1.0) == 1  # 1 value at rung 0 <= 2
    assert _run(study, 1.0) == 1  # 2 values
    assert _run(study, 1.0) == 2  # 3 values at rung 0 pass; 1 at rung 1


def test_nan_at_a_rung_is_pruned() -> None:
    study = tuner.create_study(pruner=SuccessiveHalvingPruner(min_resource=2, reduction_factor=2))
    assert decisions(study, {0: math.nan, 1: 3.0, 2: math.nan}) == [False, False, True]
    assert "completed_rung_0" not in study.trials[0].system_attrs
    assert _run(study, 3.0) is None


# Brackets of trials 0..19 of a study named "hb" with min_resource=1, max_resource=27,
# reduction_factor=3: 4 brackets with shares [27, 12, 6, 4] of crc32("hb_<n>") % 49.
# Checked against Optuna 5.0's HyperbandPruner, which assigns the same brackets.
HB_BRACKETS = [0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 3, 0, 3, 2, 0, 0, 1, 1, 0, 3]


def test_hyperband_brackets_hand_checked() -> None:
    pruner = HyperbandPruner(min_resource=1, max_resource=27, reduction_factor=3)
    study = tuner.create_study(study_name="hb", pruner=pruner)
    assert pruner._n_brackets_for(study) == 4
    budgets = pruner._setup(study)[0]  # type: ignore[index]
    assert budgets == (27, 12, 6, 4)
    assert [pruner._bracket_of("hb", n, budgets) for n in range(20)] == HB_BRACKETS


@pytest.mark.parametrize(
    ("min_resource", "max_resource", "rf", "n_brackets"),
    [(1, 27, 3, 4), (1, 26, 3, 3), (1, 243, 3, 6), (2, 100, 4, 3), (5, 5, 2, 1)],
)
def test_number_of_brackets(
    min_resource: int, max_resource: int, rf: int, n_brackets: int
) -> None:
    pruner = HyperbandPruner(min_resource, max_resource, rf)
    assert pruner._n_brackets_for(tuner.create_study()) == n_brackets


def test_hyperband_compares_trials_of_the_same_bracket_only() -> None:
    study = tuner.create_study(
        study_name="hb", pruner=HyperbandPruner(min_resource=1, max_resource=27)
    )
    # Bracket 0 has rungs at steps 1, 3, 9; bracket 1 at 3, 9; bracket 3 has none < 27.
    outcomes = []
    values = {0: [5.0, 6.0, 4.0, 7.0, 4.5, 3.0], 1: [0.0] * 5, 2: [0.0], 3: [0.0] * 2}
    for number in range(14):
        value = values[HB_BRACKETS[number]].pop(0)
        outcomes.append(_run(study, value, last_step=26))
    # Bracket 0 (trials 0, 3, 5, 6, 8, 11): 5 alone -> on; 6 vs [5, 6] -> pruned at step 1;
    # 4 best everywhere -> on; 7 among 4 values: index 4 // 3 - 1 = 0 -> must be <= 4 ->
    # pruned at 1; 4.5 among 5 values: index 5 // 3 - 1 = 0 -> pruned at 1; 3 best -> on.
    assert [outcomes[n] for n in (0, 3, 5, 6, 8, 11)] == [None, 1, None, 1, 1, None]
    # Bracket-1 and bracket-3 trials all report 0.0 and are never pruned; were brackets
    # mixed, trial 0 (5.0) would have met their 0.0 at rung step 3.
    assert [outcomes[n] for n in range(14) if HB_BRACKETS[n] in (1, 3)] == [None] * 7
    # Bracket 0's rungs sit at steps 1, 3, 9 (27 is never reached); bracket 1's at 3, 9.
    assert set(study.trials[0].system_attrs) == {f"completed_rung_{r}" for r in range(3)}
    assert set(study.trials[1].system_attrs) == {f"completed_rung_{r}" for r in range(2)}
    assert not any(k.startswith("completed_rung") for k in study.trials[10].system_attrs)


def test_hyperband_auto_max_resource() -> None:
    pruner = HyperbandPruner(min_resource=1, reduction_factor=3)
    study = tuner.create_study(study_name="hb", pruner=pruner)
    assert pruner._n_brackets_for(study) is None
    assert _run(study, 100.0, last_step=26) is None  # no completed trial yet: no pruning
    assert pruner._n_brackets_for(study) == 4
    assert study.system_attrs["tuner:hyperband:max_resource"] == 27


def test_filter_trials_for_sampler_keeps_the_bracket_of_the_trial() -> None:
    pruner = HyperbandPruner(min_resource=1, max_resource=27)
    study = tuner.create_study(study_name="hb", pruner=pruner)
    for _ in range(20):
        study.tell(study.ask(), 1.0)
    trials = study.get_trials(deepcopy=False)
    for bracket in range(4):
        me = trials[HB_BRACKETS.index(bracket)]
        kept = pruner.filter_trials_for_sampler(study, me, trials)
        assert [t.number for t in kept] == [n for n in range(20) if HB_BRACKETS[n] == bracket]


def test_filter_trials_for_sampler_keeps_everything_before_brackets_exist() -> None:
    pruner = HyperbandPruner()
    study = tuner.create_study(pruner=pruner)
    running = study.ask()
    study.ask()
    trials = study.get_trials(deepcopy=False)
    frozen = study._storage.get_trial(running._trial_id)
    assert pruner.filter_trials_for_sampler(study, frozen, trials) == trials
    # A pruner without brackets keeps every trial (the BasePruner default).
    assert SuccessiveHalvingPruner().filter_trials_for_sampler(study, frozen, trials) == trials
