"""Hard cases written one by one by the team: organisations, items and queries with notes.

Each organisation's texts were written by hand; what it offers and seeks is annotated next to it
for the judges. Queries get the same rule-based grades as the rest (rules.py) and then the
overrides written here, each with its reason, where the team's reading differs from the rules.
"""

from __future__ import annotations

from datetime import date, timedelta

AS_OF = date(2026, 6, 1)

# key: (country, kind, name, city, size, languages, text language, description,
#       sectors, technologies, services, offers, needs, forms {concept: wording used})
ORGS: dict[str, tuple] = {
    "kz-h01": (
        "KZ",
        "company",
        "Saryarka Digital Bank JSC",
        "Almaty",
        "large",
        ["en", "ru", "kk"],
        "en",
        "Saryarka Digital Bank is a fully online retail bank in Almaty. We are opening accounts "
        "for Pakistani students and workers in Kazakhstan and need e-KYC onboarding that can read "
        "Pakistani CNIC cards. We run a KZT-PKR remittance corridor and offer it to mobile money "
        "providers in Pakistan as a partner channel.",
        ["banking", "fintech"],
        ["payments", "mobile"],
        [],
        ["wallet"],
        ["ekyc"],
        {"ekyc": "e-KYC onboarding", "wallet": "remittance corridor"},
    ),
    "pk-h01": (
        "PK",
        "company",
        "Tasdeeq Identity (Pvt) Ltd",
        "Lahore",
        "medium",
        ["en", "ur"],
        "en",
        "Tasdeeq builds remote identity verification for banks and lenders: reading ID documents, "
        "face matching with liveness detection and checks against national records. We want to "
        "connect our banking clients to a cross-border remittance service into Central Asia.",
        ["banking"],
        ["digital-identity", "computer-vision"],
        [],
        ["ekyc"],
        ["wallet"],
        {"ekyc": "remote identity verification", "wallet": "cross-border remittance service"},
    ),
    "pk-h02": (
        "PK",
        "company",
        "Shanakht Labs",
        "Karachi",
        "small",
        ["en", "ur"],
        "ur",
        "شناخت لیبز بینکوں اور مائیکرو فنانس اداروں کے لیے ڈیجیٹل شناخت کی تصدیق اور بائیومیٹرک "
        "تصدیق کی خدمات فراہم کرتا ہے۔ ہم شناختی کارڈ پڑھنے اور چہرے کی شناخت کا نظام چلاتے ہیں۔",
        [],
        ["digital-identity"],
        [],
        ["ekyc"],
        [],
        {"ekyc": "ڈیجیٹل شناخت کی تصدیق"},
    ),
    "pk-h03": (
        "PK",
        "company",
        "Brand Identity Studio",
        "Lahore",
        "small",
        ["en", "ur"],
        "en",
        "Brand identity, logo design and verification of brand guidelines for consumer companies. "
        "Many of our clients are banks and fintechs; we design their onboarding screens. We look "
        "for a local reseller who can bring us clients abroad.",
        ["fintech", "banking"],
        [],
        ["ux-design", "digital-marketing"],
        ["ux"],
        ["reseller"],
        {"ux": "brand identity and onboarding screen design"},
    ),
    "pk-h04": (
        "PK",
        "company",
        "Roshan Wallet (Pvt) Ltd",
        "Karachi",
        "medium",
        ["en", "ur"],
        "en",
        "Roshan Wallet is a mobile wallet with two million users across Pakistan. To open accounts "
        "without a branch visit we need biometric KYC with liveness checks. Our wallet can receive "
        "remittances from abroad.",
        ["fintech"],
        ["payments", "mobile", "digital-identity"],
        [],
        ["wallet"],
        ["ekyc"],
        {"ekyc": "biometric KYC with liveness checks", "wallet": "mobile wallet"},
    ),
    "pk-h05": (
        "PK",
        "company",
        "Fintech Pakistan Today",
        "Karachi",
        "micro",
        ["en", "ur"],
        "en",
        "A news portal on fintech, payments, digital identity and e-KYC regulation in Pakistan. We "
        "sell sponsored content, newsletters and tickets to our annual fintech summit.",
        ["fintech", "media"],
        ["payments", "digital-identity"],
        ["digital-marketing"],
        ["marketing"],
        [],
        {"marketing": "sponsored content and newsletters"},
    ),
    "kz-h02": (
        "KZ",
        "company",
        "Karaganda Cable Works LLP",
        "Karaganda",
        "large",
        ["ru", "kk"],
        "ru",
        "Завод кабельной продукции в Караганде. Ищем партнёра для внедрения ERP-системы: "
        "планирование производства, склад, закупки и финансы. Рассматриваем также решения "
        "компьютерного зрения для контроля качества изоляции.",
        ["manufacturing"],
        ["erp"],
        [],
        [],
        ["erp", "cv_inspection"],
        {
            "erp": "внедрение ERP-системы",
            "cv_inspection": "компьютерное зрение для контроля качества",
        },
    ),
    "pk-h06": (
        "PK",
        "company",
        "Ravi Enterprise Systems (Pvt) Ltd",
        "Lahore",
        "medium",
        ["en", "ur", "ru"],
        "en",
        "We roll out enterprise resource planning for manufacturers: production planning, "
        "inventory, procurement and finance on Odoo. Our Russian-speaking consultants have "
        "delivered projects in Uzbekistan and Kazakhstan. We seek a local implementation partner "
        "in Central Asia.",
        ["manufacturing"],
        ["erp"],
        ["erp-implementation"],
        ["erp"],
        ["reseller"],
        {"erp": "enterprise resource planning", "reseller": "local implementation partner"},
    ),
    "pk-h07": (
        "PK",
        "company",
        "Sialkot ERP Hub (Pvt) Ltd",
        "Sialkot",
        "small",
        ["en", "ur"],
        "en",
        "ERP implementation for exporters in Sialkot: accounting, inventory and payroll in one "
        "system. English and Urdu speaking team.",
        ["manufacturing"],
        ["erp"],
        ["erp-implementation"],
        ["erp"],
        [],
        {"erp": "ERP implementation"},
    ),
    "kz-h03": (
        "KZ",
        "company",
        "Ulytau GovTech JSC",
        "Astana",
        "large",
        ["en", "ru", "kk"],
        "en",
        "Ulytau GovTech builds digital public services for ministries and regional governments: a "
        "one-stop portal for citizen services, online permits and e-signature integration. We are "
        "looking for a soft-landing programme to open an office in Lahore or Islamabad.",
        ["e-government"],
        ["web", "digital-identity"],
        ["system-integration"],
        ["egov_portal"],
        ["market_entry"],
        {
            "egov_portal": "one-stop portal for citizen services",
            "market_entry": "soft-landing programme",
        },
    ),
    "kz-h04": (
        "KZ",
        "company",
        "Esil Web Studio",
        "Astana",
        "micro",
        ["ru", "kk", "en"],
        "en",
        "A two-person studio making websites and web portals for small businesses. We can also "
        "build government portals and online public services.",
        ["e-government"],
        ["web"],
        ["custom-software-development"],
        ["web", "egov_portal"],
        [],
        {"web": "websites and web portals", "egov_portal": "online public services"},
    ),
    "kz-h07": (
        "KZ",
        "company",
        "Tengri Verify LLP",
        "Almaty",
        "small",
        ["ru", "kk", "en"],
        "ru",
        "Разрабатываем сервис удалённой идентификации клиентов: распознавание документов, сверка "
        "лица с фотографией и проверка «живости». Работаем с банками Казахстана и Узбекистана. "
        "Ищем содействие выходу на рынок Пакистана.",
        ["fintech"],
        ["digital-identity", "computer-vision"],
        [],
        ["ekyc"],
        ["market_entry"],
        {"ekyc": "удалённая идентификация клиентов", "market_entry": "содействие выходу на рынок"},
    ),
    "pk-h11": (
        "PK",
        "company",
        "Potohar Dairies (Pvt) Ltd",
        "Rawalpindi",
        "medium",
        ["ur", "en"],
        "ur",
        "پوٹھوہار ڈیریز دودھ کی پروسیسنگ اور ترسیل کرتی ہے۔ ہمیں کولڈ چین میں درجہ حرارت کی "
        "نگرانی اور گاڑیوں کی ٹریکنگ کے لیے شراکت دار کی تلاش ہے۔",
        ["agritech", "logistics"],
        [],
        [],
        [],
        ["warehouse", "fleet"],
        {"warehouse": "کولڈ چین میں درجہ حرارت کی نگرانی", "fleet": "گاڑیوں کی ٹریکنگ"},
    ),
    "kz-h08": (
        "KZ",
        "company",
        "Alatau Logistics Software LLP",
        "Almaty",
        "small",
        ["ru", "en"],
        "en",
        "GPS monitoring of trucks, fuel sensors and trip reports for carriers in Central Asia. "
        "We need a mobile app for drivers built by an outside team.",
        ["logistics", "transport"],
        ["iot"],
        [],
        ["fleet"],
        ["mobile_dev"],
        {"fleet": "GPS monitoring of trucks", "mobile_dev": "mobile app for drivers"},
    ),
    "pk-h12": (
        "PK",
        "company",
        "Margalla Mobility (Pvt) Ltd",
        "Islamabad",
        "small",
        ["en", "ur"],
        "en",
        "We build iOS and Android apps for transport and delivery companies. We want to license a "
        "vehicle telematics engine to white-label for our clients.",
        ["transport"],
        ["mobile"],
        ["custom-software-development"],
        ["mobile_dev"],
        ["fleet"],
        {"mobile_dev": "iOS and Android apps", "fleet": "vehicle telematics engine"},
    ),
    "pk-h10": (
        "PK",
        "company",
        "AgriLearn (Pvt) Ltd",
        "Faisalabad",
        "small",
        ["en", "ur"],
        "en",
        "Online courses and an e-learning app for farmers and agricultural extension workers, "
        "with research partners at agricultural universities. We seek seed funding.",
        ["agritech", "education", "research"],
        ["e-learning"],
        [],
        ["lms"],
        ["investment"],
        {"lms": "e-learning app for farmers"},
    ),
}

