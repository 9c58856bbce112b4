"""Read NHS.UK frontend's component fixtures and compare our markup with them.

nhsuk-frontend ships, for each component, the options its Nunjucks macro was
called with and the HTML it produced (`fixtures.json`). They are read from
node_modules at test time, never copied into this repository.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.test.html import Element, parse_html

COMPONENTS = settings.BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk" / "components"

# Attributes whose values are ids chosen by whoever wrote the fixture, which
# Django chooses differently (id_<name>, id_<name>_0 ...).
ID_ATTRIBUTES = ("id", "for", "aria-describedby", "href")

# Attributes Django adds to form controls that the fixtures' macros have no
# option for: `required` (from Field.required) and `aria-invalid` (added to a
# field's inputs when it has errors). Both are correct; behavioural tests
# check them. Only removed from input, select and textarea elements.
DJANGO_CONTROL_ATTRIBUTES = ("required", "aria-invalid")
CONTROLS = ("input", "select", "textarea")


@cache
def _fixtures(component: str) -> list[dict[str, Any]]:
    path = COMPONENTS / component / "fixtures.json"
    if not path.exists():
        raise AssertionError(f"{path} is missing: run `npm ci` to install nhsuk-frontend.")
    return json.loads(path.read_text())["fixtures"]


def fixture(component: str, name: str, **context: Any) -> dict[str, Any]:
    """The one fixture called `name` whose context has these values.

    Some names are used twice (a normal and a `small` version, say), so pass
    enough of the context to tell them apart; `None` means "not set".
    """
    found = [
        item
        for item in _fixtures(component)
        if item["name"] == name
        and all(item["context"].get(key) == value for key, value in context.items())
    ]
    if len(found) != 1:
        raise AssertionError(f"{len(found)} {component} fixtures match {name!r} {context}")
    return found[0]


def _walk(node: Element | str) -> Iterable[Element]:
    if isinstance(node, str):
        return
    yield node
    for child in node.children:
        yield from _walk(child)


def _rename(value: str | None, mapping: Mapping[str, str], attribute: str) -> str | None:
    if value is None:
        return value
    if attribute == "href" and value.startswith("#"):
        return "#" + mapping.get(value[1:], value[1:])
    if attribute == "aria-describedby":
        return " ".join(mapping.get(token, token) for token in value.split())
    return mapping.get(value, value)


def expected_html(
    component: str,
    name: str,
    *,
    rename: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    **context: Any,
) -> str:
    """A fixture's HTML with its ids and input names swapped for Django's.

    `rename` maps fixture ids to ours; it is applied only to the values of
    id, for, aria-describedby (per token) and href="#..." attributes.
    `names` maps the values of name attributes.
    """
    dom = parse_html(fixture(component, name, **context)["html"])
    for element in _walk(dom):
        renamed = []
        for key, value in element.attributes:
            if key in ID_ATTRIBUTES:
                value = _rename(value, rename or {}, key)
            elif key == "name" and value is not None:
                value = (names or {}).get(value, value)
            renamed.append((key, value))
        element.attributes = sorted(renamed)
    return str(dom)


def our_html(html: str, *, drop: Iterable[tuple[str, str]] = ()) -> str:
    """Our HTML less the attributes Django adds to controls (see above).

    `drop` lists further (tag, attribute) pairs to remove, for a test to
    justify in a comment.
    """
    removals = {(tag, attribute) for tag in CONTROLS for attribute in DJANGO_CONTROL_ATTRIBUTES}
    removals |= set(drop)
    dom = parse_html(html)
    for element in _walk(dom):
        element.attributes = [
            (key, value) for key, value in element.attributes if (element.name, key) not in removals
        ]
    return str(dom)


def choice_ids(prefix: str, django_id: str, positions: Iterable[int]) -> dict[str, str]:
    """Map a radios/checkboxes fixture's ids to Django's.

    The fixture numbers items from 1 and counts dividers (`prefix`,
    `prefix-2`, `prefix-4` ...); Django numbers choices from 0. `positions`
    are the fixture numbers of the real choices, in order.
    """
    mapping = {f"{prefix}-hint": f"{django_id}_helptext", f"{prefix}-error": f"{django_id}_error"}
    for index, position in enumerate(positions):
        item_id = prefix if position == 1 else f"{prefix}-{position}"
        mapping[item_id] = f"{django_id}_{index}"
        mapping[f"{item_id}-item-hint"] = f"{django_id}_{index}_hint"
    return mapping


def field_ids(fixture_id: str, django_id: str) -> dict[str, str]:
    """Map a single-control fixture's id, hint id and error id to Django's."""
    return {
        fixture_id: django_id,
        f"{fixture_id}-hint": f"{django_id}_helptext",
        f"{fixture_id}-error": f"{django_id}_error",
    }


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def raw_tags(html: str, tag: str | None = None) -> list[list[tuple[str, str | None]]]:
    """The attributes of every start tag (of one kind), repeats and all, in order."""
    collector = _Collector()
    collector.feed(html)
    return [attrs for name, attrs in collector.found if tag is None or name == tag]


def tags(html: str, tag: str | None = None) -> list[dict[str, str | None]]:
    """The attributes of every start tag (of one kind) in the HTML, in order."""
    return [dict(attrs) for attrs in raw_tags(html, tag)]


def by_id(html: str, element_id: str) -> dict[str, str | None]:
    matches = [attrs for attrs in tags(html) if attrs.get("id") == element_id]
    if len(matches) != 1:
        raise AssertionError(f"{len(matches)} elements have id={element_id!r}")
    return matches[0]


def classes(attrs: Mapping[str, str | None]) -> set[str]:
    return set((attrs.get("class") or "").split())


def choices_of(component: str, name: str, **context: Any) -> list[tuple[str, str]]:
    """A radios/checkboxes/select fixture's items as Django choices."""
    items = fixture(component, name, **context)["context"]["items"]
    return [(item["value"], item["text"]) for item in items if "value" in item]


def _pretty(html: str) -> list[str]:
    return str(parse_html(html)).replace("><", ">\n<").splitlines()


def assert_html_equal(ours: str, theirs: str) -> None:
    """Compare as HTML (ignoring attribute order, class order and whitespace), with a diff."""
    if parse_html(ours) != parse_html(theirs):
        diff = difflib.unified_diff(_pretty(theirs), _pretty(ours), "fixture", "ours", lineterm="")
        raise AssertionError("HTML differs:\n" + "\n".join(diff))


def assert_in_html(needle: str, haystack: str) -> None:
    """Like Django's assertInHTML: the element appears somewhere in the HTML."""
    assert parse_html(haystack).count(parse_html(needle)) > 0, f"{needle}\nnot in\n{haystack}"
