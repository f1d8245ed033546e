from __future__ import annotations

import datetime
import warnings
from typing import TYPE_CHECKING, Any

from tuner.distributions import BaseDistribution, CategoricalDistribution, _get_single_value
from tuner.exceptions import TunerWarning
from tuner.trial._base import (
    CONSTRAINTS_KEY_PREFIX,
    FIXED_PARAMS_KEY,
    BaseTrial,
    checked_constraint_value,
    constraints_from_system_attrs,
)

if TYPE_CHECKING:
    from tuner.study import Study


def checked_step(step: Any) -> int:
    if isinstance(step, bool):
        raise TypeError(f"`step` must be a non-negative integer, got {step!r}.")
    try:
        integral = int(step)
    except (TypeError, ValueError):
        raise TypeError(f"`step` must be a non-negative integer, got {step!r}.") from None
    if integral != step or integral < 0:
        raise ValueError(f"`step` must be a non-negative integer, got {step!r}.")
    return integral


def checked_intermediate_value(value: Any) -> float:
    if isinstance(value, str | bytes):
        raise TypeError(f"The reported value must be a number, got {value!r}.")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(
            f"The reported value must be a number, got {value!r} ({type(value).__name__})."
        ) from None


class Trial(BaseTrial):
    """A running trial: the objective asks it for parameters and reports progress to it.

    Trials are made by :meth:`tuner.Study.optimize` or :meth:`tuner.Study.ask`; user code
    does not construct them.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     x = trial.suggest_float("x", -10, 10)
        ...     if trial.suggest_categorical("squared", [True, False]):
        ...         return x ** 2
        ...     return abs(x)
        >>> study = tuner.create_study()
        >>> study.optimize(objective, n_trials=5)
    """

    def __init__(self, study: Study, trial_id: int) -> None:
        self.study = study
        self._trial_id = trial_id
        self.storage = study._storage
        # This worker is the only writer of a running trial, so a private copy stays
        # current without reading the storage back.
        self._cached_frozen_trial = self.storage.get_trial(trial_id)._copy()
        self._fixed_params: dict[str, Any] = (
            self._cached_frozen_trial.system_attrs.get(FIXED_PARAMS_KEY) or {}
        )
        sampler = study.sampler
        sampler.before_trial(study, self._cached_frozen_trial)
        self.relative_search_space = sampler.infer_relative_search_space(
            study, self._cached_frozen_trial
        )
        self._relative_params: dict[str, Any] = (
            sampler.sample_relative(study, self._cached_frozen_trial, self.relative_search_space)
            if self.relative_search_space
            else {}
        )

    def __repr__(self) -> str:
        return f"Trial(number={self.number}, params={self._cached_frozen_trial.params})"

    def _suggest(self, name: str, distribution: BaseDistribution) -> Any:
        trial = self._cached_frozen_trial
        known = trial._distributions.get(name)
        if known is not None:
            if known is not distribution and known != distribution:
                raise ValueError(
                    f"Parameter {name!r} was already suggested in this trial with {known}; "
                    f"it cannot be suggested again with {distribution}. Use another name."
                )
            return trial._params[name]

        if name in self._fixed_params:
            value = self._fixed_params[name]
            if isinstance(distribution, CategoricalDistribution):
                try:
                    internal = distribution.to_internal_repr(value)
                except ValueError:
                    raise ValueError(
                        f"The enqueued value {value!r} of {name!r} is not one of its choices "
                        f"{distribution.choices}."
                    ) from None
            else:
                internal = distribution.to_internal_repr(value)
                if not distribution._contains(internal):
                    warnings.warn(
                        f"The enqueued value {value!r} of {name!r} lies outside {distribution}; "
                        "it is used as given.",
                        TunerWarning,
                        stacklevel=3,
                    )
            value = distribution.to_external_repr(internal)
        elif distribution.single():
            internal = distribution.to_internal_repr(_get_single_value(distribution))
            value = distribution.to_external_repr(internal)
        elif (
            name in self._relative_params and self.relative_search_space.get(name) == distribution
        ):
            value = self._relative_params[name]
            internal = distribution.to_internal_repr(value)
        else:
            value = self.study.sampler.sample_independent(self.study, trial, name, distribution)
            internal = distribution.to_internal_repr(value)
            value = distribution.to_external_repr(internal)

        self.storage.set_trial_param(self._trial_id, name, internal, distribution)
        trial._distributions[name] = distribution
        trial._params[name] = value
        return value

    def report(self, value: float, step: int) -> None:
        """Report the objective's value at ``step`` of training, for the pruner to judge.

        Reporting the same step twice keeps the first value and warns.

        Raises:
            NotImplementedError: The study has several objectives (pruning needs one).
            TypeError, ValueError: ``value`` is not a number or ``step`` is not an integer >= 0.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> trial = study.ask()
            >>> trial.report(0.5, step=0)
            >>> study.tell(trial, 0.4).intermediate_values
            {0: 0.5}
        """
        if self.study._is_multi_objective():
            raise NotImplementedError(
                "Trial.report is not supported in multi-objective studies: pruning compares "
                "one learning curve. Report nothing, or optimize a single objective."
            )
        number = checked_intermediate_value(value)
        step = checked_step(step)
        intermediate = self._cached_frozen_trial.intermediate_values
        if step in intermediate:
            warnings.warn(
                f"Step {step} of trial {self.number} was already reported with "
                f"{intermediate[step]}; the new value {number} is ignored.",
                TunerWarning,
                stacklevel=2,
            )
            return
        self.storage.set_trial_intermediate_value(self._trial_id, step, number)
        intermediate[step] = number

    def should_prune(self) -> bool:
        """Ask the study's pruner whether this trial should stop now.

        Example:
            >>> import tuner
            >>> study = tuner.create_study(pruner=tuner.pruners.NopPruner())
            >>> study.ask().should_prune()
            False
        """
        if self.study._is_multi_objective():
            raise NotImplementedError(
                "Trial.should_prune is not supported in multi-objective studies."
            )
        snapshot = self._cached_frozen_trial._copy()
        # Pruners may keep their state in system attrs written straight to the storage.
        snapshot.system_attrs = self.storage.get_trial_system_attrs(self._trial_id)
        return self.study.pruner.prune(self.study, snapshot)

    def set_user_attr(self, key: str, value: Any) -> None:
        """Attach a JSON-serializable value to this trial, e.g. a metric you want to keep.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> trial = study.ask()
            >>> trial.set_user_attr("accuracy", 0.93)
            >>> trial.user_attrs
            {'accuracy': 0.93}
        """
        self.storage.set_trial_user_attr(self._trial_id, key, value)
        self._cached_frozen_trial.user_attrs[key] = value

    def set_system_attr(self, key: str, value: Any) -> None:
        """Set a system attribute (for plugins; user code should use set_user_attr)."""
        self.storage.set_trial_system_attr(self._trial_id, key, value)
        self._cached_frozen_trial.system_attrs[key] = value

    def set_constraint(self, key: str, value: float) -> None:
        """Record a constraint: the trial is feasible when every constraint value is <= 0.

        Infeasible trials never become ``best_trial`` nor enter ``best_trials``. Setting the
        same key twice keeps the first value and warns.

        Raises:
            ValueError: ``value`` is NaN.

        Example:
            >>> import tuner
            >>> def objective(trial):
            ...     x = trial.suggest_float("x", 0, 1)
            ...     trial.set_constraint("x_at_most_half", x - 0.5)
            ...     return -x
            >>> study = tuner.create_study(sampler=tuner.samplers.RandomSampler(seed=0))
            >>> study.optimize(objective, n_trials=20)
            >>> study.best_params["x"] <= 0.5
            True
        """
        number = checked_constraint_value(key, value)
        attr_key = CONSTRAINTS_KEY_PREFIX + key
        if attr_key in self._cached_frozen_trial.system_attrs:
            warnings.warn(
                f"Constraint {key!r} of trial {self.number} is already set; the new value "
                f"{number} is ignored.",
                TunerWarning,
                stacklevel=2,
            )
            return
        self.set_system_attr(attr_key, number)

    @property
    def number(self) -> int:
        return self._cached_frozen_trial.number

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._cached_frozen_trial.params)

    @property
    def distributions(self) -> dict[str, BaseDistribution]:
        return dict(self._cached_frozen_trial.distributions)

    @property
    def user_attrs(self) -> dict[str, Any]:
        return dict(self._cached_frozen_trial.user_attrs)

    @property
    def system_attrs(self) -> dict[str, Any]:
        return self.storage.get_trial_system_attrs(self._trial_id)

    @property
    def constraints(self) -> dict[str, float]:
        return constraints_from_system_attrs(self._cached_frozen_trial.system_attrs)

    @property
    def datetime_start(self) -> datetime.datetime | None:
        return self._cached_frozen_trial.datetime_start

    @property
    def relative_params(self) -> dict[str, Any]:
        """Values a relative sampler proposed for this trial, before the objective asked."""
        return dict(self._relative_params)
