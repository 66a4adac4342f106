from django.apps import AppConfig


class DongfengConfig(AppConfig):
    name = "dongfeng"
    verbose_name = "Dongfeng"

    def ready(self) -> None:
        # The overview's menu entry and the homes of community staff and officials.
        from dongfeng import navigation

        navigation.register()
