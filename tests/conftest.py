from __future__ import annotations

import collections.abc
import logging

import pytest

import tuner


@pytest.fixture(autouse=True)
def _quiet_trial_log() -> collections.abc.Iterator[None]:
    """Per-trial INFO lines would drown pytest's output; tests that check them opt back in."""
    previous = tuner.logging.get_verbosity()
    tuner.logging.set_verbosity(tuner.logging.WARNING)
    yield
    tuner.logging.set_verbosity(previous)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def tuner_log() -> collections.abc.Iterator[list[logging.LogRecord]]:
    """The records tuner logs during the test, at INFO and above."""
    handler = _ListHandler()
    logger = logging.getLogger("tuner")
    logger.addHandler(handler)
    tuner.logging.set_verbosity(tuner.logging.INFO)
    yield handler.records
    logger.removeHandler(handler)
