"""Registration numbers: each country's rule, with numbers as the registers print them."""

import pytest
from django.core.exceptions import ValidationError

from silkbridge.directory.registration_numbers import (
    Scheme,
    expected_format,
    kazakhstan_check_digit,
    parse_registration_number,
)


def error_of(country: str, raw: str) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_registration_number(country, raw)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    "bin_number",
    [
        "971240001315",  # Kaspi Bank
        "940140000385",  # Halyk Bank
        "990140004654",
    ],
)
def test_a_real_kazakh_bin_is_accepted_as_a_bin(bin_number):
    number = parse_registration_number("KZ", bin_number)
    assert number.value == bin_number
    assert number.scheme == Scheme.KZ_BIN


def test_a_bin_typed_in_groups_is_stored_as_twelve_digits():
    assert parse_registration_number("KZ", " 971 240 001 315 ").value == "971240001315"
    assert parse_registration_number("KZ", "971240-001315").value == "971240001315"


def test_the_check_digit_uses_weights_one_to_eleven():
    # 9·1 + 7·2 + 1·3 + 2·4 + 4·5 + 0 + 0 + 0 + 1·9 + 3·10 + 1·11 = 104 = 9·11 + 5
    assert kazakhstan_check_digit("97124000131") == 5


def test_the_check_digit_falls_back_to_the_second_weights_when_the_first_remainder_is_ten():
    # Weights 1…11 give 87 = 7·11 + 10; weights 3…11, 1, 2 give 84 = 7·11 + 7.
    assert kazakhstan_check_digit("00074000130") == 7
    assert parse_registration_number("KZ", "000740001307").scheme == Scheme.KZ_BIN


def test_a_number_whose_both_remainders_are_ten_is_never_issued():
    assert kazakhstan_check_digit("97124000190") is None
    for last in "0123456789":
        with pytest.raises(ValidationError):
            parse_registration_number("KZ", "97124000190" + last)


def test_a_kazakh_number_with_a_wrong_check_digit_is_refused_naming_the_format():
    message = error_of("KZ", "971240001316")
    assert "check digit" in message
    assert "12 digits" in message


@pytest.mark.parametrize("raw", ["97124000131", "9712400013150", "97124000131X", "BIN"])
def test_a_kazakh_number_of_the_wrong_length_or_with_letters_is_refused(raw):
    assert "12 digits" in error_of("KZ", raw)


@pytest.mark.parametrize("iin", ["791028302728", "061211600012"])
def test_an_entrepreneurs_iin_is_accepted_as_an_iin(iin):
    assert parse_registration_number("KZ", iin).scheme == Scheme.KZ_IIN


def test_twelve_digits_with_a_good_check_digit_but_neither_bin_nor_iin_structure_are_refused():
    # Month 99 and entity type 9: not a BIN; 99-99 is no birth date: not an IIN.
    first = "99999999999"
    check = kazakhstan_check_digit(first)
    assert check is not None
    assert "neither a BIN" in error_of("KZ", first + str(check))


def test_a_pakistani_ntn_with_its_check_digit_is_stored_with_the_dash():
    assert parse_registration_number("PK", "4174941-3").value == "4174941-3"
    number = parse_registration_number("PK", "41749413")
    assert (number.value, number.scheme) == ("4174941-3", Scheme.PK_NTN)


@pytest.mark.parametrize("raw", ["0012345", "CUIN-0012345", "cuin 0012345", "0012 345"])
def test_an_secp_incorporation_number_is_seven_digits(raw):
    number = parse_registration_number("PK", raw)
    assert (number.value, number.scheme) == ("0012345", Scheme.PK_SECP)


def test_a_cnic_is_refused_for_an_organisation():
    message = error_of("PK", "35202-1234567-1")
    assert "CNIC" in message
    assert "4174941-3" in message


@pytest.mark.parametrize("raw", ["12345", "123456789", "NTN-ABC", "CUIN-01234567"])
def test_a_pakistani_number_in_no_known_format_names_both_formats(raw):
    message = error_of("PK", raw)
    assert "NTN" in message
    assert "SECP" in message


def test_an_empty_number_is_required():
    assert "Enter the registration number" in error_of("KZ", "  ")


def test_another_countrys_number_is_kept_tidied_as_typed():
    number = parse_registration_number("DE", " hrb  12345 ")
    assert (number.value, number.scheme) == ("HRB 12345", Scheme.OTHER)
    assert "letters and digits" in error_of("DE", "<script>")


def test_the_expected_format_names_an_example_for_each_country():
    assert "971240001315" in expected_format("KZ")
    assert "0012345" in expected_format("PK")
