from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from . import bench, password_reset, views

admin.site.site_header = _("LIP platform – office")
admin.site.site_title = _("LIP platform")
admin.site.index_title = _("Administration")

# Pages a person reads, in every interface language: German under the paths as they always were,
# English under /en/ (docs/sprachen.md). The back office, attached files, machine interfaces and
# the benchmark stay outside below: one address each, in German.
urlpatterns = i18n_patterns(
    # Start page, /fortschritt/, its feed, /kalender.ics and /konto/: the pages that read every
    # app live in the app on top of them, so that the kernel imports none.
    path("", include("fortschritt.urls")),
    path("suche/", include("fortschritt.search.urls")),
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
    path("konto/anmelden/", views.LoginView.as_view(), name="login"),
    path("konto/zwei-faktor/", views.two_factor_setup, name="two-factor-setup"),
    path("konto/zwei-faktor/pruefen/", views.two_factor_verify, name="two-factor-verify"),
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
    path(
        "konto/passwort-vergessen/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "konto/passwort-vergessen/gesendet/",
        password_reset.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "konto/passwort-neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "konto/passwort-neu/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("gremien/", include("gremien.urls")),
    path("wahlen/", include("wahlen.urls")),
    path("etappen/", include("etappen.urls")),
    path("beteiligung/", include("beteiligung.urls")),
    path("umsetzung/", include("umsetzung.urls")),
    # /benachrichtigungen/abbestellen/<token>/ and /konto/benachrichtigungen/
    path("", include("lip.notifications.urls")),
    prefix_default_language=False,
)
urlpatterns += [
    path("admin/", admin.site.urls),
    # The OParl 1.1 interface (oparl/, docs/oparl.md): JSON, one address, no language prefix.
    path("oparl/v1.1/", include("oparl.urls")),
    # /anhang/<uuid>/: attached files, served to whom may see their record (lip/attachments)
    path("", include("lip.attachments.urls")),
    path("_bench/bare/", bench.bare_page, name="bench-bare"),  # 404 unless BENCHMARK_BARE_PAGE
]
