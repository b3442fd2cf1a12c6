"""Top-level URLs: the admin (officers, clerks, administrators), sign-in, and the pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from childrens_services import signin, views

admin.site.site_header = "Children's services"
admin.site.site_title = "Children's services admin"
admin.site.index_title = "Records you can edit"

urlpatterns = [
    path("", include("governance.site_urls")),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password reset by e-mail: Django's views (see childrens_services.signin).
    path(
        "accounts/password-reset/",
        signin.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/keep-alive/", views.keep_alive, name="keep_alive"),
    path("mandates/", include("mandates.urls")),
    path("savings/", include("savings.urls")),
    path("admin/", admin.site.urls),
    path("commissioning/", include("commissioning.urls")),
    path("api/v1/", include(("childrens_services.api.urls", "api"), namespace="api")),
    path("reports/", include("governance.urls")),
    path("benchmarks/", include("benchmarks.urls")),
    path("scrutiny/", include("scrutiny.urls")),
    path("decisions/", include("decisions.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("alerts/", include("alerts.urls")),
]
