from rest_framework.routers import DefaultRouter

from grids.api import views

app_name = "api"

router = DefaultRouter()
router.register("areas", views.AreaViewSet, basename="area")
router.register("people", views.PersonViewSet, basename="person")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("teams", views.ServiceTeamViewSet, basename="serviceteam")
router.register("service-points", views.ServicePointViewSet, basename="servicepoint")

router.register("request-categories", views.RequestCategoryViewSet, basename="requestcategory")
router.register("requests", views.ServiceRequestViewSet, basename="request")
router.register("request-events", views.RequestEventViewSet, basename="requestevent")
router.register("matters", views.MatterViewSet, basename="matter")
router.register("alerts", views.AlertViewSet, basename="alert")
router.register("care-files", views.CareFileViewSet, basename="carefile")
router.register("care-visits", views.CareVisitViewSet, basename="carevisit")
router.register("door-knocking-rounds", views.DoorKnockRoundViewSet, basename="doorknockround")
router.register(
    "self-governance-teams", views.SelfGovernanceTeamViewSet, basename="selfgovernanceteam"
)
router.register("volunteer-hours", views.VolunteerHoursViewSet, basename="volunteerhours")

urlpatterns = router.urls
