"""The `nhsuk` crispy-forms template pack and the widgets in nhsuk.forms.

Golden tests render a Django form the way a view would and compare it with
the HTML nhsuk-frontend's own fixtures expect (see nhsuk_fixtures.py for the
little that is normalised, and why). Behavioural tests cover what the
fixtures cannot: error summaries, kept input, date checking and ARIA wiring.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, ButtonHolder, Layout
from crispy_forms.layout import Submit as CrispySubmit
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from nhsuk.forms import (
    CheckboxSelectMultiple,
    DateField,
    DateInput,
    Fieldset,
    NHSField,
    RadioSelect,
    Submit,
    Textarea,
    TimeField,
    find_date_problem,
)
from tests.nhsuk.nhsuk_fixtures import (
    assert_html_equal,
    assert_in_html,
    by_id,
    choice_ids,
    choices_of,
    classes,
    expected_html,
    field_ids,
    our_html,
    raw_tags,
    tags,
)

NHS_NUMBER_HINT = mark_safe(
    'This is a 10 digit number (like <span class="nhsuk-u-nowrap">999 123 4567</span>) '
    "that you can find on an NHS letter, prescription or in the NHS App"
)
CONTACT_CHOICES = [("email", "Email"), ("phone", "Phone"), ("text", "Text message")]


def render(template: str, **context: Any) -> str:
    return Template("{% load crispy_forms_tags %}" + template).render(Context(context))


def as_field(form: forms.Form, name: str = "example") -> str:
    """One field through the pack, as `{{ form.field|as_crispy_field }}` does."""
    return render("{{ field|as_crispy_field }}", field=form[name])


def with_layout(form: forms.Form, *layout: Any) -> str:
    """The form through `{% crispy form %}` with a layout and no <form> tag."""
    form.helper = FormHelper()  # type: ignore[attr-defined]
    form.helper.form_tag = False  # type: ignore[attr-defined]
    form.helper.layout = Layout(*layout)  # type: ignore[attr-defined]
    return render("{% crispy form %}", form=form)


def button(layout_object: Any) -> str:
    return layout_object.render(None, Context(), template_pack="nhsuk")


# Golden: text inputs, textareas, selects -----------------------------------


def test_it_renders_a_text_input_with_hint_and_error_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.CharField(
            label="What is your NHS number?",
            help_text=NHS_NUMBER_HINT,
            error_messages={"required": "Enter NHS number"},
            widget=forms.TextInput(
                attrs={
                    "class": "nhsuk-input--code nhsuk-input--width-10",
                    "inputmode": "numeric",
                    "spellcheck": "false",
                }
            ),
        )

    html = as_field(Form(data={"example": ""}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "input",
            "with error message and hint, without heading",
            rename=field_ids("with-hint-error", "id_example"),
        ),
    )


def test_it_renders_a_large_label_as_the_page_heading_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.CharField(
            label="What is your NHS number?",
            help_text=NHS_NUMBER_HINT,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        )

    html = with_layout(
        Form(),
        NHSField("example", size="l", heading=True, width=10, css_class="nhsuk-input--code"),
    )

    assert_html_equal(
        our_html(html),
        expected_html("input", "with hint", rename=field_ids("with-hint", "id_example")),
    )


def test_it_renders_autocomplete_and_width_like_the_fixture() -> None:
    class Form(forms.Form):
        address_postcode = forms.CharField(label="Postcode")

    html = with_layout(Form(), NHSField("address_postcode", width=10, autocomplete="postal-code"))

    assert_html_equal(
        our_html(html),
        expected_html(
            "input",
            "example address postcode",
            rename={"address-postcode": "id_address_postcode"},
            names={"address-postcode": "address_postcode"},
        ),
    )


def test_it_renders_a_textarea_with_hint_and_error_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.CharField(
            label="Can you provide more detail?",
            help_text="Do not include personal information like your name, "
            "date of birth or NHS number",
            error_messages={"required": "You must provide an explanation"},
            widget=Textarea,
        )

    html = as_field(Form(data={"example": ""}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "textarea",
            "with error message and hint, without heading",
            rename=field_ids("with-hint-error", "id_example"),
        ),
    )


def test_it_renders_a_select_with_hint_and_error_like_the_fixture() -> None:
    regions = choices_of("select", "with error message and hint, without heading")

    class Form(forms.Form):
        example = forms.ChoiceField(
            label="Choose location",
            help_text="This can be different to where you went before",
            choices=regions,
            error_messages={"required": "Select a location"},
        )

    html = as_field(Form(data={"example": ""}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "select",
            "with error message and hint, without heading",
            rename=field_ids("with-hint-error", "id_example"),
        ),
    )


def test_it_renders_a_selected_option_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.ChoiceField(
            label="Sort by",
            choices=choices_of("select", "with selected value"),
            initial="updated",
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html("select", "with selected value", rename={"with-value": "id_example"}),
    )


def test_it_renders_a_file_upload_with_hint_and_error_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.FileField(
            label="Upload a file",
            help_text="Your photo may be in your Pictures, Photos, Downloads or Desktop folder",
            error_messages={"required": "The selected file must be a JPG, BMP or TIF"},
        )

    html = as_field(Form(data={}, files={}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "file-upload",
            "with error message and hint, without heading",
            rename=field_ids("file-upload", "id_example"),
            names={"file-upload": "example"},
        ),
    )


# Golden: radios and checkboxes ----------------------------------------------


def test_it_renders_radios_with_hint_and_error_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.ChoiceField(
            label="How do you want to be contacted about this?",
            help_text="Select 1 option",
            choices=CONTACT_CHOICES,
            widget=forms.RadioSelect,
            error_messages={"required": "Select how you want to be contacted"},
        )

    html = as_field(Form(data={}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "radios",
            "with error message and hint, without heading",
            small=None,
            rename=choice_ids("with-hint-error", "id_example", [1, 2, 3]),
        ),
    )


def test_it_renders_a_hint_on_each_radio_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.ChoiceField(
            label="Do you have a mobile phone with signal?",
            choices=[
                ("mobile", "Yes, I have a mobile phone with signal"),
                ("landline", "No, I want to use my landline"),
            ],
            widget=RadioSelect(
                choice_hints={
                    "mobile": "We will text you a 6 digit security code",
                    "landline": "We will call you to give you a 6 digit security code",
                }
            ),
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html(
            "radios",
            "with hints on items",
            small=None,
            rename=choice_ids("with-hint-item", "id_example", [1, 2]),
        ),
    )


def test_it_renders_small_radios_with_a_divider_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.ChoiceField(
            label="Do you know your NHS number?",
            help_text=NHS_NUMBER_HINT,
            choices=choices_of("radios", "with divider", small=True),
            widget=RadioSelect(dividers={"not sure": "or"}, small=True),
        )

    html = with_layout(Form(), NHSField("example", size="m", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html(
            "radios",
            "with divider",
            small=True,
            rename=choice_ids("with-divider", "id_example", [1, 2, 4]),
        ),
    )


def test_it_renders_inline_radios_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.ChoiceField(
            label="Are you 18 or over?",
            choices=[("yes", "Yes"), ("no", "No")],
            widget=RadioSelect(inline=True),
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html(
            "radios", "inline", small=None, rename=choice_ids("inline", "id_example", [1, 2])
        ),
    )


def test_it_renders_checkboxes_with_hint_and_error_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.MultipleChoiceField(
            label="How do you want to be contacted about this?",
            help_text="Select all options that are relevant to you",
            choices=[("email", "Email"), ("phone", "Phone"), ("text message", "Text message")],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Select how you want to be contacted"},
        )

    html = as_field(Form(data={}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "checkboxes",
            "with error message and hint, without heading",
            small=None,
            rename=choice_ids("with-hint-error", "id_example", [1, 2, 3]),
        ),
    )


def test_it_renders_a_hint_on_one_checkbox_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.MultipleChoiceField(
            label="What medical conditions do you have?",
            help_text="Select 1 or more",
            choices=choices_of("checkboxes", "with hints on items", small=None),
            widget=CheckboxSelectMultiple(
                choice_hints={"diabetes": "including type 1, type 2, and gestational diabetes"}
            ),
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html(
            "checkboxes",
            "with hints on items",
            small=None,
            rename=choice_ids("with-hint-item", "id_example", [1, 2, 3, 4]),
        ),
    )


def test_it_renders_a_none_option_after_a_divider_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.MultipleChoiceField(
            label="How do you want to be contacted about this?",
            choices=[*CONTACT_CHOICES, ("none", "I do not want to be contacted")],
            widget=CheckboxSelectMultiple(dividers={"none": "or"}, exclusive=["none"]),
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html(
            "checkboxes",
            'with "none" option',
            small=None,
            rename=choice_ids("none", "id_example", [1, 2, 3, 5]),
        ),
    )


# Golden: date input ---------------------------------------------------------


def date_ids(prefix: str = "example", name: str = "example") -> dict[str, str]:
    """Map a date-input fixture's ids to ours."""
    mapping = field_ids(prefix, f"id_{name}")
    for index, part in enumerate(("day", "month", "year")):
        mapping[f"{prefix}-{part}"] = f"id_{name}_{index}"
    return mapping


