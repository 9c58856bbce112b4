"""Personal data held by `accounts`, `projects` and the libraries they use
(Django's admin log and sessions, django-axes' sign-in logs)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from core.privacy import ID, LINK, NOT_ABOUT_PEOPLE, Holding, register
from projects.models import Person
from projects.privacy.subject import Subject

ERASED_EMAIL_DOMAIN = "erased.invalid"
DERIVED = "a total worked out from your involvement records, which the copy shows"


def erased_person_name(subject: Subject) -> str:
    return f"Erased person {subject.person.pk}" if subject.person else "Erased person"


def erased_account_email(subject: Subject) -> str:
    # Unique (the login must be) and at a domain that can never receive mail.
    return f"erased-{subject.user.pk}@{ERASED_EMAIL_DOMAIN}"


def sessions_of(subject: Subject) -> QuerySet:
    """The account's current sessions. A session stores the account id encoded,
    so each live one is decoded; there are only as many as people signed in."""
    if subject.user is None:
        return Session.objects.none()
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get("_auth_user_id") == str(subject.user.pk)
    ]
    return Session.objects.filter(session_key__in=keys)


def admin_log_of(subject: Subject) -> QuerySet:
    """Changes made through Django's own admin to the person's or account's record."""
    wanted = []
    if subject.person is not None:
        wanted.append(
            Q(
                content_type=ContentType.objects.get_for_model(Person),
                object_id=str(subject.person.pk),
            )
        )
    if subject.user is not None:
        wanted.append(
            Q(content_type=ContentType.objects.get_for_model(User), object_id=str(subject.user.pk))
        )
    return LogEntry.objects.filter(reduce(or_, wanted)) if wanted else LogEntry.objects.none()


def sign_in_log_of(model_label: str):
    """django-axes keys its logs by the email typed at sign-in, not by account."""

    def find(subject: Subject) -> QuerySet:
        from django.apps import apps

        model = apps.get_model(model_label)
        emails = subject.emails
        if not emails:
            return model.objects.none()
        return model.objects.filter(reduce(or_, (Q(username__iexact=e) for e in emails)))

    return find


SIGN_IN_LOG_HIDDEN = {
    "id": ID,
    "username": "the email address typed, which is already in your account details",
    "http_accept": "technical details your browser sent",
    "path_info": "the address of the sign-in page",
}

