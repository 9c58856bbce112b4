"""Form widgets, fields and crispy layout objects for the `nhsuk` template pack.

The pack in `templates/nhsuk/` renders ordinary Django forms as NHS.UK
frontend markup, so most forms need nothing from here. Use these when you
need something the stock widgets cannot express:

- `RadioSelect` / `CheckboxSelectMultiple`: a hint under each choice, an "or"
  divider before a choice, small and inline variants, and (checkboxes) a
  choice that clears the others ("None of these").
- `DateField` with its `DateInput`: the three-box day, month, year pattern.
- `Textarea`: 5 rows and no `cols`, as the design system expects.
- Layout objects for `FormHelper.layout`: `NHSField` (label size, label as the
  page heading, caption, input width), `Fieldset` (legend size and heading),
  and `Submit` / `Button` (`nhsuk-button` with variants).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crispy_forms import layout
from crispy_forms.helper import FormHelper
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Button",
    "CheckboxSelectMultiple",
    "DateField",
    "DateInput",
    "DateProblem",
    "Fieldset",
    "NHSField",
    "RadioSelect",
    "Submit",
    "Textarea",
    "find_date_problem",
]


# Choices ---------------------------------------------------------------------


class _ChoiceExtrasMixin:
    """Adds per-choice hints and dividers to a choice widget's options.

    The pack's radios/checkboxes template reads the extra keys this puts on
    each option dict: `hint`, `hint_id` and `divider`. The input of a choice
    with a hint gets `aria-describedby` pointing at that hint.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        *,
        choice_hints: Mapping[Any, str] | None = None,
        dividers: Mapping[Any, str] | None = None,
        small: bool = False,
        inline: bool = False,
    ) -> None:
        super().__init__(attrs, choices)  # type: ignore[call-arg]
        # Keys are compared as strings so that `{1: "..."}` matches the
        # choice value 1 and the submitted "1" alike.
        self.choice_hints = {str(k): v for k, v in (choice_hints or {}).items()}
        self.dividers = {str(k): v for k, v in (dividers or {}).items()}
        self.small = small
        self.inline = inline

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(  # type: ignore[misc]
            name, value, label, selected, index, subindex=subindex, attrs=attrs
        )
        key = str(value)
        option["divider"] = self.dividers.get(key, "")
        option["hint"] = self.choice_hints.get(key, "")
        option["hint_id"] = ""
        option_id = option["attrs"].get("id")
        if option["hint"] and option_id:
            option["hint_id"] = f"{option_id}_hint"
            option["attrs"]["aria-describedby"] = option["hint_id"]
        return option


class RadioSelect(_ChoiceExtrasMixin, forms.RadioSelect):
    """Radios with optional hints per choice.

    `RadioSelect(choice_hints={"email": "We will not share it"},
    dividers={"unsure": "or"}, small=True, inline=False)`. A divider is shown
    before the choice whose value is its key.
    """


class CheckboxSelectMultiple(_ChoiceExtrasMixin, forms.CheckboxSelectMultiple):
    """Checkboxes with optional hints per choice.

    Takes the same options as `RadioSelect`, plus `exclusive`: values whose
    checkbox unticks all the others when ticked (and is unticked by them),
    for answers like "None of these". The NHS.UK JavaScript does the work.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        *,
        exclusive: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(attrs, choices, **kwargs)
        self.exclusive = {str(v) for v in exclusive}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if str(option["value"]) in self.exclusive:
            option["attrs"]["data-behaviour"] = "exclusive"
        return option


class Textarea(forms.Textarea):
    """A textarea 5 rows high with no `cols`: its width comes from the CSS."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"rows": "5", **(attrs or {})})
        self.attrs.pop("cols", None)


# Dates -----------------------------------------------------------------------

DATE_PARTS = ("day", "month", "year")

# English month names and short forms people type into the month box. Not
# taken from the locale, which could be anything on a server.
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_MONTHS |= {name[:3]: number for name, number in _MONTHS.items()}
_MONTHS["sept"] = 9


@dataclass(frozen=True)
class DateProblem:
    """What is wrong with a typed date, and which of its boxes are at fault."""

    code: str
    parts: tuple[str, ...]
    params: dict[str, str] = field(default_factory=dict)


def _is_number(text: str) -> bool:
    """Digits 0 to 9 only: `str.isdigit` also passes "²", which `int` refuses."""
    return text.isascii() and text.isdigit()


def _month_number(month: str) -> int | None:
    if _is_number(month):
        return int(month)
    return _MONTHS.get(month.lower().rstrip("."))