# key: (org key, direction, concept, title, summary, partner kinds, status)
ITEMS: dict[str, tuple] = {
    "item-h01": (
        "kz-h01",
        "request",
        "ekyc",
        "Seeking e-KYC for onboarding customers from Pakistan",
        "We need KYC checks for holders of Pakistani CNIC cards, inside our mobile app.",
        ["company"],
        "published",
    ),
    "item-h02": (
        "pk-h01",
        "offer",
        "ekyc",
        "Identity verification API with liveness checks for banks in Kazakhstan",
        "Document reading and face match for remote account opening.",
        [],
        "published",
    ),
    "item-h03": (
        "kz-h02",
        "request",
        "erp",
        "Ищем партнёра: внедрение ERP на кабельном заводе",
        "Планирование производства, склад и закупки; работа на русском языке.",
        ["company"],
        "published",
    ),
    "item-h04": (
        "pk-h11",
        "request",
        "warehouse",
        "درکار: کولڈ چین کی نگرانی",
        "دودھ کی ترسیل کے دوران درجہ حرارت کی نگرانی کا نظام درکار ہے۔",
        [],
        "published",
    ),
    "item-h05": (
        "kz-h03",
        "offer",
        "egov_portal",
        "One-stop portal for citizen services, ready to adapt for Pakistan",
        "Online permits, e-signature integration and a citizen services portal.",
        ["authority"],
        "published",
    ),
    "item-h06": (
        "kz-h07",
        "offer",
        "ekyc",
        "Предложение: удалённая идентификация клиентов",
        "Сверка лица с фотографией документа.",
        [],
        "expired",
    ),
    "item-h07": (
        "pk-h04",
        "request",
        "ekyc",
        "Partner wanted: biometric KYC for wallet sign-up",
        "Selfie and ID card checks so users open a wallet without visiting an agent.",
        ["company"],
        "published",
    ),
}

