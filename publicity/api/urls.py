from rest_framework.routers import SimpleRouter

from publicity.api.views import ActivityViewSet, CampaignViewSet, CaseViewSet, TopicViewSet

app_name = "publicity-api"

router = SimpleRouter()
router.register("topics", TopicViewSet, basename="topic")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("activities", ActivityViewSet, basename="activity")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = router.urls
