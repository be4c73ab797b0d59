from django.apps import AppConfig


class GisConfig(AppConfig):
    name = "cityhall.gis"
    label = "gis"
    verbose_name = "Maps"
    default_auto_field = "django.db.models.BigAutoField"
