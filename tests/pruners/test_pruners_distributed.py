"""Pruning across two worker processes that share a sqlite storage."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tuner
from tuner.trial import TrialState

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("tuner.storages._rdb") is None,
    reason="RDBStorage (the RDB issue) is not in this branch: no sqlite storage to share",
)

# Worker A: completes a trial of the "median" study, then runs one of the "sh" study to
# rung 0 (step 1), lets worker B run, and only then carries on through rungs 1..3.
WORKER_A = """
import sys, time
from pathlib import Path
import tuner
url, flags = sys.argv[1], Path(sys.argv[2])
median = tuner.load_study(study_name="median", storage=url,
                          pruner=tuner.pruners.MedianPruner(n_startup_trials=1))
t = median.ask()
for step in range(5):
    t.report(1.0, step)
    assert not t.should_prune()
median.tell(t, 1.0)
sh = tuner.load_study(study_name="sh", storage=url,
                      pruner=tuner.pruners.SuccessiveHalvingPruner(1, 2))
t = sh.ask()
for step in range(9):
    t.report(1.0, step)
    assert not t.should_prune(), step
    if step == 1:
        (flags / "a_at_rung_0").touch()
        deadline = time.time() + 60
        while not (flags / "b_done").exists():
            assert time.time() < deadline, "worker B did not finish"
            time.sleep(0.02)
sh.tell(t, 1.0)
"""

# Worker B: judged against worker A's trials, read from the shared storage only.
WORKER_B = """
import sys, time
from pathlib import Path
import tuner
url, flags = sys.argv[1], Path(sys.argv[2])
deadline = time.time() + 60
while not (flags / "a_at_rung_0").exists():
    assert time.time() < deadline, "worker A did not reach rung 0"
    time.sleep(0.02)
median = tuner.load_study(study_name="median", storage=url,
                          pruner=tuner.pruners.MedianPruner(n_startup_trials=1))
t = median.ask()
t.report(10.0, 0)
print("median", t.should_prune())
median.tell(t, state=tuner.trial.TrialState.PRUNED)
sh = tuner.load_study(study_name="sh", storage=url,
                      pruner=tuner.pruners.SuccessiveHalvingPruner(1, 2))
t = sh.ask()
answers = []
for step in range(3):
    t.report(5.0, step)
    answers.append(t.should_prune())
    if answers[-1]:
        break
print("sh", answers)
sh.tell(t, state=tuner.trial.TrialState.PRUNED)
(flags / "b_done").touch()
"""


def test_two_processes_prune_against_each_other(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pruning.db'}"
    tuner.create_study(study_name="median", storage=url)
    tuner.create_study(study_name="sh", storage=url)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, url, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for code in (WORKER_A, WORKER_B)
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (_, err) in zip(workers, outputs):
        assert worker.returncode == 0, err
    # B's 10.0 is worse than the median (1.0) of A's completed trial; B's 5.0 at rung 0
    # (step 1) loses to the 1.0 that A, still running, recorded there.
    assert outputs[1][0].split("\n")[:2] == ["median True", "sh [False, True]"]
    sh = tuner.load_study(study_name="sh", storage=url)
    a, b = sh.trials
    assert (a.state, b.state) == (TrialState.COMPLETE, TrialState.PRUNED)
    assert {k: a.system_attrs[k] for k in a.system_attrs if k.startswith("completed_rung")} == {
        f"completed_rung_{r}": 1.0 for r in range(4)
    }
    assert b.system_attrs["completed_rung_0"] == 5.0
    assert b.value == 5.0
