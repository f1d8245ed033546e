from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

import tuner
from tuner.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from tuner.pruners import BasePruner
from tuner.samplers import RandomSampler, TPESampler
from tuner.study import StudyDirection
from tuner.trial import FrozenTrial, TrialState

tuner.logging.set_verbosity(tuner.logging.ERROR)


def _mixed_objective(trial: Any) -> float:
    x = trial.suggest_float("x", -5, 5)
    lr = trial.suggest_float("lr", 1e-4, 1.0, log=True)
    n = trial.suggest_int("n", 1, 9, step=2)
    k = trial.suggest_int("k", 1, 100, log=True)
    q = trial.suggest_float("q", 0.0, 1.0, step=0.25)
    c = trial.suggest_categorical("c", ["a", "b", None])
    return x**2 + abs(math.log10(lr) + 2) + n + math.log(k) + q + (c == "b")


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"multivariate": False},
        {"multivariate": True, "group": True},
        {"constant_liar": False},
    ],
)
def test_same_seed_same_trials(kwargs: dict[str, Any]) -> None:
    def run(seed: int) -> list[dict[str, Any]]:
        study = tuner.create_study(sampler=TPESampler(seed=seed, n_startup_trials=5, **kwargs))
        study.optimize(_mixed_objective, n_trials=25)
        return [t.params for t in study.trials]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_reseed_rng_changes_the_sequence() -> None:
    sampler = TPESampler(seed=0, n_startup_trials=0)
    study = tuner.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    sampler2 = TPESampler(seed=0, n_startup_trials=0)
    sampler2.reseed_rng()
    study2 = tuner.create_study(sampler=sampler2)
    study2.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    assert [t.params for t in study.trials] != [t.params for t in study2.trials]


@pytest.mark.parametrize("multivariate", [False, True])
def test_all_kinds_of_parameters_stay_in_their_distributions(multivariate: bool) -> None:
    study = tuner.create_study(
        sampler=TPESampler(seed=1, n_startup_trials=3, multivariate=multivariate)
    )
    study.optimize(_mixed_objective, n_trials=40)
    for trial in study.trials:
        for name, value in trial.params.items():
            dist = trial.distributions[name]
            assert dist._contains(dist.to_internal_repr(value)), (name, value)
        assert isinstance(trial.params["n"], int) and trial.params["n"] % 2 == 1
        assert trial.params["q"] in (0.0, 0.25, 0.5, 0.75, 1.0)


def _best_values(make_sampler: Any, seeds: range, n_trials: int) -> list[float]:
    def quadratic(trial: Any) -> float:
        x = trial.suggest_float("x", -10, 10)
        y = trial.suggest_float("y", -10, 10)
        return (x - 2.0) ** 2 + (y + 3.0) ** 2

    best = []
    for seed in seeds:
        study = tuner.create_study(sampler=make_sampler(seed))
        study.optimize(quadratic, n_trials=n_trials)
        best.append(study.best_value)
    return best


@pytest.mark.parametrize("multivariate", [False, True])
def test_decimal_steps_are_proposed_as_their_decimal_grid_values(multivariate: bool) -> None:
    grid = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
    for seed in range(4):
        sampler = TPESampler(seed=seed, multivariate=multivariate, n_startup_trials=3)
        study = tuner.create_study(sampler=sampler)
        study.optimize(lambda t: abs(t.suggest_float("d", 0.0, 0.5, step=0.1) - 0.3), 15)
        # 3 * 0.1 is 0.30000000000000004 in floating point; the grid value is 0.3.
        assert all(t.params["d"] in grid for t in study.trials)


@pytest.mark.parametrize("multivariate", [False, True])
def test_tpe_beats_random_search_on_a_quadratic(multivariate: bool) -> None:
    seeds = range(5)
    tpe = _best_values(lambda s: TPESampler(seed=s, multivariate=multivariate), seeds, 60)
    rnd = _best_values(lambda s: RandomSampler(seed=s), seeds, 60)
    assert statistics.median(tpe) < 0.25 * statistics.median(rnd)
    assert sum(a < b for a, b in zip(tpe, rnd)) >= 4


