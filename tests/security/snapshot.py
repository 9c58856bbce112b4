"""What a test needs to prove that a request changed nothing in the database.

`database_fingerprint()` reads every table in the schema (its row count and an md5
of its rows' text, in a fixed order), so a refused request that wrote anything,
in any table, shows up as a difference, not only in the tables a test thought of.

`form_values()` reads the values of the form on a page the way a browser would
submit them, so a test can replay a real, valid submission.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.db import connection

# Written on every request by design, whatever the answer: the session (saved on
# each request so that idle time-outs slide) is not the object under test.
NOT_COMPARED = frozenset({"django_session"})


def database_fingerprint(*, exclude: frozenset[str] = NOT_COMPARED) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows: {table: (count, md5)}."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in exclude:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                f"FROM {quoted} AS t"
            )
            fingerprint[table] = cursor.fetchone()
    return fingerprint


def differences(before: dict, after: dict) -> list[str]:
    """The tables whose rows changed, with their counts, for a readable failure."""
    changed = []
    for table in sorted(set(before) | set(after)):
        if before.get(table) != after.get(table):
            was, now = before.get(table, (0, "")), after.get(table, (0, ""))
            changed.append(f"{table}: {was[0]} rows -> {now[0]} rows")
    return changed


class _FormReader(HTMLParser):
    """Collects each POST form's successful controls, as a browser submits them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = []
            self.forms.append((a.get("action", ""), self._fields))
        if self._fields is None or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self._fields.append((name, a.get("value", "on")))
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self._fields.append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            # The first named submit button is the one pressed by Enter.
            if not any(field == name for field, _ in self._fields):
                self._fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._fields.append((self._select, value))
                self._select_chosen = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._fields is None:
            return
        if tag == "textarea" and self._textarea is not None:
            self._fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "form":
            self._fields = None


# Forms every page carries in its shell, not the page's own form.
SHELL_FORM_ACTIONS = ("/account/sign-out/", "/account/session/extend/")


def form_values(html: str) -> dict[str, str | list[str]]:
    """The page's own POST form, filled in as it stands (repeated names become lists)."""
    reader = _FormReader()
    reader.feed(html)
    forms = [fields for action, fields in reader.forms if action not in SHELL_FORM_ACTIONS]
    if not forms:
        return {}
    values: dict[str, str | list[str]] = {}
    for name, value in max(forms, key=len):
        if name == "csrfmiddlewaretoken":
            continue
        if name in values:
            existing = values[name]
            values[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            values[name] = value
    return values