# The fixture's boxes are named day, month and year; ours carry the field name.
DATE_NAMES = {"day": "example_day", "month": "example_month", "year": "example_year"}


def test_it_renders_an_empty_required_date_with_hint_and_error_like_the_fixture() -> None:
    class Form(forms.Form):
        example = DateField(
            label="What is your date of birth?",
            help_text="For example, 31 3 1980",
            error_messages={"required": "Enter your date of birth"},
        )

    html = as_field(Form(data={}))

    assert_html_equal(
        our_html(html),
        expected_html(
            "date-input",
            "with error message and hint, without heading",
            rename=date_ids(),
            names=DATE_NAMES,
        ),
    )


def test_it_marks_only_the_missing_year_like_the_fixture() -> None:
    class Form(forms.Form):
        example = DateField(
            label="What is your date of birth?",
            help_text="For example, 31 3 1980",
            error_messages={"incomplete": "Date of birth must include %(missing)s"},
        )

    form = Form(data={"example_day": "31", "example_month": "3", "example_year": ""})
    html = with_layout(form, NHSField("example", size="l", heading=True))
    # The summary is not part of the date input fixture.
    html = html[html.index('<div class="nhsuk-form-group') :]

    assert_html_equal(
        our_html(html),
        expected_html(
            "date-input", "with error on year input", rename=date_ids(), names=DATE_NAMES
        ),
    )


