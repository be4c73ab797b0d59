"""Machine-translation drafts against local HTTP servers that check each
request's shape and authentication, as LibreTranslate and DeepL would."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cityhall.notices.machine_translation.backends import MachineTranslationError
from cityhall.notices.machine_translation.services import (
    notice_machine_translation_draft,
    notice_machine_translation_review,
)
from cityhall.notices.tests.notice_pages import add_notice, notice_site
from cityhall.website.models import MachineTranslation, NewsPage
from cityhall.website.tests import factories as f

pytestmark = pytest.mark.django_db


class FakeEngine:
    """A loopback HTTP server answering like LibreTranslate or DeepL, refusing
    requests whose path, headers or body are not what the API expects."""

    def __init__(self, kind: str, *, key: str, fail: bool = False):
        self.kind = kind
        self.key = key
        self.fail = fail
        self.requests: list[dict] = []
        engine = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                engine.requests.append({"path": self.path, "body": body})
                status, answer = engine.answer(self.path, self.headers, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path, headers, body):
        if self.fail:
            return 500, {"error": "down"}
        if not headers.get("Content-Type", "").startswith("application/json"):
            return 400, {"error": "json expected"}
        if self.kind == "libretranslate":
            if path != "/translate" or body.get("api_key") != self.key:
                return 403, {"error": "bad key or path"}
            if body["source"] != "ja" or body["format"] != "html":
                return 400, {"error": "bad request"}
            texts = body["q"]
            return 200, {"translatedText": [f"[{body['target']}] {t}" for t in texts]}
        if headers.get("Authorization") != f"DeepL-Auth-Key {self.key}":
            return 403, {"message": "Forbidden"}
        if path != "/v2/translate" or body.get("tag_handling") != "html":
            return 400, {"message": "bad request"}
        return 200, {
            "translations": [
                {
                    "detected_source_language": "JA",
                    "text": f"[{body['target_lang']}] {t}",
                }
                for t in body["text"]
            ]
        }

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def notice():
    _municipality, index = notice_site()
    home = index.get_parent()
    f.translate(home, "en", title="Home")
    f.translate(index, "en", title="News")
    return add_notice(index, title="避難指示", lead="直ちに避難してください。")


def _staff():
    from cityhall.core.tests.factories import StaffFactory

    return StaffFactory(is_superuser=True)


@pytest.mark.parametrize("kind", ["libretranslate", "deepl"])
def test_engine_drafts_a_language_version_marked_machine_translated(
    settings, notice, client, kind
):
    """The English version is drafted from the engine's answer, published on
    request, and shown with the "machine translated" notice until reviewed."""
    engine = FakeEngine(kind, key="secret-key")
    settings.CITYHALL_MACHINE_TRANSLATION = kind
    settings.CITYHALL_LIBRETRANSLATE_URL = engine.url
    settings.CITYHALL_LIBRETRANSLATE_API_KEY = "secret-key"
    settings.CITYHALL_DEEPL_URL = engine.url
    settings.CITYHALL_DEEPL_API_KEY = "secret-key"
    try:
        target = notice_machine_translation_draft(
            page_id=notice.pk, language_code="en", user=_staff(), publish=True
        )
    finally:
        engine.close()
    target = NewsPage.objects.get(pk=target.pk)
    label = "EN-US" if kind == "deepl" else "en"
    assert target.title == f"[{label}] 避難指示"
    assert target.lead == f"[{label}] 直ちに避難してください。"
    assert target.live
    assert MachineTranslation.objects.get(page=target).reviewed_at is None
    assert len(engine.requests) == 1
    html = client.get(target.url).content.decode()
    assert 'id="machine-translation-notice"' in html
    notice_machine_translation_review(page_id=target.pk, user=_staff())
    html = client.get(target.url).content.decode()
    assert 'id="machine-translation-notice"' not in html


def test_wrong_key_is_refused_and_nothing_is_created(settings, notice):
    """A key the server refuses gives a clear error and no language version."""
    engine = FakeEngine("deepl", key="right-key")
    settings.CITYHALL_MACHINE_TRANSLATION = "deepl"
    settings.CITYHALL_DEEPL_URL = engine.url
    settings.CITYHALL_DEEPL_API_KEY = "wrong-key"
    try:
        with pytest.raises(MachineTranslationError) as raised:
            notice_machine_translation_draft(
                page_id=notice.pk, language_code="en", user=_staff()
            )
    finally:
        engine.close()
    assert raised.value.code == "machine_translation_failed"
    assert engine.requests  # the engine was asked
    assert not NewsPage.objects.filter(
        translation_key=notice.translation_key, locale__language_code="en"
    ).exists()


def test_no_engine_configured(settings, notice):
    """With CITYHALL_MACHINE_TRANSLATION=none there is nothing to draft with."""
    settings.CITYHALL_MACHINE_TRANSLATION = "none"
    with pytest.raises(MachineTranslationError) as raised:
        notice_machine_translation_draft(
            page_id=notice.pk, language_code="en", user=_staff()
        )
    assert raised.value.code == "machine_translation_off"