def find_date_problem(day: str, month: str, year: str) -> DateProblem | None:
    """Check a date typed as three boxes; return the first problem, or None.

    Codes: `required` (all empty), `incomplete` (some empty; params has
    `missing`, like "a day and year"), `invalid` (not numbers), `year_length`
    and `invalid_date` (no such day or month). Month names such as "Mar" or
    "March" are accepted.
    """
    typed = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = tuple(part for part in DATE_PARTS if not typed[part])
    if len(missing) == len(DATE_PARTS):
        return DateProblem("required", DATE_PARTS)
    if missing:
        return DateProblem("incomplete", missing, {"missing": "a " + " and ".join(missing)})

    month_number = _month_number(typed["month"])
    not_numbers = tuple(
        part
        for part, ok in (
            ("day", _is_number(typed["day"])),
            ("month", month_number is not None),
            ("year", _is_number(typed["year"])),
        )
        if not ok
    )
    if not_numbers:
        return DateProblem("invalid", not_numbers)
    if len(typed["year"]) != 4:
        return DateProblem("year_length", ("year",))
    assert month_number is not None
    if not 1 <= month_number <= 12:
        return DateProblem("invalid_date", ("month",))
    year_number = int(typed["year"])
    if year_number < datetime.MINYEAR:
        return DateProblem("invalid_date", ("year",))
    if not 1 <= int(typed["day"]) <= calendar.monthrange(year_number, month_number)[1]:
        return DateProblem("invalid_date", ("day",))
    return None


class DateInput(forms.MultiWidget):
    """Three text boxes (day, month, year) for a memorable date.

    Renders as the NHS.UK date input through the `nhsuk` pack. The boxes are
    named `<name>_day`, `<name>_month`, `<name>_year` and have the ids
    `id_<name>_0`, `_1`, `_2`. Pass `autocomplete="bday"` for a date of birth
    so browsers can fill it in.

    When the field has an error only the boxes at fault are marked as
    invalid; an error that is not about a box (say, "must be in the past")
    marks all three.
    """

    nhsuk_template = "nhsuk/fields/date_input.html"
    part_labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, autocomplete: str | None = None
    ) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {}
        for part in DATE_PARTS:
            width = 4 if part == "year" else 2
            part_attrs = {
                "class": f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}",
                "inputmode": "numeric",
            }
            if autocomplete:
                part_attrs["autocomplete"] = f"{autocomplete}-{part}"
            widgets[part] = forms.TextInput(attrs=part_attrs)
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        parts = context["widget"]["subwidgets"]
        invalid = str(context["widget"]["attrs"].get("aria-invalid", "")).lower() == "true"
        wrong: tuple[str, ...] = ()
        if invalid:
            problem = find_date_problem(*(part["value"] or "" for part in parts))
            wrong = problem.parts if problem else DATE_PARTS
        for part_name, part in zip(DATE_PARTS, parts, strict=True):
            part["label"] = self.part_labels[part_name]
            part["error"] = part_name in wrong
            part_attrs = part["attrs"]
            if part["error"]:
                part_attrs["class"] = f"{part_attrs['class']} nhsuk-input--error"
            else:
                part_attrs.pop("aria-invalid", None)
        return context


class DateField(forms.MultiValueField):
    """A date typed into three boxes, checked with plain-English messages.

    Override any message with `error_messages`, for example
    `DateField(error_messages={"required": "Enter your date of birth"})`.
    `incomplete` may use `%(missing)s` ("a day", "a month and year" ...).
    An invalid entry is shown back exactly as it was typed.
    """

    widget = DateInput
    default_error_messages = {
        "required": _("Enter a date"),
        "incomplete": _("Date must include %(missing)s"),
        "invalid": _("Enter the date as a day, month and year in numbers, like 27 3 2007"),
        "year_length": _("Enter the year as 4 numbers, like 2007"),
        "invalid_date": _("Enter a real date"),
    }

    def __init__(self, **kwargs: Any) -> None:
        parts = tuple(forms.CharField(required=False) for _part in DATE_PARTS)
        super().__init__(fields=parts, require_all_fields=True, **kwargs)

    def compress(self, data_list: list[str]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(value).strip() for value in data_list)
        month_number = _month_number(month)
        assert month_number is not None
        return datetime.date(int(year), month_number, int(day))

    def clean(self, value: Any) -> datetime.date | None:
        if isinstance(value, datetime.date):  # A disabled field gives its initial value.
            return value
        typed = [str(part or "") for part in (value or ["", "", ""])]
        problem = find_date_problem(*typed)
        if problem and problem.code == "required":
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if problem:
            raise ValidationError(
                self.error_messages[problem.code], code=problem.code, params=problem.params
            )
        cleaned = self.compress(typed)
        self.validate(cleaned)
        self.run_validators(cleaned)
        return cleaned


# Layout objects ------------------------------------------------------------


