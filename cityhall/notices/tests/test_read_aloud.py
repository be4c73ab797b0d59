"""Community FM read-aloud scripts: numbers as spoken, place readings, views."""

from __future__ import annotations

import pytest

from cityhall.notices.spoken import day_kana, minute_kana, number_kana, spoken_text
from cityhall.notices.tests.notice_pages import add_notice, district, notice_site
from cityhall.website.models import NoticeUrgency


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("10月16日", "じゅうがつじゅうろくにち"),
        ("4月1日", "しがつついたち"),
        ("9月20日", "くがつはつか"),
        ("午後4時30分", "ごご よじ さんじゅっぷん"),
        ("午前9時15分", "ごぜん くじ じゅうごふん"),
        ("13:05", "じゅうさんじ ごふん"),
        ("国道461号", "国道よんひゃくろくじゅういちごう"),
        ("2時間後", "にじかん後"),
        ("800人", "はっぴゃくにん"),
        ("24人", "にじゅうよにん"),
        ("6か所", "ろっかしょ"),
        ("3,000円", "さんぜんえん"),
        ("2024年", "にせんにじゅうよねん"),
        ("16日（水）", "じゅうろくにち（すいようび）"),
        ("0287-23-1111", "ゼロ に はち なな の に さん の いち いち いち いち"),
    ],
)
def test_spoken_forms(text, spoken):
    """Dates, times, counters and phone numbers as an announcer says them."""
    assert spoken_text(text) == spoken


def test_number_readings_with_sound_changes():
    """Sound changes of hundreds and thousands, and large numbers."""
    assert number_kana(300) == "さんびゃく"
    assert number_kana(600) == "ろっぴゃく"
    assert number_kana(8000) == "はっせん"
    assert number_kana(72_000) == "ななまんにせん"
    assert day_kana(14) == "じゅうよっか"
    assert minute_kana(1) == "いっぷん"


@pytest.mark.django_db
def test_script_has_readings_spoken_times_and_repeats_an_emergency(client):
    """The public plain-text script: the emergency headline, place names with
    their readings once, numbers spoken, the headline repeated at the end."""
    municipality, index = notice_site()
    kurobane = district(municipality, "黒羽", "くろばね")
    page = add_notice(
        index,
        title="黒羽地区に避難指示",
        lead="10月16日午後4時30分に発令しました。",
        body="<p>黒羽中学校に避難してください。</p>",
        districts=[kurobane],
        urgency=NoticeUrgency.EMERGENCY,
    )
    response = client.get(f"/notices/{page.translation_key}/read-aloud.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "黒羽（くろばね）地区に避難指示" in text
    assert text.count("（くろばね）") == 1
    assert "じゅうがつじゅうろくにちごご よじ さんじゅっぷんに発令しました。" in text
    assert text.count("黒羽地区に避難指示") == 1  # the repeat has no reading
    lines = text.splitlines()
    assert lines.count("黒羽地区に避難指示") == 1


@pytest.mark.django_db
def test_read_aloud_page_and_unknown_or_draft_notices(client):
    """The HTML view shows the script in its language; a draft or an unknown
    notice has no script (404)."""
    _municipality, index = notice_site()
    page = add_notice(index, title="断水のお知らせ")
    response = client.get(f"/notices/{page.translation_key}/read-aloud/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="read-aloud-script"' in html
    assert 'lang="ja"' in html
    assert "断水のお知らせ" in html
    draft = add_notice(index, publish=False)
    assert (
        client.get(f"/notices/{draft.translation_key}/read-aloud/").status_code == 404
    )
    missing = "/notices/00000000-0000-0000-0000-000000000000/read-aloud.txt"
    assert client.get(missing).status_code == 404
