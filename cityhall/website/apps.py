from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "cityhall.website"
    label = "website"
    verbose_name = "Website"

    def ready(self) -> None:
        from cityhall.common.search.sources import search_source_register
        from cityhall.website import search_index, search_signals, signal_handlers

        signal_handlers.connect()
        # Pages are a source of the site search (docs/adr/0003).
        search_source_register(search_index.PAGES_SOURCE)
        search_signals.connect()
