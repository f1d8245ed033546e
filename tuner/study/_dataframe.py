from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuner.trial._state import TrialState

if TYPE_CHECKING:
    import pandas as pd

    from tuner.study._study import Study

_FIELD_OF_ATTR = {"value": "values"}


def _import_pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise ImportError(
            "trials_dataframe needs pandas: install it with `pip install tuner[pandas]`."
        ) from None
    return pandas


def trials_dataframe(study: Study, attrs: tuple[str, ...], multi_index: bool) -> pd.DataFrame:
    pandas = _import_pandas()
    trials = study.get_trials(deepcopy=False)
    known = {
        "number", "value", "values", "datetime_start", "datetime_complete", "duration",
        "params", "user_attrs", "system_attrs", "state", "intermediate_values", "constraints",
    }  # fmt: skip
    unknown = [a for a in attrs if a not in known]
    if unknown:
        raise ValueError(f"Unknown attrs {unknown}; choose from {sorted(known)}.")
    multi = study._is_multi_objective()
    metric_names = study.metric_names
    columns: dict[tuple[str, str], list[Any]] = {}

    def put(key: tuple[str, str], row: int, value: Any) -> None:
        columns.setdefault(key, [None] * len(trials))[row] = value

    for row, trial in enumerate(trials):
        for attr in attrs:
            if attr in ("value", "values"):
                values = trial.values
                if not multi and metric_names is None:
                    put(("value", ""), row, values[0] if values is not None else None)
                    continue
                names = metric_names or [str(i) for i in range(len(study.directions))]
                for i, name in enumerate(names):
                    put(("values", name), row, values[i] if values is not None else None)
            elif attr in (
                "params",
                "user_attrs",
                "system_attrs",
                "intermediate_values",
                "constraints",
            ):
                mapping = getattr(trial, attr)
                for key, value in mapping.items():
                    put((attr, str(key)), row, value)
            elif attr == "state":
                put(("state", ""), row, TrialState(trial.state).name)
            else:
                put((attr, ""), row, getattr(trial, attr))
    if not columns:
        return pandas.DataFrame()
    ordered = sorted(
        columns, key=lambda k: attrs.index(k[0]) if k[0] in attrs else attrs.index("value")
    )
    frame = pandas.DataFrame({k: columns[k] for k in ordered})
    if multi_index:
        frame.columns = pandas.MultiIndex.from_tuples(ordered)
    else:
        frame.columns = ["_".join(p for p in k if p) for k in ordered]
    return frame
