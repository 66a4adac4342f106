from rest_framework.routers import SimpleRouter

from patrols.api.views import GuardSlotViewSet, KeyPlaceViewSet, PatrolLogViewSet, PatrolTeamViewSet

app_name = "patrols-api"

router = SimpleRouter()
router.register("patrol-teams", PatrolTeamViewSet, basename="patrolteam")
router.register("key-places", KeyPlaceViewSet, basename="keyplace")
router.register("patrol-logs", PatrolLogViewSet, basename="patrollog")
router.register("guard-slots", GuardSlotViewSet, basename="guardslot")

urlpatterns = router.urls
