"""/open311/v2/: every resource as ``.json`` and ``.xml``, and the OpenAPI description."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views
from .renderers import GeoReportJSONRenderer, GeoReportXMLRenderer

app_name = "open311"

FORMATS = {"json": GeoReportJSONRenderer, "xml": GeoReportXMLRenderer}


def _in_format(view, fmt):
    """The view answering in ``fmt`` only (its own class, so the OpenAPI lists both)."""
    name = f"{view.__name__}{fmt.upper()}"
    return type(name, (view,), {"renderer_classes": [FORMATS[fmt]]}).as_view()


def _both(route, view, name):
    return [path(f"{route}.{fmt}", _in_format(view, fmt), name=f"{name}-{fmt}") for fmt in FORMATS]


urlpatterns = [
    *_both("services", views.ServiceList, "services"),
    *_both("services/<str:service_code>", views.ServiceDefinition, "service"),
    *_both("requests", views.ServiceRequests, "requests"),
    *_both("requests/<str:service_request_id>", views.ServiceRequest, "request"),
    *_both("tokens/<str:token>", views.Token, "token"),
    path("media/<str:token>", views.MediaFile.as_view(), name="media"),
    path("openapi.yaml", SpectacularAPIView.as_view(), name="openapi"),
    re_path(r"^.*$", views.unknown_resource),
]
