"""The Django messages our catalogues translate (Django has no Kazakh or Urdu for them) must be
exactly what Django says, or the translation silently stops applying."""

from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.timesince import TIME_STRINGS
from django.utils.translation import override

from silkbridge.accounts import django_messages


def _errors(password: str, user=None) -> list[str]:
    with override("en"):
        try:
            validate_password(password, user)
        except ValidationError as error:
            return error.messages
    return []


def test_the_password_help_we_translate_is_what_django_shows():
    similar, common, numeric = django_messages.PASSWORD_HELP
    with override("en"):
        shown = password_validators_help_texts()
        assert shown == [similar, django_messages.min_length_help(8), common, numeric]
        assert django_messages.min_length_help(1) == MinimumLengthValidator(1).get_help_text()


def test_the_password_errors_we_translate_are_what_django_says(django_user_model):
    similar, common, numeric = django_messages.PASSWORD_ERRORS
    with override("en"):
        short = django_messages.too_short(8)
        short_of_one = django_messages.too_short(1)
        assert short_of_one == MinimumLengthValidator(1).get_error_message()
        verbose = str(django_user_model._meta.get_field("email").verbose_name)

    assert set(_errors("12345")) >= {short, common, numeric}
    user = django_user_model(email="dana.nurlanovna@example.kz")
    assert similar % {"verbose_name": verbose} in _errors("dana.nurlanovna", user)


def test_the_email_error_we_translate_is_what_django_says():
    with override("en"):
        try:
            validate_email("not-an-email")
        except ValidationError as error:
            said = error.messages
    assert said == [django_messages.EMAIL]


def test_the_time_spans_we_translate_are_djangos():
    assert set(django_messages.TIME_STRINGS) == set(TIME_STRINGS)
    with override("en"):
        for unit, ours in django_messages.TIME_STRINGS.items():
            for num in (1, 5):
                assert ours % {"num": num} == TIME_STRINGS[unit] % {"num": num}
