"""Reports for managers: dashboard, quarterly notice, monthly red and black list."""

from django.urls import path

from .reports import dashboard, views

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("notice/<str:label>/", views.notice, name="notice"),
    path("notice/<str:label>/publish/", views.notice_publish, name="notice_publish"),
    path("red-black/<str:label>/", views.red_black, name="red_black"),
]
