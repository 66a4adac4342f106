from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("Dispute mediation")

    def ready(self) -> None:
        # Registries are filled once the apps are loaded (their modules import models).
        from disputes import figures, navigation
        from disputes.choices import DisputeAlertKind
        from grids.notifications import register_kinds

        register_kinds(DisputeAlertKind)
        navigation.register()
        figures.register()
