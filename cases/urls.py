"""Staff pages: intake, workspace, case page, receipt (login required)."""

from django.urls import path

from .views import attachments, case_page, intake, receipt, workspace

app_name = "cases"

urlpatterns = [
    path("", workspace.my_cases, name="my_cases"),
    path("intake/", intake.intake, name="intake"),
    path("matters.json", intake.matter_search, name="matter_search"),
    path("staff.json", intake.staff_search, name="staff_search"),
    path("intake/duplicates.json", intake.duplicates, name="intake_duplicates"),
    path("queue/", workspace.department_queue, name="queue"),
    path("cases/<int:pk>/", case_page.case_page, name="case"),
    path("cases/<int:pk>/act/<slug:action>/", case_page.case_action, name="case_action"),
    path("cases/<int:pk>/attachments/", attachments.attach, name="attach"),
    path("attachments/<str:token>/", attachments.download, name="attachment"),
    path(
        "attachments/<str:token>/withdraw/",
        attachments.withdraw,
        name="withdraw_attachment",
    ),
    path("cases/<int:pk>/receipt/", receipt.receipt, name="receipt"),
    path("cases/<int:pk>/receipt.pdf", receipt.receipt_download, name="receipt_pdf"),
]
