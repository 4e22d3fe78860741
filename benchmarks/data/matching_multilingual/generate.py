"""Writes the multilingual matching set: organisations in en/ru/kk/ur and graded judgements.

    .venv/bin/python benchmarks/data/matching_multilingual/generate.py

Deterministic (fixed seed). The judgements follow from what each organisation offers and seeks
(`CONCEPTS` keys), decided here before any system was run on the set; never from a ranking.
Never imports Silkbridge.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261207
LANGS = ("en", "ru", "kk", "ur")

#: Partnership concepts, two wordings per language. Many IT terms are loanwords shared with
#: English (финтех, блокчейн, سائبر سیکیورٹی); others are native words (машинное обучение).
CONCEPTS: dict[str, dict[str, tuple[str, str]]] = {
    "mobile": {
        "en": ("mobile app development", "iOS and Android applications"),
        "ru": ("разработка мобильных приложений", "мобильные приложения для iOS и Android"),
        "kk": ("мобильді қосымшалар әзірлеу", "iOS және Android қосымшалары"),
        "ur": ("موبائل ایپ ڈویلپمنٹ", "موبائل ایپلیکیشنز کی تیاری"),
    },
    "cyber": {
        "en": ("cybersecurity audits", "penetration testing and security operations"),
        "ru": ("кибербезопасность и аудит защиты", "тестирование на проникновение"),
        "kk": ("киберқауіпсіздік аудиті", "ақпараттық қауіпсіздік қызметтері"),
        "ur": ("سائبر سیکیورٹی آڈٹ", "سائبر سیکیورٹی خدمات"),
    },
    "payments": {
        "en": ("fintech payment gateway", "online payments processing"),
        "ru": ("финтех и платёжный шлюз", "приём онлайн-платежей"),
        "kk": ("финтех төлем шлюзі", "онлайн төлемдерді қабылдау"),
        "ur": ("فن ٹیک پیمنٹ گیٹ وے", "آن لائن ادائیگیوں کا نظام"),
    },
    "cloud": {
        "en": ("cloud hosting and migration", "managed cloud infrastructure"),
        "ru": ("облачный хостинг и миграция в облако", "управляемая облачная инфраструктура"),
        "kk": ("бұлтты хостинг", "бұлттық инфрақұрылым"),
        "ur": ("کلاؤڈ ہوسٹنگ", "کلاؤڈ انفراسٹرکچر کی منتقلی"),
    },
    "erp": {
        "en": ("ERP implementation", "enterprise resource planning software"),
        "ru": ("внедрение ERP-систем", "ERP для предприятий"),
        "kk": ("ERP жүйелерін енгізу", "кәсіпорынға арналған ERP"),
        "ur": ("ای آر پی سسٹم کا نفاذ", "ERP سافٹ ویئر"),
    },
    "elearning": {
        "en": ("e-learning platform", "online courses and learning management system"),
        "ru": ("платформа электронного обучения", "онлайн-курсы и LMS"),
        "kk": ("электрондық оқыту платформасы", "онлайн курстар"),
        "ur": ("ای لرننگ پلیٹ فارم", "آن لائن کورسز"),
    },
    "ai": {
        "en": ("data analytics and machine learning", "artificial intelligence models"),
        "ru": ("аналитика данных и машинное обучение", "искусственный интеллект"),
        "kk": ("деректер аналитикасы және машиналық оқыту", "жасанды интеллект"),
        "ur": ("ڈیٹا اینالیٹکس اور مشین لرننگ", "مصنوعی ذہانت"),
    },
    "ecommerce": {
        "en": ("e-commerce marketplace", "online store development"),
        "ru": ("маркетплейс электронной коммерции", "разработка интернет-магазина"),
        "kk": ("электрондық коммерция маркетплейсі", "интернет-дүкен"),
        "ur": ("ای کامرس مارکیٹ پلیس", "آن لائن اسٹور"),
    },
    "logistics": {
        "en": ("logistics tracking software", "fleet management system"),
        "ru": ("логистика и отслеживание грузов", "система управления автопарком"),
        "kk": ("логистика және жүк бақылау", "көлік паркін басқару"),
        "ur": ("لاجسٹکس ٹریکنگ سافٹ ویئر", "فلیٹ مینجمنٹ سسٹم"),
    },
    "telemedicine": {
        "en": ("telemedicine platform", "remote patient consultations"),
        "ru": ("телемедицина", "дистанционные консультации пациентов"),
        "kk": ("телемедицина платформасы", "науқастарды қашықтан кеңес беру"),
        "ur": ("ٹیلی میڈیسن پلیٹ فارم", "مریضوں سے ریموٹ مشاورت"),
    },
    "agritech": {
        "en": ("precision agriculture sensors", "agritech and smart farming"),
        "ru": ("точное земледелие и датчики", "агротех и умное фермерство"),
        "kk": ("дәл егіншілік датчиктері", "агротех"),
        "ur": ("زرعی ٹیکنالوجی", "سمارٹ فارمنگ سینسرز"),
    },
    "blockchain": {
        "en": ("blockchain solutions", "smart contracts"),
        "ru": ("блокчейн-решения", "смарт-контракты"),
        "kk": ("блокчейн шешімдері", "смарт-келісімшарттар"),
        "ur": ("بلاک چین حل", "سمارٹ کنٹریکٹس"),
    },
}

#: Closely related concepts: a partner for one is a weak (grade 1) partner for the other.
RELATED = {
    frozenset(p)
    for p in (
        ("cloud", "cyber"),
        ("payments", "blockchain"),
        ("payments", "ecommerce"),
        ("mobile", "ecommerce"),
        ("erp", "logistics"),
        ("ai", "agritech"),
    )
}

TEMPLATES = {
    "en": (
        "{name} is a company from {city}. We offer {offer}. "
        "We are looking for a partner for {need}.",
        "Based in {city}, {name} provides {offer} to clients in the region. "
        "We need {need} and seek a partner abroad.",
    ),
    "ru": (
        "{name} — компания из города {city}. Мы предлагаем {offer}. Ищем партнёра: {need}.",
        "{name} работает в городе {city} и оказывает услуги: {offer}. Нам нужна помощь: {need}.",
    ),
    "kk": (
        "{name} — {city} қаласындағы компания. Біз ұсынамыз: {offer}. "
        "Бізге серіктес қажет: {need}.",
        "{name} {city} қаласында жұмыс істейді, қызметтері: {offer}. Біз іздейміз: {need}.",
    ),
    "ur": (
        "{name} {city} کی ایک کمپنی ہے۔ ہم {offer} فراہم کرتے ہیں۔ "
        "ہمیں {need} کے لیے شراکت دار کی تلاش ہے۔",
        "{name} {city} میں کام کرتی ہے اور {offer} پیش کرتی ہے۔ ہمیں {need} درکار ہے۔",
    ),
}

CITIES = {
    "KZ": ("Almaty", "Astana", "Shymkent", "Karaganda"),
    "PK": ("Lahore", "Karachi", "Islamabad", "Faisalabad"),
}
CITY_NAMES = {
    "Almaty": {"ru": "Алматы", "kk": "Алматы"},
    "Astana": {"ru": "Астана", "kk": "Астана"},
    "Shymkent": {"ru": "Шымкент", "kk": "Шымкент"},
    "Karaganda": {"ru": "Караганда", "kk": "Қарағанды"},
    "Lahore": {"ur": "لاہور"},
    "Karachi": {"ur": "کراچی"},
    "Islamabad": {"ur": "اسلام آباد"},
    "Faisalabad": {"ur": "فیصل آباد"},
}
NAMES = {
    "KZ": (
        "Dala",
        "Steppe",
        "Nomad",
        "Altyn",
        "Samruk",
        "Tulpar",
        "Zhibek",
        "Kok",
        "Baiterek",
        "Orda",
    ),
    "PK": (
        "Indus",
        "Ravi",
        "Margalla",
        "Chenab",
        "Sapna",
        "Noor",
        "Zaitoon",
        "Karakoram",
        "Jhelum",
        "Saba",
    ),
}
SUFFIX = ("Tech", "Systems", "Digital", "Labs", "Soft", "Solutions")
N_PER_COUNTRY = 60
N_QUERIES = 64
#: Working language of a profile per country: about half English, the rest in the country's
#: other languages.
LANG_WEIGHTS = {"KZ": {"en": 0.5, "ru": 0.3, "kk": 0.2}, "PK": {"en": 0.5, "ur": 0.5}}


def grade(a: dict, b: dict) -> int:
    """3: two-sided exact fit; 2: exact fit one way; 1: related fit either way; else 0."""
    b_answers, a_answers = b["offers"] == a["seeks"], a["offers"] == b["seeks"]
    if b_answers and a_answers:
        return 3
    if b_answers or a_answers:
        return 2
    pairs = {frozenset((b["offers"], a["seeks"])), frozenset((a["offers"], b["seeks"]))}
    return 1 if pairs & RELATED else 0


def main() -> None:
    rng = random.Random(SEED)
    keys = sorted(CONCEPTS)
    orgs, notes = [], []
    for country in ("KZ", "PK"):
        langs, weights = zip(*LANG_WEIGHTS[country].items(), strict=True)
        for n in range(1, N_PER_COUNTRY + 1):
            lang = rng.choices(langs, weights)[0]
            offers, seeks = rng.sample(keys, 2)
            city = rng.choice(CITIES[country])
            name = f"{rng.choice(NAMES[country])} {rng.choice(SUFFIX)} {n}"
            text = rng.choice(TEMPLATES[lang]).format(
                name=name,
                city=CITY_NAMES[city].get(lang, city),
                offer=rng.choice(CONCEPTS[offers][lang]),
                need=rng.choice(CONCEPTS[seeks][lang]),
            )
            oid = f"{country.lower()}-{n:03d}"
            orgs.append(
                {
                    "id": oid,
                    "country": country,
                    "kind": "company",
                    "name": name,
                    "short_name": "",
                    "city": city,
                    "size": "small",
                    "languages": [lang],
                    "fictional": True,
                    "description": text,
                    "sectors": [],
                    "technologies": [],
                    "services": [],
                }
            )
            notes.append({"id": oid, "language": lang, "offers": offers, "seeks": seeks})
    queries = []
    # Queries: half English, half Russian/Kazakh/Urdu sources, each with a grade >= 2 possible.
    english = [n for n in notes if n["language"] == "en"]
    other = [n for n in notes if n["language"] != "en"]
    rng.shuffle(english)
    rng.shuffle(other)
    chosen = english[: N_QUERIES // 2] + other[: N_QUERIES // 2]
    for src in sorted(chosen, key=lambda n: n["id"]):
        country = src["id"][:2].upper()
        judged = {}
        for cand in notes:
            if cand["id"][:2].upper() == country:
                continue
            g = grade(src, cand)
            if g:
                judged[cand["id"]] = g
        if not any(g >= 2 for g in judged.values()):
            continue
        queries.append(
            {
                "id": f"ml-{src['id']}",
                "type": "partners_for",
                "source": src["id"],
                "country": country,
                "language": src["language"],
                "categories": ["english_query" if src["language"] == "en" else "non_english_query"],
                "judgements": judged,
            }
        )
    split = random.Random(SEED + 1)
    ids = [q["id"] for q in queries]
    split.shuffle(ids)
    held_out = set(ids[: len(ids) // 2])
    for q in queries:
        q["half"] = "held_out" if q["id"] in held_out else "development"
    write = lambda name, rows: (HERE / name).write_text(  # noqa: E731
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    write("organisations.jsonl", orgs)
    write("items.jsonl", [])
    write("history.jsonl", [])
    write("queries.jsonl", queries)
    write("annotations.jsonl", notes)
    manifest = {
        "as_of": "2026-12-01",
        "seed": SEED,
        "organisations": len(orgs),
        "queries": len(queries),
        "queries_by_language": {
            lang: sum(q["language"] == lang for q in queries) for lang in LANGS
        },
        "held_out": len(held_out),
    }
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
