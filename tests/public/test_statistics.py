"""Public statistics: anyone may read them, the figures are the data's, the CSV says the same,
confidential ventures are counted but nothing is ever named."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from silkbridge.public import statistics

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "member", "observer", "secretariat"]


def _table(figures: statistics.Statistics, key: str) -> dict[str, list]:
    series = next(s for s in [figures.headline, *figures.tables] if s.key == key)
    return {label: values for label, values in series.rows}


def _csv(client) -> list[list[str]]:
    response = client.get(reverse("public:statistics-csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_page_and_the_csv(persona_client, persona):
    client = persona_client(persona)
    assert client.get(reverse("public:statistics")).status_code == 200
    assert client.get(reverse("public:statistics-csv")).status_code == 200


def test_organisations_by_kind_and_country_count_listed_ones_only(make_organisation):
    make_organisation("KZ Co", country="KZ", kind="company")
    make_organisation("KZ Uni", country="KZ", kind="academic")
    make_organisation("PK Co 1", country="PK", kind="company")
    make_organisation("PK Co 2", country="PK", kind="company")
    make_organisation("Elsewhere", country="TR", kind="company")
    refused = make_organisation("Refused", country="PK", kind="company")
    refused.registration_refused_at = timezone.now()
    refused.save(update_fields=["registration_refused_at"])
    figures = statistics.compute()
    table = _table(figures, "organisations")
    assert table["Company"] == [1, 2]  # columns: Kazakhstan, Pakistan
    assert table["Academic institution"] == [1, 0]
    assert _table(figures, "headline")["Organisations"] == [4]


def test_opportunities_by_sector_count_published_ones(organisation, make_opportunity, make_term):
    fintech = make_term(slug="fintech", label_en="Fintech")
    health = make_term(slug="health", label_en="Health")
    make_opportunity(organisation, sectors=[fintech])
    make_opportunity(organisation, sectors=[fintech, health])
    make_opportunity(organisation)
    make_opportunity(organisation, status="draft", sectors=[health])
    make_opportunity(organisation, status="closed", sectors=[health])
    figures = statistics.compute()
    assert _table(figures, "opportunities") == {
        "Fintech": [2],
        "Health": [1],
        "No sector given": [1],
    }
    assert _table(figures, "headline")["Published opportunities"] == [3]


def test_ventures_by_stage_count_confidential_ones_without_naming_them(client, make_venture):
    day = datetime.date(2026, 7, 1)
    make_venture((("introduced", day),), title="Open alliance")
    make_venture((("introduced", day), ("mou_signed", day)), title="Hidden deal", confidential=True)
    figures = statistics.compute()
    stages = _table(figures, "venture-stages")
    assert stages["Introduced"] == [1]
    assert stages["MoU signed"] == [1]
    assert _table(figures, "headline")["Ventures"] == [2]
    page = client.get(reverse("public:statistics")).content.decode()
    csv_text = client.get(reverse("public:statistics-csv")).content.decode()
    for name in ("Hidden deal", "Open alliance", "Lead ", "Partner "):
        assert name not in page
        assert name not in csv_text


def test_ventures_by_sector(make_venture, make_term):
    ai = make_term(slug="ai", label_en="Artificial intelligence")
    make_venture(sectors=[ai])
    make_venture(sectors=[ai], confidential=True)
    make_venture()
    assert _table(statistics.compute(), "venture-sectors") == {
        "Artificial intelligence": [2],
        "No sector given": [1],
    }


def test_introductions_forums_and_meetings(make_introduction, make_meeting):
    now = timezone.now()
    make_introduction(now)
    make_introduction(now, status="pending")
    held = make_meeting(now - datetime.timedelta(days=2), status="held")
    held.event.status = "finished"
    held.event.save(update_fields=["status"])
    coming = make_meeting(now + datetime.timedelta(days=30), status="published")
    coming.event.status = "published"
    coming.event.save(update_fields=["status"])
    make_meeting(now - datetime.timedelta(days=1), status="held")  # a draft forum's: not public
    headline = _table(statistics.compute(), "headline")
    assert headline["Introductions made"] == [1]
    assert headline["Forums held"] == [1]  # the other public forum has not started yet
    assert headline["B2B meetings scheduled"] == [2]


def test_talent_exchanges_by_direction(mobility):
    from silkbridge.talent.exchanges.models import Mobility

    table = _table(statistics.compute(), "exchanges")
    assert table["Kazakhstan → Pakistan"] == [1, 0]
    assert table["Pakistan → Kazakhstan"] == [0, 0]
    Mobility.objects.filter(pk=mobility.pk).update(status="completed")
    assert _table(statistics.compute(), "exchanges")["Kazakhstan → Pakistan"] == [0, 1]
    Mobility.objects.filter(pk=mobility.pk).update(status="cancelled")
    assert _table(statistics.compute(), "exchanges")["Kazakhstan → Pakistan"] == [0, 0]


def test_no_organisation_or_person_is_named(client, make_organisation, make_user, mobility):
    make_organisation("Unmistakable Name Ltd", country="PK", email="x@unmistakable.example")
    page = client.get(reverse("public:statistics")).content.decode()
    csv_text = client.get(reverse("public:statistics-csv")).content.decode()
    for name in ("Unmistakable", "Astana IT University", "FAST National", "unmistakable.example"):
        assert name not in page
        assert name not in csv_text


def test_the_csv_holds_every_figure_of_the_page(
    client, organisation, make_opportunity, make_venture
):
    make_opportunity(organisation)
    make_venture(confidential=True)
    rows = _csv(client)
    assert rows[0] == ["Statistics table", "Row", "Column", "Count"]
    expected = [
        [series.title, label, header, str(value)]
        for series in statistics.compute().all_series()
        for label, values in series.rows
        for header, value in zip(series.value_headers, values, strict=True)
    ]
    assert rows[1:] == expected
    assert ["The cooperation in figures", "Ventures", "Count", "1"] in rows


def test_a_label_that_looks_like_a_formula_is_written_as_text(
    client, organisation, make_opportunity, make_term
):
    trap = make_term(slug="trap", label_en="=HYPERLINK(1)")
    make_opportunity(organisation, sectors=[trap])
    labels = [row[1] for row in _csv(client)]
    assert "'=HYPERLINK(1)" in labels
    assert "=HYPERLINK(1)" not in labels


def test_the_page_draws_a_chart_for_each_table_with_figures(client, organisation, make_opportunity):
    make_opportunity(organisation)
    body = client.get(reverse("public:statistics")).content.decode()
    assert 'id="table-organisations"' in body
    assert body.count('class="outcomes-chart"') >= 2  # organisations: one per country
    assert "Nothing to count yet." in body  # no ventures yet


def test_figures_are_cached_for_a_few_minutes(client, make_organisation):
    make_organisation("First", country="KZ")
    assert _table(statistics.cached_statistics(), "headline")["Organisations"] == [1]
    make_organisation("Second", country="KZ")
    assert _table(statistics.cached_statistics(), "headline")["Organisations"] == [1]
    cache.clear()
    assert _table(statistics.cached_statistics(), "headline")["Organisations"] == [2]


def test_sector_names_follow_the_readers_language(
    client, organisation, make_opportunity, make_term
):
    fintech = make_term(slug="fintech", label_en="Fintech", label_ru="Финтех")
    make_opportunity(organisation, sectors=[fintech])
    body = client.get(reverse("public:statistics"), {"lang": "ru"}).content.decode()
    assert "Финтех" in body
    assert '<html lang="ru"' in body


def test_the_api_gives_the_same_figures_to_anyone(client, organisation, make_opportunity):
    make_opportunity(organisation)
    response = client.get("/api/v1/statistics")
    assert response.status_code == 200
    body = response.json()
    figures = statistics.compute()
    assert body["headline"]["rows"][1] == {"label": "Published opportunities", "values": [1]}
    assert [table["key"] for table in body["tables"]] == [s.key for s in figures.tables]
    organisations = body["tables"][0]
    assert organisations["value_headers"] == ["Kazakhstan", "Pakistan"]
    assert {"label": "Company", "values": [1, 0]} in organisations["rows"]
