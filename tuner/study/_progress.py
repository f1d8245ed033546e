from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Any

from tqdm.auto import tqdm

from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState

if TYPE_CHECKING:
    from tuner.study._study import Study


class _TqdmHandler(logging.Handler):
    """Writes log records above the bar instead of through it."""

    def __init__(self, formatter: logging.Formatter | None) -> None:
        super().__init__()
        if formatter is not None:
            self.setFormatter(formatter)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:
            self.handleError(record)


class ProgressBar:
    """The tqdm bar of :meth:`Study.optimize`: trials done (or seconds used, with only a
    timeout) and the best value so far. Does nothing when not shown."""

    def __init__(self, show: bool, n_trials: int | None, timeout: float | None) -> None:
        self._show = show
        self._n_trials = n_trials
        self._timeout = timeout
        self._bar: Any = None
        self._start = 0.0
        self._swapped: list[tuple[logging.Logger, logging.Handler, logging.Handler]] = []

    def __enter__(self) -> ProgressBar:
        if not self._show:
            return self
        self._start = time.monotonic()
        if self._n_trials is not None:
            self._bar = tqdm(total=self._n_trials, unit="trial")
        elif self._timeout is not None:
            self._bar = tqdm(
                total=self._timeout, unit="s", bar_format="{l_bar}{bar}{elapsed}/{total}s{postfix}"
            )
        else:
            self._bar = tqdm(unit="trial")
        root = logging.getLogger("tuner")
        for handler in list(root.handlers):
            if isinstance(handler, logging.StreamHandler):
                replacement = _TqdmHandler(handler.formatter)
                replacement.setLevel(handler.level)
                root.removeHandler(handler)
                root.addHandler(replacement)
                self._swapped.append((root, handler, replacement))
        return self

    def update(self, study: Study, trial: FrozenTrial) -> None:
        if self._bar is None:
            return
        if self._n_trials is None and self._timeout is not None:
            elapsed = min(time.monotonic() - self._start, self._timeout)
            self._bar.update(elapsed - self._bar.n)
        else:
            self._bar.update(1)
        if trial.state == TrialState.COMPLETE and not study._is_multi_objective():
            try:
                best = study._storage.get_best_trial(study._study_id)
            except ValueError:
                return
            self._bar.set_postfix_str(f"best trial {best.number}: {best.values[0]:.6g}")  # type: ignore[index]

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()
        for logger, original, replacement in self._swapped:
            logger.removeHandler(replacement)
            logger.addHandler(original)
        self._swapped.clear()
