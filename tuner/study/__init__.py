"""Studies: an optimization task and the functions that create, load and copy them."""

from tuner._direction import StudyDirection
from tuner.storages._frozen_study import FrozenStudy
from tuner.study._callbacks import MaxTrialsCallback
from tuner.study._functions import (
    copy_study,
    create_study,
    delete_study,
    get_all_study_names,
    get_all_study_summaries,
    load_study,
)
from tuner.study._study import Study
from tuner.study._summary import StudySummary

__all__ = [
    "FrozenStudy",
    "MaxTrialsCallback",
    "Study",
    "StudyDirection",
    "StudySummary",
    "copy_study",
    "create_study",
    "delete_study",
    "get_all_study_names",
    "get_all_study_summaries",
    "load_study",
]
