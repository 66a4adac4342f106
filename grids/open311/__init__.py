"""Open311 GeoReport v2 server (/open311/v2/)."""
