from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    # /account/sign-in/, /account/sign-out/
    path("sign-in/", views.login, name="login"),
    path("sign-out/", views.logout, name="logout"),
    # /account/two-factor/...: the second step of signing in, and setting it up
    path("two-factor/", views.two_factor_challenge, name="two_factor_challenge"),
    path("two-factor/recovery/", views.two_factor_recovery, name="two_factor_recovery"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/turn-off/", views.two_factor_reset, name="two_factor_reset"),
    # /account/
    path("", views.account, name="account"),
    path("session/extend/", views.session_extend, name="session_extend"),
    # /account/api-tokens/...: personal tokens for the read API
    path("api-tokens/new/", views.api_token_create, name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    # /account/password/...
    path("password/", views.password_change, name="password_change"),
    path("password/changed/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    # /account/people/...
    path("people/", views.user_list, name="user_list"),
    path("people/invite/", views.user_invite, name="user_invite"),
    path("people/<int:pk>/", views.user_edit, name="user_edit"),
    path("people/<int:pk>/close/", views.user_deactivate, name="user_deactivate"),
    path("people/<int:pk>/reopen/", views.user_reactivate, name="user_reactivate"),
    path(
        "people/<int:pk>/two-factor/reset/",
        views.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
    path(
        "people/<int:pk>/two-factor/unlock/",
        views.user_two_factor_unlock,
        name="user_two_factor_unlock",
    ),
]
