"""The gis services and selectors: outline, registration rules, distances."""

from __future__ import annotations

import pytest

from cityhall.gis.errors import GisError
from cityhall.gis.geometry import distance_m
from cityhall.gis.selectors import (
    Place,
    place_for_address,
    place_for_district,
    place_for_postal_code,
    points_nearest,
)
from cityhall.gis.services.outline import district_location_set, outline_set
from cityhall.gis.services.registration import (
    LayerColumns,
    layer_rows_check,
    opendata_import_check,
)
from cityhall.gis.tests.factories import shelter_points

COLUMNS = LayerColumns(
    latitude="緯度", longitude="経度", name="名称", identifier="ID", required=("名称",)
)


def _row(name="本町避難所", lat="36.8720", lon="140.0160", ident="1"):
    return {"ID": ident, "名称": name, "緯度": lat, "経度": lon}


def test_rows_inside_the_city_pass(city):
    """Rows with a name and coordinates inside the outline have no problem."""
    rows = [
        (2, _row()),
        (3, _row(name="黒羽避難所", lat="３６．８７", lon="140.118", ident="2")),
    ]
    assert layer_rows_check(municipality=city, rows=rows, columns=COLUMNS) == []


def test_point_outside_the_city_is_named_with_row_and_column(city):
    """A point in Utsunomiya (outside) is reported for its row and column."""
    rows = [(2, _row()), (3, _row(lat="36.5551", lon="139.8828", ident="2"))]
    problems = layer_rows_check(municipality=city, rows=rows, columns=COLUMNS)
    assert [(p.row, p.column, p.code) for p in problems] == [
        (3, "緯度", "outside_municipality")
    ]


def test_points_just_outside_the_simplified_outline_are_tolerated(city):
    """The outline is generalised: 200 m outside its line (髙林, a real place of
    the city) passes; 2 km outside does not."""
    near = [(2, _row(lat="36.90240", lon="140.01300"))]
    assert layer_rows_check(municipality=city, rows=near, columns=COLUMNS) == []
    far = [(2, _row(lat="36.9200", lon="140.0130"))]
    problems = layer_rows_check(municipality=city, rows=far, columns=COLUMNS)
    assert [p.code for p in problems] == ["outside_municipality"]


def test_swapped_coordinates_are_rejected(city):
    """Latitude and longitude swapped is out of range, not silently accepted."""
    problems = layer_rows_check(
        municipality=city,
        rows=[(2, _row(lat="140.016", lon="36.872"))],
        columns=COLUMNS,
    )
    assert [(p.column, p.code) for p in problems] == [
        ("緯度", "coordinate_out_of_range")
    ]


def test_required_and_unreadable_cells(city):
    """An empty required name and a non-number coordinate are both reported."""
    problems = layer_rows_check(
        municipality=city, rows=[(5, _row(name=" ", lon="東経140度"))], columns=COLUMNS
    )
    assert {(p.row, p.column, p.code) for p in problems} == {
        (5, "名称", "required"),
        (5, "経度", "coordinate_invalid"),
    }


def test_empty_coordinates_pass_only_where_the_location_is_optional(city):
    """A row without coordinates is refused in a table of places, and accepted
    in one whose schema marks the location optional (an event without a
    venue); there a half-filled pair and a point outside are still refused."""
    rows = [(2, _row(lat="", lon=""))]
    problems = layer_rows_check(municipality=city, rows=rows, columns=COLUMNS)
    assert {p.code for p in problems} == {"coordinate_invalid"}
    optional = LayerColumns(
        latitude="緯度", longitude="経度", name="名称", location_optional=True
    )
    rows = [
        (2, _row(lat="", lon="")),
        (3, _row(lat="36.8720", lon="", ident="2")),
        (4, _row(lat="36.5551", lon="139.8828", ident="3")),
    ]
    problems = layer_rows_check(municipality=city, rows=rows, columns=optional)
    assert [(p.row, p.column, p.code) for p in problems] == [
        (3, "経度", "coordinate_invalid"),
        (4, "緯度", "outside_municipality"),
    ]


def test_import_check_reads_the_optional_location_from_the_schema(city):
    """The open-data check lets the events table (x-location-optional on its
    coordinate fields) leave coordinates empty, and not the shelters table."""
    from cityhall.opendata.table_schemas import table_schema_get

    row = {name: "" for name in table_schema_get("events").field_names}
    row.update({"ID": "1", "イベント名": "まつり"})
    events = opendata_import_check(
        fields=table_schema_get("events").fields, rows=[(2, row)]
    )
    assert events == []
    shelters = opendata_import_check(
        fields=table_schema_get("evacuation-sites").fields,
        rows=[(2, {"ID": "1", "名称": "本町避難所", "緯度": "", "経度": ""})],
    )
    assert {p.code for p in shelters} == {"gis-coordinate-invalid"}


