from django.urls import path

from projects.views import (
    activities,
    awards,
    nhs_services,
    payments,
    people,
    plans,
    population,
    privacy,
    projects,
    telling,
)

app_name = "projects"

urlpatterns = [
    # /projects/
    path("", projects.project_list, name="project_list"),
    path("new/", projects.project_create, name="project_create"),
    path("<int:pk>/", projects.project_detail, name="project_detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project_edit"),
    path("<int:pk>/history/", projects.project_history, name="project_history"),
    path("<int:pk>/members/", projects.member_add, name="member_add"),
    path(
        "<int:pk>/members/<int:membership_pk>/remove/",
        projects.member_remove,
        name="member_remove",
    ),
    # /projects/services/
    path("services/", nhs_services.service_list, name="service_list"),
    path("services/new/", nhs_services.service_create, name="service_create"),
    path("services/<int:pk>/", nhs_services.service_edit, name="service_edit"),
    # /projects/services/<pk>/population/
    path(
        "services/<int:pk>/population/",
        population.population_profile_edit,
        name="population_profile_edit",
    ),
    # /projects/people/
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/equality/", people.person_equality, name="person_equality"),
    # /projects/people/<pk>/copy/, erase/, audit/ (personal data, owned by privacy.py)
    path("people/<int:pk>/copy/", privacy.person_copy, name="person_copy"),
    path(
        "people/<int:pk>/copy/download/",
        privacy.person_copy_download,
        name="person_copy_download",
    ),
    path("people/<int:pk>/erase/", privacy.person_erase_view, name="person_erase"),
    path("people/<int:pk>/audit/", privacy.person_audit, name="person_audit"),
    # --- activities (owned by activities.py) ---
    # /projects/<pk>/activities/new/
    path("<int:pk>/activities/new/", activities.activity_create, name="activity_create"),
    # /projects/activities/, /projects/activities/export/
    path("activities/", activities.activity_list, name="activity_list"),
    path("activities/export/", activities.activity_export, name="activity_export"),
    # /projects/activities/<pk>/
    path("activities/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", activities.activity_delete, name="activity_delete"),
    # --- "you said, we did" letters (owned by telling.py) ---
    # /projects/letters/
    path("letters/", telling.letter_list, name="letter_list"),
    path("letters/print/", telling.letter_print, name="letter_print"),
    # /projects/letters/printed/<batch>/ (a batch's PDF, again if the printer jams)
    path("letters/printed/<str:key>/", telling.letter_batch, name="letter_batch"),
    # --- payments and involvement (owned by payments.py) ---
    # /projects/rate-cards/
    path("rate-cards/", payments.rate_card_list, name="rate_card_list"),
    path("rate-cards/new/", payments.rate_card_create, name="rate_card_create"),
    # /projects/payments/export/
    path("payments/export/", payments.payment_export, name="payment_export"),
    # /projects/payments/runs/
    path("payments/runs/", payments.payment_run_list, name="payment_run_list"),
    path("payments/runs/new/", payments.payment_run_create, name="payment_run_create"),
    path("payments/runs/<int:pk>/", payments.payment_run_detail, name="payment_run_detail"),
    path("payments/runs/<int:pk>/export/", payments.payment_run_export, name="payment_run_export"),
    path(
        "payments/runs/<int:pk>/exported/",
        payments.payment_run_mark_exported,
        name="payment_run_mark_exported",
    ),
    path("payments/runs/<int:pk>/cancel/", payments.payment_run_cancel, name="payment_run_cancel"),
    # /projects/payments/vouchers/<pk>/given/: vouchers are handed out, not in a run
    path("payments/vouchers/<int:pk>/given/", payments.vouchers_given, name="vouchers_given"),
    path(
        "payments/runs/<int:pk>/paid/",
        payments.payment_run_mark_paid,
        name="payment_run_mark_paid",
    ),
    # /projects/my-involvement/
    path("my-involvement/", payments.my_involvement, name="my_involvement"),
    # --- growth plans (owned by plans.py) ---
    # /projects/plans/
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    # /projects/plans/<pk>/standards/, priorities/, metrics/
    path("plans/<int:pk>/standards/new/", plans.standard_create, name="standard_create"),
    path("plans/standards/<int:pk>/edit/", plans.standard_edit, name="standard_edit"),
    path(
        "plans/<int:pk>/standards/from-template/",
        plans.standard_template_use,
        name="standard_template_use",
    ),
    path(
        "plans/<int:pk>/standards/save-template/",
        plans.standard_template_save,
        name="standard_template_save",
    ),
    path("plans/<int:pk>/priorities/new/", plans.priority_create, name="priority_create"),
    path("plans/priorities/<int:pk>/edit/", plans.priority_edit, name="priority_edit"),
    path("plans/<int:pk>/metrics/new/", plans.metric_create, name="metric_create"),
    path("plans/metrics/<int:pk>/edit/", plans.metric_edit, name="metric_edit"),
    path("plans/metrics/<int:pk>/values/new/", plans.reading_create, name="reading_create"),
    # /projects/<pk>/award/, /projects/award-nominations/
    path("<int:pk>/award/", awards.award_nominate, name="award_nominate"),
    path("award-nominations/", awards.nomination_list, name="nomination_list"),
]
