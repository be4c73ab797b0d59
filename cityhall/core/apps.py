from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityhall.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Permission changes made in Wagtail's user/group editors are audited
        # by model-level receivers (see signal_handlers for why).
        from cityhall.core import signal_handlers

        signal_handlers.connect()
