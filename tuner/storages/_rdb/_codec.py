"""Conversions between Python values and table rows, and the bulk trial loader."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Double,
    Integer,
    String,
    Table,
    Text,
    cast,
    insert,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)

from tuner.distributions import BaseDistribution, distribution_to_json, json_to_distribution
from tuner.storages._rdb.models import (
    FINITE,
    NAN,
    NEG_INF,
    POS_INF,
    UTCDateTime,
    studies,
    trial_attrs,
    trial_intermediate_values,
    trial_params,
    trial_values,
    trials,
)
from tuner.trial._frozen import FrozenTrial
from tuner.trial._state import TrialState


def encode_float(value: float) -> tuple[float | None, int]:
    """``(column value, kind)``: a DOUBLE cannot hold inf or NaN on every database."""
    value = float(value)
    if math.isfinite(value):
        return value, FINITE
    if math.isnan(value):
        return None, NAN
    return None, POS_INF if value > 0 else NEG_INF


def decode_float(value: float | None, kind: int) -> float:
    if kind == FINITE:
        assert value is not None
        return float(value)
    return {POS_INF: math.inf, NEG_INF: -math.inf}.get(kind, math.nan)


def to_db_datetime(value: datetime | None) -> datetime | None:
    """Naive UTC for the column (an aware value is converted; a naive one is local time)."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def from_db_datetime(value: datetime | None) -> datetime | None:
    return None if value is None else value.replace(tzinfo=timezone.utc)


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def dumps(value: Any) -> str:
    try:
        return json.dumps(value)
    except TypeError as e:
        raise TypeError(
            f"Attribute values must be JSON serializable ({e}); convert the value, e.g. a "
            "numpy array with .tolist()."
        ) from None


class DistributionCache:
    """Parsed distributions by their JSON text: a study repeats a few hundred texts over
    thousands of rows, and parsing is the costliest part of loading a trial."""

    def __init__(self) -> None:
        self._by_json: dict[str, BaseDistribution] = {}

    def get(self, text: str) -> BaseDistribution:
        dist = self._by_json.get(text)
        if dist is None:
            if len(self._by_json) > 10_000:
                self._by_json.clear()
            dist = self._by_json[text] = json_to_distribution(text)
        return dist


def _none(type_: Any) -> Any:
    return type_coerce(null(), type_)


STUDY_ROW = 5  # the kind of the row that :func:`trials_query` adds for ``study_id``


def trials_query(*wheres: ColumnElement[bool], study_id: Any = None) -> Any:
    """One query for whole trials: the trial rows matching any of ``wheres`` and the params,
    values, intermediate values and attributes of those trials; one round trip, not five.

    Each condition gets its own branch (an OR of them would defeat the indexes), so they
    must select disjoint trials. Rows are ``(kind, trial_id, name, i, j, f, text, start,
    complete)``. With ``study_id``, a row of kind :data:`STUDY_ROW` with the study's
    directions in ``text`` tells that the study (still) exists.
    """
    t = trials.c
    p, v, iv, a = trial_params.c, trial_values.c, trial_intermediate_values.c, trial_attrs.c
    if len(wheres) == 1:
        ids: Any = select(t.trial_id).where(wheres[0])
    else:
        ids = union_all(*[select(t.trial_id).where(w) for w in wheres])
    no_dates = (_none(UTCDateTime), _none(UTCDateTime))
    trial_rows = [
        select(
            literal(4, Integer), t.trial_id, _none(String), t.number,
            cast(t.state, Integer), _none(Double), _none(Text),
            t.datetime_start, t.datetime_complete,
        ).where(where)
        for where in wheres
    ]  # fmt: skip
    # PostgreSQL types a UNION branch by branch, and two leading NULLs would make a text
    # column: the params branch comes first, its NULLs then meet typed trial columns.
    return union_all(
        select(
            literal(0, Integer), p.trial_id, type_coerce(p.param_name, String),
            _none(Integer), _none(Integer), p.param_value,
            type_coerce(p.distribution_json, Text), *no_dates,
        ).where(p.trial_id.in_(ids)),
        *trial_rows,
        select(
            literal(1, Integer), v.trial_id, _none(String), v.objective,
            cast(v.value_kind, Integer), v.value, _none(Text), *no_dates,
        ).where(v.trial_id.in_(ids)),
        select(
            literal(2, Integer), iv.trial_id, _none(String), iv.step,
            cast(iv.value_kind, Integer), iv.value, _none(Text), *no_dates,
        ).where(iv.trial_id.in_(ids)),
        select(
            literal(3, Integer), a.trial_id, type_coerce(a.key, String),
            cast(a.is_system, Integer), _none(Integer), _none(Double),
            type_coerce(a.value_json, Text), *no_dates,
        ).where(a.trial_id.in_(ids)),
        *([] if study_id is None else [
            select(
                literal(STUDY_ROW, Integer), studies.c.study_id, _none(String), _none(Integer),
                _none(Integer), _none(Double), type_coerce(studies.c.directions, Text),
                *no_dates,
            ).where(studies.c.study_id == study_id)
        ]),
    )  # fmt: skip