def test_it_renders_autocomplete_for_a_date_of_birth_like_the_fixture() -> None:
    class Form(forms.Form):
        example = DateField(
            label="What is your date of birth?",
            help_text="For example, 31 3 1980",
            widget=DateInput(autocomplete="bday"),
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html(
            "date-input", "with autocomplete values", rename=date_ids(), names=DATE_NAMES
        ),
    )


def test_it_renders_an_initial_date_like_the_fixture() -> None:
    class Form(forms.Form):
        example = DateField(
            label="What is your date of birth?",
            help_text="For example, 31 3 1980",
            initial=datetime.date(2024, 8, 5),
        )

    html = with_layout(Form(), NHSField("example", size="l", heading=True))

    assert_html_equal(
        our_html(html),
        expected_html("date-input", "with values", rename=date_ids(), names=DATE_NAMES),
    )


# Golden: fieldsets, buttons, error summary ----------------------------------


def test_it_renders_a_fieldset_of_address_fields_like_the_fixture() -> None:
    class Form(forms.Form):
        address_line1 = forms.CharField(label="Address line 1")
        address_line2 = forms.CharField(label="Address line 2 (optional)", required=False)
        address_town = forms.CharField(label="Town or city")
        address_postcode = forms.CharField(label="Postcode")

    html = with_layout(
        Form(),
        Fieldset(
            "What is your address?",
            NHSField("address_line1", autocomplete="address-line1"),
            NHSField("address_line2", autocomplete="address-line2"),
            NHSField(
                "address_town",
                autocomplete="address-level2",
                css_class="nhsuk-u-width-two-thirds",
            ),
            NHSField("address_postcode", autocomplete="postal-code", width=10),
            size="l",
            heading=True,
            caption="About you",
        ),
    )
    parts = ("line1", "line2", "town", "postcode")

    assert_html_equal(
        our_html(html),
        expected_html(
            "fieldset",
            "with HTML",
            rename={f"address-{part}": f"id_address_{part}" for part in parts},
            names={f"address-{part}": f"address_{part}" for part in parts},
        ),
    )


