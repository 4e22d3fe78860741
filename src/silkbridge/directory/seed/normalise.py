"""How the raw sources are read: name tidying, join keys and the mapping tables.

Plain functions and constants, kept apart from the loader so they can be read and tested alone.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from silkbridge.directory.services import normalise_text, website_domain

# Hipo's free-text `state-province` -> ISO 3166-2.
PROVINCES: dict[str, str] = {
    "punjab": "PK-PB",
    "panjab": "PK-PB",
    "sindh": "PK-SD",
    "khyber pakhtunkhwa": "PK-KP",
    "kp": "PK-KP",
    "kpk": "PK-KP",
    "nwfp": "PK-KP",
    "balochistan": "PK-BA",
    "baluchistan": "PK-BA",
    "islamabad": "PK-IS",
    "islamabad capital territory": "PK-IS",
    "gilgit-baltistan": "PK-GB",
    "gilgit baltistan": "PK-GB",
    "azad kashmir": "PK-JK",
    "azad jammu and kashmir": "PK-JK",
    "ajk": "PK-JK",
}

# Curated free-text focus tags -> taxonomy terms.
FOCUS_TERMS: dict[str, list[tuple[str, str]]] = {
    "e-government": [("sector", "e-government")],
    "online public services": [("sector", "e-government")],
    "public services": [("sector", "e-government")],
    "one-stop shop": [("sector", "e-government")],
    "digital services": [("sector", "e-government")],
    "digital policy": [("sector", "e-government")],
    "provincial it": [("sector", "e-government")],
    "digital identity": [("sector", "e-government"), ("technology", "digital-identity")],
    "identity verification": [("technology", "digital-identity")],
    "telecom": [("sector", "telecom")],
    "telecom regulation": [("sector", "telecom")],
    "fintech": [("sector", "fintech")],
    "regulatory sandbox": [("sector", "fintech")],
    "payments": [("sector", "fintech"), ("technology", "payments")],
    "banking": [("sector", "banking")],
    "banking regulation": [("sector", "banking")],
    "open banking": [("sector", "banking"), ("technology", "open-banking")],
    "central bank digital currency": [("sector", "banking")],
    "capital markets": [("sector", "banking")],
    "higher education": [("sector", "education")],
    "academic mobility": [("sector", "education")],
    "scholarships": [("sector", "education")],
    "digital skills": [("sector", "education"), ("service", "training")],
    "research": [("sector", "research")],
    "r&d": [("sector", "research")],
    "technology transfer": [("sector", "research"), ("service", "technology-transfer")],
    "acceleration": [("service", "training")],
}

# Words in an organisation's name that say which sector it works in.
NAME_SECTORS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"agricult|agrarian|veterinar|animal|plant|cotton|crop", re.I), "agritech"),
    (
        re.compile(r"medic|health|hospital|dental|cardio|surg|cancer|pathology|diabet", re.I),
        "health",
    ),
    (re.compile(r"textile|fashion", re.I), "textiles"),
    (re.compile(r"telecom", re.I), "telecom"),
    (re.compile(r"power|energy|petroleum|nuclear|atomic|munaygas|\beni\b", re.I), "energy"),
    (re.compile(r"mining|metallurg|nonferrous", re.I), "mining"),
    (re.compile(r"financ|bank|economic", re.I), "banking"),
]
# Typographic quotes (curly, low-9, guillemets) -> straight ones.
QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
    }
)
LOWER_WORDS = {"of", "and", "the", "for", "in", "on", "at", "by", "to", "de", "la"}


def clean_name(raw: str) -> str:
    """Tidy a source's name: one space, straight quotes, no wrapping quotes, no SHOUTING."""
    name = unicodedata.normalize("NFC", raw or "").translate(QUOTES)
    name = re.sub(r"\s+", " ", name).strip()
    name = re.sub(r"\s+([,.;:)])", r"\1", name)
    if len(name) > 1 and name[0] == name[-1] == '"':
        name = name[1:-1].strip()
    letters = [ch for ch in name if ch.isalpha()]
    if len(letters) > 6 and all(ch.isupper() for ch in letters):
        name = " ".join(_title_word(word, i) for i, word in enumerate(name.split(" ")))
    return name


def _title_word(word: str, position: int) -> str:
    lower = word.lower()
    if position and lower in LOWER_WORDS:
        return lower
    if len([ch for ch in word if ch.isalpha()]) <= 3:
        return word  # short all-caps words are usually acronyms: JSC, LLP, NED
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def name_key(name: str) -> str:
    """A join key that ignores case, accents, punctuation, `the` and (ACRONYMS) in brackets."""
    key = normalise_text(name).replace("&", " and ")
    key = re.sub(r"\([^)]*\)", " ", key)
    key = re.sub(r"^the\s+", "", key.strip())
    return re.sub(r"[\W_]+", "", key)


def identifying_domain(url: str) -> str:
    """The site's domain if it identifies one body; empty for a page on a shared portal."""
    if not url:
        return ""
    path = urlsplit(url if "://" in url else f"http://{url}").path
    return website_domain(url) if path in ("", "/") else ""
