"""The public opt-out page: /p/<organisation code>/sms/stop/."""

from django.urls import path

from . import views

app_name = "sms_public"

urlpatterns = [
    path("<slug:org>/sms/stop/", views.public_opt_out, name="opt_out"),
]