def test_it_renders_an_empty_fieldset_legend_as_the_page_heading_like_the_fixture() -> None:
    html = with_layout(forms.Form(), Fieldset("What is your address?", size="l", heading=True))

    assert_html_equal(html, expected_html("fieldset", "default"))


def test_it_renders_a_plain_legend_like_the_fixture() -> None:
    html = with_layout(forms.Form(), Fieldset("What is your address?"))

    assert_html_equal(html, expected_html("fieldset", "without legend heading"))


# Text a template would act on, and what it must look like when shown as text.
TEMPLATE_TEXT = '<b>{{ secret }}</b> {% now "Y" %} “quoted”'
TEMPLATE_TEXT_SHOWN = "&lt;b&gt;{{ secret }}&lt;/b&gt; {% now &quot;Y&quot; %} “quoted”"


def test_a_fieldset_legend_is_text_never_a_template() -> None:
    form = forms.Form()
    form.helper = FormHelper()  # type: ignore[attr-defined]
    form.helper.form_tag = False  # type: ignore[attr-defined]
    form.helper.layout = Layout(Fieldset(TEMPLATE_TEXT, size="m"))  # type: ignore[attr-defined]

    html = render("{% crispy form %}", form=form, secret="nonce-value")

    assert TEMPLATE_TEXT_SHOWN in html
    assert "nonce-value" not in html
    assert "<b>" not in html


def test_a_button_label_is_text_never_a_template() -> None:
    html = Submit(TEMPLATE_TEXT).render(None, Context({"secret": "nonce-value"}), "nhsuk")

    assert TEMPLATE_TEXT_SHOWN in html
    assert "nonce-value" not in html


@pytest.mark.parametrize(
    ("name", "layout_object"),
    [
        ("default", Submit("Save and continue")),
        ("default, small", Submit("Save and continue", small=True)),
        ("secondary", Submit("Find my location", variant="secondary")),
        ("secondary, small", Submit("Find my location", variant="secondary", small=True)),
        ("reverse", Submit("Log out", variant="reverse")),
        ("warning", Submit("Yes, delete this vaccine", variant="warning")),
        ("with double click prevented", Submit("Save and continue", prevent_double_click=True)),
    ],
)
def test_it_renders_buttons_like_the_fixtures(name: str, layout_object: Submit) -> None:
    assert_html_equal(button(layout_object), expected_html("button", name))


def test_it_lists_each_field_error_as_a_link_like_the_fixture() -> None:
    class Form(forms.Form):
        first_name = forms.CharField(error_messages={"required": "Enter your first name"})
        last_name = forms.CharField(error_messages={"required": "Enter your last name"})

    html = render("{{ form|as_crispy_errors }}", form=Form(data={}))

    assert_html_equal(
        html,
        expected_html(
            "error-summary",
            "with multiple errors",
            rename={"example-first-name": "id_first_name", "example-last-name": "id_last_name"},
        ),
    )


def test_it_lists_an_error_about_the_whole_form_without_a_link_like_the_fixture() -> None:
    class Form(forms.Form):
        terms_of_service = forms.BooleanField(
            error_messages={"required": "Agree to the terms of service to log in"}
        )

        def clean(self) -> dict[str, Any]:
            raise forms.ValidationError("Invalid username or password")

    html = render("{{ form|as_crispy_errors }}", form=Form(data={}))

    assert_html_equal(
        html,
        expected_html(
            "error-summary",
            "without error link (mixed)",
            rename={"example-terms-of-service": "id_terms_of_service"},
        ),
    )


