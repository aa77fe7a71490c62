"""The codebase's own rules: lint clean, layers respected, README and CI in step."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_layer_contract_holds() -> None:
    result = run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Quick start\n.*?^```bash\n(.*?)^```", text, re.M | re.S)
    assert block, "README has a Quick start shell block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "storyline timeline" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_package_is_installed() -> None:
    """A regular install ships only the packages pyproject lists: a forgotten one works in an
    editable install and breaks on a user's machine."""
    listed = re.search(r"packages = \[(.*?)\]", (ROOT / "pyproject.toml").read_text(), re.S)
    assert listed
    names = set(re.findall(r'"([\w.]+)"', listed.group(1)))
    for layer in ("domain", "store", "projections", "cli"):
        for init in (ROOT / layer).rglob("__init__.py"):
            package = ".".join(["storyline", *init.parent.relative_to(ROOT).parts])
            assert package in names, f"{package} is missing from pyproject's packages"


def test_no_two_modules_share_a_name_across_layers() -> None:
    """A name says what a module is: `reading.py` in two layers would say two things."""
    seen: dict[str, Path] = {}
    for layer in ("domain", "store", "projections", "cli"):
        for path in sorted((ROOT / layer).rglob("*.py")):
            if path.name == "__init__.py":
                continue
            assert path.name not in seen, f"{path.relative_to(ROOT)} and {seen[path.name].relative_to(ROOT)}"
            seen[path.name] = path


def test_a_name_a_package_exports_is_not_also_one_of_its_modules() -> None:
    """`storyline.projections.relations` must not be both a function and, once imported, a module."""
    import importlib

    for package in ("storyline.store", "storyline.projections"):
        module = importlib.import_module(package)
        folder = Path(module.__file__).parent  # type: ignore[arg-type]
        modules = {p.stem for p in folder.glob("*.py")}
        assert not set(module.__all__) & modules, package


def test_types_are_checked(tmp_path: Path) -> None:
    """mypy, as pyproject configures it: strict on the domain and the public API, every module
    checked, no unused ignore. mypy cannot follow setuptools' editable finder, so it is shown
    the package through a folder holding a `storyline` link to the repository."""
    (tmp_path / "storyline").symlink_to(ROOT, target_is_directory=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy_cache"),
        ],
        cwd=ROOT,
        env={**os.environ, "MYPYPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
