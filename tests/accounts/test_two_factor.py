"""Two-factor authentication: signing in with a code, setting it up, turning it off.

The `admin` and `governance` personas have two-factor set up with the known
secret in tests/two_factor.py. These tests sign in through the real pages (never
`force_login`, which stands for a completed sign-in).
"""

from __future__ import annotations

import logging
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts import two_factor
from accounts.models import RecoveryCode, Role, User
from accounts.services import recovery_codes_replace
from tests.factories import UserFactory
from tests.two_factor import SECRET, code_now, set_up_two_factor

pytestmark = pytest.mark.django_db

CHALLENGE = reverse("accounts:two_factor_challenge")
SETUP = reverse("accounts:two_factor_setup")


def type_password(client: Client, user: User, password: str, next_url: str = ""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": user.email, "password": password})


def type_code(client: Client, code: str):
    return client.post(CHALLENGE, {"code": code})


def security_events(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "accounts.security"]


# Signing in with a code ------------------------------------------------------------


def test_a_right_password_alone_does_not_sign_in_someone_with_two_factor(client, admin, password):
    response = type_password(client, admin, password)
    assert response.status_code == 302
    assert response["Location"] == CHALLENGE
    assert SESSION_KEY not in client.session
    # Every other page still treats them as signed out.
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_the_code_page_asks_for_one_code_the_way_phones_fill_it_in(client, admin, password):
    type_password(client, admin, password)
    content = client.get(CHALLENGE).content.decode()
    assert content.count("<input") == 2  # the CSRF token and the code
    assert 'autocomplete="one-time-code"' in content
    assert 'inputmode="numeric"' in content
    assert "<h1>Enter your security code</h1>" in content


def test_the_right_code_signs_in_and_goes_where_they_were_going(client, admin, password):
    type_password(client, admin, password, next_url=reverse("accounts:user_list"))
    response = type_code(client, code_now())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_list")
    assert client.session[SESSION_KEY] == str(admin.pk)
    assert client.session[two_factor.VERIFIED_KEY] is True
    assert two_factor.PENDING_KEY not in client.session
    assert client.get(reverse("accounts:user_list")).status_code == 200


@pytest.mark.parametrize("offset", [-1, 1])
def test_it_accepts_the_code_from_the_step_either_side(client, admin, password, offset):
    type_password(client, admin, password)
    assert type_code(client, code_now(offset=offset))["Location"] == reverse("home")


@pytest.mark.parametrize("direction", [-1, 1])
def test_it_refuses_a_code_from_further_away(client, admin, password, direction):
    type_password(client, admin, password)
    near = {code_now(offset=step) for step in (-1, 0, 1)}
    # Two steps or more away; the first whose code is not also a near one by chance.
    far = next(
        code_now(offset=direction * steps)
        for steps in range(2, 10)
        if code_now(offset=direction * steps) not in near
    )
    response = type_code(client, far)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_it_refuses_a_code_used_once_already(client, admin, password):
    code = code_now()
    type_password(client, admin, password)
    assert type_code(client, code).status_code == 302
    other = Client()
    type_password(other, admin, password)
    response = type_code(other, code)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert SESSION_KEY not in other.session


def test_it_explains_a_wrong_code_plainly_and_logs_it(client, admin, password, caplog):
    type_password(client, admin, password)
    caplog.set_level(logging.INFO)
    response = type_code(client, "000000" if code_now() != "000000" else "111111")
    content = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in content
    assert 'href="#id_code"' in content
    assert "That code did not work" in content
    assert SESSION_KEY not in client.session
    assert f"event=two_factor_failed user_id={admin.pk}" in security_events(caplog)
    # Counted by django-axes with wrong passwords, the code itself not kept.
    attempt = AccessAttempt.objects.get(username=admin.email)
    assert attempt.failures_since_start == 1
    assert "000000" not in attempt.post_data
    assert "111111" not in attempt.post_data


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12345", "Enter the code as 6 numbers, like 123456"),
        ("abcdef", "Enter the code as 6 numbers, like 123456"),
        ("12345a", "Enter the code as 6 numbers, like 123456"),
        ("\u0661\u0662\u0663\u0664\u0665\u0666", "Enter the code as 6 numbers, like 123456"),
    ],
)
def test_it_asks_for_six_numbers(client, admin, password, typed, message):
    type_password(client, admin, password)
    assert message in type_code(client, typed).content.decode()


