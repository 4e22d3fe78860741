"""A participant's agenda: what it lists, its times in two time zones, and its iCalendar, PDF
and QR code renderings (read back, not just generated)."""

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
from django.utils import translation

from silkbridge.forums import agenda as agendas
from silkbridge.forums import ical, pdf
from silkbridge.forums.models import EventStatus, Meeting, MeetingRequest, MeetingStatus
from silkbridge.forums.qr import qr_svg
from tests.pdftext import pdf_text, text_without_a_font

UTC = dt.UTC


@pytest.fixture
def published(forum):
    forum.status = EventStatus.PUBLISHED
    forum.save(update_fields=["status"])
    return forum


@pytest.fixture
def slots(forum):
    return list(forum.slots.order_by("starts_at"))


@pytest.fixture
def kz(published, make_participant):
    return make_participant(published, country="KZ", name="Qazaq Cloud")


@pytest.fixture
def scheduled(published, slots, kz, make_participant):
    """kz meets a Pakistani company at table 2 at 10:30 (from a request with a message), a
    Russian-named one online at 10:00; a draft and a cancelled meeting stay off the agenda."""
    lahore = make_participant(published, country="PK", name="Lahore Data Systems")
    cyrillic = make_participant(published, country="PK", name="Сибирь Софт Пакистан")
    hidden = make_participant(published, country="PK", name="Hidden Draft Partner")
    cancelled = make_participant(published, country="PK", name="Cancelled Partner")
    request = MeetingRequest.objects.create(
        event=published,
        sender=lahore,
        receiver=kz,
        message="We integrate payment gateways and look for a cloud partner.",
        status="accepted",
    )
    at_table = Meeting.objects.create(
        event=published,
        request=request,
        a=lahore,
        b=kz,
        slot=slots[1],
        table=2,
        status=MeetingStatus.PUBLISHED,
    )
    online = Meeting.objects.create(
        event=published,
        a=kz,
        b=cyrillic,
        slot=slots[0],
        virtual=True,
        video_link="https://meet.example/astana-7",
        status=MeetingStatus.HELD,
    )
    Meeting.objects.create(
        event=published, a=kz, b=hidden, slot=slots[2], table=1, status=MeetingStatus.DRAFT
    )
    Meeting.objects.create(
        event=published,
        a=kz,
        b=cancelled,
        slot=slots[3],
        table=1,
        status=MeetingStatus.CANCELLED,
    )
    return {"at_table": at_table, "online": online}


def test_agenda_lists_published_meetings_in_time_order(kz, scheduled, person_of):
    agenda = agendas.build_agenda(person_of(kz), kz, with_matching=False)
    assert [row.meeting_id for row in agenda.rows] == [
        scheduled["online"].pk,
        scheduled["at_table"].pk,
    ]
    online, at_table = agenda.rows
    assert online.partner.name == "Сибирь Софт Пакистан"
    assert (online.virtual, online.table, online.video_link) == (
        True,
        None,
        "https://meet.example/astana-7",
    )
    assert at_table.table == 2 and not at_table.virtual
    assert at_table.reasons == ("We integrate payment gateways and look for a cloud partner.",)
    assert at_table.reason_source == "request"
    assert at_table.partner_url == at_table.partner.get_absolute_url()
    assert online.reasons == () and online.reason_source == ""


@pytest.mark.parametrize(
    ("viewer_zone", "viewer_hour", "same"),
    [("Europe/Moscow", 8, False), ("Asia/Almaty", 10, True), ("Asia/Karachi", 10, True)],
)
def test_times_in_the_event_and_the_viewer_zone(
    kz, scheduled, person_of, viewer_zone, viewer_hour, same
):
    viewer = person_of(kz)
    viewer.time_zone = viewer_zone
    agenda = agendas.build_agenda(viewer, kz, with_matching=False)
    first = agenda.rows[0]
    assert first.starts_at == dt.datetime(2027, 5, 12, 5, 0, tzinfo=UTC)
    assert first.event_start.hour == 10
    assert first.viewer_start.hour == viewer_hour
    assert agenda.same_zone is same


def test_reasons_come_from_matching_when_it_explains_the_pair(
    published, slots, make_organisation, make_participant, person_of, make_term, make_opportunity
):
    """The matching engine's reasons, when it recommends the partner, replace the message."""
    fintech = make_term("sector", "fintech", "Fintech")
    payments = make_term("technology", "payments", "Payment systems")
    ours = make_organisation(
        "Steppe Pay",
        country="KZ",
        description="Mobile wallet and QR payments for retailers.",
        sectors=[fintech],
        technologies=[payments],
    )
    theirs = make_organisation(
        "Karachi Payments Hub",
        country="PK",
        description="Card processing, payment gateway integration and merchant acquiring.",
        sectors=[fintech],
        technologies=[payments],
    )
    make_opportunity(
        ours,
        direction="request",
        title="Card processing partner for QR payments",
        summary="We seek a payment gateway partner for card processing and merchant acquiring.",
        sectors=[fintech],
        technologies=[payments],
    )
    make_opportunity(
        theirs,
        direction="offer",
        title="Payment gateway and card processing",
        summary="We offer payment gateway integration, card processing and merchant acquiring.",
        sectors=[fintech],
        technologies=[payments],
    )
    kz = make_participant(published, organisation=ours)
    pk = make_participant(published, organisation=theirs)
    request = MeetingRequest.objects.create(
        event=published, sender=kz, receiver=pk, message="Hello", status="accepted"
    )
    Meeting.objects.create(
        event=published,
        request=request,
        a=kz,
        b=pk,
        slot=slots[0],
        table=1,
        status=MeetingStatus.PUBLISHED,
    )
    row = agendas.build_agenda(person_of(kz), kz).rows[0]
    assert row.reason_source == "matching"
    assert any("Payment gateway and card processing" in reason for reason in row.reasons)
    assert "Hello" not in row.reasons


