"""Test data for the gis app: a city with its outline, districts and a layer."""

from __future__ import annotations

import json
from pathlib import Path

from cityhall.core.models import District, Municipality
from cityhall.core.tests.factories import DistrictFactory, MunicipalityFactory
from cityhall.gis.registry import LayerProvider, MapPoint
from cityhall.gis.services.outline import district_location_set, outline_set

BOUNDARY = Path(__file__).resolve().parents[1] / "data" / "092100-boundary.geojson"

#: Points inside the test city (Ohtawara's outline).
CITY_HALL = (36.8714, 140.0158)
KUROBANE = (36.8690, 140.1190)


def city_with_outline() -> Municipality:
    """A municipality named as Japan Post knows it, with the real outline."""
    municipality = MunicipalityFactory(
        name="大田原市",
        prefecture="栃木県",
        local_government_code="092100",
        enabled_languages=["ja", "en", "zh-hans", "ko"],
    )
    outline_set(
        municipality=municipality,
        geojson=json.loads(BOUNDARY.read_text(encoding="utf-8")),
        attribution="出典：テスト",
    )
    return municipality


def district_with_location(
    municipality: Municipality,
    *,
    code: str,
    name: str,
    at: tuple[float, float],
    place_names: list[str],
) -> District:
    district = DistrictFactory(
        municipality=municipality, code=code, name=name, name_translations={}
    )
    district_location_set(
        district=district, latitude=at[0], longitude=at[1], place_names=place_names
    )
    return district


def shelter_points() -> list[MapPoint]:
    """Three shelters: one by the city hall, one in Kurobane, one between."""
    return [
        MapPoint("s1", "本町避難所", 36.8720, 140.0160, "大田原市本町1-1"),
        MapPoint("s2", "黒羽避難所", 36.8700, 140.1180, "大田原市黒羽向町1"),
        MapPoint("s3", "金田避難所", 36.8850, 140.0560, "大田原市北金丸1"),
    ]


TEST_LAYER = LayerProvider(
    key="test-shelters", title="Test shelters", build=shelter_points
)
