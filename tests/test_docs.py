"""The README's example and every Python block of the tutorial and the sampler guides run
as written. (The pruning and storage guides hold sketches with user-supplied training
loops and server URLs; their code is covered by the examples and the tests.)"""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _python_blocks(path: pathlib.Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(), flags=re.DOTALL)


@pytest.mark.parametrize(
    "name",
    [
        "README.md",
        "docs/tutorial.md",
        "docs/samplers.md",
        "docs/gp.md",
        "docs/visualization.md",
        "docs/importance.md",
    ],
)
def test_python_blocks_run(
    name: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # blocks may create sqlite files
    blocks = _python_blocks(ROOT / name)
    assert blocks, f"{name} has no Python block"
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, name, "exec"), namespace)


def test_readme_opens_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text().splitlines()
    start = lines.index("```bash")
    commands = lines[start + 1 : lines.index("```", start)]
    assert len(commands) == 2
    assert commands[0].endswith("examples/quickstart.py")
    assert commands[1].endswith("-m pytest")
    assert commands[1] in (ROOT / ".ci" / "run").read_text()
