from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.http import HttpRequest

from accounts import two_factor
from accounts.models import Role, User
from nhsuk.forms import RadioSelect, Submit


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = submit_helper("Sign in")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        return username.strip().lower()


# Current NCSC and OWASP advice in one sentence people can act on: long, no rules
# about character mixes (see AUTH_PASSWORD_VALIDATORS for the checks themselves).
NEW_PASSWORD_HINT = (
    "Use at least 12 characters. Three or four random words you will remember work well. "
    "You can use spaces, and any letters, numbers or symbols: there are no rules about "
    "mixing them. Long is good, up to 256 characters."
)


def new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    """The two new-password boxes, with our hint in place of Django's list of rules."""

    def box(label: str, **kwargs: Any) -> forms.CharField:
        return forms.CharField(
            label=label,
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            **kwargs,
        )

    return (
        box(
            "New password",
            help_text=NEW_PASSWORD_HINT,
            error_messages={"required": "Enter a new password"},
        ),
        box(
            "Type the new password again",
            error_messages={"required": "Type the new password again"},
        ),
    )


PASSWORD_MISMATCH = "The two passwords are not the same. Type the new password again."


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    new_password1, new_password2 = new_password_fields()
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_mismatch": PASSWORD_MISMATCH,
        "password_incorrect": "Your current password is not right. Check for typing mistakes.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Change password")


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.helper = submit_helper("Send me a link")


class SetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    new_password1, new_password2 = new_password_fields()
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": PASSWORD_MISMATCH,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Save password")


ROLE_HINTS = {
    Role.ADMIN: "Manages services, people, growth plans and settings.",
    Role.GOVERNANCE: "Sees everything across the organisation and reviews plans. Cannot edit.",
    Role.STAFF: "Logs projects and activities for their services.",
    Role.EXPERT: "Takes part in projects, can co-lead them, and rates how they went.",
    Role.FINANCE: "Pays people: payment runs and their export. Sees nothing else.",
}


class UserInviteForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ["full_name", "display_name", "email", "role"]
        widgets = {"role": RadioSelect(choice_hints=ROLE_HINTS)}
        help_texts = {"email": "We will send an invitation to this address."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = "Enter the person's full name"
        self.fields["email"].error_messages["required"] = "Enter an email address"
        self.fields["role"].error_messages["required"] = "Choose a role"
        self.fields["role"].help_text = "This decides what they can see and do."
        self.helper = submit_helper("Send invitation")

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        email = email.strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Someone already has an account with this email address")
        return email


class UserEditForm(UserInviteForm):
    class Meta(UserInviteForm.Meta):
        help_texts = {"email": "They sign in with this address."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
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


# Two-factor authentication.


class CodeForm(forms.Form):
    """The 6-digit code from an authenticator app: one box, digits on a phone's keypad."""

    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code your authenticator app shows now, for example 123456.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "nhsuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args: Any, submit: str = "Continue", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(submit)

    def clean_code(self) -> str:
        code = two_factor.normalise_code(self.cleaned_data["code"])
        if not code.isascii() or not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Enter the code as 6 numbers, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you saved when you set up two-factor authentication, "
        "for example abcd-efgh-jkmn. Each works once.",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Sign in")

    def clean_code(self) -> str:
        code = two_factor.normalise_recovery_code(self.cleaned_data["code"])
        if len(code) != two_factor.RECOVERY_CODE_LENGTH:
            raise forms.ValidationError(
                "Enter the recovery code as 12 letters and numbers, like abcd-efgh-jkmn"
            )
        return code


def current_password_field() -> forms.CharField:
    return forms.CharField(
        label="Your password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def check_current_password(request: HttpRequest, user: User, password: str) -> str:
    # Through authenticate(), so wrong passwords here count towards the lockout.
    if authenticate(request, username=user.email, password=password) is None:
        raise forms.ValidationError("Your password is not right. Check for typing mistakes.")
    return password


class PasswordConfirmForm(forms.Form):
    """Asks again for the password before a change that weakens the account."""

    password = current_password_field()

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.helper = submit_helper("Turn off two-factor authentication")

    def clean_password(self) -> str:
        return check_current_password(self.request, self.user, self.cleaned_data["password"])


class TwoFactorSetupForm(CodeForm):
    """The password again, then the first code from the app.

    Someone who finds a signed-in session left open must not be able to tie the
    account to their own phone (and get its recovery codes) without the password.
    Asked every time, also straight after signing in: the password typed at sign-in
    is not kept anywhere we could check it against.
    """

    password = current_password_field()
    field_order = ["password", "code"]

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, submit="Turn on", **kwargs)
        self.user = user
        self.request = request

    def clean_password(self) -> str:
        return check_current_password(self.request, self.user, self.cleaned_data["password"])


# Personal API tokens.

TOKEN_LIFETIMES = [("30", "30 days"), ("90", "90 days"), ("180", "6 months"), ("365", "1 year")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the token is for, so you can tell your tokens apart. "
        "For example, Board report in Power BI.",
        max_length=80,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 80 characters or fewer",
        },
    )
    days = forms.TypedChoiceField(
        label="How long should it work?",
        help_text="After this it stops working and you make a new one.",
        choices=TOKEN_LIFETIMES,
        coerce=int,
        widget=RadioSelect,
        error_messages={
            "required": "Choose how long the token should work",
            "invalid_choice": "Choose how long the token should work",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = submit_helper("Create token")

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name
