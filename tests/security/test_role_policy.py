"""Who may do what is written once, in `accounts`.

Views, templates and querysets ask the User properties (`user.is_admin`,
`user.reads_everything`, ...) or the `accounts.rules` predicates; a role compared
anywhere else is a second policy that drifts from the first, and a page that
offers a link its reader will be refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".git", ".venv", "node_modules", "static", "tests", "accounts", "migrations"}
# `user.role == ...`, `x.role in ...`, `Role.ADMIN == user.role`
PYTHON_COMPARISON = re.compile(r"\.role\s*(==|!=|\bnot in\b|\bin\b)|(==|!=)\s*[\w.]+\.role\b")
# `{% if user.role == "staff" %}`, `{% if role in roles %}`
TEMPLATE_COMPARISON = re.compile(r"\brole\s*(==|!=|\bnot in\b|\bin\b)|(==|!=)\s*[\w.]+\.role\b")
# A project membership's role is not a user's role; its model answers `is_lead`.
ALLOWED = {("projects/models/projects.py", "return self.role == self.Role.LEAD")}


def _files(suffix: str):
    for path in sorted(ROOT.rglob(f"*{suffix}")):
        relative = path.relative_to(ROOT)
        if not SKIPPED_DIRS.intersection(relative.parts[:-1]):
            yield relative


def role_comparisons(suffix: str, pattern: re.Pattern[str]) -> list[str]:
    found = []
    for relative in _files(suffix):
        for number, line in enumerate((ROOT / relative).read_text().splitlines(), start=1):
            if pattern.search(line) and (str(relative), line.strip()) not in ALLOWED:
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_python_outside_accounts_compares_a_role():
    found = role_comparisons(".py", PYTHON_COMPARISON)
    assert not found, "Ask a User property or an accounts.rules predicate:\n" + "\n".join(found)


def test_no_template_compares_a_role():
    found = role_comparisons(".html", TEMPLATE_COMPARISON)
    assert not found, "Ask a User property or a rules permission:\n" + "\n".join(found)


def test_the_scan_finds_a_role_comparison():
    assert PYTHON_COMPARISON.search("if request.user.role != Role.ADMIN:")
    assert PYTHON_COMPARISON.search("if user.role in {Role.ADMIN, Role.STAFF}:")
    assert PYTHON_COMPARISON.search("if user.role not in READERS:")
    assert PYTHON_COMPARISON.search("allowed = Role.ADMIN == user.role")
    assert not PYTHON_COMPARISON.search("for role in ROLES:")
    assert not PYTHON_COMPARISON.search('Membership.objects.filter(role="lead")')
    assert TEMPLATE_COMPARISON.search('{% if user.role == "expert" %}')
    assert TEMPLATE_COMPARISON.search('{% elif request.user.role != "staff" %}')
    assert not TEMPLATE_COMPARISON.search("{% if user.is_expert %}")
