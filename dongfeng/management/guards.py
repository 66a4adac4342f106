"""Guards for management commands that only belong on a demo or development machine."""

from django.conf import settings
from django.core.management.base import CommandError


def refuse_in_production() -> None:
    """The demo data (with its shared password) never lands in a production database."""
    if settings.PRODUCTION:
        raise CommandError(
            "This command builds demo data with a shared password and refuses to run with "
            "DJANGO_PRODUCTION on."
        )
