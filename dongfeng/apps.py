from django.apps import AppConfig


class DongfengConfig(AppConfig):
    name = "dongfeng"
    verbose_name = "Dongfeng"
