from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Grids and people")

    def ready(self) -> None:
        # Registries are filled once the apps are loaded (their modules import models).
        from grids import figures, navigation
        from grids.choices import AlertKind
        from grids.notifications import register_kinds

        register_kinds(AlertKind)
        navigation.register()
        figures.register()
