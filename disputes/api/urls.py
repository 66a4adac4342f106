from rest_framework.routers import SimpleRouter

from disputes.api import views

app_name = "disputes-api"

router = SimpleRouter()
router.register("disputes", views.DisputeViewSet, basename="dispute")
router.register("dispute-visits", views.VisitViewSet, basename="visit")
router.register("mediation-sessions", views.SessionViewSet, basename="session")
router.register("dispute-events", views.DisputeEventViewSet, basename="event")
router.register("clinic-shifts", views.ClinicShiftViewSet, basename="clinicshift")
router.register("consultations", views.ConsultationViewSet, basename="consultation")
router.register("screenings", views.ScreeningViewSet, basename="screening")
router.register("risks", views.RiskViewSet, basename="risk")
router.register("key-people", views.KeyPersonViewSet, basename="keyperson")

urlpatterns = router.urls
