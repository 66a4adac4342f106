from rest_framework.routers import SimpleRouter

from patrols.api.views import (
    GuardSlotViewSet,
    KeyPlaceViewSet,
    PatrolLogViewSet,
    PatrolTeamViewSet,
    SchoolTermViewSet,
    SchoolViewSet,
)

app_name = "patrols-api"

router = SimpleRouter()
router.register("patrol-teams", PatrolTeamViewSet, basename="patrolteam")
router.register("key-places", KeyPlaceViewSet, basename="keyplace")
router.register("patrol-logs", PatrolLogViewSet, basename="patrollog")
router.register("guard-slots", GuardSlotViewSet, basename="guardslot")
router.register("schools", SchoolViewSet, basename="school")
router.register("school-terms", SchoolTermViewSet, basename="schoolterm")

urlpatterns = router.urls