def _conditional(trial: Any) -> float:
    kind = trial.suggest_categorical("kind", ["linear", "quad"])
    if kind == "linear":
        a = trial.suggest_float("a", 0, 10)
        b = trial.suggest_int("b", 0, 10)
        return 1.0 + a + b
    w = trial.suggest_float("w", -3, 3)
    v = trial.suggest_float("v", -3, 3)
    return (w - 1) ** 2 + (v + 1) ** 2


def test_group_models_conditional_branches_jointly() -> None:
    sampler = TPESampler(seed=0, multivariate=True, group=True, n_startup_trials=8)
    study = tuner.create_study(sampler=sampler)
    study.optimize(_conditional, n_trials=50)
    late = study.trials[-20:]
    assert sum(t.params["kind"] == "quad" for t in late) >= 15
    assert study.best_value < 0.5
    for t in study.trials:
        assert set(t.params) in ({"kind", "a", "b"}, {"kind", "w", "v"})
    trial = study.ask()
    space = sampler.infer_relative_search_space(study, study._storage.get_trial(trial._trial_id))
    assert set(space) == {"kind", "a", "b", "w", "v"}


def test_group_requires_multivariate() -> None:
    with pytest.raises(ValueError, match="multivariate"):
        TPESampler(group=True, multivariate=False)


