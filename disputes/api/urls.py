from rest_framework.routers import SimpleRouter

app_name = "disputes-api"

router = SimpleRouter()
urlpatterns = router.urls