# Golden: hint, error message, label, legend ---------------------------------
#
# The pieces every field is made of, on their own. These fixtures were made
# without an id, so the `id` and `for` the pack always gives are removed from
# our side before comparing.


def render_part(template: str, **context: Any) -> str:
    html = render_to_string(f"nhsuk/parts/{template}.html", context)
    return our_html(html, drop=[("div", "id"), ("span", "id"), ("label", "for")])


def test_it_renders_a_hint_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.CharField(
            help_text="Do not include personal information like your name, "
            "date of birth or NHS number"
        )

    html = render_part("hint", field=Form()["example"])

    assert_html_equal(html, expected_html("hint", "default"))


def test_it_renders_an_error_message_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.CharField(error_messages={"required": "Enter your full name"})

    html = render_part("error_message", field=Form(data={})["example"], form_show_errors=True)

    assert_html_equal(html, expected_html("error-message", "default"))


def test_it_renders_a_label_as_the_page_heading_like_the_fixture() -> None:
    class Form(forms.Form):
        example = forms.CharField(label="What is your full name?")

    html = render_part("label", field=Form()["example"], nhsuk={"size": "l", "heading": True})

    assert_html_equal(html, expected_html("label", "default"))


@pytest.mark.parametrize("size", ["s", "m", "l", "xl"])
def test_it_renders_a_label_with_a_caption_like_the_fixture(size: str) -> None:
    class Form(forms.Form):
        example = forms.CharField(label="What is your full name?")

    html = render_part(
        "label", field=Form()["example"], nhsuk={"size": size, "caption": "About you"}
    )

    assert_html_equal(
        html, expected_html("label", "text and caption", caption="About you", size=size)
    )


def test_it_renders_a_legend_as_the_page_heading_like_the_fixture() -> None:
    html = render_part("legend", text="What is your address?", size="l", heading=True)

    assert_html_equal(html, expected_html("legend", "default"))


# Behaviour -------------------------------------------------------------------


class ContactForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter your name"}, help_text="Full name")
    contact = forms.ChoiceField(
        choices=CONTACT_CHOICES,
        widget=RadioSelect(choice_hints={"email": "We will not share it"}),
        help_text="Select 1 option",
        error_messages={"required": "Select how you want to be contacted"},
    )
    days = forms.MultipleChoiceField(
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=CheckboxSelectMultiple,
        error_messages={"required": "Select at least 1 day"},
    )
    date_of_birth = DateField(error_messages={"required": "Enter your date of birth"})
    notes = forms.CharField(widget=Textarea)
    agree = forms.BooleanField(
        help_text="You can change your mind later",
        error_messages={"required": "Agree to take part"},
    )

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Something went wrong with the whole form")


def test_it_links_each_error_to_the_first_input_of_its_field() -> None:
    html = render("{% crispy form %}", form=ContactForm(data={}))

    links = [attrs["href"] for attrs in tags(html, "a")]
    assert links == [
        "#id_name",
        "#id_contact_0",
        "#id_days_0",
        "#id_date_of_birth_0",
        "#id_notes",
        "#id_agree",
    ]
    for href in links:
        by_id(html, href[1:])  # Each link has exactly one target.
    assert_in_html("<li>Something went wrong with the whole form</li>", html)


def test_it_puts_the_summary_before_the_fields() -> None:
    html = render("{{ form|crispy }}", form=ContactForm(data={}))

    assert html.index("nhsuk-error-summary") < html.index('id="id_name"')
    assert_in_html('<h2 class="nhsuk-error-summary__heading">There is a problem</h2>', html)


def test_it_shows_no_summary_when_there_are_no_errors() -> None:
    assert "nhsuk-error-summary" not in render("{% crispy form %}", form=ContactForm())


def test_it_is_available_as_a_component_for_any_form() -> None:
    html = render_to_string("components/_error_summary.html", {"form": ContactForm(data={})})

    assert_in_html('<a href="#id_name">Enter your name</a>', html)


