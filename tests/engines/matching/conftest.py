"""A small two-country world whose right answers are known, and a factory to index it."""

from __future__ import annotations

from datetime import date

import pytest

from silkbridge.engines.matching import HistoryEdge, Item, MatchIndex, Profile

LABELS = {
    "sector:e-government": "E-government",
    "sector:fintech": "Fintech",
    "sector:banking": "Banking",
    "sector:education": "Education",
    "sector:research": "Research and science",
    "technology:payments": "Digital payments",
    "technology:cybersecurity": "Cybersecurity technology",
    "technology:ai-ml": "Artificial intelligence and machine learning",
    "service:software-development": "Software development",
}
ALIASES = {
    "technology:payments": ("Цифровые платежи", "ڈیجیٹل ادائیگیاں"),
    "technology:cybersecurity": ("Технологии кибербезопасности",),
}

GATEWAY = "Payment gateway integration for banks with card processing"


def world_profiles() -> list[Profile]:
    return [
        Profile(
            1,
            "KZ",
            "authority",
            languages=("ru", "kk"),
            sectors=("e-government",),
            description="Ministry of digital development and e-services",
            name="MinDigital",
        ),
        Profile(
            2,
            "PK",
            "company",
            size="small",
            languages=("en", "ru"),
            sectors=("fintech",),
            technologies=("payments",),
            description="Fintech software house",
            name="PayCo",
        ),
        Profile(
            3,
            "PK",
            "academic",
            size="large",
            languages=("en", "ur"),
            sectors=("education", "research"),
            technologies=("ai-ml",),
            description="University of computing and machine learning",
            name="PakUni",
        ),
        Profile(
            4,
            "KZ",
            "academic",
            size="large",
            languages=("ru", "en"),
            sectors=("education", "research"),
            technologies=("ai-ml",),
            description="Astana university, machine learning research",
            name="AstanaU",
        ),
        Profile(
            5,
            "KZ",
            "company",
            size="small",
            languages=("ru", "en"),
            sectors=("banking",),
            technologies=("payments",),
            description="Retail bank",
            name="KazBank",
        ),
        Profile(
            6,
            "PK",
            "company",
            size="small",
            languages=("en", "ru"),
            sectors=("fintech",),
            technologies=("payments",),
            description="Fintech software house",
            name="GateOnly",
        ),
        Profile(
            7,
            "KZ",
            "company",
            size="small",
            languages=("ru", "en"),
            sectors=("fintech",),
            technologies=("payments",),
            description="Fintech software house",
            name="LocalPay",
        ),
        Profile(
            8,
            "PK",
            "company",
            size="medium",
            languages=("en",),
            sectors=("e-government",),
            technologies=("cybersecurity",),
            description="Identity verification and e-KYC for government services",
            name="IdentiPK",
        ),
        Profile(
            9,
            "PK",
            "company",
            size="micro",
            languages=("ur",),
            sectors=("textiles",),
            description="Cotton yarn exporter",
            name="Yarns",
        ),
    ]


def world_items() -> list[Item]:
    return [
        Item(
            10,
            1,
            "need",
            "Citizen identity verification platform for e-services",
            technologies=("cybersecurity",),
            kind="egov",
            partner_kinds=("company",),
            title="Identity verification for e-government",
        ),
        Item(
            11,
            5,
            "need",
            "Looking for a payment gateway integration partner for card processing",
            technologies=("payments",),
            kind="technology",
            title="Payments partner",
        ),
        Item(
            12,
            2,
            "offer",
            GATEWAY,
            technologies=("payments",),
            kind="technology",
            title="Payment gateway integration",
        ),
        Item(
            13,
            2,
            "need",
            "Distributor to resell our banking software in Kazakhstan",
            kind="business",
            title="Reseller in Kazakhstan",
        ),
        Item(
            14,
            5,
            "offer",
            "We resell and distribute banking software across Kazakhstan",
            kind="business",
            title="Software distribution network",
        ),
        Item(
            15,
            6,
            "offer",
            GATEWAY,
            technologies=("payments",),
            kind="technology",
            title="Payment gateway integration",
        ),
        Item(
            16,
            7,
            "offer",
            GATEWAY,
            technologies=("payments",),
            kind="technology",
            title="Payment gateway integration",
        ),
        Item(
            17,
            3,
            "need",
            "Joint degree programme in machine learning with a university",
            technologies=("ai-ml",),
            kind="research",
            title="Joint programme",
        ),
        Item(
            18,
            6,
            "offer",
            "Old card processing offer, withdrawn",
            technologies=("payments",),
            kind="technology",
            open=False,
            title="Withdrawn offer",
        ),
    ]


HISTORY = [
    HistoryEdge(5, 20, date(2024, 5, 1), "introduction"),
    HistoryEdge(6, 20, date(2025, 3, 1), "venture"),
]


@pytest.fixture
def build():
    """Factory: an index of the world, with optional changes."""

    def make(profiles=None, items=None, history=(), **options) -> MatchIndex:
        return MatchIndex.build(
            world_profiles() if profiles is None else profiles,
            world_items() if items is None else items,
            history,
            taxonomy_labels=LABELS,
            taxonomy_aliases=ALIASES,
            **options,
        )

    return make


def ids(suggestions) -> list[int]:
    return [s.target_id for s in suggestions]


def snapshot(suggestions) -> list:
    return [
        (
            s.target_id,
            s.score,
            s.probability,
            s.signals,
            [(r.code, dict(r.params), r.text) for r in s.reasons],
        )
        for s in suggestions
    ]
