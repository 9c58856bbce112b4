"""No form layout compiles text as a template unless we wrote that text.

crispy-forms compiles some layout text as a Django template with the page's
context: `HTML`, the legend of its own `Fieldset`, the value of its own buttons.
Stored text put there could run template tags and read the CSP nonce. Our
`Fieldset` and `Submit` show their text as text; `HTML` stays for our own fixed
snippets, some of which need the template (`{% include %}`, `{% if %}`).

Two checks keep it so. Every form in the product is rendered while every
template compiled from a string is recorded: each must be a string constant in
our source, never text built at run time. And the source is read: nothing uses
crispy's template-compiling layout objects directly, and `HTML` only ever gets
a literal or a module constant.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from crispy_forms import layout
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.template import Context, base

from tests.security.product_forms import FORMS, constructor_arguments

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
APPS = [
    "accounts",
    "coprod",
    "core",
    "dashboard",
    "ladder",
    "nhsuk",
    "outbox",
    "principles",
    "projects",
]

# Forms whose layout is chosen by the view after it builds the form.
LAYOUTS = {"ClassifyForm": lambda form: form.layout_for(show_choice=True)}


def source_files() -> list[Path]:
    return [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]


@cache
def our_constants() -> frozenset[str]:
    """Every string literal in the product's source: text we wrote ourselves."""
    return frozenset(
        node.value
        for path in source_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


@pytest.fixture
def compiled_from_strings(monkeypatch) -> list[str]:
    """Records the source of every template compiled from a string, not a file."""
    compiled: list[str] = []
    original = base.Template.__init__

    def recording_init(self: Any, template_string: Any, origin: Any = None, *args, **kwargs):
        if origin is None:
            compiled.append(str(template_string))
        original(self, template_string, origin, *args, **kwargs)

    monkeypatch.setattr(base.Template, "__init__", recording_init)
    return compiled


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_no_form_compiles_text_we_did_not_write(world, form_name, compiled_from_strings):
    form_class = FORMS[form_name]
    form = form_class(**constructor_arguments(form_class, world))
    helper = LAYOUTS.get(form_class.__name__, lambda form: getattr(form, "helper", None))(form)
    assert helper is None or isinstance(helper, FormHelper)

    render_crispy_form(form, helper, Context({"csp_nonce": "page-nonce"}))

    assert set(compiled_from_strings) <= our_constants(), (
        "text built at run time is compiled as a template; use nhsuk.forms.Fieldset or "
        f"Submit, which show text as text: {sorted(set(compiled_from_strings) - our_constants())}"
    )


def test_the_render_check_sees_a_legend_built_from_stored_text(world, compiled_from_strings):
    # Guards the check above: crispy's own Fieldset is caught compiling stored text.
    helper = FormHelper()
    helper.layout = Layout(layout.Fieldset(f"Standard 1: {world['project'].title}"))

    render_crispy_form(forms.Form(), helper, Context())

    assert f"Standard 1: {world['project'].title}" in compiled_from_strings
    assert not set(compiled_from_strings) <= our_constants()


# Reading the source -----------------------------------------------------------------

# crispy's layout objects that compile their text as a template. Ours in nhsuk/forms.py
# subclass some of them and override that; nothing else may use them.
COMPILING = {
    "crispy_forms.layout": {"Fieldset", "BaseInput", "Submit", "Button", "Reset", "Hidden"},
    "crispy_forms.bootstrap": {"StrictButton", "FieldWithButtons"},
}
OWN_PACK = "nhsuk/forms.py"


def crispy_compiling_imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in COMPILING:
            found |= {alias.name for alias in node.names} & COMPILING[node.module]
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = {"layout": "crispy_forms.layout", "bootstrap": "crispy_forms.bootstrap"}
            if node.attr in COMPILING.get(module.get(node.value.id, ""), set()):
                found.add(f"{node.value.id}.{node.attr}")
    return found


def html_arguments_built_at_run_time(tree: ast.Module) -> list[str]:
    """`HTML(...)` calls whose text is not a literal or a module-level literal."""
    module_constants = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    crispy_html = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "crispy_forms.layout"
        and "HTML" in {alias.name for alias in node.names}
        for node in ast.walk(tree)
    )
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        by_name = crispy_html and getattr(node.func, "id", None) == "HTML"
        by_module = (
            isinstance(node.func, ast.Attribute)
            and node.func.attr == "HTML"
            and getattr(node.func.value, "id", None) == "layout"
        )
        if not (by_name or by_module):
            continue
        if node.keywords or len(node.args) != 1:
            found.append(ast.unparse(node))
            continue
        (argument,) = node.args
        literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
        constant = isinstance(argument, ast.Name) and argument.id in module_constants
        if not (literal or constant):
            found.append(ast.unparse(node))
    return found


def layout_problems(name: str, source: str) -> list[str]:
    tree = ast.parse(source)
    problems = [
        f"{name}: HTML text built at run time: {call}"
        for call in html_arguments_built_at_run_time(tree)
    ]
    if name != OWN_PACK:
        problems += [
            f"{name}: uses crispy's {what}, which compiles its text; use nhsuk.forms"
            for what in sorted(crispy_compiling_imports(tree))
        ]
    return problems


def test_layouts_use_no_crispy_object_that_compiles_stored_text():
    problems = [
        problem
        for path in source_files()
        for problem in layout_problems(
            str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")
        )
    ]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "from crispy_forms.layout import Fieldset\n",
        "from crispy_forms import layout\nlayout.Fieldset(plan.name)\n",
        "from crispy_forms.bootstrap import StrictButton\n",
        "from crispy_forms.layout import HTML\nHTML(f'<p>{standard.statement}</p>')\n",
        "from crispy_forms.layout import HTML\nHTML('<p>' + standard.statement + '</p>')\n",
        "from crispy_forms.layout import HTML\nHTML(standard.statement)\n",
        "from crispy_forms import layout\nlayout.HTML(standard.statement)\n",
    ],
)
def test_the_source_check_catches_a_layout_built_from_stored_text(source):
    # Guards the check above: each of these would put stored text into a template.
    assert layout_problems("projects/forms/example.py", source) != []


def test_the_source_check_allows_our_own_fixed_snippets():
    source = (
        "from crispy_forms.layout import HTML\n"
        'INTRO = "<p>Fixed</p>"\n'
        "HTML(INTRO)\n"
        "HTML('{% include \"a.html\" %}')\n"
    )
    assert layout_problems("projects/forms/example.py", source) == []
