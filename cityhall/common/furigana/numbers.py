"""Readings of Arabic numerals and of numbers with counters (助数詞), by rule.

A morphological analyser reads ``10月`` as いちれいがつ and ``午後4時`` as ごごしじ:
its dictionary has the counter, not the sound changes (促音便 いっかい, 連濁
さんがい, the special day names ついたち…はつか) that depend on the number's last
element. The rules here are those of NHK's 日本語発音アクセント辞典 for the
counters that municipal notices use; where two readings are in use the more
common one is chosen and named in the table.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

DIGITS = {
    0: "ぜろ",
    1: "いち",
    2: "に",
    3: "さん",
    4: "よん",
    5: "ご",
    6: "ろく",
    7: "なな",
    8: "はち",
    9: "きゅう",
}
_THOUSANDS = {1: "せん", 3: "さんぜん", 8: "はっせん"}
_HUNDREDS = {1: "ひゃく", 3: "さんびゃく", 6: "ろっぴゃく", 8: "はっぴゃく"}
_LARGE_UNITS = ((10**12, "ちょう"), (10**8, "おく"), (10**4, "まん"))
_MULTIPLIERS = {"万": 10**4, "億": 10**8, "兆": 10**12}

NUMBER_PATTERN = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([万億兆])?$")


def _below_ten_thousand(number: int) -> str:
    thousands, rest = divmod(number, 1000)
    hundreds, rest = divmod(rest, 100)
    tens, ones = divmod(rest, 10)
    parts = []
    if thousands:
        parts.append(_THOUSANDS.get(thousands, DIGITS[thousands] + "せん"))
    if hundreds:
        parts.append(_HUNDREDS.get(hundreds, DIGITS[hundreds] + "ひゃく"))
    if tens:
        parts.append("じゅう" if tens == 1 else DIGITS[tens] + "じゅう")
    if ones:
        parts.append(DIGITS[ones])
    return "".join(parts)


def cardinal(number: int) -> str:
    """The reading of a whole number: 461 → よんひゃくろくじゅういち."""
    if number == 0:
        return DIGITS[0]
    parts = []
    rest = number
    for unit, name in _LARGE_UNITS:
        group, rest = divmod(rest, unit)
        if group:
            # 1000万 is いっせんまん, 1兆 いっちょう: the unit assimilates.
            head = "いっせん" if group == 1000 else _below_ten_thousand(group)
            if group == 1 and name == "ちょう":
                head = "いっ"
            elif group == 1:
                head = "いち"
            parts.append(head + name)
    if rest:
        parts.append(_below_ten_thousand(rest))
    return "".join(parts)


def _split_last(number: int) -> tuple[str, str | None, str]:
    """(reading before the last element, key of the last element, its reading).

    The counters' sound changes depend on the last element only: 461 ends in
    いち (key "1"), 20 in じゅう (key "10"), 100 in ひゃく (key "100").
    """
    if number == 0:
        return "", "0", DIGITS[0]
    ones = number % 10
    if ones:
        head = cardinal(number - ones) if number >= 10 else ""
        return head, str(ones), DIGITS[ones]
    if number % 100:
        tens = (number % 100) // 10
        head = cardinal(number - number % 100) if number >= 100 else ""
        return head + ("" if tens == 1 else DIGITS[tens]), "10", "じゅう"
    if number % 1000 == 100:
        head = cardinal(number - 100) if number > 100 else ""
        return head, "100", "ひゃく"
    if number % 10000 == 1000:
        head = cardinal(number - 1000) if number > 1000 else ""
        return head, "1000", "せん"
    return "", None, cardinal(number)


@dataclass(frozen=True)
class Counter:
    """A counter's reading, with the forms its last number element takes.

    ``last`` maps the key of the number's last element ("1"…"9", "10", "100",
    "1000") to the whole reading of that element plus the counter; ``exact``
    maps whole numbers (1日 ついたち, 20歳 はたち).
    """

    reading: str
    last: dict[str, str] = field(default_factory=dict)
    exact: dict[int, str] = field(default_factory=dict)

    def read(self, number: int) -> str:
        if number in self.exact:
            return self.exact[number]
        head, key, last = _split_last(number)
        if key is not None and key in self.last:
            return head + self.last[key]
        return head + last + self.reading


def _geminating(reading: str, *, six: bool = True, hundred: bool = True) -> Counter:
    """Counters starting with k/s/t: 1 いっ, 6 ろっ (k only), 8 はっ, 10 じゅっ."""
    last = {
        "1": "いっ" + reading,
        "8": "はっ" + reading,
        "10": "じゅっ" + reading,
    }
    if six:
        last["6"] = "ろっ" + reading
    if hundred:
        last["100"] = "ひゃっ" + reading
    return Counter(reading, last)


def _h_counter(plain: str, p_form: str, b_form: str, *, four_p: bool) -> Counter:
    """Counters starting with h (分, 本, 泊): p after いっ/ろっ/はっ/じゅっ/ひゃっ."""
    last = {
        "1": "いっ" + p_form,
        "3": "さん" + b_form,
        "6": "ろっ" + p_form,
        "8": "はっ" + p_form,
        "10": "じゅっ" + p_form,
        "100": "ひゃっ" + p_form,
        "1000": "せん" + b_form,
    }
    if four_p:
        last["4"] = "よん" + p_form
    return Counter(plain, last)


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
_MONTH = Counter("がつ", {"4": "しがつ", "7": "しちがつ", "9": "くがつ"})
_HOUR = Counter("じ", {"4": "よじ", "7": "しちじ", "9": "くじ"})
_MONTHS_COUNT = _geminating("かげつ")
_PLACES = _geminating("かしょ")
_TIMES = _geminating("かい")

#: Counter (as written) → its reading rule. Several spellings share a rule.
COUNTERS: dict[str, Counter] = {
    "月": _MONTH,
    "日": Counter("にち", {"4": "よっか"}, _DAYS),
    "日間": Counter(
        "にちかん",
        {"4": "よっかかん"},
        {n: r + "かん" for n, r in _DAYS.items() if n != 1} | {1: "いちにちかん"},
    ),
    "時": _HOUR,
    "時間": Counter("じかん", {"4": "よじかん", "9": "くじかん"}),
    "時半": Counter("じはん", {"4": "よじはん", "7": "しちじはん", "9": "くじはん"}),
    "分": _h_counter("ふん", "ぷん", "ぷん", four_p=True),
    "秒": Counter("びょう"),
    "本": _h_counter("ほん", "ぽん", "ぼん", four_p=False),
    "泊": _h_counter("はく", "ぱく", "ぱく", four_p=False),
    "人": Counter("にん", {"4": "よにん"}, {1: "ひとり", 2: "ふたり"}),
    "名": Counter("めい"),
    "階": Counter(
        "かい",
        {
            "1": "いっかい",
            "3": "さんがい",
            "6": "ろっかい",
            "8": "はっかい",
            "10": "じゅっかい",
            "100": "ひゃっかい",
        },
    ),
    "回": _TIMES,
    "回目": _geminating("かいめ"),
    "件": _geminating("けん"),
    "軒": _geminating("けん"),
    "個": _geminating("こ"),
    "校": _geminating("こう"),
    "区": _geminating("く"),
    "か所": _PLACES,
    "カ所": _PLACES,
    "ヶ所": _PLACES,
    "ケ所": _PLACES,
    "箇所": _PLACES,
    "か月": _MONTHS_COUNT,
    "カ月": _MONTHS_COUNT,
    "ヶ月": _MONTHS_COUNT,
    "ケ月": _MONTHS_COUNT,
    "ヵ月": _MONTHS_COUNT,
    "箇月": _MONTHS_COUNT,
    "丁目": _geminating("ちょうめ", six=False, hundred=False),
    "歳": Counter(
        "さい", {"1": "いっさい", "8": "はっさい", "10": "じゅっさい"}, {20: "はたち"}
    ),
    "才": Counter("さい", {"1": "いっさい", "8": "はっさい", "10": "じゅっさい"}),
    "週": _geminating("しゅう", six=False),
    "週間": _geminating("しゅうかん", six=False),
    "世帯": _geminating("せたい", six=False),
    "冊": _geminating("さつ", six=False),
    "年": Counter("ねん", {"4": "よねん"}),
    "年間": Counter("ねんかん", {"4": "よねんかん"}),
    "年度": Counter("ねんど", {"4": "よねんど"}),
    "円": Counter("えん", {"4": "よえん"}),
    "号": Counter("ごう"),
    "号線": Counter("ごうせん"),
    "号館": Counter("ごうかん"),
    "番": Counter("ばん"),
    "番地": Counter("ばんち"),
    "番目": Counter("ばんめ"),
    "台": Counter("だい"),
    "枚": Counter("まい"),
    "度": Counter("ど"),
    "便": Counter("びん"),
    "部": Counter("ぶ"),
    "班": Counter("はん"),
    "倍": Counter("ばい"),
    "割": Counter("わり"),
    "点": Counter("てん"),
    "条": Counter("じょう"),
    "期": _geminating("き"),
    "棟": Counter("とう", {"1": "いっとう", "8": "はっとう", "10": "じゅっとう"}),
    "頭": Counter("とう", {"1": "いっとう", "8": "はっとう", "10": "じゅっとう"}),
}
#: Longest counter first, so 時間 wins over 時 and 日間 over 日.
COUNTER_LENGTHS = sorted({len(name) for name in COUNTERS}, reverse=True)


@dataclass(frozen=True)
class Number:
    """A parsed numeral: its value and how to read it without a counter."""

    value: int
    reading: str


def parse_number(text: str) -> Number | None:
    """Parse ``"461"``, ``"１,０００"``, ``"1万"``, ``"1.5"``; None if not a number.

    A numeral with a leading zero (``"05"``, ``"0287"``) is read digit by digit,
    as people read codes and telephone numbers.
    """
    normalized = unicodedata.normalize("NFKC", text)
    match = NUMBER_PATTERN.match(normalized)
    if match is None:
        return None
    whole, fraction, multiplier = match.groups()
    digits = whole.replace(",", "")
    if len(digits) > 1 and digits.startswith("0") and not fraction and not multiplier:
        return Number(int(digits), "".join(DIGITS[int(d)] for d in digits))
    value = int(digits)
    if fraction:
        reading = cardinal(value) + "てん" + "".join(DIGITS[int(d)] for d in fraction)
        if multiplier:
            reading += {"万": "まん", "億": "おく", "兆": "ちょう"}[multiplier]
        return Number(value, reading)
    if multiplier:
        value *= _MULTIPLIERS[multiplier]
    return Number(value, cardinal(value))


def read_with_counter(number: Number, counter: str) -> str:
    """The reading of ``number`` followed by ``counter`` (a key of COUNTERS)."""
    rule = COUNTERS[counter]
    if number.reading != cardinal(number.value):
        # Decimals and digit-by-digit codes keep their own reading.
        return number.reading + rule.reading
    return rule.read(number.value)
