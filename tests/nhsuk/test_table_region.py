"""`{% table_region %}`: every table that may scroll sideways is a focusable region
named by its own caption."""

from __future__ import annotations

import pytest
from django.template import Context, Template

TABLES = """{% load nhsuk %}{% for n in "ab" %}{% table_region "copy" forloop.counter %}
<table><caption id="copy-{{ forloop.counter }}-caption">Section {{ n }}</caption></table>
{% endtable_region %}{% endfor %}"""


def test_it_makes_the_wrapper_a_focusable_region_labelled_by_the_caption():
    html = Template(TABLES).render(Context())

    assert html.count('<div class="app-table-wrapper" tabindex="0" role="region"') == 2
    assert 'aria-labelledby="copy-1-caption">\n<table><caption id="copy-1-caption">' in html
    assert 'aria-labelledby="copy-2-caption">\n<table><caption id="copy-2-caption">' in html


def test_it_escapes_the_name_and_keeps_the_table_as_rendered():
    html = Template(
        '{% load nhsuk %}{% table_region name %}<table><caption id="{{ name }}-caption">'
        "{{ text }}</caption></table>{% endtable_region %}"
    ).render(Context({"name": '"><script>', "text": "<b>"}))

    assert "<script>" not in html
    assert 'aria-labelledby="&quot;&gt;&lt;script&gt;-caption"' in html
    assert "&lt;b&gt;</caption>" in html


@pytest.mark.parametrize(
    "table",
    ["<table></table>", '<table><caption id="other">Other</caption></table>'],
)
def test_a_region_without_its_caption_is_an_error(table):
    template = Template("{% load nhsuk %}{% table_region 'x' %}" + table + "{% endtable_region %}")

    with pytest.raises(ValueError, match='no <caption id="x-caption">'):
        template.render(Context())
