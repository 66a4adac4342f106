from django.apps import AppConfig


class DongfengConfig(AppConfig):
    name = "dongfeng"
    verbose_name = "Dongfeng"

    def ready(self) -> None:
        # The overview's menu entry and the homes of community staff and officials.
        from dongfeng import navigation

        navigation.register()
        # The menu registry is filled once the apps are loaded (the forms import models).
        from dongfeng.report import navigation as report_navigation

        report_navigation.register()
