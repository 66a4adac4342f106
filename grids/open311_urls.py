"""Open311 GeoReport v2 (filled in by grids/open311.py)."""

app_name = "open311"
urlpatterns: list = []