def test_it_shows_back_exactly_what_was_typed_when_the_form_is_invalid() -> None:
    data = {
        "name": "Ada <Lovelace>",
        "date_of_birth_day": "31",
        "date_of_birth_month": "Feb",
        "date_of_birth_year": "19x5",
        "notes": "Line one\nLine two",
        "contact": "phone",
        "days": ["tue"],
    }
    html = render("{% crispy form %}", form=ContactForm(data=data))

    assert by_id(html, "id_name")["value"] == "Ada <Lovelace>"
    assert by_id(html, "id_date_of_birth_0")["value"] == "31"
    assert by_id(html, "id_date_of_birth_1")["value"] == "Feb"
    assert by_id(html, "id_date_of_birth_2")["value"] == "19x5"
    assert "Line one\nLine two</textarea>" in html
    assert "checked" in by_id(html, "id_contact_1")
    assert "checked" not in by_id(html, "id_contact_0")
    assert "checked" in by_id(html, "id_days_1")


def test_it_gives_the_hint_and_error_the_ids_django_describes_the_input_with() -> None:
    html = render("{% crispy form %}", form=ContactForm(data={}))

    name_tags = [attrs for attrs in raw_tags(html, "input") if ("id", "id_name") in attrs]
    described_by = [value for key, value in name_tags[0] if key == "aria-describedby"]
    assert described_by == ["id_name_helptext id_name_error"]  # Once, not twice.
    assert "nhsuk-hint" in classes(by_id(html, "id_name_helptext"))
    assert "nhsuk-error-message" in classes(by_id(html, "id_name_error"))
    assert by_id(html, "id_name")["aria-invalid"] == "true"


def test_it_describes_grouped_inputs_from_their_fieldset() -> None:
    html = render("{% crispy form %}", form=ContactForm(data={}))

    fieldsets = tags(html, "fieldset")
    assert [attrs.get("aria-describedby") for attrs in fieldsets] == [
        "id_contact_helptext id_contact_error",
        "id_days_error",
        "id_date_of_birth_error",
    ]
    assert fieldsets[2]["role"] == "group"


def test_it_wires_each_choice_hint_to_its_own_input() -> None:
    html = render("{% crispy form %}", form=ContactForm())

    assert by_id(html, "id_contact_0")["aria-describedby"] == "id_contact_0_hint"
    hint = by_id(html, "id_contact_0_hint")
    assert classes(hint) == {"nhsuk-hint", "nhsuk-radios__hint"}
    assert "aria-describedby" not in by_id(html, "id_contact_1")


def test_it_renders_a_boolean_field_as_a_single_checkbox_with_its_hint() -> None:
    html = render("{{ form.agree|as_crispy_field }}", form=ContactForm(data={}))

    checkbox = by_id(html, "id_agree")
    assert checkbox["type"] == "checkbox"
    assert classes(checkbox) == {"nhsuk-checkboxes__input"}
    assert checkbox["aria-describedby"] == "id_agree_helptext id_agree_error"
    assert classes(by_id(html, "id_agree_helptext")) == {"nhsuk-hint", "nhsuk-checkboxes__hint"}
    assert len(tags(html, "input")) == 1
    assert_in_html(
        '<span class="nhsuk-error-message" id="id_agree_error">'
        '<span class="nhsuk-u-visually-hidden">Error: </span>Agree to take part</span>',
        html,
    )


def test_it_gives_a_select_the_same_attributes_django_would() -> None:
    class Form(forms.Form):
        colour = forms.ChoiceField(
            choices=[("", "Choose a colour"), ("red", "Red")],
            help_text="Pick one",
            widget=forms.Select(attrs={"data-thing": "1", "class": "nhsuk-u-width-one-half"}),
        )

    for form in (Form(), Form(data={})):
        ours = tags(as_field(form, "colour"), "select")[0]
        djangos = tags(str(form["colour"]), "select")[0]
        error = {"nhsuk-select--error"} if form.is_bound else set()
        assert classes(ours) == {"nhsuk-select", "nhsuk-u-width-one-half"} | error
        ours.pop("class")
        djangos.pop("class")
        assert ours == djangos, f"bound={form.is_bound}"