class TimeField(forms.TimeField):
    """A time of day typed as 14:30 (or 14.30), with the number keypad on phones.

    Anything but text (a field sent twice, say) is a time we cannot read: a field
    error, never an exception.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%H:%M", "%H.%M", "%H:%M:%S"])
        kwargs.setdefault("widget", forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.time | None:
        if value in self.empty_values:
            return None
        if not isinstance(value, str | datetime.time):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class NHSField(layout.Field):  # type: ignore[misc]  # crispy-forms has no types
    """A crispy `Field` with NHS.UK label options.

    `NHSField("name", size="l", heading=True, caption="About you", width=10)`:
    `size` is s, m, l or xl (the label, or the legend for grouped inputs);
    `heading` wraps it in the page's `<h1>`; `width` adds
    `nhsuk-input--width-<n>` to a text input. Other keyword arguments become
    attributes of the input, as with crispy's `Field`.
    """

    def __init__(
        self,
        *fields: Any,
        size: str | None = None,
        heading: bool = False,
        caption: str | None = None,
        width: int | None = None,
        css_class: str | None = None,
        **kwargs: Any,
    ) -> None:
        if width:
            css_class = " ".join(filter(None, [css_class, f"nhsuk-input--width-{width}"]))
        super().__init__(*fields, css_class=css_class, **kwargs)
        self.nhsuk = {"size": size, "heading": heading, "caption": caption}

    def render(
        self,
        form: Any,
        context: Any,
        template_pack: Any = TEMPLATE_PACK,
        extra_context: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        extra_context = {**(extra_context or {}), "nhsuk": self.nhsuk}
        return super().render(form, context, template_pack, extra_context=extra_context, **kwargs)


class Fieldset(layout.Fieldset):  # type: ignore[misc]  # crispy-forms has no types
    """A crispy `Fieldset` whose legend can have a size, a caption or be the `<h1>`.

    The legend is plain text, escaped by the template. Crispy's own `Fieldset`
    compiles its legend as a template with the page's context, so a legend built
    from stored text (a standard's statement, say) could run template tags and
    read the CSP nonce; this one never does.
    """

    def __init__(
        self,
        legend: str,
        *fields: Any,
        size: str | None = None,
        heading: bool = False,
        caption: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(legend, *fields, **kwargs)
        self.size = size
        self.heading = heading
        self.caption = caption

    def render(
        self, form: Any, context: Any, template_pack: Any = TEMPLATE_PACK, **kwargs: Any
    ) -> str:
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        context.update({"fieldset": self, "legend": self.legend, "fields": fields})
        return render_to_string(self.get_template_name(template_pack), context.flatten())


class Submit(layout.BaseInput):  # type: ignore[misc]  # crispy-forms has no types
    """An `nhsuk-button` that submits the form.

    `Submit("Save and continue")` gives a plain button. Give a `name` (and
    optionally a `value`) when the view needs to know which button was
    pressed. `variant` is "secondary", "secondary-solid", "reverse",
    "warning" or "login"; `small=True` and `prevent_double_click=True` map
    to the design system's options. `css_class` adds classes, so
    `css_class="nhsuk-button--secondary"` works too.
    """

    input_type = "submit"
    field_classes = ""

    def __init__(
        self,
        text: str,
        name: str = "",
        value: str | None = None,
        *,
        variant: str | None = None,
        small: bool = False,
        prevent_double_click: bool = False,
        css_class: str | None = None,
        css_id: str | None = None,
        template: str | None = None,
        **kwargs: Any,
    ) -> None:
        classes = [css_class] if css_class else []
        if variant:
            classes.append(f"nhsuk-button--{variant}")
        if small:
            classes.append("nhsuk-button--small")
        if prevent_double_click:
            kwargs["data_prevent_double_click"] = "true"
        super().__init__(
            name,
            text,
            css_id=css_id,
            css_class=" ".join(classes) or None,
            template=template,
            **kwargs,
        )
        self.field_classes = self.field_classes.strip()
        self.id = css_id or ""
        self.button_value = value if value is not None else (text if name else "")

    def render(
        self, form: Any, context: Any, template_pack: Any = TEMPLATE_PACK, **kwargs: Any
    ) -> str:
        # Crispy's inputs compile their text as a template; ours show it as text.
        context.update({"input": self})
        return render_to_string(self.get_template_name(template_pack), context.flatten())


class Button(Submit):
    """An `nhsuk-button` that does not submit the form (for scripts)."""

    input_type = "button"


def filter_helper(label: str = "Apply filters") -> FormHelper:
    """A helper for GET filter forms: no CSRF token, a secondary submit button."""
    helper = FormHelper()
    helper.form_method = "get"
    helper.disable_csrf = True
    helper.add_input(Submit(label, variant="secondary"))
    return helper