@pytest.mark.parametrize(
    "kwargs", [{"prior_weight": 0.0}, {"n_startup_trials": -1}, {"n_ei_candidates": 0}]
)
def test_bad_arguments_raise(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        TPESampler(**kwargs)


def test_constraints_are_stored_and_feasible_region_is_preferred() -> None:
    def constraints(trial: FrozenTrial) -> list[float]:
        return [trial.params["x"] - 1.0]  # feasible when x <= 1

    sampler = TPESampler(seed=0, constraints_func=constraints)
    study = tuner.create_study(sampler=sampler)
    study.optimize(lambda t: -t.suggest_float("x", -5, 5), n_trials=50)
    for t in study.trials:
        assert t.constraints == {"0": pytest.approx(t.params["x"] - 1.0)}
        assert t.system_attrs["constraints:0"] == pytest.approx(t.params["x"] - 1.0)
    assert study.best_trial.feasible
    assert study.best_trial.params["x"] <= 1.0
    assert study.best_value > -1.0 - 1e-9
    late = study.trials[-20:]
    # The optimum sits on the constraint boundary: TPE crowds just inside it (random
    # search would put 2 of 20 trials into [0, 1]).
    assert sum(0.0 <= t.params["x"] <= 1.0 for t in late) >= 6


def test_constraints_func_must_return_a_sequence() -> None:
    sampler = TPESampler(constraints_func=lambda t: 1.0)  # type: ignore[arg-type,return-value]
    study = tuner.create_study(sampler=sampler)
    with pytest.raises(TypeError, match="sequence"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)


def test_user_set_constraints_also_count() -> None:
    def objective(trial: Any) -> float:
        x = trial.suggest_float("x", -5, 5)
        trial.set_constraint("upper", x - 1.0)
        return -x

    study = tuner.create_study(sampler=TPESampler(seed=2))
    study.optimize(objective, n_trials=40)
    assert sum(0.0 <= t.params["x"] <= 1.0 for t in study.trials[-20:]) >= 6


def test_multi_objective_finds_a_better_front_than_random() -> None:
    from tuner._multi_objective import hypervolume

    def objective(trial: Any) -> tuple[float, float]:
        x = trial.suggest_float("x", 0, 5)
        y = trial.suggest_float("y", 0, 5)
        return x**2 + y**2, (x - 2) ** 2 + (y - 2) ** 2

    def front_hv(sampler: Any) -> float:
        study = tuner.create_study(directions=["minimize", "minimize"], sampler=sampler)
        study.optimize(objective, n_trials=60)
        values = np.array([t.values for t in study.best_trials])
        return hypervolume(values, np.array([50.0, 50.0]))

    tpe = [front_hv(TPESampler(seed=s)) for s in range(3)]
    rnd = [front_hv(RandomSampler(seed=s)) for s in range(3)]
    assert statistics.median(tpe) > statistics.median(rnd)


def test_multi_objective_with_a_maximized_objective_runs() -> None:
    study = tuner.create_study(
        directions=["minimize", "maximize", "minimize"], sampler=TPESampler(seed=0)
    )
    study.optimize(
        lambda t: (
            t.suggest_float("x", 0, 1),
            t.suggest_float("y", 0, 1),
            t.suggest_int("z", 0, 3),
        ),
        n_trials=30,
    )
    assert len(study.trials) == 30
    assert study.directions[1] == StudyDirection.MAXIMIZE


def test_constant_liar_counts_running_trials_as_bad() -> None:
    sampler = TPESampler(seed=0, constant_liar=True, n_startup_trials=3)
    study = tuner.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
    running = study.ask()
    running.suggest_float("x", 0, 1)
    nxt = study.ask()
    frozen = study._storage.get_trial(nxt._trial_id)
    _, below, above = sampler._split(study, frozen)
    assert running.number in [t.number for t in above]
    assert running.number not in [t.number for t in below]
    assert nxt.number not in [t.number for t in below + above]


def test_constant_liar_with_parallel_workers() -> None:
    sampler = TPESampler(seed=0, constant_liar=True, n_startup_trials=4)
    study = tuner.create_study(sampler=sampler)
    study.optimize(
        lambda t: (t.suggest_float("x", -3, 3) - 1) ** 2 + t.suggest_int("n", 0, 4),
        n_trials=40,
        n_jobs=2,
    )
    assert len(study.trials) == 40
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    xs = [t.params["x"] for t in study.trials]
    assert len(set(xs)) == len(xs)
    assert study.best_value < 0.5


def test_pruned_trials_rank_by_progress_then_last_value() -> None:
    from tuner.samplers._tpe._split import split_trials

    dist = {"x": FloatDistribution(0, 1)}

    def make(number: int, state: TrialState, **kw: Any) -> FrozenTrial:
        t = tuner.create_trial(state=state, params={"x": 0.5}, distributions=dist, **kw)
        t.number = number
        return t

    trials = [
        make(0, TrialState.PRUNED, intermediate_values={0: 0.1}),
        make(1, TrialState.PRUNED, intermediate_values={0: 5.0, 3: 0.9}),
        make(2, TrialState.COMPLETE, value=3.0),
        make(3, TrialState.PRUNED, intermediate_values={0: 0.5, 3: 0.2}),
        make(4, TrialState.PRUNED),
    ]
    for n_below, expected in [(1, [2]), (2, [2, 3]), (3, [1, 2, 3]), (4, [0, 1, 2, 3])]:
        below, above = split_trials(trials, n_below, [StudyDirection.MINIMIZE])
        assert [t.number for t in below] == expected
        assert {t.number for t in above} == set(range(5)) - set(expected)


def test_pruned_trials_are_used_with_a_real_pruner() -> None:
    def objective(trial: Any) -> float:
        x = trial.suggest_float("x", -2, 2)
        for step in range(3):
            trial.report(x**2 + 1.0 / (step + 1), step)
            if trial.number % 3 == 0 and trial.should_prune():
                raise tuner.TrialPruned()
        return x**2

    class PruneEveryThird(BasePruner):
        def prune(self, study: tuner.Study, trial: FrozenTrial) -> bool:
            return trial.number % 3 == 0 and trial.last_step == 1

    study = tuner.create_study(sampler=TPESampler(seed=0), pruner=PruneEveryThird())
    study.optimize(objective, n_trials=40)
    assert any(t.state == TrialState.PRUNED for t in study.trials)
    assert study.best_value < 0.05


class _FirstThreeTrialsPruner(BasePruner):
    """Like a bracketed pruner: shows the sampler only some trials."""

    def __init__(self) -> None:
        self.calls = 0

    def prune(self, study: tuner.Study, trial: FrozenTrial) -> bool:
        return False

    def filter_trials_for_sampler(
        self, study: tuner.Study, trial: FrozenTrial, trials: Sequence[FrozenTrial]
    ) -> list[FrozenTrial]:
        self.calls += 1
        return [t for t in trials if t.number < 3]


def test_pruner_can_filter_the_trials_the_sampler_sees() -> None:
    pruner = _FirstThreeTrialsPruner()
    sampler = TPESampler(seed=0, n_startup_trials=5)
    study = tuner.create_study(sampler=sampler, pruner=pruner)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=8)
    assert pruner.calls >= 8
    trial = study.ask()
    n_finished, below, above = sampler._split(study, study._storage.get_trial(trial._trial_id))
    assert n_finished == 3
    assert below == [] and above == []  # still below n_startup_trials: random sampling


