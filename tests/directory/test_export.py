import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from silkbridge.directory import exporting, importing, selectors
from silkbridge.directory.forms_query import DirectoryFilterForm, directory_query_from_params
from silkbridge.directory.models import City, Organisation, Person, SourceRecord
from silkbridge.directory.selectors import DirectoryQuery


def export_of(client, **params) -> tuple[list[str], list[dict]]:
    response = client.get(reverse("directory:export"), params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


@pytest.fixture
def directory(make_organisation, make_term):
    """Three organisations of both countries with tags, languages and a city."""
    fintech = make_term("sector", slug="fintech", label_en="Fintech")
    python = make_term("technology", slug="python", label_en="Python")
    almaty = City.objects.create(name="Almaty", country="KZ", population=2_000_000)
    return [
        make_organisation(
            "Qazaq Fintech Labs",
            country="KZ",
            website="https://qfl.example.kz",
            city=almaty,
            email="info@qfl.example.kz",
            sectors=[fintech],
            technologies=[python],
            languages=["kk", "ru", "en"],
            certifications=["ISO 27001"],
            founded_year=2015,
            size="small",
            description='Open banking, payments; "APIs"\nand more.',
        ),
        make_organisation("Lahore Software House", country="PK", website="https://lsh.example.pk"),
        make_organisation("Karaganda Technical University", country="KZ", kind="academic"),
    ]


def test_the_export_has_the_import_columns_and_one_row_per_organisation(user_client, directory):
    columns, rows = export_of(user_client)

    assert columns == list(importing.COLUMNS)
    # in the list page's order: the IT company's full profile first, then by name
    assert [r["name"] for r in rows] == [
        "Qazaq Fintech Labs",
        "Karaganda Technical University",
        "Lahore Software House",
    ]
    qfl = rows[0]
    assert (qfl["city"], qfl["sectors"], qfl["languages"]) == ("Almaty", "fintech", "kk; ru; en")


def test_the_export_is_a_streamed_dated_attachment(user_client, directory):
    response = user_client.get(reverse("directory:export"))

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="silkbridge-organisations-'
    )


def test_the_export_honours_the_directory_filters(user_client, directory):
    _, by_country = export_of(user_client, country="pk")
    _, by_kind = export_of(user_client, kind="academic")
    _, by_text = export_of(user_client, q="fintech")
    _, by_sector = export_of(user_client, sector="fintech")

    assert [r["name"] for r in by_country] == ["Lahore Software House"]
    assert [r["name"] for r in by_kind] == ["Karaganda Technical University"]
    assert [r["name"] for r in by_text] == ["Qazaq Fintech Labs"]
    assert [r["name"] for r in by_sector] == ["Qazaq Fintech Labs"]


def test_anonymous_visitors_are_sent_to_sign_in(client, directory):
    response = client.get(reverse("directory:export"), {"country": "KZ"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url


def test_the_export_holds_no_personal_contact_details(user_client, directory):
    Person.objects.create(
        organisation=directory[0],
        full_name="Aigerim Sadykova",
        email="aigerim@qfl.example.kz",
        phone="+7 700 123 4567",
    )

    response = user_client.get(reverse("directory:export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")

    assert "info@qfl.example.kz" in body  # the organisation's own general address
    assert "aigerim" not in body.lower()
    assert "700 123 4567" not in body


def test_an_export_reimports_onto_the_same_organisations_unchanged(
    user_client, secretariat, directory
):
    SourceRecord.objects.create(organisation=directory[1], source="import", external_id="crm-9")
    response = user_client.get(reverse("directory:export"))
    content = b"".join(response.streaming_content)
    before = (Organisation.objects.count(), SourceRecord.objects.count())

    preview = importing.preview_import(content=content, filename="export.csv")
    report = importing.commit_import(actor=secretariat, content=content, filename="export.csv")

    assert preview.file_errors == [] and not preview.has_errors
    assert [(r.organisation, r.action) for r in preview.rows] == [
        (organisation, "unchanged") for organisation in [directory[0], directory[2], directory[1]]
    ]
    assert report == importing.ImportReport(created=0, updated=0, unchanged=3)
    assert (Organisation.objects.count(), SourceRecord.objects.count()) == before


def test_formula_like_cells_are_guarded_and_survive_a_round_trip(make_organisation):
    make_organisation('=HYPERLINK("http://evil.example")', phone="+7 700 000 0000")

    rows = list(exporting.export_rows(selectors.search_organisations(DirectoryQuery())))
    content = "".join(exporting.iter_csv(rows)).encode()
    preview = importing.preview_import(content=content, filename="export.csv")

    assert rows[0][importing.COLUMNS.index("name")].startswith("'=")
    assert rows[0][importing.COLUMNS.index("phone")] == "'+7 700 000 0000"
    assert preview.rows[0].action == "unchanged"


def test_the_export_command_writes_a_filtered_file(directory, tmp_path):
    path = tmp_path / "kz.csv"

    call_command(
        "export_organisations", "--output", str(path), "--country", "KZ", stderr=io.StringIO()
    )

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Qazaq Fintech Labs", "Karaganda Technical University"]


def test_the_export_command_refuses_an_unknown_filter_rather_than_exporting_everything(directory):
    with pytest.raises(CommandError, match="--country"):
        call_command("export_organisations", "--country", "UZ", stdout=io.StringIO())


# --- the shared filter form ----------------------------------------------------------------


def test_filter_parameters_become_a_directory_query(make_term):
    make_term("service", slug="outsourcing", label_en="Outsourcing")
    city = City.objects.create(name="Lahore", country="PK")

    query = directory_query_from_params(
        {
            "q": "  payments ",
            "country": "pk",
            "kind": "company",
            "city": str(city.pk),
            "service": "outsourcing",
            "verified": "yes",
            "sort": "newest",
        }
    )

    assert query == DirectoryQuery(
        q="payments",
        country="PK",
        kind="company",
        city=city.pk,
        service="outsourcing",
        verified=True,
        sort="newest",
    )


def test_invalid_filter_parameters_are_left_out_and_reported(db):
    form = DirectoryFilterForm(
        {"country": "UZ", "kind": "bakery", "verified": "no", "sector": "gone"}
    )

    query = form.to_query()

    assert query == DirectoryQuery(verified=False)
    assert set(form.errors) == {"country", "kind", "sector"}


def test_every_sort_of_the_selector_is_offered(db):
    offered = {value for value, _ in DirectoryFilterForm().fields["sort"].choices if value}

    assert offered == set(selectors.SORTS)


@pytest.fixture
def user_client(client, make_user):
    """Any signed-in user, with no organisation of their own."""
    client.force_login(make_user())
    return client
