from __future__ import annotations

from tuner.storages._base import BaseStorage
from tuner.storages._in_memory import InMemoryStorage


def get_storage(storage: str | BaseStorage | None) -> BaseStorage:
    """Turn the ``storage`` argument of the study functions into a storage object.

    None gives a new :class:`InMemoryStorage`; a string is a database URL for
    :class:`~tuner.storages.RDBStorage`; a storage object is returned as it is.
    """
    if storage is None:
        return InMemoryStorage()
    if isinstance(storage, str):
        from tuner.storages._rdb.storage import RDBStorage

        rdb: BaseStorage = RDBStorage(storage)
        return rdb
    if isinstance(storage, BaseStorage):
        return storage
    # A storage written against Optuna's BaseStorage has the same methods; accept it.
    missing = [
        m for m in BaseStorage.__abstractmethods__ if not callable(getattr(storage, m, None))
    ]
    if missing:
        raise TypeError(
            f"`storage` must be None, a database URL or a BaseStorage; {storage!r} lacks "
            f"{sorted(missing)}."
        )
    return storage
