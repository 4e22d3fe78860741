"""Every interface string exists in Russian, Kazakh and Urdu, and the compiled catalogues match."""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation

import silkbridge

PACKAGE = Path(silkbridge.__file__).parent
LANGUAGES = ["ru", "kk", "ur"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_original(language):
    for entry in catalogue(language).translated_entries():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            # A plural form may leave out the count (e.g. "one organisation"), nothing else.
            found = sorted(PLACEHOLDER.findall(text))
            assert set(found) <= set(wanted + PLACEHOLDER.findall(entry.msgid_plural or "")), (
                entry.msgid,
                text,
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    source = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert compiled == source, "run `make messages` to recompile the .mo files"


def test_no_interface_string_is_missing_from_the_catalogues(tmp_path, settings):
    """Extract strings afresh from a copy of the code; each must be in the committed catalogue."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext is needed (`apt-get install gettext`; `make test` installs it)")
    copy = tmp_path / "silkbridge"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "locale", "*.pyc"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["ru"], verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    committed = {(e.msgctxt, e.msgid) for e in catalogue("ru")}
    missing = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in committed]
    assert missing == [], "run `make messages` and translate the new strings"


@pytest.mark.parametrize(
    ("language", "script"),
    [
        ("ru", "\u0400-\u04ff"),
        ("kk", "\u0400-\u04ff"),
        ("ur", "\u0600-\u06ff"),
    ],
)
def test_the_interface_speaks_each_language_in_its_script(language, script):
    with translation.override(language):
        text = translation.gettext("Directory of organisations")
    assert re.search(f"[{script}]", text), text