class WhenForm(forms.Form):
    when = DateField()


def clean_when(day: str, month: str, year: str) -> forms.Form:
    form = WhenForm(data={"when_day": day, "when_month": month, "when_year": year})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "", ""), "Enter a date"),
        (("1", "", ""), "Date must include a month and year"),
        (("", "3", ""), "Date must include a day and year"),
        (("1", "3", ""), "Date must include a year"),
        (("x", "3", "2000"), "Enter the date as a day, month and year in numbers, like 27 3 2007"),
        (("1", "3", "99"), "Enter the year as 4 numbers, like 2007"),
        (("31", "2", "2023"), "Enter a real date"),
        (("1", "13", "2023"), "Enter a real date"),
        (("0", "1", "2023"), "Enter a real date"),
        # Digits that are not 0 to 9 (a superscript two) are not numbers.
        (("1", "²", "2023"), "Enter the date as a day, month and year in numbers, like 27 3 2007"),
        (("²", "1", "2023"), "Enter the date as a day, month and year in numbers, like 27 3 2007"),
        (("1", "1", "202²"), "Enter the date as a day, month and year in numbers, like 27 3 2007"),
    ],
)
def test_it_explains_what_is_wrong_with_a_date_in_plain_english(
    typed: tuple[str, str, str], message: str
) -> None:
    assert clean_when(*typed).errors["when"] == [message]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (("29", "2", "2024"), datetime.date(2024, 2, 29)),
        ((" 5 ", "08", "2024"), datetime.date(2024, 8, 5)),
        (("1", "Mar", "2000"), datetime.date(2000, 3, 1)),
        (("1", "september", "2000"), datetime.date(2000, 9, 1)),
    ],
)
def test_it_accepts_real_dates_including_month_names(
    typed: tuple[str, str, str], expected: datetime.date
) -> None:
    form = clean_when(*typed)

    assert form.errors == {}
    assert form.cleaned_data["when"] == expected


def test_it_allows_an_optional_date_to_be_left_empty() -> None:
    class Form(forms.Form):
        when = DateField(required=False)

    form = Form(data={"when_day": "", "when_month": "", "when_year": ""})

    assert form.is_valid()
    assert form.cleaned_data["when"] is None


@pytest.mark.parametrize(
    ("typed", "wrong"),
    [
        (("", "3", ""), {"id_when_0", "id_when_2"}),
        (("31", "2", "2023"), {"id_when_0"}),
        (("1", "13", "2023"), {"id_when_1"}),
        (("1", "3", "99"), {"id_when_2"}),
        (("", "", ""), {"id_when_0", "id_when_1", "id_when_2"}),
    ],
)
def test_it_marks_only_the_date_boxes_at_fault(
    typed: tuple[str, str, str], wrong: set[str]
) -> None:
    html = as_field(clean_when(*typed), "when")

    inputs = tags(html, "input")
    assert {a["id"] for a in inputs if "nhsuk-input--error" in classes(a)} == wrong
    assert {a["id"] for a in inputs if a.get("aria-invalid") == "true"} == wrong
    assert {a["id"] for a in inputs if "aria-invalid" in a} == wrong


def test_it_marks_every_box_for_an_error_about_the_whole_date() -> None:
    class Form(forms.Form):
        when = DateField()

        def clean_when(self) -> datetime.date:
            raise forms.ValidationError("Date must be in the past")

    form = Form(data={"when_day": "1", "when_month": "1", "when_year": "2999"})
    html = as_field(form, "when")

    marked = [a["id"] for a in tags(html, "input") if "nhsuk-input--error" in classes(a)]
    assert marked == ["id_when_0", "id_when_1", "id_when_2"]


def test_it_runs_validators_on_the_date() -> None:
    from django.core.validators import MaxValueValidator

    class Form(forms.Form):
        when = DateField(validators=[MaxValueValidator(datetime.date(2000, 1, 1))])

    form = Form(data={"when_day": "2", "when_month": "1", "when_year": "2000"})

    assert not form.is_valid()


