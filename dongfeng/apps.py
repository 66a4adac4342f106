from django.apps import AppConfig


class DongfengConfig(AppConfig):
    name = "dongfeng"
    verbose_name = "Dongfeng"

    def ready(self) -> None:
        # The menu registry is filled once the apps are loaded (their modules import models):
        # the overview's entry and the homes of community staff and officials, then the
        # work report's entry.
        from dongfeng import navigation
        from dongfeng.overview import board
        from dongfeng.report import compose
        from dongfeng.report import navigation as report_navigation

        navigation.register()
        report_navigation.register()
        # What the overview and the report share (grids.generic.figures.shared()).
        board.register()
        compose.register()
