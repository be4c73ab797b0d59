from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "cityhall.website"
    label = "website"
    verbose_name = "Website"

    def ready(self) -> None:
        from cityhall.website import signal_handlers

        signal_handlers.connect()
