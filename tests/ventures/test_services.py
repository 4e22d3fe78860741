"""The venture rules users rely on: parties from both countries, value in US dollars at a recorded
rate, programme details only for academic alliances, stage moves with their history and reasons,
and clear errors that write nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from silkbridge.notifications.models import Notification
from silkbridge.ventures import currency, services
from silkbridge.ventures.models import ExchangeRate, StageChange, Venture, VentureParty

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


def test_recording_a_venture_writes_parties_the_first_stage_and_tells_the_other_side(
    make_venture, kz_org, pk_org, pk_member, member, days_ago
):
    venture = make_venture()
    assert venture.stage == "introduced"
    assert venture.origin == "manual"
    assert set(venture.parties.values_list("organisation_id", "role")) == {
        (kz_org.pk, "lead"),
        (pk_org.pk, "partner"),
    }
    [first] = StageChange.objects.filter(venture=venture)
    assert (first.from_stage, first.to_stage, first.changed_on, first.author) == (
        "",
        "introduced",
        days_ago(200),
        member,
    )
    told = Notification.objects.filter(kind="venture_recorded")
    assert set(told.values_list("recipient", flat=True)) == {pk_member.pk}


def test_a_value_is_converted_at_the_newest_rate_and_the_rate_is_kept(make_venture):
    venture = make_venture(value_amount="1000000", value_currency="kzt")
    assert venture.value_currency == "KZT"
    assert venture.usd_rate == Decimal("0.0021")
    assert venture.value_usd == Decimal("2100.00")
    ExchangeRate.objects.create(
        currency="KZT",
        usd_per_unit=Decimal("0.0019"),
        valid_from=timezone.localdate(),
        source="National Bank of Kazakhstan",
    )
    # An update that does not touch the value keeps the rate it was converted at.
    services.update_venture(actor=venture.created_by, venture=venture, data={"jobs_created": 4})
    venture.refresh_from_db()
    assert (venture.usd_rate, venture.value_usd, venture.jobs_created) == (
        Decimal("0.0021"),
        Decimal("2100.00"),
        4,
    )
    # A new amount is converted at today's rate.
    services.update_venture(
        actor=venture.created_by, venture=venture, data={"value_amount": "2000000"}
    )
    venture.refresh_from_db()
    assert (venture.usd_rate, venture.value_usd) == (Decimal("0.0019"), Decimal("3800.00"))


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"value_amount": "-5", "value_currency": "USD"}, "value_amount", "negative"),
        ({"value_amount": "100", "value_currency": "XYZ"}, "value_currency", "unknown_currency"),
        ({"value_amount": "100", "value_currency": "dollars"}, "value_currency", "invalid"),
        ({"value_amount": "100", "value_currency": ""}, "value_currency", "required"),
        ({"jobs_created": -1}, "jobs_created", "negative"),
        ({"people_exchanged": "many"}, "people_exchanged", "invalid"),
        ({"kind": "friendship"}, "kind", "invalid"),
        ({"title": "  "}, "title", "required"),
        ({"started_on": "2999-01-01"}, "started_on", "future"),
    ],
)
def test_bad_input_is_a_clear_field_error_and_writes_nothing(make_venture, data, field, code):
    with pytest.raises(ValidationError) as caught:
        make_venture(**data)
    assert code in codes(caught.value)[field]
    assert not Venture.objects.exists()
    assert not StageChange.objects.exists()


def test_unknown_currency_message_names_the_code(make_venture):
    with pytest.raises(ValidationError) as caught:
        make_venture(value_amount="5", value_currency="XYZ")
    assert "XYZ" in caught.value.message_dict["value_currency"][0]


def test_parties_need_two_organisations_from_both_countries(
    make_venture, make_organisation, kz_org, pk_org
):
    second_kz = make_organisation("Almaty Robotics", country="KZ")
    for parties, code in [
        ([(kz_org, "lead")], "too_few"),
        ([(kz_org, "lead"), (second_kz, "partner")], "one_country"),
        ([(kz_org, "lead"), (kz_org, "partner"), (pk_org, "partner")], "duplicate"),
    ]:
        with pytest.raises(ValidationError) as caught:
            make_venture(parties=parties)
        assert code in codes(caught.value)["parties"]
    assert not Venture.objects.exists()


def test_the_first_party_leads_when_none_is_named(make_venture, kz_org, pk_org):
    venture = make_venture(parties=[(pk_org, "partner"), (kz_org, "partner")])
    assert VentureParty.objects.get(venture=venture, organisation=pk_org).role == "lead"


def test_a_member_records_only_ventures_of_their_own_organisation(
    make_venture, make_organisation, make_user, pk_org
):
    elsewhere = make_organisation("Shymkent Textiles", country="KZ")
    stranger = make_user(organisation=make_organisation("Quetta Data", country="PK"))
    with pytest.raises(ValidationError) as caught:
        make_venture(actor=stranger, parties=[(elsewhere, "lead"), (pk_org, "partner")])
    assert "not_a_party" in codes(caught.value)["parties"]


def test_people_without_an_organisation_cannot_record(make_venture, make_user):
    with pytest.raises(PermissionDenied):
        make_venture(actor=make_user())


def test_programme_details_are_kept_for_academic_alliances_only(make_venture):
    alliance = make_venture(
        kind="joint_programme",
        seats=30,
        intake_dates="2026-09-01, 2026-02-01",
        fields_of_study="Computer science; cyber security",
    )
    assert alliance.is_academic_alliance
    assert (alliance.seats, alliance.intake_dates) == (30, ["2026-02-01", "2026-09-01"])
    contract = make_venture(kind="services_contract", seats=30, intake_dates="2026-09-01")
    assert (contract.seats, contract.intake_dates, contract.fields_of_study) == (None, None, "")


@pytest.mark.parametrize(
    ("data", "code"),
    [({"seats": -3}, "negative"), ({"intake_dates": "next autumn"}, "invalid")],
)
def test_bad_programme_details_are_errors(make_venture, data, code):
    with pytest.raises(ValidationError) as caught:
        make_venture(kind="academic_exchange", **data)
    assert code in {c for errors in codes(caught.value).values() for c in errors}


# --- stages ------------------------------------------------------------------------------------


def test_moving_forward_records_each_change_with_date_and_author(
    make_venture, member, pk_member, days_ago
):
    venture = make_venture()
    services.change_stage(
        actor=member, venture=venture, to_stage="in_talks", changed_on=days_ago(150)
    )
    services.change_stage(
        actor=pk_member, venture=venture, to_stage="mou_signed", changed_on=days_ago(90)
    )
    venture.refresh_from_db()
    assert venture.stage == "mou_signed"
    # Each move tells the other party's people, not the one who made it.
    told = Notification.objects.filter(kind="venture_stage_changed")
    assert list(told.values_list("recipient", flat=True).order_by("pk")) == [
        pk_member.pk,
        member.pk,
    ]
    history = list(
        StageChange.objects.filter(venture=venture).values_list(
            "from_stage", "to_stage", "changed_on", "author"
        )
    )
    assert history[1:] == [
        ("introduced", "in_talks", days_ago(150), member.pk),
        ("in_talks", "mou_signed", days_ago(90), pk_member.pk),
    ]


def test_going_back_needs_a_reason(make_venture, member, days_ago):
    venture = make_venture(stage="mou_signed")
    with pytest.raises(ValidationError) as caught:
        services.change_stage(
            actor=member, venture=venture, to_stage="in_talks", changed_on=days_ago(1)
        )
    assert "reason_required" in codes(caught.value)["reason"]
    venture.refresh_from_db()
    assert venture.stage == "mou_signed"
    assert StageChange.objects.filter(venture=venture).count() == 1
    services.change_stage(
        actor=member,
        venture=venture,
        to_stage="in_talks",
        changed_on=days_ago(1),
        reason="The ministry asked to renegotiate the MoU's scope.",
    )
    venture.refresh_from_db()
    assert venture.stage == "in_talks"


def test_resuming_a_stalled_venture_below_where_it_stalled_needs_a_reason(
    make_venture, member, days_ago
):
    venture = make_venture(stage="contract_signed")
    services.change_stage(actor=member, venture=venture, to_stage="stalled", changed_on=days_ago(9))
    with pytest.raises(ValidationError):
        services.change_stage(
            actor=member, venture=venture, to_stage="in_talks", changed_on=days_ago(5)
        )
    services.change_stage(
        actor=member, venture=venture, to_stage="delivering", changed_on=days_ago(5)
    )
    venture.refresh_from_db()
    assert venture.stage == "delivering"


def test_completed_cannot_stall_and_reopening_needs_a_reason(make_venture, member, days_ago):
    venture = make_venture(stage="completed")
    with pytest.raises(ValidationError) as caught:
        services.change_stage(
            actor=member, venture=venture, to_stage="stalled", changed_on=days_ago(1)
        )
    assert "not_open" in codes(caught.value)["to_stage"]
    dropped = make_venture(stage="dropped", title="Dropped one")
    with pytest.raises(ValidationError) as caught:
        services.change_stage(
            actor=member, venture=dropped, to_stage="in_talks", changed_on=days_ago(1)
        )
    assert "reason_required" in codes(caught.value)["reason"]


@pytest.mark.parametrize(
    ("to_stage", "changed_on_days", "field", "code"),
    [
        ("in_talks", -1, "changed_on", "future"),
        ("in_talks", 300, "changed_on", "before_previous"),
        ("introduced", 10, "to_stage", "same_stage"),
        ("signed", 10, "to_stage", "invalid"),
    ],
)
def test_bad_stage_changes_are_clear_errors(
    make_venture, member, days_ago, to_stage, changed_on_days, field, code
):
    venture = make_venture()
    with pytest.raises(ValidationError) as caught:
        services.change_stage(
            actor=member, venture=venture, to_stage=to_stage, changed_on=days_ago(changed_on_days)
        )
    assert code in codes(caught.value)[field]
    assert StageChange.objects.filter(venture=venture).count() == 1


def test_a_stale_expected_stage_is_a_conflict(make_venture, member, pk_member, days_ago):
    venture = make_venture()
    services.change_stage(
        actor=pk_member, venture=venture, to_stage="in_talks", changed_on=days_ago(3)
    )
    stale = Venture.objects.get(pk=venture.pk)
    stale.stage = "introduced"  # what the other party's page still shows
    with pytest.raises(services.StageConflict) as caught:
        services.change_stage(
            actor=member,
            venture=stale,
            to_stage="mou_signed",
            changed_on=days_ago(1),
            expected_stage="introduced",
        )
    assert "In talks" in caught.value.messages[0]
    assert StageChange.objects.filter(venture=venture).count() == 2


def test_outsiders_cannot_change_or_update(make_venture, outsider, days_ago):
    venture = make_venture()
    with pytest.raises(PermissionDenied):
        services.change_stage(
            actor=outsider, venture=venture, to_stage="in_talks", changed_on=days_ago(1)
        )
    with pytest.raises(PermissionDenied):
        services.update_venture(actor=outsider, venture=venture, data={"title": "Mine now"})


def test_the_secretariat_corrects_a_venture_and_the_change_is_audited(
    make_venture, secretariat, member
):
    from auditlog.models import LogEntry

    venture = make_venture()
    services.update_venture(actor=secretariat, venture=venture, data={"jobs_created": 12})
    venture.refresh_from_db()
    assert venture.jobs_created == 12
    entry = LogEntry.objects.get_for_object(venture).filter(action=LogEntry.Action.UPDATE).first()
    assert entry.actor == secretariat
    assert "jobs_created" in entry.changes_dict
    assert Notification.objects.filter(kind="venture_corrected", recipient=member).exists()


def test_parties_can_be_replaced_but_a_member_keeps_their_own(
    make_venture, member, kz_org, pk_org, make_organisation
):
    venture = make_venture()
    lahore = make_organisation("Lahore AI", country="PK")
    services.update_venture(
        actor=member,
        venture=venture,
        data={},
        parties=[(kz_org, "lead"), (lahore, "partner")],
    )
    assert set(venture.parties.values_list("organisation_id", flat=True)) == {kz_org.pk, lahore.pk}
    other_kz = make_organisation("Karaganda Steel", country="KZ")
    with pytest.raises(ValidationError):
        services.update_venture(
            actor=member, venture=venture, data={}, parties=[(other_kz, "lead"), (pk_org, "x")]
        )


# --- reminders ---------------------------------------------------------------------------------


def test_stale_ventures_are_reminded_once_per_90_days(make_venture, member, pk_member):
    venture = make_venture()
    closed = make_venture(stage="completed", title="Done")
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=100)
    Venture.objects.filter(pk__in=[venture.pk, closed.pk]).update(
        stage_changed_at=long_ago, updated_at=long_ago
    )
    assert services.remind_stale(now) == 1
    assert services.remind_stale(now + datetime.timedelta(days=30)) == 0
    told = Notification.objects.filter(kind="venture_update_due")
    assert set(told.values_list("recipient", flat=True)) == {member.pk, pk_member.pk}
    assert services.remind_stale(now + datetime.timedelta(days=91)) == 1


def test_a_recent_move_means_no_reminder(make_venture):
    make_venture()
    assert services.remind_stale(timezone.now()) == 0


# --- rates -------------------------------------------------------------------------------------


def test_reference_rates_are_seeded_and_marked():
    rates = {r.currency: r for r in currency.current_rates()}
    assert {"KZT", "PKR", "USD", "EUR", "CNY", "RUB", "GBP"} <= set(rates)
    assert all(r.is_reference and "not an official rate" in r.source for r in rates.values())


def test_only_the_secretariat_records_rates_and_bad_rates_are_refused(secretariat, member):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        currency.record_rate(
            actor=member, currency="KZT", usd_per_unit="0.002", valid_from=today, source="x"
        )
    for value, field in [("0", "usd_per_unit"), ("-1", "usd_per_unit"), ("abc", "usd_per_unit")]:
        with pytest.raises(ValidationError) as caught:
            currency.record_rate(
                actor=secretariat, currency="KZT", usd_per_unit=value, valid_from=today, source="x"
            )
        assert field in caught.value.message_dict
    rate = currency.record_rate(
        actor=secretariat,
        currency="kzt",
        usd_per_unit="0.00195",
        valid_from=today,
        source="National Bank of Kazakhstan",
    )
    assert currency.rate_for("KZT") == rate
    with pytest.raises(ValidationError) as caught:
        currency.record_rate(
            actor=secretariat, currency="KZT", usd_per_unit="0.002", valid_from=today, source="y"
        )
    assert "valid_from" in caught.value.message_dict


def test_the_secretariat_corrects_the_history_within_its_neighbours(
    make_venture, member, secretariat, days_ago
):
    venture = make_venture()
    services.change_stage(
        actor=member, venture=venture, to_stage="in_talks", changed_on=days_ago(100)
    )
    services.change_stage(
        actor=member, venture=venture, to_stage="mou_signed", changed_on=days_ago(50)
    )
    first, middle, _last = StageChange.objects.filter(venture=venture).order_by("changed_on")
    with pytest.raises(PermissionDenied):
        services.correct_stage_change(
            actor=member, change=middle, changed_on=days_ago(90), reason=""
        )
    for day, code in [(days_ago(250), "before_previous"), (days_ago(10), "after_next")]:
        with pytest.raises(ValidationError) as caught:
            services.correct_stage_change(
                actor=secretariat, change=middle, changed_on=day, reason=""
            )
        assert code in codes(caught.value)["changed_on"]
    services.correct_stage_change(
        actor=secretariat, change=middle, changed_on=days_ago(90), reason="Talks began earlier."
    )
    middle.refresh_from_db()
    assert (middle.changed_on, middle.reason) == (days_ago(90), "Talks began earlier.")
    # Correcting the first entry moves the start date with it.
    services.correct_stage_change(
        actor=secretariat, change=first, changed_on=days_ago(210), reason=""
    )
    venture.refresh_from_db()
    assert venture.started_on == days_ago(210)