# PITB's request, attached to the real body by its short name at build time.
PITB_ITEM = (
    "request",
    "egov_portal",
    "Partner wanted: online land-record services for citizens",
    "Digital public service delivery for land records in Punjab, integrated with the "
    "e-stamp system.",
    ["company"],
    "published",
)

QUERIES: list[dict] = [
    {
        "type": "partners_for",
        "source": "kz-h01",
        "cats": ["synonym"],
        "overrides": {"pk-h04": 1},
        "note": "Tasdeeq answers the e-KYC need and wants the remittance corridor (3); Shanakht "
        "answers it in Urdu only (2); Roshan is a peer that needs e-KYC itself but could "
        "join the corridor (1); Brand Identity Studio and the fintech news portal share "
        "words and tags but offer nothing needed (0).",
    },
    {
        "type": "candidates_for",
        "source": "item-h01",
        "cats": ["synonym"],
        "note": "Identity verification vendors in Pakistan, however they word it.",
    },
    {
        "type": "partners_for",
        "source": "pk-h01",
        "cats": ["synonym"],
        "note": "Remittance and wallet providers of Kazakhstan; Saryarka Digital Bank fits "
        "both ways.",
    },
    {
        "type": "candidates_for",
        "source": "item-h02",
        "cats": ["synonym"],
        "note": "Who in Kazakhstan seeks e-KYC (banks, wallets, AIFC).",
    },
    {
        "type": "partners_for",
        "source": "kz-h02",
        "cats": ["synonym", "language"],
        "note": "Russian-only factory: the Russian-speaking ERP firm (2) above English-only ERP "
        "firms (1); no partner is two-sided because the factory offers nothing IT.",
    },
    {
        "type": "candidates_for",
        "source": "item-h03",
        "cats": ["synonym", "language"],
        "note": "Russian request; only ERP providers who work in Russian are fully relevant.",
    },
    {
        "type": "partners_for",
        "source": "PITB",
        "cats": ["cross_kind"],
        "note": "Authority need for e-government, GIS, smart city and training; Ulytau GovTech "
        "fits "
        "both ways (wants PITB's soft landing); the two-person web studio is too small (1).",
    },
    {
        "type": "candidates_for",
        "source": "item-pitb",
        "cats": ["cross_kind", "size"],
        "note": "Large e-government integrators; a micro web studio is marginal.",
    },
    {
        "type": "candidates_for",
        "source": "item-h05",
        "cats": ["cross_kind"],
        "note": "Pakistani authorities that seek e-government portals.",
    },
    {
        "type": "partners_for",
        "source": "pk-h04",
        "cats": ["synonym"],
        "note": "KZ identity verification vendors, one described only in Russian; other wallets "
        "are "
        "peers, not partners.",
    },
    {
        "type": "partners_for",
        "source": "pk-h11",
        "cats": [],
        "note": "Urdu-only description: cold-chain monitoring and vehicle tracking providers.",
    },
    {
        "type": "candidates_for",
        "source": "item-h04",
        "cats": [],
        "note": "Urdu request for cold-chain monitoring.",
    },
    {
        "type": "partners_for",
        "source": "kz-h08",
        "cats": [],
        "note": "Margalla Mobility builds the driver app and wants a telematics engine: "
        "two-sided (3); "
        "other app developers are one-sided (2).",
    },
    {
        "type": "partners_for",
        "source": "pk-h12",
        "cats": [],
        "note": "Fleet telematics vendors of Kazakhstan; Alatau needs a mobile app too (3).",
    },
    {
        "type": "opportunities_for",
        "source": "pk-h06",
        "cats": ["language"],
        "note": "ERP requests of Kazakhstan including a Russian one the firm can serve in Russian.",
    },
    {
        "type": "opportunities_for",
        "source": "kz-h07",
        "cats": ["synonym"],
        "note": "Pakistani e-KYC requests for a Russian-described vendor; its own expired offer is "
        "not an opportunity for anyone.",
    },
    {
        "type": "partners_for",
        "source": "pk-h10",
        "cats": ["tag_distractors"],
        "note": "An agri e-learning company: investors and agritech funds are relevant; "
        "agricultural universities share tags but seek joint programmes, not an LMS, unless "
        "they said so.",
    },
]


