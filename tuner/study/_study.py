from __future__ import annotations

import threading
from collections.abc import Callable, Container, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tuner._direction import StudyDirection
from tuner._multi_objective import pareto_front_trials
from tuner.distributions import BaseDistribution
from tuner.logging import get_logger
from tuner.storages import BaseStorage, get_storage
from tuner.study._dataframe import trials_dataframe
from tuner.study._defaults import default_pruner, default_sampler
from tuner.study._optimize import optimize
from tuner.study._tell import tell
from tuner.trial._base import FIXED_PARAMS_KEY
from tuner.trial._create import create_trial
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState
from tuner.trial._trial import Trial

if TYPE_CHECKING:
    import pandas as pd

    from tuner.pruners import BasePruner
    from tuner.samplers import BaseSampler

_logger = get_logger(__name__)

ObjectiveFuncType = Callable[[Trial], float | Sequence[float]]
_METRIC_NAMES_KEY = "study:metric_names"


class Study:
    """An optimization task: an objective's trials, in a storage, driven by a sampler.

    Make one with :func:`tuner.create_study` or :func:`tuner.load_study` rather than with
    this constructor (which loads an existing study by name).

    Samplers and pruners use the study through its public methods: :meth:`get_trials`,
    :attr:`system_attrs` / :meth:`set_system_attr` and :meth:`set_trial_system_attr`.
    The private names ``_storage``, ``_study_id`` and ``_get_trials`` are Optuna's, kept
    only so that plugins written for Optuna run unchanged.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(direction="maximize")
        >>> study.optimize(lambda t: -(t.suggest_float("x", -5, 5) - 1) ** 2, n_trials=20)
        >>> study.best_value <= 0
        True
    """

    def __init__(
        self,
        study_name: str,
        storage: str | BaseStorage,
        sampler: BaseSampler | None = None,
        pruner: BasePruner | None = None,
    ) -> None:
        self.study_name = study_name
        self._storage = get_storage(storage)
        self._study_id = self._storage.get_study_id_from_name(study_name)
        # Directions never change once a study exists; reading them once keeps the
        # per-trial path free of storage round trips.
        self._directions = self._storage.get_study_directions(self._study_id)
        self.sampler = sampler if sampler is not None else default_sampler()
        self.pruner = pruner if pruner is not None else default_pruner()
        self._optimize_lock = threading.Lock()
        self._stop_flag = False

    def __repr__(self) -> str:
        return f"Study(study_name={self.study_name!r}, directions={self._directions})"

    # -- directions and results ---------------------------------------------------------

    @property
    def direction(self) -> StudyDirection:
        """The direction of a single-objective study.

        Raises:
            RuntimeError: The study has several objectives; use :attr:`directions`.
        """
        if self._is_multi_objective():
            raise RuntimeError("This study has several objectives; use `directions`.")
        return self._directions[0]

    @property
    def directions(self) -> list[StudyDirection]:
        """The direction of each objective."""
        return list(self._directions)

    def _is_multi_objective(self) -> bool:
        return len(self._directions) > 1

    @property
    def best_trial(self) -> FrozenTrial:
        """The best complete trial that satisfies its constraints (earliest on ties).

        Raises:
            ValueError: No trial has completed (feasibly) yet.
            RuntimeError: The study has several objectives; use :attr:`best_trials`.
        """
        if self._is_multi_objective():
            raise RuntimeError(
                "A multi-objective study has no single best trial; use `study.best_trials` "
                "(the Pareto front)."
            )
        return self._storage.get_best_trial(self._study_id)._copy(deep=True)

    @property
    def best_value(self) -> float:
        """The objective value of :attr:`best_trial`."""
        value = self.best_trial.value
        assert value is not None
        return value

    @property
    def best_params(self) -> dict[str, Any]:
        """The parameters of :attr:`best_trial`."""
        return self.best_trial.params

    @property
    def best_trials(self) -> list[FrozenTrial]:
        """The Pareto front: complete, feasible trials that no other such trial dominates.

        For a single-objective study, every trial that ties with the best value.
        """
        trials = self.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        front = pareto_front_trials([t for t in trials if t.feasible], self._directions)
        return [t._copy(deep=True) for t in front]

    @property
    def trials(self) -> list[FrozenTrial]:
        """Every trial of the study, ordered by number (copies: safe to modify)."""
        return self.get_trials(deepcopy=True)

    def get_trials(
        self, deepcopy: bool = True, states: Container[TrialState] | None = None
    ) -> list[FrozenTrial]:
        """Return the trials, ordered by number, optionally only those in ``states``.

        Args:
            deepcopy: Copy each trial; pass False when you only read them (much faster).
            states: E.g. ``(TrialState.COMPLETE,)``.

        Example:
            >>> import tuner
            >>> from tuner.trial import TrialState
            >>> study = tuner.create_study()
            >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
            >>> len(study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,)))
            3
        """
        return self._storage.get_all_trials(self._study_id, deepcopy=deepcopy, states=states)

    def _get_trials(
        self,
        deepcopy: bool = True,
        states: Container[TrialState] | None = None,
        use_cache: bool = False,
    ) -> list[FrozenTrial]:
        """Optuna's private name for :meth:`get_trials`, kept so that samplers written for
        Optuna run unchanged; ``use_cache`` is ignored (storages cache finished trials
        themselves). tuner's own code calls :meth:`get_trials`."""
        return self.get_trials(deepcopy, states)

    # -- attributes -----------------------------------------------------------------------

    @property
    def user_attrs(self) -> dict[str, Any]:
        """User attributes of the study."""
        return self._storage.get_study_user_attrs(self._study_id)

    def set_user_attr(self, key: str, value: Any) -> None:
        """Attach a JSON-serializable value to the study.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> study.set_user_attr("dataset", "mnist")
            >>> study.user_attrs
            {'dataset': 'mnist'}
        """
        self._storage.set_study_user_attr(self._study_id, key, value)

    @property
    def system_attrs(self) -> dict[str, Any]:
        """System attributes of the study (set by tuner and its plugins)."""
        return self._storage.get_study_system_attrs(self._study_id)

    def set_system_attr(self, key: str, value: Any) -> None:
        """Set a system attribute of the study (for plugins)."""
        self._storage.set_study_system_attr(self._study_id, key, value)

    def set_trial_system_attr(self, trial: FrozenTrial, key: str, value: Any) -> None:
        """Set a JSON-serializable system attribute of an unfinished trial of this study.

        For samplers and pruners: ``trial`` is the snapshot they were handed, and what they
        store there is seen by every worker sharing the storage (e.g. a pruner's rung
        values, a sampler's fitted hyperparameters).

        Raises:
            TypeError: ``trial`` is not a :class:`~tuner.trial.FrozenTrial`.
            UpdateFinishedTrialError: The trial has finished.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> trial = study.ask()
            >>> snapshot = study.get_trials(deepcopy=False)[trial.number]
            >>> study.set_trial_system_attr(snapshot, "seen_by", "my-sampler")
            >>> study.tell(trial, 1.0).system_attrs["seen_by"]
            'my-sampler'
        """
        if not isinstance(trial, FrozenTrial):
            raise TypeError(
                f"`trial` must be the FrozenTrial a sampler or pruner was given, got {trial!r}."
            )
        self._storage.set_trial_system_attr(trial._trial_id, key, value)

    @property
    def metric_names(self) -> list[str] | None:
        """The names given to the objectives with :meth:`set_metric_names`, or None."""
        names = self._storage.get_study_system_attrs(self._study_id).get(_METRIC_NAMES_KEY)
        return list(names) if names is not None else None

    def set_metric_names(self, metric_names: list[str]) -> None:
        """Name the objectives (used by :meth:`trials_dataframe` and plots).

        Raises:
            ValueError: The number of names differs from the number of objectives.

        Example:
            >>> import tuner
            >>> study = tuner.create_study(directions=["minimize", "maximize"])
            >>> study.set_metric_names(["loss", "accuracy"])
            >>> study.metric_names
            ['loss', 'accuracy']
        """
        if len(metric_names) != len(self._directions):
            raise ValueError(
                f"Got {len(metric_names)} metric names for {len(self._directions)} objective(s)."
            )
        self._storage.set_study_system_attr(self._study_id, _METRIC_NAMES_KEY, list(metric_names))

    # -- running ----------------------------------------------------------------------------

    def optimize(
        self,
        func: ObjectiveFuncType,
        n_trials: int | None = None,
        timeout: float | None = None,
        n_jobs: int = 1,
        catch: Iterable[type[Exception]] | type[Exception] = (),
        callbacks: Iterable[Callable[[Study, FrozenTrial], None]] | None = None,
        gc_after_trial: bool = False,
        show_progress_bar: bool = False,
    ) -> None:
        """Run the objective on new trials until ``n_trials`` or ``timeout`` is reached.

        With neither, it runs until :meth:`stop` is called or the process gets a signal.

        Args:
            func: Takes a :class:`~tuner.trial.Trial`, returns a float (or one per
                objective). Raising :class:`~tuner.TrialPruned` prunes the trial; any other
                exception fails it and is raised again, unless its type is in ``catch``. A
                NaN, a non-number, the wrong number of values, or an infinity in the
                improving direction fails the trial with a warning that says why.
            n_trials: How many trials this call runs (across all ``n_jobs``).
            timeout: Seconds after which no new trial starts (running ones finish).
            n_jobs: Threads running trials at once; -1 means one per CPU core.
            catch: Exception types that fail the trial without stopping the study.
            callbacks: Each is called as ``callback(study, frozen_trial)`` after each trial.
            gc_after_trial: Run ``gc.collect()`` after each trial.
            show_progress_bar: Show a tqdm bar with the best value so far.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> study.optimize(lambda t: t.suggest_float("x", -1, 1) ** 2, n_trials=10)
            >>> len(study.trials)
            10
        """
        optimize(
            self,
            func,
            n_trials=n_trials,
            timeout=timeout,
            n_jobs=n_jobs,
            catch=catch,
            callbacks=callbacks,
            gc_after_trial=gc_after_trial,
            show_progress_bar=show_progress_bar,
        )

    def ask(self, fixed_distributions: dict[str, BaseDistribution] | None = None) -> Trial:
        """Start a trial without an objective function (the ask-and-tell interface).

        An enqueued trial (:meth:`enqueue_trial`) is handed out first. Parameters in
        ``fixed_distributions`` are sampled at once, as if suggested.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> trial = study.ask()
            >>> x = trial.suggest_float("x", -1, 1)
            >>> study.tell(trial, x ** 2).state
            TrialState.COMPLETE
        """
        trial_id = self._pop_waiting_trial_id()
        if trial_id is None:
            trial_id = self._storage.create_new_trial(self._study_id)
        trial = Trial(self, trial_id)
        for name, distribution in (fixed_distributions or {}).items():
            trial._suggest(name, distribution)
        return trial

    def _pop_waiting_trial_id(self) -> int | None:
        for trial in self._storage.get_all_trials(
            self._study_id, deepcopy=False, states=(TrialState.WAITING,)
        ):
            # Exactly one worker wins the WAITING -> RUNNING change.
            try:
                if self._storage.set_trial_state_values(trial._trial_id, TrialState.RUNNING):
                    return trial._trial_id
            except RuntimeError:  # finished meanwhile (e.g. failed by another worker)
                continue
        return None

    def tell(
        self,
        trial: Trial | int,
        values: float | Sequence[float] | None = None,
        state: TrialState | None = None,
        skip_if_finished: bool = False,
    ) -> FrozenTrial:
        """Finish a trial started with :meth:`ask`.

        Args:
            trial: The trial, or its number.
            values: The objective value(s). Values that cannot be used (NaN, a non-number,
                the wrong count) fail the trial with a warning when ``state`` is None.
            state: None (COMPLETE when ``values`` are usable, FAIL otherwise), COMPLETE,
                PRUNED or FAIL. A PRUNED trial takes its last reported value.
            skip_if_finished: Return quietly when the trial has already finished.

        Returns:
            The finished trial.

        Raises:
            UpdateFinishedTrialError: The trial has already finished.
            ValueError: ``state`` and ``values`` contradict each other.
        """
        return tell(self, trial, values, state, skip_if_finished)

    def stop(self) -> None:
        """Stop :meth:`optimize` after the running trials finish (call it from the
        objective or a callback).

        Raises:
            RuntimeError: Called outside :meth:`optimize`.

        Example:
            >>> import tuner
            >>> def stop_when_good(study, trial):
            ...     if trial.value is not None and trial.value < 0.01:
            ...         study.stop()
            >>> study = tuner.create_study()
            >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), callbacks=[stop_when_good])
        """
        if not self._optimize_lock.locked():
            raise RuntimeError("`Study.stop` can only be called while `Study.optimize` runs.")
        self._stop_flag = True

    def enqueue_trial(
        self,
        params: dict[str, Any],
        user_attrs: dict[str, Any] | None = None,
        skip_if_exists: bool = False,
    ) -> None:
        """Queue a trial with chosen parameter values; the next trial started takes it.

        Parameters the objective asks for but ``params`` lacks are sampled as usual.

        Args:
            params: Parameter values by name.
            user_attrs: User attributes for the queued trial.
            skip_if_exists: Do nothing when a trial with the same ``params`` exists.

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> study.enqueue_trial({"x": 0.5})
            >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=1)
            >>> study.trials[0].params
            {'x': 0.5}
        """
        if not isinstance(params, dict):
            raise TypeError(f"`params` must be a dict, got {type(params).__name__}.")
        if skip_if_exists and self._has_trial_with_params(params):
            _logger.info(f"A trial with parameters {params} exists; it was not enqueued again.")
            return
        self.add_trial(
            create_trial(
                state=TrialState.WAITING,
                system_attrs={FIXED_PARAMS_KEY: dict(params)},
                user_attrs=user_attrs,
            )
        )

    def _has_trial_with_params(self, params: dict[str, Any]) -> bool:
        for trial in self.get_trials(deepcopy=False):
            existing = trial.system_attrs.get(FIXED_PARAMS_KEY, trial.params)
            if existing.keys() == params.keys() and all(
                existing[k] == v for k, v in params.items()
            ):
                return True
        return False

    def add_trial(self, trial: FrozenTrial) -> None:
        """Add a finished (or WAITING) trial made with :func:`tuner.trial.create_trial`.

        Raises:
            ValueError: The trial is invalid, or has a different number of values than
                the study has objectives.
        """
        trial._validate()
        if trial.values is not None and len(trial.values) != len(self._directions):
            raise ValueError(
                f"The trial has {len(trial.values)} value(s) but the study has "
                f"{len(self._directions)} objective(s)."
            )
        if trial.state == TrialState.RUNNING:
            raise ValueError("A RUNNING trial cannot be added; use `ask` to start one.")
        self._storage.create_new_trial(self._study_id, template_trial=trial)

    def add_trials(self, trials: Iterable[FrozenTrial]) -> None:
        """Add several trials with :meth:`add_trial`."""
        for trial in trials:
            self.add_trial(trial)

    def trials_dataframe(
        self,
        attrs: tuple[str, ...] = (
            "number",
            "value",
            "datetime_start",
            "datetime_complete",
            "duration",
            "params",
            "user_attrs",
            "system_attrs",
            "state",
        ),
        multi_index: bool = False,
    ) -> pd.DataFrame:
        """The trials as a pandas DataFrame, one row per trial (needs ``tuner[pandas]``).

        Example:
            >>> import tuner
            >>> study = tuner.create_study()
            >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
            >>> list(study.trials_dataframe(attrs=("number", "value", "params")).columns)
            ['number', 'value', 'params_x']
        """
        return trials_dataframe(self, attrs, multi_index)

    # -- logging ---------------------------------------------------------------------------

    def _log_completed_trial(self, trial: FrozenTrial) -> None:
        values = trial.values
        assert values is not None
        if self._is_multi_objective():
            _logger.info(
                f"Trial {trial.number} finished with values: {values} and parameters: "
                f"{trial.params}."
            )
            return
        try:
            best = self._storage.get_best_trial(self._study_id)
            best_text = f" Best is trial {best.number} with value: {best.values[0]}."  # type: ignore[index]
        except ValueError:  # e.g. no feasible trial yet
            best_text = ""
        _logger.info(
            f"Trial {trial.number} finished with value: {values[0]} and parameters: "
            f"{trial.params}.{best_text}"
        )
