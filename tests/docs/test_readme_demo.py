"""A user who ran the README's demo command can run every command the demo prints, and the
README names every extra the package has, with what each gives.

The demo runs as the README says: the package installed with a plain ``pip install .``
(see ``plain_install``), ``umkm-ledger demo`` in a folder of its own; then each printed
command runs in that folder with the install's ``umkm-ledger`` on ``PATH``, as after
``. .venv/bin/activate``.
"""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.docs.conftest import README, REPO, PlainInstall

PNG = b"\x89PNG\r\n\x1a\n"


def readme() -> str:
    return README.read_text(encoding="utf-8")


def demo_command() -> list[str]:
    """What the README's demo command runs once the venv is made: ``umkm-ledger`` and its
    arguments (the last step of the line after the ``demo-command`` marker)."""
    block = re.search(r"<!-- demo-command -->\n```sh\n(.+?)\n```", readme())
    assert block is not None, "README.md has no demo command"
    *install, run = (step.strip() for step in block[1].split("&&"))
    assert install[-1].endswith("pip install -q ."), "the demo is run from a plain install"
    program, *arguments = shlex.split(run)
    assert Path(program).name == "umkm-ledger"
    return ["umkm-ledger", *arguments]


def printed_commands(output: str) -> list[list[str]]:
    """Every command the output suggests: each line that starts with ``umkm-ledger ``. A
    command mentioned inside a line of prose would be missed, so there may be none."""
    mentioned = [line for line in output.splitlines() if "umkm-ledger " in line]
    assert all(line.startswith("umkm-ledger ") for line in mentioned), mentioned
    return [shlex.split(line) for line in mentioned]


def hidden_matplotlib(folder: Path) -> Path:
    """A folder whose ``matplotlib`` cannot be imported, to put first on ``PYTHONPATH``:
    an install without the chart extra."""
    package = folder / "hide" / "matplotlib"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'matplotlib\'", name="matplotlib")\n',
        encoding="utf-8",
    )
    return package.parent


def resolved(install: PlainInstall, command: list[str]) -> list[str]:
    """``command`` with its program found as the user's shell finds it."""
    program = shutil.which(command[0], path=install.env()["PATH"])
    assert program is not None, f"{command[0]} is not on PATH"
    assert Path(program).is_relative_to(install.bin), program  # not some other install
    return [program, *command[1:]]


@pytest.mark.slow
def test_every_command_the_demo_prints_runs(plain_install: PlainInstall, tmp_path: Path) -> None:
    folder = tmp_path / "clone"
    folder.mkdir()
    demo = plain_install.run(resolved(plain_install, demo_command()), folder)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr
    commands = printed_commands(demo.stdout)
    assert len(commands) >= 6, commands
    assert any(command[1:3] == ["audit", "check-bundle"] for command in commands), commands

    charts = []
    for command in commands:
        done = plain_install.run(resolved(plain_install, command), folder)
        assert done.returncode == 0, f"{shlex.join(command)}:\n{done.stdout[-2000:]}{done.stderr}"
        assert done.stdout.strip(), f"{shlex.join(command)} printed nothing"
        assert "error" not in done.stderr.lower(), done.stderr
        if "--chart" in command:
            chart = folder / command[command.index("--chart") + 1]
            assert chart.read_bytes().startswith(PNG), chart
            charts.append(command)
    assert charts, "the demo suggests a chart (README: the chart extra)"

    # Without the chart extra (the README's plain install), the chart command is refused
    # with a typed error that names the extra to install, and draws nothing.
    hide = hidden_matplotlib(tmp_path)
    for command in charts:
        chart = folder / command[command.index("--chart") + 1]
        chart.unlink()
        refused = plain_install.run(resolved(plain_install, command), folder, hide)
        assert refused.returncode == 4, refused.stdout[-2000:] + refused.stderr
        assert refused.stderr.startswith("error: ConfigurationError: "), refused.stderr
        assert "pip install 'umkm-ledger[chart]'" in refused.stderr
        assert not chart.exists()


def extras() -> dict[str, list[str]]:
    """pyproject.toml's extras, each with the distribution names it installs."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        extra: [re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0] for requirement in needs]
        for extra, needs in project["optional-dependencies"].items()
    }


def readme_extras() -> dict[str, tuple[str, str]]:
    """The README's table of extras: extra -> (its install command, what it gives)."""
    section = readme().split("\n## Extras\n", 1)
    assert len(section) == 2, "README.md has no Extras section"
    rows = re.findall(r"^\| `([\w-]+)` \| `(.+?)` \| (.+) \|$", section[1].split("\n## ")[0], re.M)
    return {extra: (install, gives) for extra, install, gives in rows}


def test_the_readme_names_every_extra_with_what_it_gives() -> None:
    documented = readme_extras()
    assert sorted(documented) == sorted(extras())
    for extra, needs in extras().items():
        install, gives = documented[extra]
        assert re.fullmatch(rf"\.venv/bin/pip install -q (-e )?'\.\[{extra}\]'", install)
        missing = [name for name in needs if name.lower() not in gives.lower()]
        assert not missing, f"the README does not say that [{extra}] gives {missing}"
    assert "--chart" in documented["chart"][1]


def test_the_readme_says_how_to_run_what_the_demo_prints() -> None:
    # The demo prints bare `umkm-ledger ...` lines, which a shell finds only once the venv
    # is activated; and it suggests --chart, which needs the chart extra.
    after_demo = readme().split("<!-- demo-command -->", 1)[1].split("<!-- test-command -->")[0]
    assert ". .venv/bin/activate" in after_demo
    assert "'.[chart]'" in after_demo
