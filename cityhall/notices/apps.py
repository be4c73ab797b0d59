from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cityhall.notices"
    label = "notices"
    verbose_name = "Notices and alerts"
    default_auto_field = "django.db.models.BigAutoField"
