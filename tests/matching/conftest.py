"""Matching fixtures: a small KZ/PK directory where the fintech pair clearly fits, and a fresh
in-process index for every test (the index holder is per process)."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_index(settings, tmp_path):
    from silkbridge.matching import services

    settings.MATCHING_INDEX_DIR = tmp_path / "matching-index"
    services.reset_index()
    yield
    services.reset_index()


@pytest.fixture
def fintech_terms(make_term):
    return {
        "fintech": make_term("sector", "fintech", "Fintech", label_ru="Финтех"),
        "payments": make_term("technology", "payments", "Payment systems", label_ru="Платежи"),
    }


@pytest.fixture
def world(make_organisation, make_opportunity, fintech_terms, organisation, other_organisation):
    """organisation (KZ) seeks a payments partner; other_organisation (PK) offers one; a third
    PK organisation is unrelated; a KZ peer is the same country (never suggested)."""
    from silkbridge.directory.models import Organisation

    fintech, payments = fintech_terms["fintech"], fintech_terms["payments"]
    organisation.sectors.set([fintech])
    organisation.languages = ["en", "ru"]
    organisation.save()
    Organisation.objects.filter(pk=other_organisation.pk).update(
        description="Payment gateway integration, open banking APIs and card processing.",
        languages=["en", "ur"],
    )
    other_organisation.refresh_from_db()
    other_organisation.sectors.set([fintech])
    other_organisation.technologies.set([payments])
    unrelated = make_organisation(
        "Karachi Textiles", country="PK", description="Cotton weaving and garment export."
    )
    peer = make_organisation(
        "Astana Payments", country="KZ", description="Payment gateway integration."
    )
    peer.sectors.set([fintech])
    need = make_opportunity(
        organisation,
        title="Payment gateway integration partner",
        summary="We seek a partner for payment gateway integration and open banking APIs.",
        direction="request",
        target_country="PK",
        sectors=[fintech],
        technologies=[payments],
    )
    offer = make_opportunity(
        other_organisation,
        title="Card processing and payment gateway",
        summary="We offer payment gateway integration and card processing for banks.",
        direction="offer",
        target_country="KZ",
        sectors=[fintech],
        technologies=[payments],
    )
    return {"unrelated": unrelated, "peer": peer, "need": need, "offer": offer}
