from django.urls import path

from dongfeng.overview.api import FiguresView
from dongfeng.overview.views import OverviewView

urlpatterns = [
    path("overview/", OverviewView.as_view(), name="overview"),
    path("api/v1/figures/", FiguresView.as_view(), name="api-figures"),
]
