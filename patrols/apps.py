from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "patrols"
    verbose_name = _("Patrols")

    def ready(self) -> None:
        # Registries are filled once the apps are loaded (their modules import models).
        from grids.notifications import register_kinds
        from patrols import figures, navigation
        from patrols.choices import PatrolAlertKind

        register_kinds(PatrolAlertKind)
        navigation.register()
        figures.register()
