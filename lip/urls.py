from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from beteiligung.views.events import calendar_feed

from . import views
from .feeds import ProgressFeed
from .forms import LoginForm

admin.site.site_header = _("LIP platform – office")
admin.site.site_title = _("LIP platform")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("fortschritt/", views.progress, name="progress"),
    path("fortschritt/feed/", ProgressFeed(), name="progress-feed"),
    path("kalender.ics", calendar_feed, name="calendar"),
    path(
        "impressum/", TemplateView.as_view(template_name="lip/legal/imprint.html"), name="imprint"
    ),
    path(
        "datenschutz/",
        TemplateView.as_view(template_name="lip/legal/privacy.html"),
        name="privacy",
    ),
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="lip/legal/accessibility.html"),
        name="accessibility",
    ),
    path("konto/", views.account, name="account"),
    path(
        "konto/anmelden/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"
    ),
    path("konto/abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/passwort/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("gremien/", include("gremien.urls")),
    path("wahlen/", include("wahlen.urls")),
    path("etappen/", include("etappen.urls")),
    path("beteiligung/", include("beteiligung.urls")),
    path("admin/", admin.site.urls),
]