def build_trials(rows: Sequence[Any], distributions: DistributionCache) -> list[FrozenTrial]:
    """FrozenTrials from the rows of :func:`trials_query`, ordered by number."""
    by_id: dict[int, FrozenTrial] = {}
    for kind, trial_id, _, number, state, _, _, start, complete in rows:
        if kind != 4:
            continue
        by_id[trial_id] = FrozenTrial(
            number=number,
            state=TrialState(state),
            value=None,
            datetime_start=None if start is None else start.replace(tzinfo=timezone.utc),
            datetime_complete=None if complete is None else complete.replace(tzinfo=timezone.utc),
            params={},
            distributions={},
            user_attrs={},
            system_attrs={},
            intermediate_values={},
            trial_id=trial_id,
        )
    values: dict[int, dict[int, float]] = {}
    loads = json.loads
    for kind, trial_id, name, i, j, f, text, _, _ in rows:
        trial = by_id.get(trial_id)
        if trial is None or kind >= 4:  # (a child committed between the branches' reads)
            continue
        if kind == 0:
            dist = distributions.get(text)
            trial._params[name] = dist.to_external_repr(f)
            trial._distributions[name] = dist
        elif kind == 1:
            values.setdefault(trial_id, {})[i] = f if j == FINITE else decode_float(f, j)
        elif kind == 2:
            trial.intermediate_values[i] = f if j == FINITE else decode_float(f, j)
        elif i:
            trial._system_attrs[name] = loads(text)
        else:
            trial._user_attrs[name] = loads(text)
    for trial_id, by_objective in values.items():
        by_id[trial_id]._values = [by_objective[k] for k in sorted(by_objective)]
    result = list(by_id.values())
    result.sort(key=lambda t: t.number)
    return result


def float_row(value: float) -> dict[str, Any]:
    stored, kind = encode_float(value)
    return {"value": stored, "value_kind": kind}


def insert_template_rows(c: Connection, trial_id: int, template: FrozenTrial) -> None:
    params = [
        {
            "trial_id": trial_id,
            "param_name": name,
            "param_value": dist.to_internal_repr(template.params[name]),
            "distribution_json": distribution_to_json(dist),
        }
        for name, dist in template.distributions.items()
    ]
    values = [
        {"trial_id": trial_id, "objective": i, **float_row(v)}
        for i, v in enumerate(template.values or [])
    ]
    intermediate = [
        {"trial_id": trial_id, "step": int(step), **float_row(v)}
        for step, v in template.intermediate_values.items()
    ]
    attrs = [
        {"trial_id": trial_id, "is_system": system, "key": k, "value_json": dumps(v)}
        for system, d in ((False, template.user_attrs), (True, template.system_attrs))
        for k, v in d.items()
    ]
    tables: tuple[tuple[Table, list[dict[str, Any]]], ...] = (
        (trial_params, params),
        (trial_values, values),
        (trial_intermediate_values, intermediate),
        (trial_attrs, attrs),
    )
    for table, rows in tables:
        if rows:
            c.execute(insert(table), rows)
