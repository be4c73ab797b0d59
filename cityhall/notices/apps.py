from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cityhall.notices"
    label = "notices"
    verbose_name = "Notices and alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Publishing side: delivery starts when a notice is published
        # (extension point, docs/notices.md); console actions register hooks.
        from cityhall.notices.publishing import console, receivers  # noqa: F401

        receivers.connect()
