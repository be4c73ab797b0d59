"""Spatial data the map needs about the municipality itself.

The outline and the districts' representative points are data of the
municipality (loaded by its demo or by staff), never constants in code: another
installation loads its own outline and points.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityhall.common.models import TimeStampedModel


class MunicipalityOutline(TimeStampedModel):
    """The municipality's boundary (行政区域) as an RFC 7946 geometry.

    It is both the offline basemap of ``/map/`` and the area every layer's
    coordinates must fall inside (:mod:`cityhall.gis.services.registration`).
    """

    municipality = models.OneToOneField(
        "core.Municipality", on_delete=models.CASCADE, related_name="gis_outline"
    )
    #: A GeoJSON Polygon or MultiPolygon geometry (lon/lat, WGS 84).
    geometry = models.JSONField(_("geometry"))
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        help_text=_("Source credit shown with the map, as the data licence asks."),
    )

    class Meta:
        verbose_name = _("municipality outline")
        verbose_name_plural = _("municipality outlines")
        ordering = ["municipality"]

    def __str__(self) -> str:
        return str(self.municipality)


class DistrictLocation(TimeStampedModel):
    """A district's representative point and the place names (町域) inside it.

    "Nearest shelters to my district" measures from this point; an address or a
    postal code is matched to a district through ``place_names``.
    """

    district = models.OneToOneField(
        "core.District", on_delete=models.CASCADE, related_name="gis_location"
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    place_names = models.JSONField(
        _("place names"),
        default=list,
        blank=True,
        help_text=_("Town-area names (町域) in this district, e.g. 黒羽向町."),
    )

    class Meta:
        verbose_name = _("district location")
        verbose_name_plural = _("district locations")
        ordering = ["district"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="district_location_coordinates_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.district)
