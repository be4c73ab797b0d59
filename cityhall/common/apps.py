from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "cityhall.common"
    label = "common"

    def ready(self) -> None:
        # The site search index follows Wagtail's page signals (docs/adr/0003).
        from cityhall.common.search import signals

        signals.connect()
