"""Reading a contact list: columns, matching each row to a directory record, row problems."""

import pytest
from django.core.exceptions import ValidationError

from silkbridge.directory.models import Organisation
from silkbridge.outreach.contact_lists import read_rows, report_for
from silkbridge.outreach.models import Campaign, Contact


def _report(contact_file, rows, **kw):
    upload = contact_file(rows, **kw)
    return report_for(upload.read(), upload.name)


@pytest.fixture
def registered(make_organisation):
    organisation = make_organisation("Ali Soft (Pvt.) Ltd", country="PK")
    Organisation.objects.filter(pk=organisation.pk).update(registration_number="1234567-8")
    return organisation


def test_a_row_matches_its_organisation_by_website_domain(contact_file, organisation):
    report = _report(
        contact_file, [("aigerim@qfl.example.kz", "Aigerim", "https://www.qfl.example.kz/about")]
    )
    row = report.rows[0]
    assert (row.organisation_id, row.matched_by, row.problems) == (organisation.pk, "website", [])


def test_a_row_matches_by_registration_number_however_it_is_written(contact_file, registered):
    report = _report(
        contact_file, [("a@ali.pk", "Ali", "12345678"), ("b@ali.pk", "B", "1234567-8")]
    )
    assert [row.organisation_id for row in report.rows] == [registered.pk, registered.pk]
    assert {row.matched_by for row in report.rows} == {"registration_number"}


def test_a_row_matches_by_the_exact_name_ignoring_case_quotes_and_stops(contact_file, registered):
    report = _report(contact_file, [("a@gmail.com", "Ali", '"ALI SOFT  (PVT) LTD"')])
    assert report.rows[0].organisation_id == registered.pk
    assert report.rows[0].matched_by == "name"


def test_a_similar_but_different_name_is_unknown(contact_file, registered):
    report = _report(contact_file, [("a@gmail.com", "Ali", "Ali Software")])
    assert report.rows[0].problems == ["unknown_organisation"]


def test_an_empty_organisation_cell_falls_back_on_the_email_domain(contact_file, organisation):
    report = _report(contact_file, [("cto@qfl.example.kz", "", "")])
    assert report.rows[0].organisation_id == organisation.pk
    assert report.rows[0].matched_by == "email_domain"


def test_a_name_shared_by_two_organisations_is_ambiguous(contact_file, make_organisation):
    make_organisation("Twin Labs", country="KZ")
    make_organisation("Twin Labs", country="PK")
    report = _report(contact_file, [("a@twin.example", "", "Twin Labs")])
    assert report.rows[0].problems == ["ambiguous_organisation"]


def test_a_merged_organisation_is_not_matched(contact_file, organisation, make_organisation):
    keep = make_organisation("Keeper")
    Organisation.objects.filter(pk=organisation.pk).update(merged_into=keep)
    report = _report(contact_file, [("a@x.kz", "", "qfl.example.kz")])
    assert report.rows[0].problems == ["unknown_organisation"]


def test_every_row_problem_is_reported_with_its_row_number(contact_file, organisation, member):
    report = _report(
        contact_file,
        [
            ("not-an-address", "A", "qfl.example.kz"),
            ("new@qfl.example.kz", "B", "qfl.example.kz"),
            ("NEW@qfl.example.kz", "C", "qfl.example.kz"),
            (member.email, "D", "qfl.example.kz"),
            ("e@nowhere.example", "E", "Nobody Ltd"),
        ],
    )
    problems = {row.row_number: row.problems for row in report.rows}
    assert problems == {
        2: ["invalid_email"],
        3: [],
        4: ["duplicate"],
        5: ["already_member"],
        6: ["unknown_organisation"],
    }
    assert [row.row_number for row in report.ready] == [3]
    assert "Already a member of this organisation." in report.rows[3].problem_messages


def test_reading_and_checking_a_list_writes_nothing(contact_file, organisation):
    _report(contact_file, [("x@qfl.example.kz", "X", "qfl.example.kz")])
    assert not Contact.objects.exists()
    assert not Campaign.objects.exists()


def test_xlsx_lists_and_loosely_named_headers_are_read(contact_file, organisation):
    report = _report(
        contact_file,
        [("x@qfl.example.kz", "Xeniya", "qfl.example.kz")],
        header=("E-mail", "Full name", "Organization"),
        xlsx=True,
    )
    assert report.rows[0].full_name == "Xeniya"
    assert report.rows[0].organisation_id == organisation.pk


def test_a_file_without_an_email_column_is_refused_with_the_missing_column(contact_file):
    upload = contact_file([("x", "y")], header=("name", "organisation"))
    with pytest.raises(ValidationError) as error:
        read_rows(upload.read(), upload.name)
    assert "email" in error.value.messages[0]


def test_a_file_that_is_not_csv_or_xlsx_is_refused():
    with pytest.raises(ValidationError):
        read_rows(b"email\n", "contacts.pdf")


def test_a_file_over_the_row_limit_is_refused(settings, contact_file):
    settings.IMPORT_MAX_ROWS = 3
    upload = contact_file([(f"p{i}@x.kz", "", "x.kz") for i in range(5)])
    with pytest.raises(ValidationError):
        read_rows(upload.read(), upload.name)
