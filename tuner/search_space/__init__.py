"""Helpers that derive a study's search space from the trials it has run."""

from tuner.search_space._group_decomposed import (
    GroupDecomposedSearchSpace,
    group_decomposed_search_space,
)
from tuner.search_space._intersection import IntersectionSearchSpace, intersection_search_space

__all__ = [
    "GroupDecomposedSearchSpace",
    "IntersectionSearchSpace",
    "group_decomposed_search_space",
    "intersection_search_space",
]
