"""Template helpers for the nhsuk crispy pack."""

from __future__ import annotations

from django import template
from django.forms import BoundField

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
