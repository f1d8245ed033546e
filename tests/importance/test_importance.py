"""Parameter importance: agreement with Optuna on the same trials, and bad input."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np
import pytest
from scipy.stats import spearmanr

import tuner
from tests.visualization._twins import make_twins
from tuner.importance import (
    BaseImportanceEvaluator,
    FanovaImportanceEvaluator,
    MeanDecreaseImpurityImportanceEvaluator,
    PedAnovaImportanceEvaluator,
    get_param_importances,
)

optuna = pytest.importorskip("optuna")
pytest.importorskip("sklearn")
pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture(scope="module")
def twins() -> Any:
    # No conditional parameter would be left out by the forests; PED-ANOVA keeps "slope".
    return make_twins(120, seed=3, unfinished=True, constraints=False)


def _agreement(mine: dict[str, float], theirs: dict[str, float]) -> tuple[list[str], float]:
    names = sorted(theirs)
    assert sorted(mine) == names
    rho = spearmanr([mine[n] for n in names], [theirs[n] for n in names]).statistic
    return list(mine)[:3], float(rho)


EVALUATORS = [
    ("ped_anova", lambda m: m.PedAnovaImportanceEvaluator()),
    ("ped_anova_region", lambda m: m.PedAnovaImportanceEvaluator(region_quantile=0.5)),
    ("ped_anova_global", lambda m: m.PedAnovaImportanceEvaluator(evaluate_on_local=False)),
    ("fanova", lambda m: m.FanovaImportanceEvaluator(seed=0)),
    ("mdi", lambda m: m.MeanDecreaseImpurityImportanceEvaluator(seed=0)),
]


@pytest.mark.parametrize(("label", "make"), EVALUATORS, ids=[e[0] for e in EVALUATORS])
def test_importances_agree_with_optuna(twins: Any, label: str, make: Any) -> None:
    mine = get_param_importances(twins.tuner, evaluator=make(tuner.importance))
    theirs = optuna.importance.get_param_importances(
        twins.optuna, evaluator=make(optuna.importance)
    )
    top3, rho = _agreement(mine, theirs)
    assert top3 == list(theirs)[:3]
    assert rho >= 0.9
    # Same algorithm on the same trials (and the same forest seed): the same numbers.
    for name in theirs:
        assert mine[name] == pytest.approx(theirs[name], rel=1e-6, abs=1e-9), name


def test_ped_anova_on_a_multi_objective_study_without_target_agrees_with_optuna() -> None:
    twins = make_twins(120, seed=4, directions=("minimize", "maximize"), constraints=False)
    mine = get_param_importances(twins.tuner)
    theirs = optuna.importance.get_param_importances(twins.optuna)
    top3, rho = _agreement(mine, theirs)
    assert top3 == list(theirs)[:3] and rho >= 0.9


def test_with_target_and_without_normalization(twins: Any) -> None:
    kwargs: dict[str, Any] = {"target": lambda t: t.params["x"] ** 2, "normalize": False}
    mine = get_param_importances(twins.tuner, evaluator=PedAnovaImportanceEvaluator(), **kwargs)
    theirs = optuna.importance.get_param_importances(
        twins.optuna, evaluator=optuna.importance.PedAnovaImportanceEvaluator(), **kwargs
    )
    assert list(mine)[0] == "x" == list(theirs)[0]
    assert mine["x"] == pytest.approx(theirs["x"])
    assert sum(mine.values()) != pytest.approx(1.0)


def test_named_params_keep_only_those(twins: Any) -> None:
    for evaluator in (PedAnovaImportanceEvaluator(), FanovaImportanceEvaluator(seed=0)):
        result = get_param_importances(twins.tuner, evaluator=evaluator, params=["lr", "x"])
        assert sorted(result) == ["lr", "x"]
        assert sum(result.values()) == pytest.approx(1.0)
    assert get_param_importances(twins.tuner, params=[]) == {}


def test_fanova_finds_the_parameter_that_matters() -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(
        lambda t: (
            10 * t.suggest_float("a", 0, 1)
            + 0.1 * t.suggest_float("b", 0, 1)
            + (0.0 if t.suggest_categorical("c", ["p", "q"]) == "p" else 2.0)
        ),
        n_trials=80,
    )
    result = get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=1))
    assert list(result) == ["a", "c", "b"]


@pytest.mark.parametrize(
    "evaluator",
    [PedAnovaImportanceEvaluator(), FanovaImportanceEvaluator(seed=0)],
    ids=["ped_anova", "fanova"],
)
def test_bad_input(evaluator: BaseImportanceEvaluator) -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), 20)
    with pytest.raises(ValueError, match="nope"):
        get_param_importances(study, evaluator=evaluator, params=["nope"])
    with pytest.raises(TypeError, match="list"):
        get_param_importances(study, evaluator=evaluator, params="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must return a number"):
        get_param_importances(study, evaluator=evaluator, target=lambda t: "big")  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="BaseImportanceEvaluator"):
        get_param_importances(study, evaluator=object())  # type: ignore[arg-type]


def test_forest_evaluators_need_a_target_on_multi_objective_studies() -> None:
    study = tuner.create_study(directions=["minimize", "minimize"])
    study.optimize(lambda t: (t.suggest_float("x", 0, 1), t.suggest_float("y", 0, 1)), 10)
    for evaluator in (FanovaImportanceEvaluator(), MeanDecreaseImpurityImportanceEvaluator()):
        with pytest.raises(ValueError, match="target=lambda t: t.values"):
            get_param_importances(study, evaluator=evaluator)


def test_too_few_trials_give_equal_importances() -> None:
    study = tuner.create_study()
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + t.suggest_float("y", 0, 1), 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert get_param_importances(study) == {"x": 0.5, "y": 0.5}


def test_without_scikit_learn_the_default_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(lambda t: t.suggest_float("x", 0, 1) + 0.01 * t.suggest_float("y", 0, 1), 40)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.ensemble", None)
    assert list(get_param_importances(study)) == ["x", "y"]
    assert isinstance(tuner.importance.default_evaluator(), PedAnovaImportanceEvaluator)
    with pytest.raises(ImportError, match=r"tuner\[sklearn\]"):
        FanovaImportanceEvaluator()
    with pytest.raises(ImportError, match=r"tuner\[sklearn\]"):
        MeanDecreaseImpurityImportanceEvaluator()


def test_default_evaluator_is_seeded_and_caps_tree_samples() -> None:
    study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
    study.optimize(
        lambda t: (
            5 * t.suggest_float("a", 0, 1)
            + t.suggest_float("b", 0, 1) ** 2
            + 0.01 * t.suggest_int("c", 0, 9)
        ),
        1200,
    )
    first = get_param_importances(study)
    assert first == get_param_importances(study)  # deterministic by default
    assert list(first) == ["a", "b", "c"]
    capped = MeanDecreaseImpurityImportanceEvaluator(seed=0, max_samples=1000)
    assert get_param_importances(study, evaluator=capped) == first


def test_multi_objective_default_is_ped_anova() -> None:
    study = tuner.create_study(directions=["minimize", "minimize"])
    assert isinstance(tuner.importance.default_evaluator(study), PedAnovaImportanceEvaluator)
    assert isinstance(
        tuner.importance.default_evaluator(study, target=lambda t: t.values[0]),
        MeanDecreaseImpurityImportanceEvaluator,
    )


def test_ped_anova_rejects_bad_quantiles() -> None:
    with pytest.raises(ValueError, match="target_quantile"):
        PedAnovaImportanceEvaluator(target_quantile=0.5, region_quantile=0.4)


def test_importances_are_deterministic_with_a_seed(twins: Any) -> None:
    a = get_param_importances(twins.tuner, evaluator=FanovaImportanceEvaluator(seed=5))
    b = get_param_importances(twins.tuner, evaluator=FanovaImportanceEvaluator(seed=5))
    assert a == b
    assert np.isclose(sum(a.values()), 1.0)