def add_orgs(b) -> None:
    for key, row in ORGS.items():
        (
            country,
            kind,
            name,
            city,
            size,
            langs,
            lang,
            desc,
            sectors,
            techs,
            services,
            offers,
            needs,
            forms,
        ) = row
        org = {
            "id": key,
            "country": country,
            "kind": kind,
            "name": name,
            "short_name": "",
            "city": city,
            "size": size,
            "languages": langs,
            "fictional": True,
            "description": desc,
            "sectors": sorted(sectors),
            "technologies": sorted(techs),
            "services": sorted(services),
        }
        b.orgs.append(org)
        b.used_names.add(name)
        b.annotations[key] = {
            "id": key,
            "offers": offers,
            "needs": needs,
            "text_language": lang,
            "archetype": "handwritten",
            "forms": forms,
        }


def _put_item(b, item_id: str, org: dict, row: tuple) -> None:
    from concepts import BY_KEY

    direction, concept, title, summary, kinds, status = row
    expires = AS_OF + timedelta(days=120) if status == "published" else AS_OF - timedelta(days=30)
    k = BY_KEY[concept]
    lang = (
        "ru"
        if any("а" <= ch <= "я" for ch in title)
        else ("ur" if any("\u0600" <= ch <= "\u06ff" for ch in title) else "en")
    )
    b.items.append(
        {
            "id": item_id,
            "org_id": org["id"],
            "direction": direction,
            "type": k.type,
            "title": title,
            "summary": summary,
            "sectors": list(k.sectors),
            "technologies": list(k.technologies),
            "target_country": "PK" if org["country"] == "KZ" else "KZ",
            "partner_kinds": kinds,
            "languages": list(org["languages"]),
            "status": status,
            "expires_on": expires.isoformat(),
        }
    )
    b.annotations[item_id] = {
        "id": item_id,
        "concept": concept,
        "text_language": lang,
        "forms": {concept: title},
    }


def add_items(b) -> None:
    by_id = {o["id"]: o for o in b.orgs}
    for item_id, (org_key, *rest) in ITEMS.items():
        _put_item(b, item_id, by_id[org_key], tuple(rest))
    pitb = next(o for o in b.orgs if o["short_name"] == "PITB")
    _put_item(b, "item-pitb", pitb, PITB_ITEM)


def queries(b) -> list[dict]:
    """The hand-written queries with their sources resolved to ids."""
    pitb = next(o for o in b.orgs if o["short_name"] == "PITB")
    out = []
    for q in QUERIES:
        source = pitb["id"] if q["source"] == "PITB" else q["source"]
        out.append({**q, "source": source})
    return out
