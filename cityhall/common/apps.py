from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "cityhall.common"
    label = "common"