def test_it_accepts_a_code_typed_with_spaces(client, admin, password):
    type_password(client, admin, password)
    code = code_now()
    assert type_code(client, f" {code[:3]} {code[3:]} ")["Location"] == reverse("home")


def test_it_accepts_a_code_typed_on_a_full_width_keyboard(client, admin, password):
    type_password(client, admin, password)
    wide = "".join(chr(ord(digit) - ord("0") + 0xFF10) for digit in code_now())
    assert type_code(client, wide)["Location"] == reverse("home")


def test_five_wrong_codes_lock_the_account_and_a_new_password_does_not_reset_the_count(
    client, admin, password, caplog
):
    wrong = "000000" if code_now() != "000000" else "111111"
    type_password(client, admin, password)
    for _ in range(4):
        assert type_code(client, wrong).status_code == 200
    # Starting again with the right password does not wipe the four failures.
    type_password(client, admin, password)
    caplog.set_level(logging.INFO)
    response = type_code(client, wrong)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert f"event=sign_in_locked_out user_id={admin.pk}" in security_events(caplog)
    assert two_factor.PENDING_KEY not in client.session
    # Locked now, whatever is typed next.
    assert type_password(client, admin, password).status_code == 429
    assert SESSION_KEY not in client.session


def test_the_code_page_refuses_once_the_account_is_locked(client, admin, password):
    type_password(client, admin, password)
    for _ in range(5):
        Client().post(reverse("accounts:login"), {"username": admin.email, "password": "wrong"})
    response = type_code(client, code_now())
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_halfway_sign_in_expires(client, admin, password):
    type_password(client, admin, password)
    session = client.session
    session[two_factor.PENDING_KEY]["since"] = time.time() - two_factor.PENDING_SECONDS - 1
    session.save()
    response = type_code(client, code_now())
    assert response["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_the_code_page_without_a_password_first_sends_people_to_sign_in(client, admin):
    assert client.get(CHALLENGE)["Location"] == reverse("accounts:login")
    assert type_code(client, code_now())["Location"] == reverse("accounts:login")
    assert SESSION_KEY not in client.session


def test_a_closed_account_cannot_finish_signing_in(client, admin, password):
    type_password(client, admin, password)
    User.objects.filter(pk=admin.pk).update(is_active=False)
    type_code(client, code_now())
    assert SESSION_KEY not in client.session


# Recovery codes --------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, admin, password):
    codes = recovery_codes_replace(user=admin)
    type_password(client, admin, password)
    recovery = reverse("accounts:two_factor_recovery")
    response = client.post(recovery, {"code": codes[0].upper().replace("-", " ")})
    assert response["Location"] == reverse("home")
    assert client.session[two_factor.VERIFIED_KEY] is True
    assert "You have 9 recovery codes left" in client.get(reverse("home")).content.decode()

    other = Client()
    type_password(other, admin, password)
    response = other.post(recovery, {"code": codes[0]})
    assert "That recovery code did not work" in response.content.decode()
    assert SESSION_KEY not in other.session


def test_recovery_codes_are_kept_only_as_keyed_hashes(admin):
    codes = recovery_codes_replace(user=admin)
    assert len(codes) == len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=admin).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert code not in str(stored)
        assert two_factor.recovery_code_hash(code) in stored


