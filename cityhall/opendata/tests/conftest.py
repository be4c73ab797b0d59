import pytest

from cityhall.opendata.ckan.package_memo import memo_clear


@pytest.fixture(autouse=True)
def _package_memo_empty():
    """Each test starts with an empty package_search memo (it is per process)."""
    memo_clear()
    yield
    memo_clear()
