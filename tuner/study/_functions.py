from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from tuner._direction import StudyDirection
from tuner.exceptions import DuplicatedStudyError
from tuner.logging import get_logger
from tuner.storages import BaseStorage, get_storage
from tuner.study._study import Study
from tuner.study._summary import StudySummary

if TYPE_CHECKING:
    from tuner.pruners import BasePruner
    from tuner.samplers import BaseSampler

_logger = get_logger(__name__)

DirectionLike = Literal["minimize", "maximize"] | StudyDirection


def _to_direction(direction: DirectionLike) -> StudyDirection:
    if isinstance(direction, StudyDirection) and direction != StudyDirection.NOT_SET:
        return direction
    if isinstance(direction, str) and direction.lower() in ("minimize", "maximize"):
        return StudyDirection[direction.upper()]
    raise ValueError(
        f"A direction must be 'minimize' or 'maximize' (or a StudyDirection), got {direction!r}."
    )


def _to_directions(
    direction: DirectionLike | None, directions: Sequence[DirectionLike] | None
) -> list[StudyDirection] | None:
    if direction is not None and directions is not None:
        raise ValueError("Specify `direction` or `directions`, not both.")
    if direction is not None:
        return [_to_direction(direction)]
    if directions is not None:
        if isinstance(directions, str) or len(directions) == 0:
            raise ValueError(
                f"`directions` must be a non-empty list such as ['minimize', 'maximize'], got "
                f"{directions!r}."
            )
        return [_to_direction(d) for d in directions]
    return None


def create_study(
    *,
    storage: str | BaseStorage | None = None,
    sampler: BaseSampler | None = None,
    pruner: BasePruner | None = None,
    study_name: str | None = None,
    direction: DirectionLike | None = None,
    load_if_exists: bool = False,
    directions: Sequence[DirectionLike] | None = None,
) -> Study:
    """Create a study (or, with ``load_if_exists``, resume the one of that name).

    Args:
        storage: A storage object or a database URL such as ``"sqlite:///tuner.db"``;
            None keeps the study in memory.
        sampler: Defaults to TPE for single-objective studies.
        pruner: Defaults to a median pruner.
        study_name: A unique name; generated when None.
        direction: ``"minimize"`` (default) or ``"maximize"``.
        load_if_exists: Resume the study of that name if it exists instead of raising.
        directions: One direction per objective, for multi-objective studies.

    Raises:
        DuplicatedStudyError: A study of that name exists and ``load_if_exists`` is False.
        ValueError: Invalid directions, or ``load_if_exists`` found a study whose
            directions differ from the ones given.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(direction="maximize")
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=5)
        >>> 0 <= study.best_value <= 1
        True
    """
    wanted = _to_directions(direction, directions)
    storage_obj = get_storage(storage)
    try:
        study_id = storage_obj.create_new_study(
            wanted or [StudyDirection.MINIMIZE], study_name=study_name
        )
    except DuplicatedStudyError:
        if not load_if_exists:
            raise
        assert study_name is not None
        study_id = storage_obj.get_study_id_from_name(study_name)
        existing = storage_obj.get_study_directions(study_id)
        if wanted is not None and existing != wanted:
            raise ValueError(
                f"Study {study_name!r} exists with directions "
                f"{[d.name.lower() for d in existing]}, not "
                f"{[d.name.lower() for d in wanted]}; use another study name."
            ) from None
        _logger.info(f"Using the existing study {study_name!r} (id {study_id}).")
    else:
        name = storage_obj.get_study_name_from_id(study_id)
        _logger.info(f"A new study was created in {type(storage_obj).__name__} with name: {name}")
    return Study(
        study_name=storage_obj.get_study_name_from_id(study_id),
        storage=storage_obj,
        sampler=sampler,
        pruner=pruner,
    )


