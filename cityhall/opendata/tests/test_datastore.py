"""Datastore queries: typed filters, IN lists, Japanese q, sort, paging, and
field names that never reach SQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityhall.opendata import datastore
from cityhall.opendata.errors import DatastoreQueryError
from cityhall.opendata.services.resources import resource_upload
from cityhall.opendata.tests.factories import dataset_make, resource_make

pytestmark = pytest.mark.django_db

CSV = (
    "地区,施設名,定員\r\n"
    "黒羽,クロバネ公民館,120\r\n"
    "湯津上,湯津上小学校,300\r\n"
    "黒羽,黒羽体育館,\r\n"
    "金田,ＡＢＣホール,80\r\n"
).encode("cp932")


@pytest.fixture
def version():
    resource = resource_make()
    return resource_upload(resource=resource, data=CSV, filename="s.csv")


def _query(version, **kwargs):
    params = {
        "filters": {},
        "q": "",
        "fields": None,
        "sort": [],
        "limit": 100,
        "offset": 0,
    }
    params.update(kwargs)
    return datastore.table_query(
        table=version.datastore_table,
        fields=version.fields,
        row_count=version.row_count,
        query=datastore.DatastoreQuery(**params),
    )


def test_filters_are_typed_and_lists_are_in(version):
    """ "120" filters the integer column as 120; a list matches any; None is empty."""
    assert [
        r["施設名"] for r in _query(version, filters={"定員": ["120"]}).records
    ] == ["クロバネ公民館"]
    found = _query(version, filters={"地区": ["黒羽", "金田"]})
    assert found.total == 3
    assert [r["施設名"] for r in _query(version, filters={"定員": [None]}).records] == [
        "黒羽体育館"
    ]


def test_q_folds_katakana_and_width(version):
    """q matches folded text: くろばね finds クロバネ, abc finds ＡＢＣ."""
    assert _query(version, q="くろばね").total == 1
    assert [r["施設名"] for r in _query(version, q="abc").records] == ["ＡＢＣホール"]
    assert _query(version, q="黒羽 体育").total == 1


def test_sort_limit_offset_and_fields(version):
    """Sort by a typed column with nulls, page, and choose fields."""
    found = _query(
        version,
        sort=datastore.sort_parse("定員 desc"),
        limit=2,
        offset=0,
        fields=["施設名", "定員"],
    )
    assert found.total == 4
    assert found.records == [
        {"施設名": "湯津上小学校", "定員": 300},
        {"施設名": "クロバネ公民館", "定員": 120},
    ]
    assert found.fields == [
        {"id": "施設名", "type": "text"},
        {"id": "定員", "type": "int"},
    ]


def test_unknown_fields_and_bad_values_are_refused(version):
    """A field name that is SQL, or a value of the wrong type, is an error."""
    with pytest.raises(DatastoreQueryError) as raised:
        _query(version, filters={'地区" OR 1=1 --': ["x"]}, sort=[("nope", False)])
    assert set(raised.value.extra["errors"]) == {"filters", "sort"}
    with pytest.raises(DatastoreQueryError):
        _query(version, filters={"定員": ["many"]})


def test_like_wildcards_are_literal(version):
    """% and _ in q are matched literally, not as wildcards."""
    assert _query(version, q="%").total == 0
    assert _query(version, q="_").total == 0


def test_replaced_version_table_is_dropped():
    """A new valid upload drops the previous version's table."""
    resource = resource_make(dataset=dataset_make())
    first = resource_upload(resource=resource, data=CSV, filename="a.csv")
    second = resource_upload(resource=resource, data=CSV, filename="b.csv")
    tables = connection.introspection.table_names()
    assert second.datastore_table in tables
    assert first.datastore_table not in tables
    first.refresh_from_db()
    assert first.datastore_table == ""


def test_unsorted_paging_walks_the_rows_in_order(version):
    """Without filters or sort, offset/limit pages through the rows in order
    (served by a seek on _id), and the total is every row."""
    pages = [_query(version, limit=1, offset=offset) for offset in range(5)]
    assert [p.records[0]["施設名"] if p.records else None for p in pages] == [
        "クロバネ公民館",
        "湯津上小学校",
        "黒羽体育館",
        "ＡＢＣホール",
        None,
    ]
    assert {p.total for p in pages} == {4}


def test_paging_in_descending_id_order_walks_the_rows_backwards(version):
    """Sorted on _id descending, offset/limit pages from the last row back."""
    pages = [
        _query(version, limit=1, offset=offset, sort=[("_id", True)])
        for offset in range(5)
    ]
    assert [p.records[0]["施設名"] if p.records else None for p in pages] == [
        "ＡＢＣホール",
        "黒羽体育館",
        "湯津上小学校",
        "クロバネ公民館",
        None,
    ]


@pytest.mark.parametrize("sort", [[], [("_id", False)], [("_id", True)]])
def test_paging_in_id_order_seeks_instead_of_skipping_rows(version, sort):
    """Unfiltered paging in _id order starts the page with a condition on _id
    (an index seek) rather than an OFFSET that steps over the earlier rows."""
    with CaptureQueriesContext(connection) as queries:
        page = _query(version, limit=2, offset=1, sort=sort)
    assert len(page.records) == 2
    (statement,) = [q["sql"] for q in queries.captured_queries]
    assert '"_id" >' in statement or '"_id" <=' in statement
    assert "OFFSET" not in statement.upper()


def test_ties_of_a_descending_sort_come_in_descending_row_order(version):
    """Rows that tie on a descending sort key follow each other by _id
    descending, page after page (the index order, no second sort)."""
    pages = [
        _query(version, limit=1, offset=offset, sort=[("地区", True)])
        for offset in range(4)
    ]
    kurobane = [p.records[0]["_id"] for p in pages if p.records[0]["地区"] == "黒羽"]
    assert kurobane == [3, 1]
    assert len({p.records[0]["_id"] for p in pages}) == 4
