"""Loanword keys: one spelling-free key for an IT word in Latin, Cyrillic or Urdu script.

Russian, Kazakh and Urdu write the IT words they share with English in their own script:
"финтех", "платформа", "ہوسٹنگ". Transliterated (anyascii) and reduced to a consonant
skeleton, "fintech" and "финтех" both become "fntk", "hosting", "хостинг" and "ہوسٹنگ" all
"stng". The key is added beside the word, never instead of it, so a profile is still found by
its own words; native words ("машинное обучение") get keys that meet nothing, which is harmless.
Plain rules, no model, no data at run time.
"""

from __future__ import annotations

import re

from anyascii import anyascii

#: Marks a key among the tokens; no word token can start with it.
PREFIX = "~"
#: Keys shorter than this many consonants ("mbl" is fine, "nl" is not) match too much.
MIN_KEY = 3

_CYRILLIC = re.compile(r"[а-яёәіңғүұқөһ]")
#: Russian and Kazakh endings cut before transliterating, longest first, so "мобильных",
#: "мобильді" and "mobile" share one key. Crude on purpose: a key only needs to meet its
#: English twin, not to be a linguistically correct stem.
_ENDINGS = sorted(
    (
        "ность",
        "ности",
        "ение",
        "ения",
        "ений",
        "ных",
        "ный",
        "ная",
        "ное",
        "ные",
        "ного",
        "ных",
        "ых",
        "ий",
        "ая",
        "ые",
        "ой",
        "ого",
        "ому",
        "ами",
        "ях",
        "ам",
        "ов",
        "ей",
        "ия",
        "ие",
        "ую",
        "ом",
        "ем",
        "ах",
        "ды",
        "ді",
        "ты",
        "ті",
        "лар",
        "лер",
        "дар",
        "дер",
        "тар",
        "тер",
        "ның",
        "нің",
        "ын",
        "ін",
        "сы",
        "сі",
        "а",
        "ы",
        "и",
        "е",
        "у",
        "ю",
        "я",
        "ь",
        "й",
        "і",
    ),
    key=len,
    reverse=True,
)
_NOT_LETTER = re.compile(r"[^a-z]")
_SOFT_C = re.compile(r"c(?=[eiy])")
_SOFT_G = re.compile(r"g(?=[eiy])")  # logistics / لاجسٹکس
_VOWELS = re.compile(r"[aeiouwyh]")  # w, y and h stand for vowels in transliterated Urdu
_DOUBLE = re.compile(r"(.)\1+")


def loanword_key(word: str) -> str:
    """The consonant skeleton of `word` with `PREFIX`, or "" when it is too short to be useful
    or has digits or underscores (iso27001, topic7: the skeleton would merge distinct codes)."""
    if not word.isalpha():
        return ""
    if _CYRILLIC.search(word) and len(word) > 5:
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
    t = _NOT_LETTER.sub("", anyascii(word).lower())
    if t.endswith(("kh", "ch")):  # финтех, tech
        t = t[:-2] + "k"
    for a, b in (("kh", "h"), ("dzh", "j"), ("zh", "j"), ("ph", "f"), ("ck", "k"), ("ts", "s")):
        t = t.replace(a, b)
    t = t.replace("x", "ks").replace("q", "k")
    t = _SOFT_G.sub("j", _SOFT_C.sub("s", t)).replace("ch", "C").replace("c", "k").replace("C", "c")
    t = _DOUBLE.sub(r"\1", _VOWELS.sub("", t))
    if len(t) > MIN_KEY and t.endswith("s"):  # English plurals: analytics, logistics
        t = t[:-1]
    return PREFIX + t if len(t) >= MIN_KEY else ""
