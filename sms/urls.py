"""The provider's callbacks: /sms/aliyun/<token>/reports/ and /sms/aliyun/<token>/replies/."""

from django.urls import path

from . import views

app_name = "sms"

urlpatterns = [
    path("aliyun/<str:token>/reports/", views.provider_reports, name="reports"),
    path("aliyun/<str:token>/replies/", views.provider_replies, name="replies"),
]
