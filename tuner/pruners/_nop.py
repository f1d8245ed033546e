from __future__ import annotations

from typing import TYPE_CHECKING

from tuner.pruners._base import BasePruner

if TYPE_CHECKING:
    from tuner.study import Study
    from tuner.trial._frozen import FrozenTrial


class NopPruner(BasePruner):
    """Never prunes.

    Example:
        >>> import tuner
        >>> study = tuner.create_study(pruner=tuner.pruners.NopPruner())
    """

    def prune(self, study: Study, trial: FrozenTrial) -> bool:
        return False
