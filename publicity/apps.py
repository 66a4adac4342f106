from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self) -> None:
        # The menu registry is filled once the apps are loaded (navigation imports models).
        from publicity import figures, navigation

        navigation.register()
        figures.register()
