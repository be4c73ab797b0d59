from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cityhall.notices"
    label = "notices"
    verbose_name = "Notices and alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Publishing side: delivery starts when a notice is published
        # (extension point, docs/notices.md); console actions register hooks.
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.notices.publishing import console, receivers  # noqa: F401
        from cityhall.notices.publishing.tasks import notices_publish_scheduled_hourly

        receivers.connect()
        periodic_task_register(notices_publish_scheduled_hourly, every="hourly")
