"""Input checks of agreements and conditions, each error on the field it belongs to."""

import pytest
from django.core.exceptions import ValidationError

from silkbridge.talent.agreements.isced import ICT_CODES, ISCED_FIELDS, isced_choices
from silkbridge.talent.agreements.languages import validate_language_requirements
from silkbridge.talent.agreements.validation import clean_agreement, clean_condition


def _fields(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_the_ict_codes_come_first_and_cover_0610_to_0619():
    codes = [code for code, _label in isced_choices()]
    assert codes[:5] == ["0610", "0611", "0612", "0613", "0619"]
    assert {"0610", "0611", "0612", "0613", "0619"} <= ICT_CODES
    assert {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10"} <= set(ISCED_FIELDS)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ([{"language": "en", "cefr": "B3"}], "CEFR"),
        ([{"language": "xx", "cefr": "B2"}], "Unknown language"),
        ([{"language": "en", "cefr": "B2"}, {"language": "en", "cefr": "C1"}], "only once"),
        ([{"language": "en"}], "language and a CEFR level"),
        ("en B2", "list"),
    ],
)
def test_language_requirements_are_checked(value, fragment):
    with pytest.raises(ValidationError) as error:
        validate_language_requirements(value)
    assert fragment in " ".join(error.value.messages)


def test_good_language_requirements_pass():
    validate_language_requirements(
        [{"language": "ru", "cefr": "A2"}, {"language": "en", "cefr": "C2"}]
    )


def test_years_must_be_in_order_and_bounded(kz_university, pk_university):
    data = {
        "title": "x",
        "academic_year_start": 2027,
        "academic_year_end": 2026,
        "institutions": [kz_university, pk_university],
    }
    assert "academic_year_end" in _fields(lambda: clean_agreement(data))
    data.update(academic_year_start=2020, academic_year_end=2035)
    assert "academic_year_end" in _fields(lambda: clean_agreement(data))
    data.update(academic_year_start="next year", academic_year_end=2026)
    assert "academic_year_start" in _fields(lambda: clean_agreement(data))


def test_every_field_error_is_reported_at_once(kz_university, pk_university):
    errors = _fields(
        lambda: clean_condition(
            {
                "sending_institution": kz_university,
                "receiving_institution": pk_university,
                "mobility_type": "tourism",
                "isced_code": "0620",
                "eqf_level": 3,
                "people_per_year": 0,
                "total_months_per_year": "2.25",
                "contact_email": "not an address",
            },
            institutions=[kz_university, pk_university],
        )
    )
    assert set(errors) == {
        "mobility_type",
        "isced_code",
        "eqf_level",
        "people_per_year",
        "total_months_per_year",
        "contact_email",
    }


def test_an_institution_outside_the_agreement_is_refused(
    kz_university, pk_university, make_organisation
):
    stranger = make_organisation("NUST", country="PK", kind="academic")
    errors = _fields(
        lambda: clean_condition(
            {
                "sending_institution": kz_university,
                "receiving_institution": stranger,
                "mobility_type": "staff_training",
                "isced_code": "0611",
                "eqf_level": 7,
                "people_per_year": 1,
            },
            institutions=[kz_university, pk_university],
        )
    )
    assert list(errors) == ["receiving_institution"]


def test_the_database_refuses_what_the_services_refuse(make_agreement, kz_university):
    from django.db import IntegrityError, transaction

    agreement = make_agreement()
    condition = agreement.conditions.get()
    for field, value in (("people_per_year", 0), ("eqf_level", 9)):
        setattr(condition, field, value)
        with pytest.raises(IntegrityError), transaction.atomic():
            condition.save()
        condition.refresh_from_db()
    condition.receiving_institution = kz_university
    with pytest.raises(IntegrityError), transaction.atomic():
        condition.save()
