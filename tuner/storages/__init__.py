"""Storages keep studies and trials: in memory, or in a database shared by many workers."""

from tuner.storages._base import BaseStorage
from tuner.storages._callbacks import RetryFailedTrialCallback
from tuner.storages._factory import get_storage
from tuner.storages._heartbeat import BaseHeartbeat, fail_stale_trials
from tuner.storages._in_memory import InMemoryStorage
from tuner.storages._rdb.storage import RDBStorage

__all__ = [
    "BaseHeartbeat",
    "BaseStorage",
    "InMemoryStorage",
    "RDBStorage",
    "RetryFailedTrialCallback",
    "fail_stale_trials",
    "get_storage",
]
