from django.apps import AppConfig


class EformsConfig(AppConfig):
    name = "cityhall.eforms"
    label = "eforms"
    verbose_name = "Electronic applications"
    default_auto_field = "django.db.models.BigAutoField"