def test_independent_sampling_warns_once_per_parameter(caplog: pytest.LogCaptureFixture) -> None:
    tuner.logging.set_verbosity(tuner.logging.WARNING)
    tuner.logging.enable_propagation()
    try:
        sampler = TPESampler(seed=0, multivariate=True, n_startup_trials=2)
        study = tuner.create_study(sampler=sampler)

        def objective(trial: Any) -> float:
            x = trial.suggest_float("x", 0, 1)
            if x > 0.5:
                return trial.suggest_float("y", 0, 1)
            return x

        with caplog.at_level("WARNING"):
            study.optimize(objective, n_trials=25)
        assert len({r.getMessage() for r in caplog.records if "'y'" in r.getMessage()}) == 1
    finally:
        tuner.logging.disable_propagation()
        tuner.logging.set_verbosity(tuner.logging.ERROR)


def test_categorical_distance_func_is_used() -> None:
    sizes = [1, 2, 4, 8, 16, 32, 64]
    sampler = TPESampler(
        seed=0,
        categorical_distance_func={"size": lambda a, b: abs(math.log2(a) - math.log2(b))},
    )
    study = tuner.create_study(sampler=sampler)
    study.optimize(lambda t: abs(math.log2(t.suggest_categorical("size", sizes)) - 4), n_trials=40)
    assert study.best_params["size"] == 16
    # Random search would put 3 of 7 trials into 8..32.
    assert sum(t.params["size"] in (8, 16, 32) for t in study.trials[-15:]) >= 9


def test_single_value_distributions_and_conditional_int_log() -> None:
    def objective(trial: Any) -> float:
        a = trial.suggest_int("a", 3, 3)
        b = trial.suggest_categorical("b", ["only"])
        c = trial.suggest_int("c", 1, 1000, log=True)
        return a + len(b) + abs(c - 30)

    for mv in (False, True):
        study = tuner.create_study(sampler=TPESampler(seed=0, multivariate=mv))
        study.optimize(objective, n_trials=40)
        assert all(t.params["a"] == 3 and t.params["b"] == "only" for t in study.trials)
        assert study.best_params["c"] in range(15, 60)


def test_tpe_is_the_default_sampler() -> None:
    assert isinstance(tuner.create_study().sampler, TPESampler)
    assert isinstance(tuner.create_study(directions=["minimize", "maximize"]).sampler, TPESampler)


def test_distributions_of_all_kinds_are_accepted_directly() -> None:
    dists = {
        "f": FloatDistribution(-1, 1),
        "i": IntDistribution(0, 5),
        "c": CategoricalDistribution([1, 2.5, "z"]),
    }
    sampler = TPESampler(seed=0, n_startup_trials=0)
    study = tuner.create_study(sampler=sampler)
    for _ in range(5):
        trial = study.ask(fixed_distributions=dists)
        study.tell(trial, float(trial.params["f"]))
    assert all(set(t.params) == set(dists) for t in study.trials)


def test_one_sampler_can_serve_two_studies() -> None:
    sampler = TPESampler(seed=0, multivariate=True, n_startup_trials=3)
    for _ in range(2):
        study = tuner.create_study(sampler=sampler)
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=8)
        assert len(study.trials) == 8


def test_bad_weights_function_raises_a_clear_error() -> None:
    sampler = TPESampler(seed=0, n_startup_trials=2, weights=lambda n: -np.ones(n))
    study = tuner.create_study(sampler=sampler)
    with pytest.raises(ValueError, match="non-negative"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)


def test_custom_gamma_and_weights_are_used() -> None:
    calls: list[int] = []

    def gamma(n: int) -> int:
        calls.append(n)
        return 2

    sampler = TPESampler(seed=0, n_startup_trials=3, gamma=gamma, weights=lambda n: np.ones(n))
    study = tuner.create_study(sampler=sampler)
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=6)
    assert calls == [3, 4, 5]
    _, below, above = sampler._split(study, study.ask()._cached_frozen_trial)
    assert len(below) == 2 and len(above) == 4