def test_ics_parses_back_with_correct_utc_times_and_stable_uids(kz, scheduled, person_of):
    agenda = agendas.build_agenda(person_of(kz), kz, with_matching=False)
    body = ical.agenda_calendar(agenda, base_url="https://silkbridge.example")
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Almaty"]
    online, at_table = events
    assert online["DTSTART"].params["TZID"] == "Asia/Almaty"
    assert online.decoded("DTSTART").astimezone(UTC) == dt.datetime(2027, 5, 12, 5, 0, tzinfo=UTC)
    assert online.decoded("DTEND").astimezone(UTC) == dt.datetime(2027, 5, 12, 5, 30, tzinfo=UTC)
    assert at_table.decoded("DTSTART").astimezone(UTC) == dt.datetime(
        2027, 5, 12, 5, 30, tzinfo=UTC
    )
    assert str(online["LOCATION"]) == "https://meet.example/astana-7"
    assert str(at_table["LOCATION"]) == "Expo Centre, Astana, Table 2"
    assert str(at_table["SUMMARY"]) == "Meeting with Lahore Data Systems"
    assert "look for a cloud partner" in str(at_table["DESCRIPTION"])
    assert str(at_table["URL"]).startswith("https://silkbridge.example/directory/")
    assert str(at_table["UID"]) == f"forum-meeting-{scheduled['at_table'].pk}@silkbridge"
    # The same meetings give the same UIDs the next time, so calendars update, not double.
    again = icalendar.Calendar.from_ical(ical.agenda_calendar(agenda))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in events]


def test_empty_agenda_is_a_valid_calendar(kz, person_of):
    agenda = agendas.build_agenda(person_of(kz), kz, with_matching=False)
    calendar = icalendar.Calendar.from_ical(ical.agenda_calendar(agenda))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["X-WR-CALNAME"]) == "Astana IT Forum"


def _pages(body: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", body))


def test_pdf_is_a_real_pdf_with_the_shipped_font(kz, scheduled, person_of):
    viewer = person_of(kz)
    viewer.time_zone = "Europe/Moscow"
    agenda = agendas.build_agenda(viewer, kz, with_matching=False)
    with translation.override("ru"):
        body = pdf.agenda_pdf(agenda, "https://silkbridge.example/forums/x/checkin/code/")
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")
    assert _pages(body) == 1
    # Cyrillic names and Russian labels are set in the shipped font, embedded as TrueType.
    assert re.search(rb"/BaseFont /[A-Z]{6}\+DejaVuSans", body)
    assert b"/FontFile2" in body


def test_pdf_of_a_long_agenda_runs_over_pages(published, slots, kz, person_of, make_participant):
    for index in range(40):
        partner = make_participant(published, country="PK", name=f"Partner {index:02d}")
        Meeting.objects.create(
            event=published,
            a=kz,
            b=partner,
            slot=slots[index % 4],
            virtual=True,
            status=MeetingStatus.PUBLISHED,
        )
    agenda = agendas.build_agenda(person_of(kz), kz, with_matching=False)
    assert _pages(pdf.agenda_pdf(agenda)) >= 2


@pytest.mark.parametrize("language", ["en", "ru", "kk", "ur"])
def test_pdf_is_printed_in_the_reader_s_language_and_reads_back_in_order(
    kz, scheduled, person_of, language
):
    agenda = agendas.build_agenda(person_of(kz), kz, with_matching=False)
    with translation.override(language):
        body = pdf.agenda_pdf(agenda, "https://silkbridge.example/forums/x/checkin/code/")
        expected = [
            translation.gettext("Show this code at the check-in desk."),
            translation.gettext("Partner"),
            translation.gettext("Why you meet"),
        ]
    assert text_without_a_font(body) == 0
    text = pdf_text(body)
    # Whole translated phrases, in reading order, with names in Latin and Cyrillic beside them.
    for phrase in expected:
        assert phrase in text, (phrase, text)
    assert "Lahore Data Systems" in text and "Сибирь Софт Пакистан" in text
    if language == "ur":
        assert expected[0] != "Show this code at the check-in desk."
        assert re.search(rb"/BaseFont /[A-Z]{6}\+NotoNastaliqUrdu", body)


def test_qr_code_is_inline_svg_with_an_accessible_name():
    markup = qr_svg("https://silkbridge.example/forums/x/checkin/abc/", 'Code of "A & B"')
    assert markup.startswith("<svg ")
    assert 'role="img"' in markup
    assert 'aria-label="Code of &quot;A &amp; B&quot;"' in markup
    assert "<?xml" not in markup and "DOCTYPE" not in markup
    assert markup.count("<rect") > 50  # the modules of the code


def test_font_files_ship_inside_the_package():
    from silkbridge.core.pdffonts import FONT_DIR

    assert (FONT_DIR / "DejaVuSans.ttf").is_file()
    assert (FONT_DIR / "DejaVuSans-Bold.ttf").is_file()
    assert (FONT_DIR / "LICENSE").is_file()
    assert "silkbridge" in str(FONT_DIR) and "/usr/share" not in str(FONT_DIR)


def test_viewer_zone_falls_back_to_utc():
    assert agendas.zone("Not/AZone") == zoneinfo.ZoneInfo("UTC")
    assert agendas.zone("") == zoneinfo.ZoneInfo("UTC")