def test_a_wrong_recovery_code_counts_towards_the_lockout(client, admin, password):
    type_password(client, admin, password)
    response = client.post(reverse("accounts:two_factor_recovery"), {"code": "aaaa-bbbb-cccc"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get(username=admin.email).failures_since_start == 1


# Required set-up -------------------------------------------------------------------


@pytest.fixture
def new_admin(db):
    return UserFactory(email="new.admin@example.org", role=Role.ADMIN)


def test_an_admin_without_two_factor_is_sent_to_set_it_up_and_nowhere_else(
    client, new_admin, password
):
    response = type_password(client, new_admin, password)
    assert response["Location"] == reverse("home")  # signed in, password only
    for page in ("home", "accounts:user_list", "accounts:account", "dashboard:dashboard"):
        assert client.get(reverse(page))["Location"] == SETUP, page
    assert client.post(reverse("accounts:user_invite"), {})["Location"] == SETUP
    # What they may still do: the set-up page, the public pages, signing out.
    assert client.get(SETUP).status_code == 200
    assert client.get(reverse("accessibility")).status_code == 200
    assert client.get(reverse("privacy")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert SESSION_KEY not in client.session


def test_a_governance_lead_is_held_the_same_way(client, password):
    lead = UserFactory(role=Role.GOVERNANCE)
    type_password(client, lead, password)
    assert client.get(reverse("home"))["Location"] == SETUP


@pytest.mark.parametrize("role", [Role.STAFF, Role.EXPERT])
def test_staff_and_experts_are_not_made_to_set_it_up(client, password, role):
    person = UserFactory(role=role)
    type_password(client, person, password)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(SETUP).status_code == 200  # but may, if they want to


def test_only_staff_and_above_are_offered_it_on_their_account_page(client, password):
    expert = UserFactory(role=Role.EXPERT)
    staff = UserFactory(role=Role.STAFF)
    client.force_login(expert)
    assert (
        "Set up two-factor authentication"
        not in client.get(reverse("accounts:account")).content.decode()
    )
    client.force_login(staff)
    assert (
        "Set up two-factor authentication"
        in client.get(reverse("accounts:account")).content.decode()
    )


def test_setting_it_up_shows_a_qr_code_and_the_key_written_out(client, new_admin, password):
    type_password(client, new_admin, password)
    content = client.get(SETUP).content.decode()
    secret = client.session[two_factor.SETUP_SECRET_KEY]
    assert '<svg class="app-qr-code"' in content
    assert 'role="img"' in content
    assert two_factor.grouped(secret) in content
    assert len(two_factor.grouped(secret).split()) == 8
    assert "<script" not in content.split("<main", 1)[1].split("</main>", 1)[0]
    # The same key after a mistake, so the app need not be set up twice.
    client.post(SETUP, {"code": "000000"})
    assert client.session[two_factor.SETUP_SECRET_KEY] == secret


def test_the_qr_code_is_the_key_in_the_form_apps_read():
    uri = two_factor.provisioning_uri(email="a@example.org", secret=SECRET)
    assert uri.startswith("otpauth://totp/")
    assert f"secret={SECRET}" in uri
    qr = two_factor.qr_code(uri)
    assert qr.size >= 21 + 8
    assert qr.path.startswith("M")


def test_a_wrong_code_at_set_up_says_what_to_check(client, new_admin, password):
    type_password(client, new_admin, password)
    client.get(SETUP)
    response = client.post(SETUP, {"password": password, "code": "000000"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "That code did not work" in content
    assert "nhsuk-error-summary" in content
    new_admin.refresh_from_db()
    assert not new_admin.has_two_factor


def test_setting_it_up_turns_it_on_shows_recovery_codes_once_and_ends_other_sessions(
    client, new_admin, password
):
    elsewhere = Client()
    type_password(elsewhere, new_admin, password)
    type_password(client, new_admin, password)
    client.get(SETUP)
    secret = client.session[two_factor.SETUP_SECRET_KEY]

    response = client.post(SETUP, {"password": password, "code": two_factor.code_for(secret)})

    assert response["Location"] == reverse("accounts:two_factor_recovery_codes")
    page = client.get(response["Location"]).content.decode()
    codes = [line.split("<code>")[1].split("</code>")[0] for line in page.split("<li>")[1:]]
    assert len(codes) == 10
    assert client.get(reverse("accounts:two_factor_recovery_codes")).status_code == 302
    new_admin.refresh_from_db()
    assert new_admin.has_two_factor
    assert client.get(reverse("home")).status_code == 200  # this session stays
    assert elsewhere.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("typed", ["", "not my password"])
def test_set_up_right_after_signing_in_asks_for_the_password_again(
    client, new_admin, password, typed
):
    type_password(client, new_admin, password)
    assert 'autocomplete="current-password"' in client.get(SETUP).content.decode()
    secret = client.session[two_factor.SETUP_SECRET_KEY]

    response = client.post(SETUP, {"password": typed, "code": two_factor.code_for(secret)})

    content = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in content
    message = "Enter your password" if not typed else "Your password is not right"
    assert f'href="#id_password">{message}' in content  # the summary links to the box
    assert 'id="id_password_error"' in content  # and the error sits next to it
    new_admin.refresh_from_db()
    assert not new_admin.has_two_factor
    assert new_admin.totp_last_step is None  # the code was not spent
    assert client.session[two_factor.SETUP_SECRET_KEY] == secret


def test_set_up_from_the_account_page_asks_for_the_password_again(client, staff, password):
    client.force_login(staff)
    client.get(SETUP)
    secret = client.session[two_factor.SETUP_SECRET_KEY]
    response = client.post(SETUP, {"password": "not it", "code": two_factor.code_for(secret)})
    assert "Your password is not right" in response.content.decode()
    staff.refresh_from_db()
    assert not staff.has_two_factor
    # A wrong password here counts towards the sign-in lockout, as at sign-in.
    assert AccessAttempt.objects.get(username=staff.email).failures_since_start == 1
    response = client.post(SETUP, {"password": password, "code": two_factor.code_for(secret)})
    assert response["Location"] == reverse("accounts:two_factor_recovery_codes")


def test_the_secret_is_stored_encrypted_and_kept_out_of_the_history(new_admin):
    set_up_two_factor(new_admin)
    stored = User.objects.values_list("totp_secret", flat=True).get(pk=new_admin.pk)
    assert SECRET not in stored
    assert two_factor.decrypt_secret(stored) == SECRET
    assert "totp_secret" not in {f.name for f in User.history.model._meta.fields}


def test_the_secret_still_opens_after_the_secret_key_is_rotated(settings, new_admin):
    token = two_factor.encrypt_secret(SECRET)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 50
    assert two_factor.decrypt_secret(token) == SECRET
    settings.SECRET_KEY_FALLBACKS = []
    assert two_factor.decrypt_secret(token) is None


def test_the_django_admin_never_shows_the_secret(client, admin):
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.get(reverse("admin:accounts_user_change", args=[admin.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert admin.totp_secret not in content
    assert "totp_secret" not in content


def test_django_admin_sign_in_sends_people_to_ours(client):
    response = client.get(reverse("admin:login"))
    assert response["Location"] == f"{reverse('accounts:login')}?next=/django-admin/"


def test_a_session_signed_in_some_other_way_is_ended(client, admin):
    """Someone with two-factor whose session never passed the code (signed in by
    anything other than our sign-in page) is signed out and sent to sign in."""
    client.force_login(admin)
    session = client.session
    del session[two_factor.VERIFIED_KEY]
    session.save()
    response = client.get(reverse("accounts:user_list"))
    assert response["Location"].startswith(reverse("accounts:login"))
    assert SESSION_KEY not in client.session


def test_people_without_two_factor_keep_the_session_hash_django_gives():
    """Sessions made before two-factor existed stay valid for everyone without it."""
    from django.contrib.auth.base_user import AbstractBaseUser

    user = UserFactory.build(password="x")
    assert user.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(user)
    set_up_two_factor_fields(user)
    assert user.get_session_auth_hash() != AbstractBaseUser.get_session_auth_hash(user)


def set_up_two_factor_fields(user: User) -> None:
    from django.utils import timezone

    user.totp_secret = two_factor.encrypt_secret(SECRET)
    user.totp_changed_at = timezone.now()


# Turning it off --------------------------------------------------------------------


def sign_in_fully(client: Client, user: User, password: str) -> None:
    type_password(client, user, password)
    assert type_code(client, code_now())["Location"] == reverse("home")


def test_turning_it_off_needs_the_password(client, staff, password):
    set_up_two_factor(staff)
    sign_in_fully(client, staff, password)
    url = reverse("accounts:two_factor_reset")
    response = client.post(url, {"password": "not it"})
    assert "Your password is not right" in response.content.decode()
    staff.refresh_from_db()
    assert staff.has_two_factor


def test_staff_turn_it_off_and_other_sessions_end(client, staff, password):
    set_up_two_factor(staff)
    recovery_codes_replace(user=staff)
    elsewhere = Client()
    elsewhere.force_login(staff)
    client.force_login(staff)
    response = client.post(reverse("accounts:two_factor_reset"), {"password": password})
    assert response["Location"] == reverse("accounts:account")
    staff.refresh_from_db()
    assert not staff.has_two_factor
    assert not staff.recovery_codes.exists()
    assert client.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
    # And next time, a password is enough.
    client.post(reverse("accounts:logout"))
    assert type_password(client, staff, password)["Location"] == reverse("home")


def test_an_admin_who_turns_it_off_sets_it_up_again_straight_away(client, admin, password):
    sign_in_fully(client, admin, password)
    response = client.post(reverse("accounts:two_factor_reset"), {"password": password})
    assert response["Location"] == SETUP
    assert client.get(reverse("home"))["Location"] == SETUP


def test_an_admin_turns_it_off_for_someone_who_lost_their_phone(
    client, admin, governance, password, caplog
):
    theirs = Client()
    sign_in_fully(theirs, governance, password)
    client.force_login(admin)
    url = reverse("accounts:user_two_factor_reset", args=[governance.pk])
    assert "Check by phone or in person" in client.get(url).content.decode()
    caplog.set_level(logging.INFO)

    response = client.post(url)

    assert response["Location"] == reverse("accounts:user_edit", args=[governance.pk])
    governance.refresh_from_db()
    assert not governance.has_two_factor
    latest = governance.history.first()
    assert latest.history_user == admin
    assert latest.history_change_reason == (
        f"Two-factor authentication reset by an admin (user {admin.pk})"
    )
    assert (
        f"event=two_factor_reset user_id={governance.pk} by_user_id={admin.pk}"
        in security_events(caplog)
    )
    # They are signed out, and set it up again when they next sign in.
    assert theirs.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
    type_password(theirs, governance, password)
    assert theirs.get(reverse("home"))["Location"] == SETUP


def test_the_reset_link_shows_only_for_people_who_use_it(client, admin, staff, governance):
    client.force_login(admin)
    page = client.get(reverse("accounts:user_edit", args=[governance.pk])).content.decode()
    assert "two-factor authentication</a>" in page
    page = client.get(reverse("accounts:user_edit", args=[staff.pk])).content.decode()
    assert "two-factor authentication</a>" not in page


def test_only_admins_turn_it_off_for_others_and_it_changes_nothing_otherwise(
    client, staff, governance
):
    client.force_login(staff)
    url = reverse("accounts:user_two_factor_reset", args=[governance.pk])
    assert client.post(url).status_code == 404
    governance.refresh_from_db()
    assert governance.has_two_factor