def test_duplicates_by_identifier_and_by_name_and_place(city):
    """The same ID twice, and the same name a few metres away, are duplicates;
    the same name far away is not."""
    rows = [
        (2, _row(ident="1")),
        (3, _row(ident="1", name="別の避難所", lat="36.8650")),
        (4, _row(ident="3", name="本町避難所 ", lat="36.87202")),
        (5, _row(ident="4", name="本町避難所", lat="36.8690", lon="140.1190")),
    ]
    problems = layer_rows_check(municipality=city, rows=rows, columns=COLUMNS)
    assert [(p.row, p.column, p.code) for p in problems] == [
        (3, "ID", "duplicate"),
        (4, "名称", "duplicate"),
    ]
    assert "2" in problems[0].message


def test_without_outline_the_inside_rule_is_skipped(db):
    """A municipality with no outline stored: rows are only checked for shape."""
    from cityhall.core.tests.factories import MunicipalityFactory

    municipality = MunicipalityFactory()
    rows = [(2, _row(lat="35.0", lon="135.0"))]
    assert layer_rows_check(municipality=municipality, rows=rows, columns=COLUMNS) == []


def test_outline_must_be_an_area(city):
    """A point is not an outline; the stored outline stays as it was."""
    before = city.gis_outline.geometry
    with pytest.raises(GisError) as caught:
        outline_set(
            municipality=city,
            geojson={"type": "Point", "coordinates": [140.0, 36.8]},
            attribution="x",
        )
    assert caught.value.code == "outline_invalid"
    city.gis_outline.refresh_from_db()
    assert city.gis_outline.geometry == before


def test_district_point_outside_is_refused(city):
    """A district's point must be inside the municipality."""
    district = city.districts.get(code="kurobane")
    with pytest.raises(GisError) as caught:
        district_location_set(district=district, latitude=35.68, longitude=139.76)
    assert caught.value.code == "outside_municipality"
    district.gis_location.refresh_from_db()
    assert district.gis_location.latitude == pytest.approx(36.8690)


def test_distance_is_great_circle_metres():
    """One degree of latitude is about 111.2 km."""
    assert distance_m(36.0, 140.0, 37.0, 140.0) == pytest.approx(111_195, rel=1e-3)


def test_nearest_orders_by_distance():
    """From Kurobane, the Kurobane shelter comes first, the city-hall one last."""
    ranked = points_nearest(shelter_points(), place=Place("黒羽", 36.8690, 140.1190))
    assert [r.point.id for r in ranked] == ["s2", "s3", "s1"]
    assert ranked[0].distance_m < ranked[1].distance_m < ranked[2].distance_m
    assert ranked[0].distance_text.endswith(" m")
    assert ranked[2].distance_text.endswith(" km")


def test_address_matches_the_longest_town_name(city):
    """黒羽向町 resolves to the Kurobane district; 本町 to Ohtawara's."""
    place = place_for_address(municipality=city, address="栃木県大田原市黒羽向町２丁目")
    assert place.label == "黒羽"
    assert place_for_address(municipality=city, address="本町1-4-1").label == "大田原"


def test_address_matches_a_known_point(city):
    """A facility's name is a place too."""
    place = place_for_address(
        municipality=city, address="金田避難所", points=shelter_points()
    )
    assert (place.latitude, place.longitude) == (36.8850, 140.0560)


def test_unknown_address_is_a_clear_error(city):
    with pytest.raises(GisError) as caught:
        place_for_address(municipality=city, address="東京都千代田区")
    assert caught.value.code == "address_unknown"


def test_postal_code_resolves_through_japan_post_data(city):
    """324-0241 is 黒羽向町 in Japan Post's data, in the Kurobane district."""
    assert (
        place_for_postal_code(municipality=city, postal_code="３２４－０２４１").label
        == "黒羽"
    )


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("123", "postal_code_invalid"),
        ("1000001", "postal_code_elsewhere"),
        ("3249999", "postal_code_unknown"),
    ],
)
def test_postal_code_errors(city, code, error):
    with pytest.raises(GisError) as caught:
        place_for_postal_code(municipality=city, postal_code=code)
    assert caught.value.code == error


def test_unknown_district_code(city):
    with pytest.raises(GisError):
        place_for_district(municipality=city, district_code="atlantis")
