"""The tools agree with the lock: pre-commit runs the versions CI runs, and the lock
holds every dependency pyproject.toml names."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# pre-commit's repository for each tool that requirements.lock also pins.
HOOK_REPOS = {
    "https://github.com/astral-sh/ruff-pre-commit": "ruff",
    "https://github.com/adamchainz/django-upgrade": "django-upgrade",
    "https://github.com/djlint/djLint": "djlint",
}


def locked_versions() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, flags=re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_pre_commit_runs_the_locked_versions() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    revs = {repo["repo"]: str(repo["rev"]) for repo in config["repos"] if "rev" in repo}
    locked = locked_versions()

    assert revs.keys() >= HOOK_REPOS.keys()
    for repo, package in HOOK_REPOS.items():
        assert revs[repo].removeprefix("v") == locked[package], repo


def test_the_lock_holds_every_dependency_of_pyproject() -> None:
    """A dependency added to pyproject.toml without `make lock` would not be installed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    locked = locked_versions()

    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock pins {name}=={locked[name]}, outside {requirement.specifier}:"
            " run `make lock`"
        )
