from rest_framework.routers import SimpleRouter

from disputes.api.views.clinic import ClinicShiftViewSet, ConsultationViewSet
from disputes.api.views.disputes import DisputeViewSet
from disputes.api.views.prevention import KeyPersonViewSet, RiskViewSet, ScreeningViewSet
from disputes.api.views.visits import DisputeEventViewSet, SessionViewSet, VisitViewSet

app_name = "disputes-api"

router = SimpleRouter()
router.register("disputes", DisputeViewSet, basename="dispute")
router.register("dispute-visits", VisitViewSet, basename="visit")
router.register("mediation-sessions", SessionViewSet, basename="session")
router.register("dispute-events", DisputeEventViewSet, basename="event")
router.register("clinic-shifts", ClinicShiftViewSet, basename="clinicshift")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("screenings", ScreeningViewSet, basename="screening")
router.register("risks", RiskViewSet, basename="risk")
router.register("key-people", KeyPersonViewSet, basename="keyperson")

urlpatterns = router.urls
