"""Dashboard, CSV, PDF and target pages: who sees what, what they show, how many queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from silkbridge.outcomes.models import Target

D = datetime.date
CONTRACT = (
    ("introduced", D(2026, 7, 1)),
    ("mou_signed", D(2026, 8, 1)),
    ("contract_signed", D(2026, 9, 1)),
)
PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}
READERS = ["secretariat", "observer", "org_admin", "member", "outsider"]


@pytest.fixture
def target(secretariat):
    return Target.objects.create(
        name="Agreements 2026",
        metric="agreements_signed",
        baseline=0,
        target_value=10,
        period_start=D(2026, 1, 1),
        deadline=D(2026, 12, 31),
        created_by=secretariat,
    )


@pytest.fixture
def ventures(make_venture, make_term):
    fintech = make_term("sector", slug="fintech", label_en="Fintech", label_ru="Финтех")
    public = make_venture(
        CONTRACT, title="Open banking hub", value_usd=Decimal(250000), jobs=12, sectors=[fintech]
    )
    secret = make_venture(
        CONTRACT, title="Secret payments pilot", value_usd=Decimal(900000), confidential=True
    )
    return public, secret


# -- who sees what ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/outcomes/",
        "/outcomes/export/funnel.csv",
        "/outcomes/report.pdf?quarter=2026Q3",
        "/outcomes/targets/",
        "/outcomes/targets/export.csv",
        "/outcomes/targets/new/",
    ],
)
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_signed_in_people_see_the_figures_but_confidential_names_only_if_privileged(
    persona_client, persona, ventures
):
    response = persona_client(persona).get("/outcomes/", PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    # Both ventures are counted: two agreements and their total value.
    assert 'data-metric="agreements_signed">2<' in html
    assert "$1,150,000" in html
    assert "Open banking hub" in html
    # Confidential details belong to the parties and the secretariat, as in the ventures app.
    assert ("Secret payments pilot" in html) is (persona == "secretariat")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("observer", 404), ("org_admin", 404), ("member", 404),
     ("outsider", 404)],
)  # fmt: skip
def test_only_the_secretariat_opens_the_target_form(persona_client, persona, status, target):
    client = persona_client(persona)
    assert client.get("/outcomes/targets/new/").status_code == status
    assert client.get(f"/outcomes/targets/{target.pk}/edit/").status_code == status
    response = client.post(f"/outcomes/targets/{target.pk}/delete/")
    assert response.status_code == (302 if status == 200 else 404)
    assert Target.objects.filter(pk=target.pk).exists() is (status != 200)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_everyone_signed_in_sees_targets_and_only_the_secretariat_may_edit(
    persona_client, persona, target
):
    response = persona_client(persona).get("/outcomes/targets/")
    assert response.status_code == 200
    assert "Agreements 2026" in response.content.decode()
    assert (f"/outcomes/targets/{target.pk}/edit/" in response.content.decode()) is (
        persona == "secretariat"
    )


# -- target form --------------------------------------------------------------------------------


def _form(**changes):
    values = {
        "name": "Contract value 2026",
        "metric": "contract_value_usd",
        "baseline": "0",
        "target_value": "5000000",
        "period_start": "2026-01-01",
        "deadline": "2026-12-31",
        "working_group": "",
        "country": "",
        "description": "",
    }
    values.update(changes)
    return values


@pytest.mark.django_db
def test_secretariat_creates_and_edits_a_target_through_the_form(client, secretariat):
    client.force_login(secretariat)
    response = client.post("/outcomes/targets/new/", _form())
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.metric, target.target_value, target.created_by) == (
        "contract_value_usd",
        5000000,
        secretariat,
    )
    client.post(f"/outcomes/targets/{target.pk}/edit/", _form(name="Renamed"))
    assert Target.objects.get().name == "Renamed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": "2025-06-01"}, "The deadline must be after the period start."),
        ({"target_value": "-3"}, "Ensure this value is greater than or equal to 0."),
        ({"metric": "happiness"}, "Select a valid choice."),
        ({"baseline": "9000000"}, "The target must be above the baseline."),
    ],
)
def test_the_form_shows_what_is_wrong_and_writes_nothing(client, secretariat, changes, message):
    client.force_login(secretariat)
    response = client.post("/outcomes/targets/new/", _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Target.objects.exists()


# -- dashboard, CSV, PDF ------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_charts_have_titles_text_alternatives_and_tables(client, member, ventures):
    client.force_login(member)
    html = client.get("/outcomes/", PERIOD).content.decode()
    assert html.count("<svg") == 7  # funnel, stages, sectors, kinds, countries, value, jobs
    assert 'role="img"' in html and 'aria-labelledby="chart-funnel-0-title chart-funnel-0-desc"'
    assert "<desc" in html and "Fintech: 1" in html
    assert html.count("<details") == 6  # the targets chart only when a target runs
    assert "Contract signed" in html


@pytest.mark.django_db
def test_group_filter_narrows_the_ventures(client, member, make_venture, make_group):
    fintech = make_group("Fintech")
    make_venture(CONTRACT, group=fintech)
    make_venture(CONTRACT)
    client.force_login(member)
    everything = client.get("/outcomes/", PERIOD).content.decode()
    group_only = client.get("/outcomes/", {**PERIOD, "group": fintech.pk}).content.decode()
    assert 'data-metric="agreements_signed">2<' in everything
    assert 'data-metric="agreements_signed">1<' in group_only


@pytest.mark.django_db
def test_csv_of_each_table_has_the_dashboard_numbers(client, member, ventures, target):
    client.force_login(member)
    response = client.get("/outcomes/export/quarters.csv", PERIOD)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Quarter,Contract value (USD),Jobs created"
    assert "2026 Q3,1150000,12" in lines
    for table in ("funnel", "stages", "sectors", "kinds", "countries", "targets"):
        assert client.get(f"/outcomes/export/{table}.csv", PERIOD).status_code == 200
    progress = client.get("/outcomes/export/target-progress.csv", PERIOD).content.decode()
    assert "Agreements 2026" in progress and ",2,2.00,20.0," in progress
    assert client.get("/outcomes/export/nothing.csv").status_code == 404


@pytest.mark.django_db
def test_csv_does_not_let_a_spreadsheet_run_a_formula(client, secretariat):
    Target.objects.create(
        name="=HYPERLINK(1)",
        metric="ventures_started",
        target_value=5,
        period_start=D(2026, 1, 1),
        deadline=D(2026, 12, 31),
    )
    client.force_login(secretariat)
    assert "'=HYPERLINK(1)" in client.get("/outcomes/targets/export.csv").content.decode()


@pytest.fixture
def invariant_pdf(monkeypatch):
    """Same data, same bytes: with a fixed creation date the PDF holds nothing else that varies."""
    from silkbridge.core import pdf

    monkeypatch.setattr(pdf, "CREATION_DATE", datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC))


@pytest.mark.django_db
def test_report_is_a_pdf_that_changes_with_the_data(
    client, member, make_venture, invariant_pdf, settings
):
    client.force_login(member)
    url = "/outcomes/report.pdf?quarter=2026Q3"
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    assert 'filename="silkbridge-outcomes-2026Q3.pdf"' in first["Content-Disposition"]
    assert client.get(url).content == first.content
    make_venture(CONTRACT, value_usd=Decimal(1000))
    assert client.get(url).content != first.content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ru", "kk", "ur"])
def test_report_in_each_language(client, make_user, ventures, language):
    user = make_user(language=language)
    client.force_login(user)
    response = client.get("/outcomes/report.pdf?quarter=2026Q3", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"DejaVuSans" in response.content


def test_every_interface_language_prints_in_its_own_language():
    from silkbridge.outcomes.report import report_language

    assert [report_language(x) for x in ("en", "ru", "kk", "ur", "ur-pk", None, "de")] == [
        "en", "ru", "kk", "ur", "ur", "en", "en"
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("quarter", "message"),
    [
        ("2026Q5", "Enter a quarter such as 2026Q3."),
        ("last", "Enter a quarter such as 2026Q3."),
        ("2999Q1", "This quarter has not started yet."),
    ],
)
def test_report_refuses_a_bad_quarter_and_says_why(client, member, quarter, message):
    client.force_login(member)
    response = client.get("/outcomes/report.pdf", {"quarter": quarter}, follow=True)
    assert response.redirect_chain == [("/outcomes/", 302)]
    assert message in response.content.decode()


# -- bounded queries ----------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_ventures(
    client, secretariat, make_venture, make_term, target
):
    client.force_login(secretariat)
    sectors = [make_term("sector") for _ in range(4)]
    kinds = ["joint_venture", "academic_exchange", "services_contract", "investment"]
    for n in range(2):
        make_venture(CONTRACT, kind=kinds[n], sectors=sectors[:1], value_usd=Decimal(10))
    client.get("/outcomes/", PERIOD)  # warm the session and the content types
    dashboard = _queries(client, "/outcomes/", PERIOD)
    pdf = _queries(client, "/outcomes/report.pdf", {"quarter": "2026Q3"})
    for n in range(12):
        make_venture(
            CONTRACT,
            kind=kinds[n % 4],
            sectors=sectors[: 1 + n % 4],
            value_usd=Decimal(n),
            confidential=n % 3 == 0,
        )
    assert _queries(client, "/outcomes/", PERIOD) == dashboard
    assert _queries(client, "/outcomes/report.pdf", {"quarter": "2026Q3"}) == pdf
    assert dashboard <= 30
    assert pdf <= 40
