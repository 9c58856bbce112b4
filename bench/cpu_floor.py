"""The CPU floor: a fixed template rendered many times, with no database and no request.

The request floor (`bench.urls.floor`) is mostly waiting: the session and user
queries, the middleware. It moves with how busy the machine is, but hardly with
how fast its processor and memory are, and pages that render long templates do
(on 3 December the same code ran heavy pages 1.7x slower on a machine whose
request floor was the same). This floor is the other kind of work: Django's
template engine walking a table of 20 rows with filters and escaping, 10 times,
all in Python. Read a page as a multiple of both floors to compare runs on
machines of different speed.

The template and its data are fixed here, on purpose: nothing in the product
changes what this floor costs, so a change in it is a change in the machine.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.template import Context, Engine

RENDERS = 10
ROWS = 20

TEMPLATE = """
<table class="nhsuk-table">
  <caption class="nhsuk-table__caption">{{ caption }}</caption>
  <thead><tr>{% for column in header %}<th scope="col">{{ column }}</th>{% endfor %}</tr></thead>
  <tbody>
    {% for row in rows %}
      <tr class="{% cycle 'odd' 'even' %}">
        <th scope="row"><a href="/projects/{{ row.pk }}/">{{ row.title }}</a></th>
        <td>{{ row.day|date:"j F Y" }}</td>
        <td>{{ row.hours|floatformat:1 }}</td>
        <td>{% if row.amount %}£{{ row.amount|floatformat:2 }}{% else %}None{% endif %}</td>
        <td>{{ row.people|length }} {{ row.people|length|pluralize:"person,people" }}: {{ row.people|join:", " }}</td>
        <td>{{ row.note|truncatewords:8|linebreaksbr }}</td>
      </tr>
    {% endfor %}
  </tbody>
</table>
"""


def _rows() -> list[dict]:
    start = datetime.date(2026, 1, 1)
    return [
        {
            "pk": n,
            "title": f"Project <{n}> & co-design of the ward's welcome pack",
            "day": start + datetime.timedelta(days=n),
            "hours": Decimal(n % 7) + Decimal("0.5"),
            "amount": Decimal(n * 3 % 50) if n % 3 else None,
            "people": [f"Person {n + k}" for k in range(n % 4 + 1)],
            "note": "People with lived experience and staff planned it together.\n" * 2,
        }
        for n in range(ROWS)
    ]


def renderer() -> Callable[[], str]:
    """Render the fixed table RENDERS times; returns the last output."""
    engine = Engine(builtins=[], autoescape=True)
    template = engine.from_string(TEMPLATE)
    context = {
        "caption": "A fixed table",
        "header": ["Project", "Date", "Hours", "Paid", "People", "Note"],
        "rows": _rows(),
    }

    def render() -> str:
        html = ""
        for _ in range(RENDERS):
            html = template.render(Context(context))
        return html

    return render
