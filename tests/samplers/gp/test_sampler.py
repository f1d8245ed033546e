from __future__ import annotations

import math
import multiprocessing as mp
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
import scipy.optimize

import tuner
from tuner.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from tuner.exceptions import TunerWarning
from tuner.samplers import GPSampler, RandomSampler
from tuner.trial import TrialState

tuner.logging.set_verbosity(tuner.logging.WARNING)


def _branin(trial: tuner.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 10.0)
    y = trial.suggest_float("y", 0.0, 15.0)
    b, c, t = 5.1 / (4 * math.pi**2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def _mixed(trial: tuner.Trial) -> float:
    a = trial.suggest_int("a", 0, 10)
    b = trial.suggest_int("b", 2, 20, step=3)
    c = trial.suggest_int("c", 1, 1000, log=True)
    d = trial.suggest_float("d", 0.0, 1.0, step=0.1)
    e = trial.suggest_float("e", 1e-4, 1.0, log=True)
    f = trial.suggest_categorical("f", ["x", "y", "z"])
    g = trial.suggest_float("g", -1.0, 1.0)
    return (a - 3) ** 2 + b + math.log(c) + d + math.log(e) ** 2 + (f == "y") + g**2


def test_same_seed_same_trials() -> None:
    def run() -> list[dict[str, object]]:
        study = tuner.create_study(sampler=GPSampler(seed=3, n_startup_trials=4))
        study.optimize(_mixed, n_trials=9)
        return [t.params for t in study.trials]

    assert run() == run()


def test_values_inside_distributions() -> None:
    study = tuner.create_study(sampler=GPSampler(seed=0, n_startup_trials=4))
    study.optimize(_mixed, n_trials=14)
    for trial in study.trials:
        for name, value in trial.params.items():
            dist = trial.distributions[name]
            assert dist._contains(dist.to_internal_repr(value)), (name, value)
            if isinstance(dist, IntDistribution):
                assert isinstance(value, int)
            if isinstance(dist, FloatDistribution) and dist.step is not None:
                assert value == round(value, 1)
    # The GP (not only the startup sampler) proposed the later trials.
    assert "gp:hyperparams" in study.trials[-1].system_attrs


def test_beats_random_on_branin() -> None:
    regrets: dict[str, list[float]] = {"gp": [], "random": []}
    for seed in range(3):
        for name, sampler in (
            ("gp", GPSampler(seed=seed)),
            ("random", RandomSampler(seed=seed)),
        ):
            study = tuner.create_study(sampler=sampler)
            study.optimize(_branin, n_trials=25)
            regrets[name].append(study.best_value - 0.397887)
    assert np.median(regrets["gp"]) < 0.5 * np.median(regrets["random"])
    assert np.median(regrets["gp"]) < 0.3


def test_duplicated_and_constant_observations() -> None:
    study = tuner.create_study(
        sampler=GPSampler(seed=0, n_startup_trials=3, deterministic_objective=True)
    )
    for _ in range(6):
        study.enqueue_trial({"x": 0.5, "n": 1})
    study.optimize(
        lambda t: 1.0 + 0 * t.suggest_float("x", 0, 1) + t.suggest_int("n", 0, 2), n_trials=10
    )
    assert len(study.trials) == 10
    assert all(t.state == TrialState.COMPLETE for t in study.trials)


def test_failed_trials_infinite_and_huge_values() -> None:
    def objective(trial: tuner.Trial) -> float:
        x = trial.suggest_float("x", -1.0, 1.0)
        if trial.number % 4 == 1:
            raise RuntimeError("broken trial")
        if trial.number % 4 == 2:
            return math.inf
        return 1e300 if x > 0.5 else x

    study = tuner.create_study(sampler=GPSampler(seed=1, n_startup_trials=3))
    study.optimize(objective, n_trials=14, catch=(RuntimeError,))
    assert sum(t.state == TrialState.COMPLETE for t in study.trials) >= 9


@pytest.mark.parametrize("dim", [1, 30])
def test_one_and_thirty_dimensions(dim: int) -> None:
    study = tuner.create_study(sampler=GPSampler(seed=0, n_startup_trials=4))
    study.optimize(
        lambda t: sum(t.suggest_float(f"x{i}", -1, 1) ** 2 for i in range(dim)), n_trials=7
    )
    assert len(study.trials[-1].params) == dim
    assert all(-1 <= v <= 1 for t in study.trials for v in t.params.values())


def test_maximize_direction() -> None:
    study = tuner.create_study(direction="maximize", sampler=GPSampler(seed=0))
    study.optimize(lambda t: -((t.suggest_float("x", -3, 3) - 2) ** 2), n_trials=18)
    assert study.best_value > -0.05


def test_constraints_are_stored_and_respected() -> None:
    def constraints(trial: tuner.trial.FrozenTrial) -> list[float]:
        return [trial.params["x"] + trial.params["y"] - 1.0]  # feasible when x + y <= 1

    study = tuner.create_study(
        sampler=GPSampler(seed=0, n_startup_trials=6, constraints_func=constraints)
    )
    study.optimize(
        lambda t: -(t.suggest_float("x", 0, 2) + t.suggest_float("y", 0, 2)), n_trials=20
    )
    for trial in study.trials:
        assert trial.constraints == {"0": pytest.approx(constraints(trial)[0])}
    best = study.best_trial
    assert best.params["x"] + best.params["y"] <= 1.0
    assert best.value < -0.85
    # The GP proposals close in on the boundary x + y = 1 from both sides.
    assert np.median([abs(t.constraints["0"]) for t in study.trials[-6:]]) < 0.05


def test_multi_objective_fits_one_gp_per_objective() -> None:
    study = tuner.create_study(
        directions=["minimize", "maximize"], sampler=GPSampler(seed=0, n_startup_trials=3)
    )
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), n_trials=5)
    stored = study.trials[-1].system_attrs["gp:hyperparams"]
    assert len(stored["objectives"]) == 2 and "objective" not in stored


