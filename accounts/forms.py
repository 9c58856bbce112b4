from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import forms as auth_forms

from accounts.models import Role, User
from coprod.forms import RadioSelect, Submit


def submit_helper(label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(label))
    return helper


class LoginForm(auth_forms.AuthenticationForm):
    username = auth_forms.UsernameField(
        label="Email address",
        # Declared here so it is checked: Django's form only sets the widget's maxlength,
        # and a longer name reached the lockout log's 255-character column (a 500).
        max_length=254,
        error_messages={"max_length": "Email address must be 254 characters or fewer"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": ("Enter a correct email address and password. Check for typing mistakes."),
        "inactive": "This account has been closed. Ask your admin if you need it again.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = submit_helper("Sign in")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Change password")


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.helper = submit_helper("Send me a link")


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save password")


ROLE_HINTS = {
    Role.ADMIN: "Manages services, people, growth plans and settings.",
    Role.GOVERNANCE: "Sees everything across the organisation and reviews plans. Cannot edit.",
    Role.STAFF: "Logs projects and activities for their services.",
    Role.EXPERT: "Takes part in projects, can co-lead them, and rates how they went.",
}


class UserInviteForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "display_name", "email", "role"]
        widgets = {"role": RadioSelect(choice_hints=ROLE_HINTS)}
        help_texts = {"email": "We will send an invitation to this address."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = "Enter the person's full name"
        self.fields["email"].error_messages["required"] = "Enter an email address"
        self.fields["role"].error_messages["required"] = "Choose a role"
        self.fields["role"].help_text = "This decides what they can see and do."
        self.helper = submit_helper("Send invitation")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class UserEditForm(UserInviteForm):
    class Meta(UserInviteForm.Meta):
        help_texts = {"email": "They sign in with this address."}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save changes")


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Name or email", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Role.choices]
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Active and closed"), ("active", "Active"), ("closed", "Closed")],
    )
