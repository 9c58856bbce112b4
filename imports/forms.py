from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.core.files.uploadedfile import UploadedFile

from imports.reading import MAX_FILE_BYTES
from nhsuk.forms import RadioSelect, Submit


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file or an Excel workbook (.xlsx), up to 20 MB, with one row of "
        "column headings like the template.",
        error_messages={
            "required": "Choose a file to upload",
            "empty": "The file is empty",
            "invalid": "Choose a file to upload",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = (
            ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(Field("file", template="imports/_file_field.html"))
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("Upload and check"))

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("The file must be a CSV file or an Excel workbook (.xlsx)")
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise forms.ValidationError("The file must be smaller than 20 MB")
        return upload


class DecisionsForm(forms.Form):
    """For each row whose person looks like someone on the register: the same
    person (their record is updated) or someone new."""

    def __init__(self, *args: Any, lookalikes: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for lookalike in lookalikes:
            choices = [
                (str(match["id"]), f"The same person as {match['name']} on the register")
                for match in lookalike["matches"]
            ]
            hints = {
                str(match["id"]): f"Their record is updated. Why: {match['why']}."
                for match in lookalike["matches"]
            }
            self.fields[f"row_{lookalike['row']}"] = forms.ChoiceField(
                label=f"Row {lookalike['row']}: {lookalike['name']}",
                choices=[*choices, ("new", "Someone new: add them to the register")],
                widget=RadioSelect(choice_hints=hints),
                error_messages={"required": f"Choose who row {lookalike['row']} is"},
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def decisions(self) -> dict[str, str]:
        return {name.removeprefix("row_"): value for name, value in self.cleaned_data.items()}
