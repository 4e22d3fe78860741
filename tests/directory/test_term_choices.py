"""The sector, technology and service lists of the public filter forms come from the cache, in
the reader's language, and follow changes to the taxonomy at once."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from silkbridge.directory.forms_query import DirectoryFilterForm
from silkbridge.directory.models import Term
from silkbridge.opportunities.forms import OpportunityFilterForm


def options(form, name: str) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in form.fields[name].choices]


def test_labels_follow_the_readers_language_with_english_for_a_missing_one(make_term):
    make_term("sector", "fintech", label_en="Fintech", label_ru="Финтех")
    make_term("sector", "agritech", label_en="Agritech")
    with translation.override("ru"):
        assert ("fintech", "Финтех") in options(DirectoryFilterForm(), "sector")
        assert ("agritech", "Agritech") in options(DirectoryFilterForm(), "sector")
    with translation.override("en"):
        assert ("fintech", "Fintech") in options(OpportunityFilterForm(), "sector")


def test_a_second_form_reads_no_term_from_the_database(make_term):
    make_term("technology", "kubernetes", label_en="Kubernetes")
    assert ("kubernetes", "Kubernetes") in options(OpportunityFilterForm(), "technology")
    with CaptureQueriesContext(connection) as queries:
        form = OpportunityFilterForm({"technology": "kubernetes"})
        assert form.is_valid(), form.errors
        form.as_div()
    assert not [q for q in queries.captured_queries if Term._meta.db_table in q["sql"]]
    assert form.to_query().technology == "kubernetes"


def test_a_new_term_is_offered_and_a_deleted_one_is_refused_at_once(make_term):
    fintech = make_term("sector", "fintech")
    assert DirectoryFilterForm({"sector": "fintech"}).to_query().sector == "fintech"
    make_term("sector", "edtech")
    assert DirectoryFilterForm({"sector": "edtech"}).to_query().sector == "edtech"

    fintech.delete()
    form = DirectoryFilterForm({"sector": "fintech"})
    assert form.to_query().sector == ""  # left out, as an old bookmark's deleted term is
    assert "sector" in form.errors


def test_a_term_of_another_vocabulary_is_not_a_choice(make_term):
    make_term("service", "consulting")
    form = OpportunityFilterForm({"sector": "consulting"})
    assert form.to_query().sector == ""
    assert "sector" in form.errors
