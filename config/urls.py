from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from cases.views.home import home
from departments import two_factor_views
from departments.login import LoginView
from departments.views import export_download, export_job

from .health import health

admin.site.site_header = _("firstask first-inquiry responsibility system")
admin.site.site_title = _("firstask")
admin.site.index_title = _("Back office")

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("login/two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
    path("work/", include("cases.urls")),
    path("p/", include("cases.public_urls")),
    path("open311/v2/", include("cases.open311.urls")),
    path("reports/", include("penalties.urls")),
    path("exports/<uuid:job_id>/", export_job, name="export_job"),
    path("exports/<uuid:job_id>/download/", export_download, name="export_download"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
