"""Pruners stop unpromising trials early, from the intermediate values they report."""

from tuner.pruners._base import BasePruner
from tuner.pruners._nop import NopPruner

__all__ = ["BasePruner", "NopPruner"]
