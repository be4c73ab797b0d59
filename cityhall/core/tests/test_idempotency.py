"""Idempotency-Key records: claim, replay, reuse with another body, stale and
expired keys, purge; and the race for one key on PostgreSQL with real
parallel connections."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from cityhall.core.api_idempotency import (
    REPLAYED_HEADER,
    idempotent_json,
    request_fingerprint,
)
from cityhall.core.models import District, IdempotencyRecord
from cityhall.core.services.idempotency import (
    LIFETIME,
    STALE_AFTER,
    IdempotencyError,
    idempotency_claim,
    idempotency_complete,
    idempotency_records_purge,
    idempotency_release,
)
from cityhall.core.tasks import idempotency_records_purge_daily
from cityhall.core.tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 1, 0, 0, tzinfo=dt.UTC)


def _claim(user, *, key="k", fingerprint="f1", path="/api/v1/x", now=NOW):
    return idempotency_claim(
        user=user, key=key, method="POST", path=path, fingerprint=fingerprint, now=now
    )


def test_first_claim_executes_and_a_second_waits():
    """The first request with a key runs; a second one while it runs gets 409
    idempotency_key_in_progress."""
    user = UserFactory()
    assert _claim(user).execute is True
    with pytest.raises(IdempotencyError) as caught:
        _claim(user, now=NOW + dt.timedelta(seconds=1))
    assert (caught.value.code, caught.value.status) == (
        "idempotency_key_in_progress",
        409,
    )


def test_completed_claim_is_replayed():
    """After completion the same key and body give the stored answer."""
    user = UserFactory()
    claim = _claim(user)
    body = '{"zeta": 1, "id": "a"}'
    idempotency_complete(record=claim.record, status=201, body=body)
    again = _claim(user, now=NOW + dt.timedelta(hours=1))
    assert again.execute is False
    assert (again.record.response_status, again.record.response_body) == (201, body)


def test_other_body_is_refused_even_while_in_progress():
    """The same key with another fingerprint is 422 idempotency_key_reused,
    whether the first request has finished or not."""
    user = UserFactory()
    claim = _claim(user)
    with pytest.raises(IdempotencyError) as caught:
        _claim(user, fingerprint="f2")
    assert (caught.value.code, caught.value.status) == ("idempotency_key_reused", 422)
    idempotency_complete(record=claim.record, status=201, body="{}")
    with pytest.raises(IdempotencyError):
        _claim(user, fingerprint="f2")


def test_keys_are_scoped_by_user_and_path():
    """Another user, or another path, with the same key is a new request."""
    user, other = UserFactory(), UserFactory()
    _claim(user)
    assert _claim(other).execute is True
    assert _claim(user, path="/api/v1/y").execute is True


def test_released_key_runs_again():
    """A failed request's key is freed and the retry runs."""
    user = UserFactory()
    idempotency_release(record=_claim(user).record)
    assert _claim(user).execute is True


def test_stale_in_progress_key_is_taken_over_once():
    """A key left in progress by a crashed request is taken over after
    STALE_AFTER, by one request only."""
    user = UserFactory()
    _claim(user)
    later = NOW + STALE_AFTER + dt.timedelta(seconds=1)
    assert _claim(user, now=later).execute is True
    with pytest.raises(IdempotencyError):
        _claim(user, now=later + dt.timedelta(seconds=1))


def test_expired_answer_is_not_replayed():
    """After LIFETIME the key is free again: the request runs anew."""
    user = UserFactory()
    idempotency_complete(record=_claim(user).record, status=201, body='{"id": "a"}')
    assert _claim(user, now=NOW + LIFETIME).execute is True
    assert IdempotencyRecord.objects.get().response_body is None


def test_purge_removes_only_expired_records():
    """The daily purge deletes records past their lifetime and keeps the rest."""
    user = UserFactory()
    _claim(user, key="old", now=timezone.now() - LIFETIME - dt.timedelta(minutes=1))
    _claim(user, key="new", now=timezone.now())
    assert idempotency_records_purge_daily.call() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    assert idempotency_records_purge() == 0


def test_fingerprint_ignores_key_order():
    """The fingerprint is of the canonical JSON: key order does not matter,
    values do."""
    assert request_fingerprint({"a": 1, "b": 2}) == request_fingerprint(
        {"b": 2, "a": 1}
    )
    assert request_fingerprint({"a": 1}) != request_fingerprint({"a": 2})


def _post(user, path="/api/v1/districts"):
    request = RequestFactory().post(path)
    request.user = user
    return request


def test_helper_rolls_back_the_work_and_frees_the_key_on_error():
    """When the work raises, its writes are rolled back and the key is free."""
    user = UserFactory()
    municipality = MunicipalityFactory()

    def fail():
        District.objects.create(municipality=municipality, name="黒羽")
        raise IdempotencyError("boom")

    with pytest.raises(IdempotencyError):
        idempotent_json(_post(user), key="k", payload={}, run=fail)
    assert not District.objects.filter(name="黒羽").exists()
    assert not IdempotencyRecord.objects.exists()


def _race_one_key(user, municipality, key, parallel=12):
    executions: list[int] = []
    outcomes: list[tuple[int, bool, bytes]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(parallel)

    def work():
        district = District.objects.create(
            municipality=municipality, name=key, code=key
        )
        executions.append(district.pk)
        return 201, {"id": district.pk}

    def call():
        try:
            barrier.wait()
            response = idempotent_json(_post(user), key=key, payload={"n": 1}, run=work)
            outcomes.append(
                (
                    response.status_code,
                    response.has_header(REPLAYED_HEADER),
                    response.content,
                )
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=call) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return executions, outcomes, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_with_one_key_run_once():
    """Twelve parallel requests with one key on PostgreSQL, each on its own
    connection, five times over: the work runs exactly once per key; every
    other request gets the replay or 409 idempotency_key_in_progress."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for real parallel transactions")
    user = UserFactory()
    municipality = MunicipalityFactory()
    for round_number in range(5):
        key = f"race-{round_number}"
        executions, outcomes, errors = _race_one_key(user, municipality, key)
        assert len(executions) == 1
        assert District.objects.filter(name=key).count() == 1
        fresh = [o for o in outcomes if not o[1]]
        assert len(fresh) == 1 and fresh[0][0] == 201
        assert {o[2] for o in outcomes} == {fresh[0][2]}
        assert all(
            isinstance(e, IdempotencyError) and e.code == "idempotency_key_in_progress"
            for e in errors
        ), errors
        assert len(outcomes) + len(errors) == 12
