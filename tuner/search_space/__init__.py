"""Helpers that derive a study's search space from the trials it has run."""

from tuner.search_space._intersection import IntersectionSearchSpace, intersection_search_space

__all__ = ["IntersectionSearchSpace", "intersection_search_space"]