register(
    Holding(
        "accounts.User",
        "Your account",
        about=("pk",),
        actor=("invited_by",),
        shown=(
            "email",
            "full_name",
            "display_name",
            "role",
            "is_active",
            "date_joined",
            "last_login",
            "invited_by__full_name",
            "is_staff",
            "is_superuser",
            "totp_changed_at",
            "two_factor_locked_until",
        ),
        labels={
            "invited_by__full_name": "invited by",
            "is_active": "account open",
            "totp_changed_at": "two-factor last set up",
            "two_factor_locked_until": "sign-in codes refused until (after too many wrong ones)",
        },
        hidden={
            "id": ID,
            "password": "kept only in a scrambled form that no one can read back",
            "totp_secret": "the key your authenticator app holds, kept encrypted; a copy "
            "would let anyone make your sign-in codes",
            "totp_last_step": "a number that stops one sign-in code being used twice",
            "two_factor_failures": "how many wrong sign-in codes were typed since the last "
            "right one, to stop guessing",
        },
        erase={
            "email": erased_account_email,
            "full_name": "Erased account",
            "display_name": "",
            "is_active": False,
            "totp_secret": "",
        },
        kept="The account stays, closed and nameless, so that records it made still add up.",
    ),
    Holding(
        "projects.Person",
        "Your details on the register",
        about=("pk", "user"),
        actor=("created_by", "consent_recorded_by"),
        shown=(
            "display_name",
            "experience",
            "contact",
            "email",
            "phone",
            "postal_address",
            "preferred_format",
            "access_needs",
            "consent_to_store",
            "consent_to_contact",
            "opportunities_digest",
            "consent_recorded_at",
            "consent_recorded_by__full_name",
            "privacy_notice_version",
            "pay_limit_pence",
            "pay_limit_period",
            "created_at",
            "created_by__full_name",
        ),
        labels={
            "consent_recorded_by__full_name": "consent recorded by",
            "created_by__full_name": "added by",
            "created_at": "added on",
        },
        hidden={"id": ID},
        erase={
            "display_name": erased_person_name,
            "email": "",
            "phone": "",
            "postal_address": "",
            "access_needs": "",
            "contact": Person.Contact.THROUGH_STAFF,
            "preferred_format": Person.Format.STANDARD,
            "consent_to_contact": False,
            "opportunities_digest": False,
            "pay_limit_pence": None,
            "pay_limit_period": "",
        },
        kept_text={"privacy_notice_version": "the version of our notice, the same for everyone"},
        kept=(
            "The register entry stays as “Erased person” with only the kind of experience "
            "(such as carer), so the number of people involved stays right."
        ),
    ),
    Holding(
        "projects.EqualityMonitoring",
        "Equality monitoring answers",
        about=("person",),
        shown=(
            "age_band",
            "sex",
            "gender_same_as_birth",
            "ethnicity",
            "disability",
            "sexual_orientation",
            "recorded_at",
        ),
        hidden={"id": ID},
        delete_on_erase=True,
        kept="Deleted. Equality totals will no longer count this person.",
    ),
    Holding(
        "projects.Involvement",
        "Taking part in activities, and payments",
        about=("person", "staff"),
        shown=(
            "activity__date",
            "activity__title",
            "activity__project__title",
            "part",
            "hours",
            "rate_card__name",
            "fee_due_pence",
            "fee_paid_pence",
            "expenses_pence",
            "payment_choice",
            "donated_to",
            "paid_on",
            "vouchers_given_on",
        ),
        labels={
            "activity__date": "date",
            "activity__title": "activity",
            "activity__project__title": "project",
            "rate_card__name": "rate card",
            "fee_due_pence": "fee due",
            "fee_paid_pence": "fee paid",
            "expenses_pence": "expenses",
        },
        hidden={"id": ID},
        erase={"donated_to": ""},
        kept="Kept: the activities, hours and amounts paid, so totals and finance records stay right.",
    ),
    Holding(
        "projects.PaymentLine",
        "Payments in payment runs",
        about=("involvement__person",),
        shown=(
            "run__paid_on",
            "involvement__activity__date",
            "involvement__activity__title",
            "to_person_pence",
            "to_charity_pence",
            "charity",
            "cost_centre",
        ),
        labels={
            "run__paid_on": "date paid",
            "involvement__activity__date": "activity date",
            "involvement__activity__title": "activity",
            "to_person_pence": "paid to you",
            "to_charity_pence": "given to a charity",
        },
        hidden={"id": ID},
        erase={"charity": ""},
        kept_text={"cost_centre": "a finance code of the service, the same for everyone in it"},
        kept="Kept: the amounts paid, so finance records stay right.",
    ),
    Holding(
        "projects.PaymentRun",
        "Payment runs you made, marked paid or cancelled",
        actor=("created_by", "paid_by", "cancelled_by"),
        actor_shown=("created_at", "paid_on", "cancelled_at"),
        other=("id", "created_at", "exported_at", "paid_on", "cancelled_at"),
    ),
    Holding(
        "projects.Telling",
        "What we told you changed because of activities",
        about=("person",),
        actor=("told_by",),
        shown=(
            "activity__date",
            "activity__title",
            "how",
            "what_changed",
            "created_at",
            "printed_at",
        ),
        labels={
            "activity__date": "date",
            "activity__title": "activity",
            "what_changed": "what we told you",
            "created_at": "told on",
            "printed_at": "letter printed on",
        },
        hidden={
            "id": ID,
            "fingerprint": "a code standing for the text, so it is told only once",
            "email_key": "the name of the email in the outbox, so it is sent only once",
        },
        delete_on_erase=True,
        kept="Deleted.",
    ),
    Holding(
        "projects.Membership",
        "Projects you belong to",
        about=("user",),
        shown=("project__title", "role", "added_at"),
        labels={"project__title": "project"},
        hidden={"id": ID},
        kept="Kept, linked to the closed account.",
    ),
    Holding(
        "projects.Service_members",
        "Services you belong to",
        about=("user",),
        shown=("service__name",),
        labels={"service__name": "service"},
        hidden={"id": ID},
    ),
    Holding(
        "projects.Plan_owners",
        "Growth plans you look after",
        about=("user",),
        shown=("plan__service__name", "plan__start_year", "plan__end_year"),
        labels={"plan__service__name": "service"},
        hidden={"id": ID},
    ),
    Holding(
        "projects.RecordView",
        "Who has looked at your record",
        about=("person",),
        actor=("user",),
        shown=("at", "user__full_name", "by_personal_link", "action"),
        labels={
            "user__full_name": "who",
            "at": "when",
            "by_personal_link": "you, by your personal link",
        },
        hidden={"id": ID},
        kept="Kept: it holds no details, only who opened the record and when.",
    ),
    # The summary tables behind the dashboard: totals worked out from the
    # involvement records, one row per person so that counts of people are exact.
    # Nothing in them is not already in those records, which the copy shows.
    Holding(
        "projects.PersonMonth",
        "Monthly totals of your taking part (for the dashboard's counts)",
        about=("person",),
        hidden={
            "id": ID,
            "scope": DERIVED,
            "month": DERIVED,
            "involvements": DERIVED,
            "hours": DERIVED,
            "fees_pence": DERIVED,
            "expenses_pence": DERIVED,
        },
        kept="Kept, as your involvement records are, so that counts of people stay true.",
    ),
    Holding(
        "projects.FirstInvolvement",
        "When you first took part (for the dashboard's counts of new people)",
        about=("person",),
        hidden={"id": ID, "scope": DERIVED, "day": DERIVED},
        kept="Kept, as your involvement records are, so that counts of new people stay true.",
    ),
    Holding(
        "projects.Erasure",
        "Erasure",
        about=("person", "account"),
        actor=("erased_by",),
        shown=("erased_at", "reason", "reference"),
        hidden={"id": ID, "scrubbed": "counts of changed records, with nothing about you"},
        kept_text={"reference": "a case reference; the erasure form refuses one holding a name"},
    ),
    # Records about the work, where an account appears as whoever did it.
    Holding(
        "projects.Activity",
        "Activities",
        actor=("created_by",),
        other=(
            "id",
            "project",
            "date",
            "kind",
            "title",
            "description",
            "duration_minutes",
            "what_changed",
            "rung",
            "rung_status",
            "faux_production",
            "created_at",
            "updated_at",
        ),
    ),
    Holding(
        "projects.Project",
        "Projects",
        actor=("created_by",),
        other=(
            "id",
            "title",
            "aim",
            "status",
            "start_date",
            "end_date",
            "target_rung",
            "priority",
            "created_at",
            "updated_at",
        ),
    ),
    Holding(
        "projects.Plan",
        "Growth plans",
        actor=("created_by", "sponsor_user"),
        hidden={
            "sponsor_name": "an executive sponsor's name, typed for a staff role; "
            "not linked to the register",
        },
        other=(
            "id",
            "service",
            "parent",
            "start_year",
            "end_year",
            "phase",
            "establish_from",
            "implement_from",
            "review_from",
            "status",
            "review_frequency",
            "next_review_due",
            "created_at",
            "updated_at",
        ),
    ),
    Holding(
        "projects.Reading",
        "Metric values",
        actor=("entered_by",),
        other=("id", "metric", "period", "value", "entered_at"),
    ),
    Holding(
        "projects.AwardNomination",
        "Award nominations you wrote",
        actor=("nominated_by",),
        actor_shown=("project__title", "statement", "created_at"),
        labels={"project__title": "project"},
        other=("id",),
    ),
    Holding(
        "projects.Service",
        "Services",
        other=("id", "name", "kind", "parent", "is_active", "cost_centre"),
    ),
    Holding(
        "projects.RateCard",
        "Rate cards",
        other=("id", "name", "starts_on", "hourly_rate_pence", "notes"),
    ),
    Holding(
        "projects.ReisScore",
        "REIS scores",
        other=("id", "activity", "domain", "rating", "findings"),
    ),
    Holding(
        "projects.Standard",
        "Standards",
        other=("id", "plan", "statement", "principle", "model_part", "order"),
    ),
    Holding(
        "projects.StandardTemplate",
        "Templates for plans' standards",
        actor=("created_by",),
        other=("id", "name", "created_at"),
    ),
    Holding(
        "projects.StandardTemplateItem",
        "Standards in templates",
        other=("id", "template", "statement", "principle", "model_part", "order"),
    ),
    Holding(
        "projects.Priority",
        "Priorities",
        other=(
            "id",
            "plan",
            "title",
            "description",
            "target_rung",
            "due_date",
            "status",
            "status_reason",
            "status_changed_at",
            "order",
        ),
    ),
    Holding(
        "projects.Metric",
        "Metrics",
        other=(
            "id",
            "plan",
            "name",
            "definition",
            "unit",
            "target",
            "direction",
            "frequency",
            "source",
            "computation",
            "order",
            "baseline_from",
            "baseline_to",
            "conflict",
            "shift_length",
            "trend_length",
        ),
    ),
    Holding(
        "projects.PopulationProfile",
        "Population profiles you entered",
        actor=("updated_by",),
        actor_shown=("service__name", "updated_at"),
        labels={"service__name": "service", "updated_at": "last changed"},
        other=("id", "basis", "people_served", "source"),
    ),
    Holding(
        "projects.PopulationFigure",
        "Population figures",
        other=("id", "profile", "question", "category", "value"),
    ),
    Holding(
        "accounts.RecoveryCode",
        "Your two-factor recovery codes",
        about=("user",),
        shown=("created_at", "used_at"),
        labels={"created_at": "made on", "used_at": "used on"},
        hidden={
            "id": ID,
            "code_hash": "kept only in a scrambled form; the codes were shown to you once",
        },
        delete_on_erase=True,
        kept="Deleted, so no code of a closed account can ever be used.",
    ),
    Holding(
        "accounts.ApiToken",
        "Your API tokens",
        about=("user",),
        shown=("name", "created_at", "expires_at", "last_used_at", "revoked_at"),
        labels={"last_used_at": "last used", "revoked_at": "revoked on"},
        hidden={
            "id": ID,
            "token_hash": "kept only in a scrambled form; the token was shown to you once",
            "hint": "the token's last few characters, to tell your tokens apart",
        },
        delete_on_erase=True,
        kept="Deleted, so no token of a closed account can ever be used.",
    ),
    Holding("projects.Project_services", "Project services", other=("id", "project", "service")),
    # Django's permission tables: the product gives rights by role, so these stay empty.
    Holding(
        "accounts.User_groups",
        "Permission groups",
        about=("user",),
        hidden={"id": ID, "group": "unused: rights come from the role"},
        delete_on_erase=True,
    ),
    Holding(
        "accounts.User_user_permissions",
        "Extra permissions",
        about=("user",),
        hidden={"id": ID, "permission": "unused: rights come from the role"},
        delete_on_erase=True,
    ),
    # Libraries.
    Holding(
        "admin.LogEntry",
        "Changes made through the technical admin pages",
        actor=("user",),
        find=admin_log_of,
        shown=("action_time", "action_flag", "object_repr", "change_message"),
        labels={"object_repr": "record", "change_message": "what changed"},
        hidden={"id": ID, "content_type": LINK, "object_id": LINK},
        erase={"object_repr": "Erased"},
        kept_text={"change_message": "the names of the fields changed, never their values"},
    ),
    Holding(
        "sessions.Session",
        "Places you are signed in",
        find=sessions_of,
        shown=("expire_date",),
        labels={"expire_date": "signed out automatically by"},
        hidden={
            "session_key": "the secret that keeps you signed in; a copy could be misused",
            "session_data": "the same secret, encoded",
        },
        delete_on_erase=True,
        kept="Signed out everywhere.",
    ),
    Holding(
        "axes.AccessLog",
        "Times you signed in",
        find=sign_in_log_of("axes.AccessLog"),
        shown=("attempt_time", "logout_time", "ip_address", "user_agent"),
        labels={"attempt_time": "signed in", "logout_time": "signed out"},
        hidden={**SIGN_IN_LOG_HIDDEN, "session_hash": "a scrambled session marker"},
        delete_on_erase=True,
    ),
    Holding(
        "axes.AccessAttempt",
        "Failed sign-in attempts",
        find=sign_in_log_of("axes.AccessAttempt"),
        shown=("attempt_time", "ip_address", "user_agent", "failures_since_start"),
        hidden={
            **SIGN_IN_LOG_HIDDEN,
            "get_data": "technical details of the request",
            "post_data": "what the sign-in form sent, with the password removed",
        },
        delete_on_erase=True,
    ),
    Holding(
        "axes.AccessFailureLog",
        "Failed sign-ins",
        find=sign_in_log_of("axes.AccessFailureLog"),
        shown=("attempt_time", "ip_address", "user_agent", "locked_out"),
        hidden=SIGN_IN_LOG_HIDDEN,
        delete_on_erase=True,
    ),
)

__all__ = ["ERASED_EMAIL_DOMAIN", "NOT_ABOUT_PEOPLE"]
