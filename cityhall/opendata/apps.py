from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cityhall.opendata"
    label = "opendata"
    verbose_name = "Open data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from cityhall.common.search.sources import search_source_register
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.opendata.generators import dataset_generator_register
        from cityhall.opendata.models import Dataset
        from cityhall.opendata.platform_datasets import DEPARTMENTS, EVENT_NOTICES
        from cityhall.opendata.search_index import DATASETS_SOURCE, dataset_deleted
        from cityhall.opendata.tasks import generated_datasets_refresh_hourly

        dataset_generator_register(DEPARTMENTS)
        dataset_generator_register(EVENT_NOTICES)
        periodic_task_register(generated_datasets_refresh_hourly, every="hourly")
        # Published datasets are found by the site search (docs/adr/0003); the
        # services keep their entries current, the receiver drops those of a
        # deleted dataset (derived data, like a cache).
        search_source_register(DATASETS_SOURCE)
        post_delete.connect(
            dataset_deleted, sender=Dataset, dispatch_uid="opendata-search-delete"
        )
