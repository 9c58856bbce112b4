"""Template helpers for the nhsuk crispy pack and NHS.UK markup."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.formats import localize
from django.utils.html import escape, format_html, format_html_join

register = template.Library()


@register.filter
def select_options(field: BoundField) -> dict[str, object]:
    """A select's options as markup and whether it is `required`, in one pass.

    Model choice fields query the database each time their choices are read, so
    the options are built once here and the first one decides `required`, as
    Django's own Select.use_required_attribute does. The options are written here
    rather than by a loop in the template: a list of people or services has
    hundreds, and the template loop was most of the time a filter form took. The
    markup is what the loop wrote (escaped by format_html, labels localised as
    `{{ }}` does), less the white space between the tags.
    """
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    first = next((option for _, options, _ in groups for option in options), None)
    required = bool(field.field.required and field.form.use_required_attribute) and (
        widget.allow_multiple_selected or (first is not None and first["value"] in ("", None))
    )
    # One format_html for the whole list: its arguments are escaped, and a call per
    # option cost more than the rest of the select.
    markup: list[str] = []
    values: list[object] = []
    for group_name, group_options, _index in groups:
        if group_name:
            markup.append('<optgroup label="{}">')
            values.append(localize(group_name))
        for option in group_options:
            markup.append('<option value="{}"{}>{}</option>')
            values += (str(option["value"]), _attrs(option["attrs"]), localize(option["label"]))
        if group_name:
            markup.append("</optgroup>")
    html = format_html("\n".join(markup), *values) if values else ""
    return {"html": html, "required": required}


def _attrs(attrs: dict[str, Any]) -> str:
    if not attrs:
        return ""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', str(value)))
            for name, value in attrs.items()
            if value is not False
        ),
    )


@register.simple_block_tag
def table_region(content: str, *name: object) -> str:
    """Wrap a table so it scrolls sideways on a narrow screen and a keyboard can
    reach and scroll it: a focusable region named by the table's own caption.

    The caption must carry the id `<name>-caption`, where `name` is the arguments
    joined by hyphens (`{% table_region "priority" priority.pk %}` wants
    `<caption id="priority-{{ priority.pk }}-caption">`), so each table on a page,
    even in a loop, has its own. A region with no such caption has no name, which
    is an error.
    """
    caption_id = "-".join(str(part) for part in (*name, "caption"))
    if f'<caption id="{escape(caption_id)}"' not in content:
        raise ValueError(f'table_region wraps no <caption id="{caption_id}"> to name it by')
    return format_html(
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
        caption_id,
        content,
    )
