"""Find the City a free-text place name or an organisation name refers to."""

import re

from silkbridge.directory.models import City
from silkbridge.directory.services import normalise_text

# Other spellings used in organisation names -> the GeoNames name, per country.
CITY_ALIASES: dict[str, dict[str, str]] = {
    "KZ": {
        "karaganda": "karagandy",
        "kostanai": "kostanay",
        "zhezkazgan": "zhezqazghan",
        "nur sultan": "astana",
        "semipalatinsk": "semey",
        "uralsk": "oral",
        "petropavlovsk": "petropavl",
        "oskemen": "ust kamenogorsk",
        "aqtobe": "aktobe",
    },
    "PK": {
        "attock": "attock city",
        "wah": "wah cantt",
        "khairpur": "khairpur mirs",
        "mirpur": "new mirpur city",
    },
}
# Only large cities are looked for inside organisation names: small towns share names with words.
MIN_POPULATION_IN_NAMES = 100_000
# City names that are also ordinary words in organisation names.
AMBIGUOUS_NAMES = {"oral", "hub", "tank", "thal", "bela", "mach", "topi", "buni", "aral", "shu"}


def place_key(value: str) -> str:
    """Accent-free, lower-case words without apostrophes: `Mir's` -> `mirs`."""
    value = re.sub("['`\u2019\u02bc]", "", normalise_text(value))
    return re.sub(r"[^\w]+", " ", value).strip()


class CityIndex:
    """City lookups by name within a country, loaded once per import run."""

    def __init__(self, countries: list[str]) -> None:
        self._by_key: dict[tuple[str, str], City] = {}
        # Most populous first, so a duplicated name resolves to the larger city.
        for city in City.objects.filter(country__in=countries).order_by("-population", "pk"):
            self._by_key.setdefault((str(city.country), place_key(city.name)), city)
        self._patterns: dict[str, list[tuple[re.Pattern[str], City]]] = {}
        for country in countries:
            wanted: dict[str, City] = {}
            for (c, key), city in self._by_key.items():
                large = city.population >= MIN_POPULATION_IN_NAMES
                if c == country and large and len(key) >= 4 and key not in AMBIGUOUS_NAMES:
                    wanted[key] = city
            for alias, key in CITY_ALIASES.get(country, {}).items():
                if (country, key) in self._by_key:
                    wanted[alias] = self._by_key[(country, key)]
            self._patterns[country] = [
                (re.compile(rf"(?<!\w){re.escape(key)}(?!\w)"), city)
                for key, city in sorted(wanted.items())
            ]

    def find(self, country: str, name: str) -> City | None:
        """The city called `name` (or a known alias of it) in `country`."""
        key = place_key(name)
        key = CITY_ALIASES.get(country, {}).get(key, key)
        return self._by_key.get((country, key))

    def find_any(self, countries: list[str], name: str) -> City | None:
        """The city called `name` in the first of `countries` that has one."""
        for country in countries:
            city = self.find(country, name)
            if city is not None:
                return city
        return None

    def find_in_text(self, country: str, text: str) -> City | None:
        """A large city named inside `text` (the last one named, as in `X University, Lahore`)."""
        haystack = place_key(text)
        best: tuple[int, int, City] | None = None
        for pattern, city in self._patterns.get(country, []):
            for match in pattern.finditer(haystack):
                candidate = (match.start(), match.end() - match.start(), city)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
        return best[2] if best else None
