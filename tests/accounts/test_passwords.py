"""Password rules, as NCSC and OWASP advise: long, not on a list of common
passwords, not like your own name or email, and no rules about mixing characters."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.forms import NEW_PASSWORD_HINT

pytestmark = pytest.mark.django_db


def change_password(client, old: str, new: str, again: str | None = None):
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": old,
            "new_password1": new,
            "new_password2": new if again is None else again,
        },
    )


def problems(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # words and spaces
        "alllowercaseandnothingelse",  # no capital, digit or symbol needed
        "739104826351",  # all digits is fine when long and not common
        "ÉTÉ à la plage, 2026 ☀",  # any characters at all
        "x7" * 64,  # 128 characters
        "y" * 256,  # the longest allowed
    ],
)
def test_it_accepts_long_passwords_of_any_mix(password, staff):
    assert problems(password, staff) == []


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short words", "This password is too short. It must contain at least 12 characters."),
        ("qwerty123456", "This password is too common."),
        ("manchesterunited", "This password is too common."),
        ("z" * 257, "Use 256 characters or fewer."),
    ],
)
def test_it_refuses_short_common_and_huge_passwords(password, message, staff):
    assert message in problems(password, staff)


def test_it_refuses_a_password_like_the_person_s_own_email(staff):
    assert any("too similar" in text for text in problems("staff@example.org", staff))


def test_the_new_password_box_explains_the_rules_in_plain_english(client, staff):
    client.force_login(staff)
    content = client.get(reverse("accounts:password_change")).content.decode()
    assert NEW_PASSWORD_HINT in content
    assert "no rules about mixing them" in content
    # Django's own bulleted list of validator texts is not shown.
    assert "Your password must contain at least 12 characters" not in content
    assert 'autocomplete="new-password"' in content


def test_the_same_hint_shows_when_choosing_a_password_from_an_emailed_link(client, staff):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    url = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(staff.pk)),
            "token": default_token_generator.make_token(staff),
        },
    )
    content = client.get(url, follow=True).content.decode()
    assert NEW_PASSWORD_HINT in content


def test_it_explains_mismatched_and_wrong_passwords_plainly(client, staff, password):
    client.force_login(staff)
    content = change_password(
        client, password, "a long new passphrase", "a long new passphrase!"
    ).content.decode()
    assert "The two passwords are not the same" in content
    content = change_password(client, "not it", "a long new passphrase").content.decode()
    assert "Your current password is not right" in content


def test_a_password_of_128_characters_signs_in(client, staff, password):
    long_password = "a long passphrase " * 7 + "ok"
    assert len(long_password) == 128
    client.force_login(staff)
    assert change_password(client, password, long_password).status_code == 302
    client.post(reverse("accounts:logout"))
    response = client.post(
        reverse("accounts:login"), {"username": staff.email, "password": long_password}
    )
    assert response["Location"] == reverse("home")
