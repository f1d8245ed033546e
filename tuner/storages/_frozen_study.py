"""FrozenStudy: what a storage says of one study (re-exported as ``tuner.study.FrozenStudy``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tuner._direction import StudyDirection


class DirectionsRecord:
    """Shared by the study snapshots (:class:`FrozenStudy` and ``StudySummary``): one
    direction per objective, compared by value."""

    _directions: list[StudyDirection]
    _study_id: int

    def _set_directions(
        self, direction: StudyDirection | None, directions: Sequence[StudyDirection] | None
    ) -> None:
        if (direction is None) == (directions is None):
            raise ValueError("Specify exactly one of `direction` and `directions`.")
        self._directions = [direction] if direction is not None else list(directions or [])

    @property
    def direction(self) -> StudyDirection:
        if len(self._directions) > 1:
            raise RuntimeError("This study has several objectives; use `directions`.")
        return self._directions[0]

    @property
    def directions(self) -> list[StudyDirection]:
        return self._directions

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __lt__(self, other: DirectionsRecord) -> bool:
        return self._study_id < other._study_id

    __hash__ = None  # type: ignore[assignment]


class FrozenStudy(DirectionsRecord):
    """A snapshot of a study's identity and attributes, as storages list them.

    Example:
        >>> import tuner
        >>> storage = tuner.storages.InMemoryStorage()
        >>> _ = tuner.create_study(storage=storage, study_name="demo")
        >>> [s.study_name for s in storage.get_all_studies()]
        ['demo']
    """

    def __init__(
        self,
        study_name: str,
        direction: StudyDirection | None,
        user_attrs: dict[str, Any],
        system_attrs: dict[str, Any],
        study_id: int,
        *,
        directions: Sequence[StudyDirection] | None = None,
    ) -> None:
        self._set_directions(direction, directions)
        self.study_name = study_name
        self.user_attrs = user_attrs
        self.system_attrs = system_attrs
        self._study_id = study_id

    def __repr__(self) -> str:
        return f"FrozenStudy(study_name={self.study_name!r}, directions={self._directions})"
