from django.urls import path

from dongfeng.report.api import ReportAPIView

app_name = "report-api"

urlpatterns = [path("report/", ReportAPIView.as_view(), name="report")]
