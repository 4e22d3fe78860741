"""What demo companies look like: archetypes by line of business, sizes, languages, certificates.

Plain data read by seed.demo; kept apart so the generator stays readable.
"""

from dataclasses import dataclass

from silkbridge.directory.models import LANGUAGE_CHOICES, OrganisationSize


@dataclass(frozen=True)
class Archetype:
    """A kind of IT company: what it works on, sells and builds, and how it says so."""

    key: str
    weight: int
    sectors: tuple[str, ...]
    technologies: tuple[str, ...]
    services: tuple[str, ...]
    blurb: str
    certifications: tuple[tuple[str, float], ...] = ()


ARCHETYPES = (
    Archetype(
        "fintech",
        12,
        ("fintech", "banking", "insurance", "retail-e-commerce"),
        ("payments", "open-banking", "mobile", "cloud", "blockchain", "ai-ml", "data-analytics"),
        (
            "custom-software-development",
            "system-integration",
            "product-development",
            "qa-testing",
            "security-audit",
        ),
        "builds payment, lending and open-banking products for banks and fintechs",
        (("PCI DSS", 0.4),),
    ),
    Archetype(
        "govtech",
        8,
        ("e-government", "health", "education", "transport"),
        ("digital-identity", "web", "cloud", "gis", "data-analytics", "low-code", "mobile"),
        (
            "system-integration",
            "custom-software-development",
            "it-consulting",
            "support-maintenance",
            "training",
        ),
        "delivers e-services, registries and citizen portals for public agencies",
    ),
    Archetype(
        "outsourcing",
        16,
        ("retail-e-commerce", "fintech", "media", "logistics", "health", "tourism"),
        ("web", "mobile", "cloud", "devops", "data-analytics", "low-code"),
        (
            "it-outsourcing",
            "staff-augmentation",
            "custom-software-development",
            "qa-testing",
            "support-maintenance",
            "bpo",
        ),
        "provides dedicated development teams and offshore delivery for clients abroad",
        (("CMMI Level 3", 0.15),),
    ),
    Archetype(
        "data-ai",
        10,
        ("fintech", "health", "retail-e-commerce", "telecom", "agritech", "research"),
        ("ai-ml", "nlp", "computer-vision", "data-analytics", "big-data", "cloud"),
        ("data-engineering", "it-consulting", "product-development", "research-development"),
        "builds machine-learning models and data platforms",
    ),
    Archetype(
        "telecom-iot",
        6,
        ("telecom", "energy", "manufacturing", "transport", "mining"),
        ("iot", "embedded", "5g-networks", "cloud", "data-analytics"),
        ("system-integration", "managed-services", "support-maintenance", "hosting"),
        "connects devices, networks and industrial sites",
    ),
    Archetype(
        "edtech",
        6,
        ("education", "research"),
        ("e-learning", "mobile", "web", "ai-ml", "ar-vr"),
        ("product-development", "training", "localisation", "internships"),
        "builds learning platforms and digital-skills programmes",
    ),
    Archetype(
        "healthtech",
        5,
        ("health", "insurance"),
        ("health-it", "mobile", "cloud", "ai-ml", "data-analytics"),
        ("custom-software-development", "system-integration", "support-maintenance"),
        "digitises clinics, laboratories and health insurance",
    ),
    Archetype(
        "agritech",
        4,
        ("agritech", "logistics", "energy"),
        ("iot", "gis", "data-analytics", "mobile", "computer-vision"),
        ("product-development", "it-consulting", "research-development"),
        "helps farms and food processors plan, monitor and trade their harvest",
    ),
    Archetype(
        "ecommerce",
        7,
        ("retail-e-commerce", "logistics", "tourism", "textiles"),
        ("web", "mobile", "payments", "crm", "cloud"),
        ("custom-software-development", "digital-marketing", "ux-design", "hosting"),
        "builds online shops, marketplaces and delivery apps",
    ),
    Archetype(
        "security",
        6,
        ("cybersecurity", "banking", "e-government", "telecom"),
        ("cybersecurity", "cloud", "ai-ml", "digital-identity"),
        ("security-audit", "managed-services", "training", "it-consulting"),
        "protects banks, operators and public agencies from cyber threats",
        (("ISO/IEC 27001", 0.5), ("SOC 2 Type II", 0.2), ("ISO 22301", 0.1)),
    ),
    Archetype(
        "erp",
        8,
        ("manufacturing", "retail-e-commerce", "mining", "energy", "construction", "textiles"),
        ("erp", "crm", "rpa", "cloud", "data-analytics", "low-code"),
        (
            "erp-implementation",
            "system-integration",
            "it-consulting",
            "training",
            "support-maintenance",
        ),
        "implements ERP, CRM and process automation for industry",
        (("ISO/IEC 20000-1", 0.15),),
    ),
    Archetype(
        "games-media",
        4,
        ("media", "tourism", "education"),
        ("game-development", "ar-vr", "mobile", "web"),
        ("product-development", "ux-design", "localisation"),
        "makes games, interactive media and immersive experiences",
    ),
    Archetype(
        "logistics",
        5,
        ("logistics", "transport", "retail-e-commerce", "mining"),
        ("gis", "iot", "mobile", "cloud", "data-analytics", "erp"),
        ("custom-software-development", "system-integration", "managed-services"),
        "tracks cargo, fleets and warehouses along the Central and South Asian trade corridors",
    ),
)
GENERAL_CERTIFICATIONS = (
    ("ISO 9001", 0.25),
    ("ISO/IEC 27001", 0.2),
    ("CMMI Level 3", 0.06),
    ("CMMI Level 5", 0.02),
    ("ISO/IEC 20000-1", 0.04),
    ("SOC 2 Type II", 0.03),
)
# (size, weight, headcount range, founding years, certification likelihood factor)
SIZES = (
    (OrganisationSize.MICRO, 25, (3, 9), (2015, 2024), 0.2),
    (OrganisationSize.SMALL, 40, (10, 49), (2008, 2024), 0.5),
    (OrganisationSize.MEDIUM, 22, (50, 249), (2000, 2022), 1.0),
    (OrganisationSize.LARGE, 10, (250, 999), (1995, 2018), 1.6),
    (OrganisationSize.ENTERPRISE, 3, (1000, 4000), (1992, 2012), 2.2),
)
LANGUAGES = {
    "KZ": (
        ("kk", 0.8),
        ("ru", 0.97),
        ("en", 0.85),
        ("zh", 0.06),
        ("tr", 0.06),
        ("de", 0.03),
        ("uz", 0.03),
    ),
    "PK": (("en", 1.0), ("ur", 0.9), ("ar", 0.07), ("zh", 0.06), ("pa", 0.05)),
}
LANGUAGE_ORDER = {code: i for i, (code, _label) in enumerate(LANGUAGE_CHOICES)}
# Capitals host more IT firms than their population alone suggests.
CITY_BOOST = {("PK", "Islamabad"): 25.0, ("KZ", "Astana"): 1.5}
