"""Storages keep studies and trials: in memory, or in a database shared by many workers."""

from typing import TYPE_CHECKING, Any

from tuner.storages._base import BaseStorage
from tuner.storages._callbacks import RetryFailedTrialCallback
from tuner.storages._factory import get_storage
from tuner.storages._heartbeat import BaseHeartbeat, fail_stale_trials
from tuner.storages._in_memory import InMemoryStorage

if TYPE_CHECKING:
    from tuner.storages._rdb.storage import RDBStorage


def __getattr__(name: str) -> Any:
    # SQLAlchemy and alembic load only when a database storage is used.
    if name == "RDBStorage":
        from tuner.storages._rdb.storage import RDBStorage

        return RDBStorage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BaseHeartbeat",
    "BaseStorage",
    "InMemoryStorage",
    "RDBStorage",
    "RetryFailedTrialCallback",
    "fail_stale_trials",
    "get_storage",
]
