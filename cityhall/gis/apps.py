"""Map layers, GeoJSON and spatial look-ups."""

from django.apps import AppConfig


class GisConfig(AppConfig):
    name = "cityhall.gis"
    label = "gis"
    verbose_name = "Maps"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from cityhall.gis.layers import opendata_layers_register
        from cityhall.gis.services.registration import opendata_import_check
        from cityhall.opendata.import_checks import import_check_register

        # Layers from the catalogue's standard datasets with coordinates.
        opendata_layers_register()
        # Every tabular upload with coordinates passes the registration rules.
        import_check_register("gis-registration-rules", opendata_import_check)
