"""Numbers, dates and times written as they are spoken (読み上げ用の数字).

A radio announcer reading a disaster notice on air must not stop to work out
whether 4日 is よっか or よんにち, or 午後4時30分 is ごご よじ さんじゅっぷん: the
read-aloud script gives the spoken kana for every number with its counter, by
rule (sound changes such as いっぷん, ろっぴゃく, はつか included).
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = ["ゼロ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"]


def _under_10000(number: int) -> str:
    """Kana of 1–9999 (0 gives an empty string)."""
    parts = []
    thousands, rest = divmod(number, 1000)
    if thousands:
        parts.append(
            {1: "せん", 3: "さんぜん", 8: "はっせん"}.get(
                thousands, _DIGITS[thousands] + "せん"
            )
        )
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append(
            {1: "ひゃく", 3: "さんびゃく", 6: "ろっぴゃく", 8: "はっぴゃく"}.get(
                hundreds, _DIGITS[hundreds] + "ひゃく"
            )
        )
    tens, ones = divmod(rest, 10)
    if tens:
        parts.append("じゅう" if tens == 1 else _DIGITS[tens] + "じゅう")
    if ones:
        parts.append(_DIGITS[ones])
    return "".join(parts)


def number_kana(number: int) -> str:
    """The spoken reading of a whole number (up to 9,999 億 9,999 万 9,999)."""
    if number == 0:
        return "ゼロ"
    parts = []
    oku, rest = divmod(number, 10**8)
    man, ones = divmod(rest, 10**4)
    if oku:
        parts.append(_under_10000(oku) + "おく")
    if man:
        parts.append(_under_10000(man) + "まん")
    if ones:
        parts.append(_under_10000(ones))
    return "".join(parts)


def _with_small_tsu(number: int, counter: str, *, voiced: str = "") -> str:
    """Readings where 1, 6, 8 and 10 take a small っ before a k/s/t/p counter
    (いっけん, ろっかしょ, はっぷん, じゅっぷん); ``voiced`` is the counter after
    other digits when it differs (ふん for 分)."""
    head, last = divmod(number, 10)
    prefix = number_kana(head * 10) if head else ""
    if last == 0 and number:
        # じゅっ / にじゅっ: the tens word itself takes the small っ.
        return prefix[: -len("う")] + "っ" + counter
    small = {1: "いっ", 6: "ろっ", 8: "はっ"}
    if last in small:
        return prefix + small[last] + counter
    return prefix + _DIGITS[last] + (voiced or counter)


def month_kana(month: int) -> str:
    return {4: "しがつ", 7: "しちがつ", 9: "くがつ"}.get(
        month, number_kana(month) + "がつ"
    )


_DAYS = {
    1: "ついたち",
    2: "ふつか",
    3: "みっか",
    4: "よっか",
    5: "いつか",
    6: "むいか",
    7: "なのか",
    8: "ようか",
    9: "ここのか",
    10: "とおか",
    14: "じゅうよっか",
    20: "はつか",
    24: "にじゅうよっか",
}


def day_kana(day: int) -> str:
    if day in _DAYS:
        return _DAYS[day]
    tens, ones = divmod(day, 10)
    if ones in (7, 9):
        # じゅうしちにち and じゅうくにち are what announcers say.
        return number_kana(tens * 10) + {7: "しち", 9: "く"}[ones] + "にち"
    return number_kana(day) + "にち"


def hour_kana(hour: int) -> str:
    return {
        0: "れいじ",
        4: "よじ",
        7: "しちじ",
        9: "くじ",
        14: "じゅうよじ",
        19: "じゅうくじ",
    }.get(hour, number_kana(hour) + "じ")


def minute_kana(minute: int) -> str:
    if minute == 0:
        return ""
    spoken = _with_small_tsu(minute, "ぷん", voiced="ふん")
    return spoken.replace("よんふん", "よんぷん").replace("さんふん", "さんぷん")


def year_kana(year: int) -> str:
    return (number_kana(year) + "ねん").replace("よんねん", "よねん")


_PEOPLE = {1: "ひとり", 2: "ふたり"}


def _people(number: int) -> str:
    spoken = number_kana(number)
    if spoken.endswith("よん"):
        spoken = spoken[: -len("ん")]
    return spoken + "にん"


#: Counter → reading rule. Order matters: longer counters first.
_COUNTERS: list[tuple[str, object]] = [
    ("時間", lambda n: hour_kana(n) + "かん"),
    ("分間", lambda n: minute_kana(n) + "かん"),
    ("分", minute_kana),
    ("世帯", lambda n: number_kana(n) + "せたい"),
    ("か所", lambda n: _with_small_tsu(n, "かしょ")),
    ("箇所", lambda n: _with_small_tsu(n, "かしょ")),
    ("ヶ所", lambda n: _with_small_tsu(n, "かしょ")),
    ("か月", lambda n: _with_small_tsu(n, "かげつ")),
    ("年", year_kana),
    ("月", month_kana),
    ("日", day_kana),
    ("号", lambda n: number_kana(n) + "ごう"),
    ("人", lambda n: _PEOPLE.get(n) or _people(n)),
    ("件", lambda n: _with_small_tsu(n, "けん")),
    ("回", lambda n: _with_small_tsu(n, "かい")),
    ("歳", lambda n: _with_small_tsu(n, "さい")),
    ("才", lambda n: _with_small_tsu(n, "さい")),
    ("階", lambda n: _with_small_tsu(n, "かい")),
    ("度", lambda n: number_kana(n) + "ど"),
    ("円", lambda n: number_kana(n) + "えん"),
    ("%", lambda n: number_kana(n) + "パーセント"),
    ("％", lambda n: number_kana(n) + "パーセント"),
    ("mm", lambda n: number_kana(n) + "ミリ"),
    ("ミリ", lambda n: number_kana(n) + "ミリ"),
    ("センチ", lambda n: number_kana(n) + "センチ"),
    ("cm", lambda n: number_kana(n) + "センチ"),
    ("メートル", lambda n: number_kana(n) + "メートル"),
    ("m", lambda n: number_kana(n) + "メートル"),
    ("km", lambda n: number_kana(n) + "キロメートル"),
]

_WEEKDAYS = {
    "月": "げつようび",
    "火": "かようび",
    "水": "すいようび",
    "木": "もくようび",
    "金": "きんようび",
    "土": "どようび",
    "日": "にちようび",
}

_TIME = re.compile(
    r"(午前|午後)?\s*(\d{1,2})(?:時(?!間)(?:(\d{1,2})分(?!間))?|:(\d{2})(?!\d))"
)
#: Telephone and fax numbers are read digit by digit, hyphens as の.
_PHONE = re.compile(r"(?<!\d)0\d{1,4}-\d{1,4}-\d{3,4}(?!\d)")
_WEEKDAY = re.compile(r"[（(]([月火水木金土日])(?:曜日?)?[）)]")
_COUNTED = re.compile(
    r"(\d[\d,]*)\s*("
    + "|".join(re.escape(counter) for counter, _rule in _COUNTERS)
    + r")"
)
_BARE_NUMBER = re.compile(r"\d[\d,]*")


def _time_spoken(match: re.Match[str]) -> str:
    period = {"午前": "ごぜん", "午後": "ごご"}.get(match.group(1) or "", "")
    hour = int(match.group(2))
    minute = int(match.group(3) or match.group(4) or 0)
    if hour > 24 or minute > 59:
        return match.group(0)
    words = [period, hour_kana(hour), minute_kana(minute)]
    return " ".join(word for word in words if word)


def _phone_spoken(match: re.Match[str]) -> str:
    groups = match.group(0).split("-")
    return " の ".join(" ".join(_DIGITS[int(d)] for d in group) for group in groups)


def _counted_spoken(match: re.Match[str]) -> str:
    number = int(match.group(1).replace(",", ""))
    rule = dict(_COUNTERS)[match.group(2)]
    return rule(number)  # type: ignore[operator]


def spoken_text(text: str) -> str:
    """``text`` with dates, times and numbers replaced by their spoken kana
    (全角 digits are read too)."""
    text = unicodedata.normalize("NFKC", text)
    text = _WEEKDAY.sub(lambda m: "（" + _WEEKDAYS[m.group(1)] + "）", text)
    text = _PHONE.sub(_phone_spoken, text)
    text = _TIME.sub(_time_spoken, text)
    text = _COUNTED.sub(_counted_spoken, text)
    text = _BARE_NUMBER.sub(
        lambda m: number_kana(int(m.group(0).replace(",", ""))), text
    )
    return re.sub(r" +", " ", text).replace(" 、", "、").replace(" 。", "。")
