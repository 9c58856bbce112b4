"""Template helpers for the nhsuk crispy pack and NHS.UK markup."""

from __future__ import annotations

import re

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

register = template.Library()


@register.filter
def select_options(field: BoundField) -> dict[str, object]:
    """A select's option groups and whether it is `required`, in one pass.

    Model choice fields query the database each time their choices are read, so
    the options are built once here and the first one decides `required`, as
    Django's own Select.use_required_attribute does.
    """
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": id_} if id_ else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    first = next((option for _, options, _ in groups for option in options), None)
    required = bool(field.field.required and field.form.use_required_attribute) and (
        widget.allow_multiple_selected or (first is not None and first["value"] in ("", None))
    )
    return {"groups": groups, "required": required}


_CAPTION = re.compile(r"<caption(?=[\s>])")


@register.simple_block_tag
def table_region(content: str, *name: object) -> SafeString:
    """Wrap a table so it scrolls sideways on a narrow screen and a keyboard can
    reach and scroll it: a focusable region named by the table's own caption.

    The caption gets the id `<name>-caption`; `name` is joined from the arguments
    (`{% table_region "priority" priority.pk %}`), so each table on a page, even
    in a loop, needs its own. A table without a caption has no name to give the
    region, which is an error.
    """
    caption_id = slugify("-".join(str(part) for part in (*name, "caption")))
    labelled, found = _CAPTION.subn(
        format_html('<caption id="{}"', caption_id), str(content), count=1
    )
    if not found:
        raise ValueError(f"table_region {caption_id!r} wraps no <caption> to name it by")
    return format_html(
        '<div class="app-table-wrapper" tabindex="0" role="region" aria-labelledby="{}">{}</div>',
        caption_id,
        mark_safe(labelled),  # noqa: S308 - rendered template output, only an id added
    )
