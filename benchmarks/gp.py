"""GP sampler cost: seconds per trial around trials 100 and 200 (mean of the ten trials
before each mark) on a cheap sphere objective in 5 and 20 dimensions, tuner's GPSampler
beside Optuna's (which needs torch), in one run.

Sample efficiency (regret) is measured by ``benchmarks/samplers.py --suite gp``.
Jobs run on a pool of ``--workers`` processes (at most 2). A table goes to stderr and one
JSON line to stdout.

    python benchmarks/gp.py --trials 100 200 --dims 5 20
"""

from __future__ import annotations

import warnings
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import _runner

SAMPLERS = ("tuner-gp", "optuna-gp")


def _make_study(sampler: str) -> Any:
    warnings.simplefilter("ignore")
    lib = _runner.optuna_gp() if sampler == "optuna-gp" else _runner.libraries(())["tuner"]
    if lib is None:
        return None
    return lib.create_study(sampler=lib.samplers.GPSampler(seed=0))


def _run(job: tuple[str, int, list[int]]) -> tuple[str, int, list[float] | None]:
    sampler, dim, marks = job
    study = _make_study(sampler)
    if study is None:
        return sampler, dim, None

    def objective(trial: Any) -> float:
        return sum((trial.suggest_float(f"x{i}", -5.0, 5.0) - 1.0) ** 2 for i in range(dim))

    clock = _runner.time_optimize(study, objective, max(marks))
    return sampler, dim, [clock.seconds_per_trial(at=m) for m in marks]


def main() -> None:
    p = _runner.parser(__doc__)
    p.add_argument("--trials", type=int, nargs="+", default=[100, 200])
    p.add_argument("--dims", type=int, nargs="+", default=[5, 20])
    p.add_argument("--samplers", nargs="+", default=list(SAMPLERS), choices=SAMPLERS)
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    if min(args.trials) < 10:
        p.error("--trials marks must be >= 10 (each is a mean over ten trials).")
    _runner.start(args)
    samplers = [s for s in args.samplers if s != "optuna-gp" or _runner.optuna_gp() is not None]
    jobs = [(s, d, args.trials) for d in args.dims for s in samplers]
    out: dict[str, Any] = {}
    with ProcessPoolExecutor(max_workers=max(1, min(args.workers, 2))) as pool:
        for sampler, dim, secs in pool.map(_run, jobs):
            if secs is not None:
                out.setdefault(f"{dim}d", {})[sampler] = dict(zip(map(str, args.trials), secs))
    lines = ["seconds per trial (mean of the 10 trials before the mark)"]
    for dim_key, per in out.items():
        for s, secs in per.items():
            row = "".join(f"  @{m}: {v:.3f}" for m, v in secs.items())
            lines.append(f"{dim_key:<6}{s:<12}{row}")
        if "tuner-gp" in per and "optuna-gp" in per:
            ratio = {m: per["optuna-gp"][m] / per["tuner-gp"][m] for m in per["tuner-gp"]}
            per["speedup_optuna_over_tuner"] = ratio
            lines.append(
                f"{dim_key:<6}{'speedup':<12}"
                + "".join(f"  @{m}: {v:.1f}x" for m, v in ratio.items())
            )
    _runner.table(lines)
    _runner.emit({"benchmark": "gp_cost", "seconds_per_trial": out})


if __name__ == "__main__":
    main()
