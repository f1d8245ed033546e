"""SQL statements built once with bind parameters: building a SQLAlchemy construct costs
more than running it on sqlite, so the hot paths only bind values and execute."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import (
    and_,
    bindparam,
    delete,
    exists,
    extract,
    func,
    insert,
    select,
    update,
)

from tuner.storages._rdb._codec import trials_query
from tuner.storages._rdb.models import (
    Base,
    studies,
    study_attrs,
    trial_attrs,
    trial_heartbeats,
    trial_params,
    trial_values,
    trials,
)
from tuner.trial._state import TrialState

B = bindparam
t, h = trials.c, trial_heartbeats.c
UNFINISHED = (int(TrialState.RUNNING), int(TrialState.WAITING))

LOAD_TRIAL = trials_query(t.trial_id == B("tid"))
# New trials (numbers from next_number on) and the listed ones that were unfinished.
LOAD_CHANGED = trials_query(
    and_(t.study_id == B("study_id"), t.number >= B("next_number")),
    t.trial_id.in_(B("ids", expanding=True)),
    study_id=B("study_id"),
)
LOAD_IN_STATES = trials_query(
    and_(t.study_id == B("study_id"), t.state.in_(B("states", expanding=True)))
)

STUDY_EXISTS = select(studies.c.study_id).where(studies.c.study_id == B("study_id"))
STUDY_ID_BY_NAME = select(studies.c.study_id).where(studies.c.study_name == B("name"))
STUDY_NAME = select(studies.c.study_name).where(studies.c.study_id == B("study_id"))
STUDY_DIRECTIONS = select(studies.c.directions).where(studies.c.study_id == B("study_id"))
STUDY_ATTRS = (
    select(study_attrs.c.key, study_attrs.c.value_json)
    .select_from(
        studies.outerjoin(
            study_attrs,
            and_(
                study_attrs.c.study_id == studies.c.study_id,
                study_attrs.c.is_system == B("is_system"),
            ),
        )
    )
    .where(studies.c.study_id == B("study_id"))
)
TRIAL_ATTRS = (
    select(trial_attrs.c.key, trial_attrs.c.value_json)
    .select_from(
        trials.outerjoin(
            trial_attrs,
            and_(
                trial_attrs.c.trial_id == t.trial_id,
                trial_attrs.c.is_system == B("is_system"),
            ),
        )
    )
    .where(t.trial_id == B("tid"))
)
KNOWN_DISTRIBUTION = (
    select(trial_params.c.distribution_json)
    .join_from(trial_params, trials, trial_params.c.trial_id == t.trial_id)
    .where(t.study_id == B("study_id"), trial_params.c.param_name == B("name"))
    .limit(1)
)

MAX_NUMBER = select(func.max(t.number)).where(t.study_id == B("study_id"))
TRIAL_STUDY = select(t.study_id).where(t.trial_id == B("tid"))
TRIAL_STATE = select(t.state, t.number).where(t.trial_id == B("tid"))
TRIAL_ID_BY_NUMBER = select(t.trial_id).where(t.study_id == B("study_id"), t.number == B("number"))
CLAIM_WAITING = (
    update(trials)
    .where(t.trial_id == B("tid"), t.state == int(TrialState.WAITING))
    .values(state=int(TrialState.RUNNING), datetime_start=B("now"))
)
FINISH = (
    update(trials)
    .where(t.trial_id == B("tid"), t.state.in_(UNFINISHED))
    .values(state=B("new_state"), datetime_complete=B("now"))
)
SET_UNFINISHED_STATE = (
    update(trials)
    .where(t.trial_id == B("tid"), t.state.in_(UNFINISHED))
    .values(state=B("new_state"))
)
DELETE_VALUES = delete(trial_values).where(trial_values.c.trial_id == B("tid"))
DELETE_HEARTBEAT = delete(trial_heartbeats).where(h.trial_id == B("tid"))


class Upsert:
    """Insert-or-update of one row, guarded by a condition on its trial or study.

    Parameters: ``p_<column>`` for each column and ``guard_id``.
    """

    def __init__(self, table_name: str, keys: tuple[str, ...], values: tuple[str, ...],
                 guard: str) -> None:  # fmt: skip
        table = Base.metadata.tables[table_name]
        if guard == "trial":
            condition: Any = exists().where(t.trial_id == B("guard_id"), t.state.in_(UNFINISHED))
        else:
            condition = exists().where(studies.c.study_id == B("guard_id"))
        columns = keys + values
        rows = select(*[B(f"p_{c}", type_=table.c[c].type) for c in columns]).where(condition)
        self.insert = insert(table).from_select(list(columns), rows)
        self.insert_returning = self.insert.returning(table.c[keys[0]])
        self.update = (
            update(table)
            .where(*[table.c[k] == B(f"p_{k}") for k in keys], condition)
            .values({c: B(f"p_{c}") for c in values})
        )


@functools.cache
def upsert(table_name: str, keys: tuple[str, ...], values: tuple[str, ...], guard: str) -> Upsert:
    return Upsert(table_name, keys, values, guard)


class HeartbeatStatements:
    """Heartbeats use the database server's clock (seconds since the epoch), so workers
    whose clocks disagree still agree on which trials are stale."""

    def __init__(self, backend: str) -> None:
        now: Any
        if backend == "sqlite":
            now = (func.julianday("now") - 2440587.5) * 86400.0
        elif backend == "postgresql":
            now = extract("epoch", func.clock_timestamp())
        else:
            now = func.unix_timestamp(func.now(6))
        self.update = update(trial_heartbeats).where(h.trial_id == B("tid")).values(beat=now)
        self.insert = insert(trial_heartbeats).values(trial_id=B("tid"), beat=now)
        self.stale = (
            select(t.trial_id)
            .join_from(trials, trial_heartbeats, t.trial_id == h.trial_id)
            .where(
                t.study_id == B("study_id"),
                t.state == int(TrialState.RUNNING),
                h.beat < now - B("grace"),
            )
        )