def test_it_reports_the_first_problem_with_the_boxes_at_fault() -> None:
    problem = find_date_problem("", "3", "")

    assert problem is not None
    assert problem is not None
    assert (problem.code, problem.parts) == ("incomplete", ("day", "year"))
    assert find_date_problem("1", "1", "2000") is None


def test_it_wraps_the_form_in_a_form_tag_the_browser_will_not_validate() -> None:
    html = render("{% crispy form %}", form=ContactForm())

    form_tag = tags(html, "form")[0]
    assert form_tag["method"] == "post"
    assert "novalidate" in form_tag


def test_it_turns_crispys_own_submit_into_an_nhs_button() -> None:
    html = button(CrispySubmit("save", "Save draft", css_class="nhsuk-button--secondary"))

    attrs = tags(html, "button")[0]
    assert classes(attrs) == {"nhsuk-button", "nhsuk-button--secondary"}
    assert (attrs["type"], attrs["name"], attrs["value"]) == ("submit", "save", "Save draft")
    assert attrs["data-module"] == "nhsuk-button"


def test_it_sends_a_name_and_value_from_a_named_button() -> None:
    attrs = tags(button(Submit("Save draft", name="action", value="draft")), "button")[0]

    assert (attrs["name"], attrs["value"]) == ("action", "draft")


def test_it_groups_buttons() -> None:
    html = with_layout(
        forms.Form(),
        ButtonHolder(
            Submit("Save and continue"),
            Submit("Save draft", variant="secondary"),
            HTML('<a class="nhsuk-link" href="/">Cancel</a>'),
        ),
    )

    assert classes(tags(html, "div")[0]) == {"nhsuk-button-group"}
    assert len(tags(html, "button")) == 2


def test_it_groups_more_than_one_helper_input() -> None:
    form = ContactForm()
    form.helper = FormHelper()  # type: ignore[attr-defined]
    form.helper.add_input(Submit("Continue"))  # type: ignore[attr-defined]
    html = render("{% crispy form %}", form=form)
    assert "nhsuk-button-group" not in html

    form.helper.add_input(Submit("Save draft", variant="secondary"))  # type: ignore[attr-defined]
    html = render("{% crispy form %}", form=form)
    assert '<div class="nhsuk-button-group">' in html


def test_it_keeps_a_label_for_screen_readers_when_labels_are_hidden() -> None:
    form = ContactForm()
    form.helper = FormHelper()  # type: ignore[attr-defined]
    form.helper.form_show_labels = False  # type: ignore[attr-defined]

    html = render("{% crispy form %}", form=form)

    assert "nhsuk-u-visually-hidden" in classes(tags(html, "label")[0])


def test_it_renders_each_form_of_a_formset() -> None:
    formset = forms.formset_factory(ContactForm, extra=2)(prefix="people")

    html = render("{{ formset|crispy }}", formset=formset)

    assert by_id(html, "id_people-TOTAL_FORMS")["value"] == "2"
    assert by_id(html, "id_people-1-name")["class"] == "nhsuk-input"


class TimeForm(forms.Form):
    starts_at = TimeField(required=False, error_messages={"invalid": "Enter the time like 14:30"})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:30", datetime.time(14, 30)), ("9.05", datetime.time(9, 5)), ("", None), ([], None)],
)
def test_a_time_is_read_from_what_people_type(typed, expected) -> None:
    form = TimeForm(data={"starts_at": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == expected


@pytest.mark.parametrize("typed", ["25:00", "half past two", [""], ["14:30", "15:00"], 1430])
def test_a_time_it_cannot_read_is_a_field_error_not_an_exception(typed) -> None:
    form = TimeForm(data={"starts_at": typed})
    assert not form.is_valid()
    assert form.errors["starts_at"] == ["Enter the time like 14:30"]


def test_a_time_box_brings_up_the_number_keypad() -> None:
    html = str(TimeForm()["starts_at"])
    assert 'inputmode="numeric"' in html
