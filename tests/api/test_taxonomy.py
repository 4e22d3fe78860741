"""The taxonomy over the API: public to read, edited by the secretariat only."""

import pytest

from silkbridge.directory.models import Term
from tests.api.helpers import error_of
from tests.conftest import PERSONAS

SECRETARIAT_ONLY = {
    "secretariat": 200,
    "observer": 403,
    "org_admin": 403,
    "member": 403,
    "outsider": 403,
    "anonymous": 401,
}


def test_terms_can_be_listed_by_vocabulary(client, make_term):
    # given terms in two vocabularies
    make_term("sector", "fintech", "Fintech", label_ru="Финтех")
    make_term("technology", "python", "Python")

    # when sectors are asked for
    response = client.get("/api/v1/taxonomy", {"vocabulary": "sector"})

    # then only sectors come back, with their labels in each language
    assert response.status_code == 200
    assert [(t["slug"], t["label_ru"]) for t in response.json()] == [("fintech", "Финтех")]


def test_the_label_follows_the_requested_language(client, make_term):
    make_term("sector", "fintech", "Fintech", label_ru="Финтех")

    response = client.get("/api/v1/taxonomy", headers={"accept-language": "ru"})

    assert response.json()[0]["label"] == "Финтех"


def test_an_unknown_vocabulary_is_a_validation_error(client, db):
    response = client.get("/api/v1/taxonomy", {"vocabulary": "colour"})

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["vocabulary"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_adds_terms(persona_client, persona, db):
    response = persona_client(persona).post(
        "/api/v1/taxonomy",
        {"vocabulary": "service", "slug": "audit", "label_en": "Audit"},
        content_type="application/json",
    )

    expected = SECRETARIAT_ONLY[persona]
    assert response.status_code == (201 if expected == 200 else expected)
    assert Term.objects.filter(slug="audit").exists() is (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_secretariat_renames_terms(persona_client, persona, make_term, organisation):
    term = make_term("sector", "fintech", "Fintech")

    response = persona_client(persona).patch(
        f"/api/v1/taxonomy/{term.pk}",
        {"label_en": "Financial technology"},
        content_type="application/json",
    )

    assert response.status_code == SECRETARIAT_ONLY[persona]
    term.refresh_from_db()
    expected = "Financial technology" if response.status_code == 200 else "Fintech"
    assert term.label_en == expected
    assert term.slug == "fintech"


def test_a_duplicate_slug_in_a_vocabulary_is_a_conflict(persona_client, secretariat, make_term):
    # given a sector "fintech"
    make_term("sector", "fintech", "Fintech")

    # when the secretariat adds another sector with that slug
    response = persona_client("secretariat").post(
        "/api/v1/taxonomy",
        {"vocabulary": "sector", "slug": "fintech", "label_en": "Fin"},
        content_type="application/json",
    )

    # then it is a conflict, and there is still one
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"
    assert Term.objects.filter(vocabulary="sector", slug="fintech").count() == 1


def test_an_unknown_term_is_not_found(persona_client, secretariat):
    response = persona_client("secretariat").patch(
        "/api/v1/taxonomy/999999", {"label_en": "X"}, content_type="application/json"
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
