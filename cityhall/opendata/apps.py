from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cityhall.opendata"
    label = "opendata"
    verbose_name = "Open data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.core.services.schedule import periodic_task_register
        from cityhall.opendata.generators import dataset_generator_register
        from cityhall.opendata.platform_datasets import DEPARTMENTS
        from cityhall.opendata.tasks import generated_datasets_refresh_hourly

        dataset_generator_register(DEPARTMENTS)
        periodic_task_register(generated_datasets_refresh_hourly, every="hourly")
