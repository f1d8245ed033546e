"""Exceptions and warnings raised by tuner.

Every exception derives from :class:`TunerError`, so ``except tuner.exceptions.TunerError``
catches anything the framework itself raises. Names follow Optuna's ``optuna.exceptions``.
"""

from __future__ import annotations


class TunerError(Exception):
    """Base class of every tuner exception."""


class TrialPruned(TunerError):
    """Raised from an objective to stop the current trial early.

    The trial ends in state :attr:`~tuner.trial.TrialState.PRUNED`; its last reported
    intermediate value is what samplers see.

    Example:
        >>> import tuner
        >>> def objective(trial):
        ...     for step in range(10):
        ...         trial.report(step * 0.1, step)
        ...         if trial.should_prune():
        ...             raise tuner.TrialPruned()
        ...     return 1.0
    """


class DuplicatedStudyError(TunerError):
    """A study with the requested name already exists in the storage.

    Pass ``load_if_exists=True`` to :func:`tuner.create_study` to resume it instead.
    """


class StudyNotFoundError(TunerError, KeyError):
    """No study with the requested name or id exists in the storage."""

    def __str__(self) -> str:  # KeyError would quote the message.
        return str(self.args[0]) if self.args else ""


class TrialNotFoundError(TunerError, KeyError):
    """No trial with the requested id or number exists in the storage."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class StorageInternalError(TunerError):
    """The storage backend failed in a way the caller cannot fix (e.g. a lost connection)."""


class StorageSchemaError(StorageInternalError):
    """The database schema is from another version of tuner; the message names the fix."""


class UpdateFinishedTrialError(TunerError, RuntimeError):
    """An attempt to modify a trial that has already finished."""


class CLIUsageError(TunerError):
    """Wrong use of the command line interface."""


class TunerWarning(UserWarning):
    """Base class of the warnings tuner emits."""


class ExperimentalWarning(TunerWarning):
    """The feature used is experimental and its interface may change."""
