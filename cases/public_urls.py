"""Public pages, no login: /p/<organisation code>/..."""

from django.urls import path

from .views import public

app_name = "public"

urlpatterns = [
    path("", public.organisations, name="organisations"),
    path("<slug:org>/", public.home, name="home"),
    path("<slug:org>/lookup/", public.lookup, name="lookup"),
    path("<slug:org>/rate/", public.rate, name="rate"),
    path("<slug:org>/directory/", public.directory, name="directory"),
    path("<slug:org>/on-duty/", public.on_duty, name="on_duty"),
    path("<slug:org>/complaint/", public.complaint, name="complaint"),
    path("<slug:org>/complaint/done/", public.complaint_done, name="complaint_done"),
]
