from django.urls import path

from opportunities import bulletin, digest_views, shortlist_views, views

app_name = "opportunities"

urlpatterns = [
    # /opportunities/
    path("", views.opportunity_list, name="opportunity_list"),
    path("new/", views.opportunity_create, name="opportunity_create"),
    path("<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    # /opportunities/<pk>/interest/: staff record it for someone
    path("<int:pk>/interest/", views.interest_record, name="interest_record"),
    # /opportunities/bulletin/: staff print open opportunities for a noticeboard
    path("bulletin/", bulletin.bulletin, name="bulletin"),
    # /opportunities/<pk>/shortlist/ and on: choosing, telling, answers, logging
    path("<int:pk>/shortlist/", shortlist_views.shortlist, name="shortlist"),
    path("<int:pk>/tell/", shortlist_views.decisions_tell, name="decisions_tell"),
    path("<int:pk>/letters/", shortlist_views.letters, name="letters"),
    path(
        "<int:pk>/interests/<int:interest_pk>/reply/",
        shortlist_views.reply_record,
        name="reply_record",
    ),
    path("<int:pk>/log-activity/", shortlist_views.activity_log, name="activity_log"),
    # /opportunities/public/: no sign-in needed
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    # /opportunities/digest/stop/<token>/: stop the weekly email, no sign-in
    path("digest/stop/<str:token>/", digest_views.stop, name="digest_stop"),
]
