"""Storages keep studies and trials: in memory, or in a database shared by many workers."""

from tuner.storages._base import BaseStorage
from tuner.storages._factory import get_storage
from tuner.storages._heartbeat import BaseHeartbeat, fail_stale_trials
from tuner.storages._in_memory import InMemoryStorage

__all__ = ["BaseHeartbeat", "BaseStorage", "InMemoryStorage", "fail_stale_trials", "get_storage"]
