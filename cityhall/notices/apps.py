from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cityhall.notices"
    label = "notices"
    verbose_name = "Notices and alerts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.core.residents import extensions
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.notices import tasks
        from cityhall.notices.account_sections import subscription_section
        from cityhall.notices.services.subscriptions import (
            resident_subscription_erase,
        )

        extensions.resident_data_eraser_register("notices", resident_subscription_erase)
        extensions.account_section_register("notices", subscription_section)
        periodic_task_register(tasks.notices_delivery_resume_hourly, every="hourly")
        periodic_task_register(tasks.notices_bounces_read_hourly, every="hourly")
        periodic_task_register(tasks.subscriptions_purge_daily, every="daily")

        # Publishing side: delivery starts when a notice is published
        # (extension point, docs/notices.md); console actions register hooks.
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.notices.publishing import console, receivers  # noqa: F401
        from cityhall.notices.publishing.tasks import notices_publish_scheduled_hourly

        receivers.connect()
        periodic_task_register(notices_publish_scheduled_hourly, every="hourly")
