from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids and people")

    def ready(self) -> None:
        # Registries are filled once the apps are loaded (their modules import models).
        from grids import navigation
        from grids.choices import AlertKind, CareAlertKind
        from grids.figures import care, door_knocking, volunteers
        from grids.generic.figures import register_family
        from grids.notifications import register_kinds

        register_kinds(AlertKind)
        register_kinds(CareAlertKind)
        navigation.register()
        register_family(care.CareFamily())
        register_family(door_knocking.DoorKnockingFamily())
        register_family(volunteers.VolunteersFamily())