def test_parameters_outside_search_space_fall_back_with_one_warning() -> None:
    def objective(trial: tuner.Trial) -> float:
        x = trial.suggest_float("x", 0, 1)
        if trial.number % 2:
            x += trial.suggest_float("extra", 0, 1)
        return x

    study = tuner.create_study(sampler=GPSampler(seed=0, n_startup_trials=3))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        study.optimize(objective, n_trials=10)
    messages = [str(w.message) for w in caught if issubclass(w.category, TunerWarning)]
    assert sum("'extra'" in m for m in messages) == 1


def test_running_trials_are_not_proposed_again() -> None:
    study = tuner.create_study(
        sampler=GPSampler(seed=0, n_startup_trials=5, deterministic_objective=True)
    )
    study.optimize(lambda t: (t.suggest_float("x", 0, 1) - 0.3) ** 2, n_trials=8)
    first = study.ask()
    x1 = first.suggest_float("x", 0, 1)
    second = study.ask()
    x2 = second.suggest_float("x", 0, 1)
    # Conditioning on the running trial moves the second proposal off the first one.
    assert abs(x1 - x2) > 1e-4


def test_categorical_only_space() -> None:
    study = tuner.create_study(sampler=GPSampler(seed=0, n_startup_trials=3))
    scores = {"a": 3.0, "b": 0.0, "c": 2.0, "d": 1.0}
    study.optimize(lambda t: scores[t.suggest_categorical("k", list(scores))], n_trials=10)
    assert study.best_params == {"k": "b"}
    assert isinstance(study.trials[-1].distributions["k"], CategoricalDistribution)


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="n_startup_trials"):
        GPSampler(n_startup_trials=-1)
    study = tuner.create_study(sampler=GPSampler(constraints_func=lambda t: 1.0))  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="sequence of floats"):
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)


def test_a_fresh_sampler_rebuilds_the_same_proposal() -> None:
    # Another worker has its own sampler instance: with the same random state it must
    # propose what the instance that ran the study proposes (no hidden state).
    worn = GPSampler(seed=0, n_startup_trials=4)
    study = tuner.create_study(sampler=worn)
    study.optimize(_mixed, n_trials=8)
    trial = study.ask()
    frozen = study._storage.get_trial(trial._trial_id)
    space = worn.infer_relative_search_space(study, frozen)
    fresh = GPSampler(seed=7, n_startup_trials=4)
    worn._rng = np.random.default_rng(7)
    assert worn.sample_relative(study, frozen, space) == fresh.sample_relative(
        study, frozen, space
    )


def test_one_sampler_serves_studies_of_different_storages() -> None:
    sampler = tuner.samplers.GPSampler(seed=0, n_startup_trials=2)
    for _ in range(2):  # both in-memory studies have study id 0
        study = tuner.create_study(sampler=sampler)
        study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=4)
        assert len(study.trials) == 4


def _sleepy_quadratic(trial: tuner.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    y = trial.suggest_float("y", -5.0, 5.0)
    trial.set_user_attr("pid", os.getpid())
    time.sleep(0.05)  # keeps trials running long enough for the other worker to see them
    return (x - 1.0) ** 2 + (y + 2.0) ** 2


def _gp_worker(url: str, name: str, seed: int) -> None:
    tuner.logging.set_verbosity(tuner.logging.WARNING)
    sampler = GPSampler(seed=seed, n_startup_trials=6)
    study = tuner.create_study(storage=url, study_name=name, load_if_exists=True, sampler=sampler)
    study.optimize(_sleepy_quadratic, n_trials=14)


def test_two_worker_processes_share_one_sqlite_study(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gp.db'}"
    tuner.create_study(storage=url, study_name="gp-mp")
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_gp_worker, args=(url, "gp-mp", seed)) for seed in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=240)
        assert p.exitcode == 0
    study = tuner.load_study(study_name="gp-mp", storage=url)
    trials = study.trials
    assert len(trials) == 28 and all(t.state == TrialState.COMPLETE for t in trials)
    # Both workers proposed with the GP (its fit is stored on the trials it proposed).
    # Exact duplicates are possible here: a trial whose parameters are not yet written is
    # invisible to the other worker. Conditioning on running trials is tested above.
    gp_trials = [t for t in trials if "gp:hyperparams" in t.system_attrs]
    assert {t.user_attrs["pid"] for t in gp_trials} == {t.user_attrs["pid"] for t in trials}
    assert len({t.user_attrs["pid"] for t in trials}) == 2
    assert len(gp_trials) >= 28 - 2 * 6
    assert study.best_value < 0.05


@pytest.mark.parametrize("failure", ["raises", "nan"])
def test_a_failed_fit_still_proposes(monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    import tuner.samplers._gp._gp as gp_module

    def broken_minimize(*args: object, **kwargs: object) -> object:
        if failure == "raises":
            raise np.linalg.LinAlgError("not positive definite")
        return scipy.optimize.OptimizeResult(x=np.full(4, np.nan), fun=np.nan)

    monkeypatch.setattr(gp_module.scipy.optimize, "minimize", broken_minimize)
    study = tuner.create_study(sampler=GPSampler(seed=0, n_startup_trials=4))
    study.optimize(lambda t: (t.suggest_float("x", -1, 1) - 0.3) ** 2, n_trials=8)
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    # The GP proposed (with the prior medians as hyperparameters) rather than giving up.
    stored = study.trials[-1].system_attrs["gp:hyperparams"]["objective"]
    assert np.all(np.isfinite(stored))