def load_study(
    *,
    study_name: str | None,
    storage: str | BaseStorage,
    sampler: BaseSampler | None = None,
    pruner: BasePruner | None = None,
) -> Study:
    """Load an existing study by name, e.g. to resume it or to analyse it.

    ``study_name=None`` loads the only study of the storage.

    Raises:
        StudyNotFoundError: No study of that name exists (the message lists the names).
        ValueError: ``study_name`` is None and the storage does not hold exactly one study.

    Example:
        >>> import tuner
        >>> storage = tuner.storages.InMemoryStorage()
        >>> _ = tuner.create_study(study_name="exp-1", storage=storage)
        >>> tuner.load_study(study_name="exp-1", storage=storage).study_name
        'exp-1'
    """
    storage_obj = get_storage(storage)
    if study_name is None:
        names = get_all_study_names(storage_obj)
        if len(names) != 1:
            raise ValueError(
                f"`study_name` may be None only when the storage holds exactly one study; it "
                f"holds {len(names)}: {names[:10]}."
            )
        study_name = names[0]
    return Study(study_name=study_name, storage=storage_obj, sampler=sampler, pruner=pruner)


def delete_study(*, study_name: str, storage: str | BaseStorage) -> None:
    """Delete a study and all its trials.

    Example:
        >>> import tuner
        >>> storage = tuner.storages.InMemoryStorage()
        >>> _ = tuner.create_study(study_name="old", storage=storage)
        >>> tuner.delete_study(study_name="old", storage=storage)
        >>> tuner.get_all_study_names(storage)
        []
    """
    storage_obj = get_storage(storage)
    storage_obj.delete_study(storage_obj.get_study_id_from_name(study_name))


def copy_study(
    *,
    from_study_name: str,
    from_storage: str | BaseStorage,
    to_storage: str | BaseStorage,
    to_study_name: str | None = None,
) -> None:
    """Copy a study, with every trial and attribute, into another storage (or name).

    Example:
        >>> import tuner
        >>> src, dst = tuner.storages.InMemoryStorage(), tuner.storages.InMemoryStorage()
        >>> study = tuner.create_study(study_name="s", storage=src)
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
        >>> tuner.copy_study(from_study_name="s", from_storage=src, to_storage=dst)
        >>> len(tuner.load_study(study_name="s", storage=dst).trials)
        3
    """
    source = load_study(study_name=from_study_name, storage=from_storage)
    target_storage = get_storage(to_storage)
    target_id = target_storage.create_new_study(
        source.directions, study_name=to_study_name or from_study_name
    )
    for key, value in source.system_attrs.items():
        target_storage.set_study_system_attr(target_id, key, value)
    for key, value in source.user_attrs.items():
        target_storage.set_study_user_attr(target_id, key, value)
    for trial in source.get_trials(deepcopy=False):
        target_storage.create_new_trial(target_id, template_trial=trial)


def get_all_study_names(storage: str | BaseStorage) -> list[str]:
    """The names of every study in a storage."""
    return [s.study_name for s in get_storage(storage).get_all_studies()]


def get_all_study_summaries(
    storage: str | BaseStorage, include_best_trial: bool = True
) -> list[StudySummary]:
    """A :class:`~tuner.study.StudySummary` of every study in a storage.

    Example:
        >>> import tuner
        >>> storage = tuner.storages.InMemoryStorage()
        >>> study = tuner.create_study(study_name="s", storage=storage)
        >>> study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=2)
        >>> [(s.study_name, s.n_trials) for s in tuner.get_all_study_summaries(storage)]
        [('s', 2)]
    """
    storage_obj = get_storage(storage)
    summaries = []
    for frozen in storage_obj.get_all_studies():
        study_id = frozen._study_id
        trials = storage_obj.get_all_trials(study_id, deepcopy=False)
        best = None
        if include_best_trial and len(frozen.directions) == 1:
            try:
                best = storage_obj.get_best_trial(study_id)._copy(deep=True)
            except ValueError:
                best = None
        starts = [t.datetime_start for t in trials if t.datetime_start is not None]
        summaries.append(
            StudySummary(
                study_name=frozen.study_name,
                direction=None,
                directions=frozen.directions,
                best_trial=best,
                user_attrs=frozen.user_attrs,
                system_attrs=frozen.system_attrs,
                n_trials=len(trials),
                datetime_start=min(starts) if starts else None,
                study_id=study_id,
            )
        )
    return summaries
