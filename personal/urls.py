from django.urls import path

from personal import from_email, views

app_name = "personal"

urlpatterns = [
    # /me/: the person's own page, for the session a personal link opened
    path("me/", views.my_page, name="page"),
    path("me/code/", views.code, name="code"),
    path("me/details/", views.details, name="details"),
    path("me/equality/", views.equality, name="equality"),
    path("me/pay-limit/", views.pay_limit, name="pay_limit"),
    path("me/activities/", views.activities, name="activities"),
    path("me/activities/<int:pk>/rung/", views.rung, name="rung"),
    path("me/rounds/<int:pk>/start/", views.round_start, name="round_start"),
    path("me/large-print/", views.page_pdf, name="page_pdf"),
    path("me/opportunities/<int:pk>/", views.opportunity, name="opportunity"),
    path("me/opportunities/<int:pk>/reply/", views.opportunity_reply, name="opportunity_reply"),
    path(
        "me/opportunities/<int:pk>/withdraw/",
        views.opportunity_withdraw,
        name="opportunity_withdraw",
    ),
    # /me/from-email/<token>/: a digest email's "say I'm interested" link, used once
    path("me/from-email/<str:token>/", from_email.digest_reply, name="digest_reply"),
    # /me/<token>/: a personal link, no account needed, exchanged for a session
    path("me/<str:token>/", views.open_link, name="open"),
    # /personal-links/people/<pk>/: staff email or print someone a new link
    path("personal-links/people/<int:pk>/", views.link_new, name="link_new"),
    # /personal-pages/people/<pk>/...: staff print someone's things to post to them
    path("personal-pages/people/<int:pk>/large-print/", views.page_print, name="page_print"),
    path("personal-pages/people/<int:pk>/ladder-form/", views.ladder_form, name="ladder_form"),
]
