"""A period far outside any record (year 9999 or year 1), or no date at all, is refused with a
message on the dashboard page, its CSV tables, the report and the API, never a server error."""

import pytest

from tests.api.helpers import error_of

OUT_OF_RANGE = "Enter a date between 1990-01-01 and 2100-12-31."
BAD_PERIODS = [
    ({"start": "9999-12-31"}, "start", OUT_OF_RANGE),
    ({"end": "9999-12-31"}, "end", OUT_OF_RANGE),
    ({"start": "0001-01-01", "end": "9999-12-31"}, "start", OUT_OF_RANGE),
    ({"start": "2026-01-01", "end": "0001-01-01"}, "end", OUT_OF_RANGE),
    ({"start": "yesterday"}, "start", "Enter a valid date."),
]


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


@pytest.mark.parametrize(("period", "field", "message"), BAD_PERIODS)
def test_the_dashboard_page_says_what_is_wrong_with_the_period(signed_in, period, field, message):
    response = signed_in.get("/outcomes/", period)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(("period", "field", "message"), BAD_PERIODS)
@pytest.mark.parametrize("table", ["stages", "quarters", "target-progress"])
def test_a_csv_table_of_a_bad_period_is_a_bad_request(signed_in, period, field, message, table):
    response = signed_in.get(f"/outcomes/export/{table}.csv", period)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(("period", "field", "message"), BAD_PERIODS)
def test_the_api_names_the_bad_end_of_the_period(signed_in, period, field, message):
    response = signed_in.get("/api/v1/outcomes/dashboard", period)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["fields"][field]


def test_the_range_ends_on_its_first_and_last_days(signed_in):
    inside = {"start": "1990-01-01", "end": "2100-12-31"}
    assert signed_in.get("/outcomes/", inside).status_code == 200
    assert signed_in.get("/api/v1/outcomes/dashboard", inside).status_code == 200
    outside = {"start": "1989-12-31", "end": "2026-01-01"}
    assert signed_in.get("/outcomes/", outside).status_code == 400
    assert signed_in.get("/api/v1/outcomes/dashboard", outside).status_code == 422


@pytest.mark.parametrize("quarter", ["0001Q1", "1989Q4"])
def test_the_report_refuses_a_quarter_before_any_record(signed_in, quarter):
    response = signed_in.get("/outcomes/report.pdf", {"quarter": quarter}, follow=True)
    assert response.redirect_chain == [("/outcomes/", 302)]
    assert "Enter a date between 1990-01-01 and 2100-12-31." in response.content.decode()
