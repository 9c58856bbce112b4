"""`{% table_region %}`: every table that may scroll sideways is a focusable region
named by its own caption."""

from __future__ import annotations

import pytest
from django.template import Context, Template

TABLE = """{% load nhsuk %}{% for n in "ab" %}{% table_region "copy" forloop.counter %}
<table><caption class="nhsuk-table__caption">Section {{ n }}</caption><tr><td>1</td></tr></table>
{% endtable_region %}{% endfor %}"""


def test_it_makes_the_wrapper_a_focusable_region_labelled_by_the_caption():
    html = Template(TABLE).render(Context())

    assert html.count('tabindex="0" role="region"') == 2
    assert 'aria-labelledby="copy-1-caption"' in html
    assert '<caption id="copy-1-caption" class="nhsuk-table__caption">Section a</caption>' in html
    assert 'aria-labelledby="copy-2-caption"' in html
    assert '<caption id="copy-2-caption" class="nhsuk-table__caption">Section b</caption>' in html


def test_it_escapes_the_name_and_keeps_the_table_as_rendered():
    html = Template(
        "{% load nhsuk %}{% table_region name %}<table><caption>{{ text }}</caption></table>"
        "{% endtable_region %}"
    ).render(Context({"name": '"><script>', "text": "<b>"}))

    assert "<script>" not in html
    assert 'aria-labelledby="script-caption"' in html
    assert '<caption id="script-caption">&lt;b&gt;</caption>' in html


def test_a_table_without_a_caption_is_an_error():
    template = Template(
        "{% load nhsuk %}{% table_region 'x' %}<table></table>{% endtable_region %}"
    )

    with pytest.raises(ValueError, match="no <caption>"):
        template.render(Context())
