"""tuner's logger: one colored line per finished trial, on stderr, at INFO level.

Example:
    >>> import tuner
    >>> tuner.logging.set_verbosity(tuner.logging.WARNING)   # silence per-trial lines
    >>> tuner.logging.get_verbosity() == tuner.logging.WARNING
    True
    >>> tuner.logging.set_verbosity(tuner.logging.INFO)
"""

from __future__ import annotations

import logging
import sys
import threading
from logging import CRITICAL, DEBUG, ERROR, FATAL, INFO, WARN, WARNING

import colorlog

__all__ = [
    "CRITICAL",
    "DEBUG",
    "ERROR",
    "FATAL",
    "INFO",
    "WARN",
    "WARNING",
    "disable_default_handler",
    "disable_propagation",
    "enable_default_handler",
    "enable_propagation",
    "get_logger",
    "get_verbosity",
    "set_verbosity",
]

_ROOT_NAME = "tuner"
_lock = threading.Lock()
_default_handler: logging.Handler | None = None


def create_default_formatter() -> logging.Formatter:
    """The formatter of the default handler: ``[I 2026-01-01 12:00:00,000] message``."""
    return colorlog.ColoredFormatter(
        "%(log_color)s[%(levelname)1.1s %(asctime)s]%(reset)s %(message)s", stream=sys.stderr
    )


def _configure_root_logger() -> None:
    global _default_handler
    with _lock:
        if _default_handler is not None:
            return
        _default_handler = logging.StreamHandler(sys.stderr)
        _default_handler.setFormatter(create_default_formatter())
        root = logging.getLogger(_ROOT_NAME)
        root.addHandler(_default_handler)
        root.setLevel(INFO)
        root.propagate = False


def get_logger(name: str) -> logging.Logger:
    """Return a logger below tuner's root logger, configuring the default handler once."""
    _configure_root_logger()
    return logging.getLogger(name)


def get_verbosity() -> int:
    """Return the level of tuner's root logger (e.g. ``tuner.logging.INFO``)."""
    _configure_root_logger()
    return logging.getLogger(_ROOT_NAME).getEffectiveLevel()


def set_verbosity(verbosity: int) -> None:
    """Set the level of tuner's root logger; ``WARNING`` hides the per-trial lines."""
    _configure_root_logger()
    logging.getLogger(_ROOT_NAME).setLevel(verbosity)


def disable_default_handler() -> None:
    """Stop writing tuner's log to stderr (attach your own handler instead)."""
    _configure_root_logger()
    assert _default_handler is not None
    logging.getLogger(_ROOT_NAME).removeHandler(_default_handler)


def enable_default_handler() -> None:
    """Write tuner's log to stderr again after :func:`disable_default_handler`."""
    _configure_root_logger()
    assert _default_handler is not None
    logging.getLogger(_ROOT_NAME).addHandler(_default_handler)


def disable_propagation() -> None:
    """Do not pass tuner's records on to the root logger (the default)."""
    _configure_root_logger()
    logging.getLogger(_ROOT_NAME).propagate = False


def enable_propagation() -> None:
    """Pass tuner's records on to the root logger, e.g. to capture them with pytest's caplog."""
    _configure_root_logger()
    logging.getLogger(_ROOT_NAME).propagate = True
