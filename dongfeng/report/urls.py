from django.urls import path

from dongfeng.report.views import ReportExportView, ReportView

app_name = "report"

urlpatterns = [
    path("", ReportView.as_view(), name="report"),
    path("export/", ReportExportView.as_view(), name="export"),
]
