"""The outcomes count completed mobilities, never typed figures where mobilities exist, and
nobody twice; the report's talent page prints those figures without a name."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from silkbridge.outcomes.metrics import Scope, signature_figures
from silkbridge.talent.exchanges.models import Mobility
from silkbridge.talent.exchanges.outcomes import talent_outcomes


@pytest.fixture
def make_alliance(make_organisation):
    """An academic alliance first signed today with a typed-in count of people exchanged."""
    from silkbridge.ventures.models import Venture

    def make(people: int, *, kind: str = "academic_exchange"):
        today = timezone.localdate()
        return Venture.objects.create(
            title=f"Alliance {people}",
            kind=kind,
            stage="mou_signed",
            people_exchanged=people,
            started_on=today,
            first_signed_on=today,
        )

    return make


def _complete(mobility) -> None:
    # Setup only: the moves through the services are tested in test_services.
    Mobility.objects.filter(pk=mobility.pk).update(
        status="completed", ended_on=timezone.localdate()
    )


def _people(scope=None) -> int:
    today = timezone.localdate()
    scope = scope or Scope(today - datetime.timedelta(days=30), today)
    return int(signature_figures(scope)["people_exchanged"])


def test_the_typed_figure_stays_until_a_mobility_completes(mobility, condition, make_alliance):
    alliance = make_alliance(7)
    condition.agreement.ventures.add(alliance)
    # Planned only: the typed figure is all there is.
    assert _people() == 7
    _complete(mobility)
    # The completed mobility replaces the typed seven.
    assert _people() == 1


def test_a_mobility_shared_by_two_alliances_counts_once(mobility, condition, make_alliance):
    linked_a, linked_b, unlinked = make_alliance(7), make_alliance(5), make_alliance(4)
    condition.agreement.ventures.add(linked_a, linked_b)
    _complete(mobility)
    # One mobility for both linked alliances; the unlinked one keeps its typed four.
    assert _people() == 1 + 4
    assert unlinked.people_exchanged == 4


def test_a_mobility_outside_the_period_is_not_counted(mobility, condition, make_alliance):
    condition.agreement.ventures.add(make_alliance(7))
    _complete(mobility)
    earlier = timezone.localdate() - datetime.timedelta(days=400)
    assert _people(Scope(earlier, earlier + datetime.timedelta(days=30))) == 0


def test_a_business_venture_keeps_its_typed_figure(mobility, condition, make_alliance):
    venture = make_alliance(3, kind="joint_venture")
    condition.agreement.ventures.add(venture)
    _complete(mobility)
    assert _people() == 3


def test_figures_break_down_completed_mobilities_and_count_active_agreements(mobility, condition):
    _complete(mobility)
    figures = talent_outcomes(today=datetime.date(2027, 1, 15))
    assert figures["completed_mobilities"] == 1
    assert figures["by_subject_area"] == [{"subject_area": "0613", "people": 1}]
    assert figures["active_agreements"] == 1
    # The agreement's last academic year is 2028/2029: over by the autumn of 2029.
    assert talent_outcomes(today=datetime.date(2029, 10, 1))["active_agreements"] == 0
    condition.agreement.status = "terminated"
    condition.agreement.save(update_fields=["status"])
    assert talent_outcomes(today=datetime.date(2027, 1, 15))["active_agreements"] == 0


@pytest.mark.parametrize("language", ["ru", "ur"])
def test_the_report_has_a_talent_page_without_names(mobility, student, secretariat, language):
    from silkbridge.outcomes.periods import Quarter
    from silkbridge.outcomes.report import build_report
    from tests.pdftext import pdf_text, text_without_a_font

    _complete(mobility)
    today = timezone.localdate()
    body = build_report(
        secretariat, Quarter(today.year, (today.month - 1) // 3 + 1), language=language
    )
    with override(language):
        heading = gettext("Talent bridge")
        completed = gettext("Mobilities completed")
    assert heading != "Talent bridge"
    assert text_without_a_font(body) == 0
    text = pdf_text(body)
    assert heading in text
    assert completed in text
    assert student.get_full_name() not in text
    assert student.email not in text


def test_dashboard_page_and_api_show_the_breakdowns_without_names(
    client, mobility, student, observer
):
    _complete(mobility)
    client.force_login(observer)
    page = client.get(reverse("outcomes:dashboard")).content.decode()
    assert 'data-metric="active_agreements">1<' in page
    assert 'id="talent-by-subject_area"' in page
    assert "Software and applications development and analysis" in page  # ISCED-F 0613
    assert student.get_full_name() not in page
    answer = client.get("/api/v1/outcomes/dashboard").json()
    talent = answer["talent"]
    assert talent["completed_mobilities"] == 1
    assert talent["active_agreements"] == 1
    assert talent["by_type"] == [{"mobility_type": "student_study", "people": 1}]
    assert talent["by_subject_area"] == [{"subject_area": "0613", "people": 1}]
    assert student.get_full_name() not in str(answer)


def test_the_outcomes_are_not_for_anonymous_visitors(client, mobility):
    assert client.get("/api/v1/outcomes/dashboard").status_code == 401
    assert client.get(reverse("outcomes:dashboard")).status_code == 302


def test_an_alliance_page_shows_its_completed_mobilities_once_any_exist(
    client, mobility, condition, make_alliance, secretariat
):
    alliance = make_alliance(7)
    condition.agreement.ventures.add(alliance)
    client.force_login(secretariat)
    url = reverse("ventures:detail", kwargs={"pk": alliance.pk})
    assert '<dd class="col-sm-7" id="venture-exchanged">7' in client.get(url).content.decode()
    _complete(mobility)
    page = client.get(url).content.decode()
    assert '<dd class="col-sm-7" id="venture-exchanged">1' in page
    assert "Counted from the completed mobilities of its agreements." in page
