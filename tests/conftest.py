"""Shared fixtures: personas (secretariat, observer, org admin, member, outsider, anonymous)
and factories that return callables."""

import itertools
import json
import os
import time
from pathlib import Path

import pytest

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_hashing_and_axes(settings):
    # Argon2 is deliberately slow; tests that check hashing ask for it themselves.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _two_factor_not_required(settings):
    """Personas sign in without an authenticator; the tests of the two-factor policy
    (tests/accounts/test_mfa*.py) require it themselves."""
    settings.SILKBRIDGE_MFA_REQUIRED_ROLES = []


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """Each test counts rate limits in its own empty cache, in memory: no files in the checkout,
    no counts left over from another test."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{request.node.nodeid}",
        }
    }
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Attachments of each test go to its own temporary folder, through a fresh storage."""
    from django.utils.functional import empty

    from silkbridge.core import uploads

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    uploads.private_storage._wrapped = empty
    yield
    uploads.private_storage._wrapped = empty


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a page requested in Urdu leaves Urdu active in the thread,
    which must not change what the next test reads."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_match_index():
    """Each test builds the matching index from its own data, never a previous test's."""
    from silkbridge.matching.services import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture
def make_term(db):
    from silkbridge.directory.models import Term

    def make(
        vocabulary: str = "sector", slug: str | None = None, label_en: str | None = None, **kw
    ):
        n = next(_counter)
        slug = slug or f"{vocabulary}-{n}"
        term, _ = Term.objects.get_or_create(
            vocabulary=vocabulary,
            slug=slug,
            defaults={"label_en": label_en or slug.replace("-", " ").title(), **kw},
        )
        return term

    return make


@pytest.fixture
def make_organisation(db):
    from silkbridge.directory import services

    def make(name: str | None = None, *, country: str = "KZ", kind: str = "company", **data):
        n = next(_counter)
        tags = {k: data.pop(k) for k in ("sectors", "technologies", "services") if k in data}
        return services.create_organisation(
            actor=None,
            check_permission=False,
            data={
                "name": name or f"Organisation {n}",
                "country": country,
                "kind": kind,
                **data,
                **tags,
            },
        )

    return make


@pytest.fixture
def make_user(db):
    from silkbridge.accounts.models import User
    from silkbridge.directory.models import Person

    def make(
        email: str | None = None,
        *,
        platform_role: str = "",
        organisation=None,
        role: str = "member",
        password: str = "correct-horse-battery",
        **kw,
    ):
        n = next(_counter)
        user = User.objects.create_user(
            email=email or f"user{n}@example.org",
            password=password,
            platform_role=platform_role,
            full_name=kw.pop("full_name", f"User {n}"),
            **kw,
        )
        if organisation is not None:
            Person.objects.create(
                organisation=organisation,
                user=user,
                full_name=user.full_name,
                email=user.email,
                role=role,
            )
        return user

    return make


@pytest.fixture
def make_opportunity(db):
    """Make an opportunity for an organisation: published unless `status` says otherwise.

    Written directly (the review workflow has its own tests), with the search text the services
    compute, so word search finds it. `sectors`/`technologies` take lists of terms.
    """
    import datetime

    from django.utils import timezone

    from silkbridge.opportunities.models import Opportunity, Status
    from silkbridge.opportunities.search import search_text_of
    from silkbridge.opportunities.services import default_target_country

    def make(organisation, *, status: str = Status.PUBLISHED, **fields):
        n = next(_counter)
        tags = {k: list(fields.pop(k)) for k in ("sectors", "technologies") if k in fields}
        now = timezone.now()
        values = {
            "type": "technology",
            "direction": "request",
            "title": f"Opportunity {n}",
            "summary": f"Summary of opportunity {n}.",
            "target_country": default_target_country(organisation),
            "expires_on": timezone.localdate() + datetime.timedelta(days=30),
            "status": status,
            **fields,
        }
        if status != Status.DRAFT:
            values.setdefault("submitted_at", now)
        if status in (Status.PUBLISHED, Status.EXPIRED, Status.CLOSED):
            values.setdefault("published_at", now)
        opportunity = Opportunity(organisation=organisation, **values)
        opportunity.search_text = search_text_of(opportunity, tags)
        opportunity.save()
        for field, terms in tags.items():
            getattr(opportunity, field).set(terms)
        return opportunity

    return make


@pytest.fixture
def organisation(make_organisation):
    return make_organisation(
        "Qazaq Fintech Labs",
        country="KZ",
        website="https://qfl.example.kz",
        description="Payment gateway integration and open banking APIs.",
    )


@pytest.fixture
def other_organisation(make_organisation):
    return make_organisation("Lahore Software House", country="PK")


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat@example.org", platform_role="secretariat", is_staff=True)


@pytest.fixture
def observer(make_user):
    return make_user("observer@example.org", platform_role="observer")


@pytest.fixture
def org_admin(make_user, organisation):
    return make_user("admin@qfl.example.kz", organisation=organisation, role="admin")


@pytest.fixture
def member(make_user, organisation):
    return make_user("member@qfl.example.kz", organisation=organisation, role="member")


@pytest.fixture
def outsider(make_user, other_organisation):
    """An admin of another organisation: signed in, with a role, but not here."""
    return make_user("admin@lahore.example.pk", organisation=other_organisation, role="admin")


PERSONAS = ["secretariat", "observer", "org_admin", "member", "outsider", "anonymous"]


@pytest.fixture
def persona_client(request, client):
    """A test client signed in as the named persona (`anonymous` stays signed out)."""

    def as_persona(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_persona


PAGE_AUDIT_FIGURES = Path(__file__).resolve().parents[1] / "test-artifacts" / "page-audit"
_run_started = pytest.StashKey[float]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_run_started] = time.time()


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """The page audit's figures, summed over the test processes that wrote them in this run."""
    started = config.stash.get(_run_started, 0.0)
    runs = [
        json.loads(path.read_text())
        for path in sorted(PAGE_AUDIT_FIGURES.glob("*.json"))
        if path.stat().st_mtime >= started
    ]
    if not runs:
        return
    pages = sum(run["pages"] for run in runs)
    views = sum(run["pages"] * run["widths"] for run in runs)
    findings = sum(run["findings"] for run in runs)
    languages = sorted({run["language"] for run in runs})
    roles = sorted({run["role"] for run in runs})
    terminalreporter.write_sep("=", "page audit")
    terminalreporter.write_line(
        f"{len(roles)} roles x {len(languages)} languages ({', '.join(languages)}): "
        f"{pages} page loads, {views} page x width checks (1366 and 390 px), "
        f"findings: {findings}"
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI a skipped test is a failure: CI has every service, so a skip hides a gap."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped:
        for report in skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
            print(f"\nCI: skipped {report.nodeid}: {reason}")
        print(f"CI: {len(skipped)} test(s) skipped; under CI nothing may be skipped")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files(tmp_path_factory):
    """Static files as production serves them: collected, hashed and compressed, once per run.

    Pages then resolve `{% static %}` through the manifest (a missing file fails the test, as it
    would fail in production) and WhiteNoise serves the live server's CSS and JavaScript,
    without a staticfiles/ folder in the checkout.
    """
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(STATIC_ROOT=tmp_path_factory.mktemp("staticfiles")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield


_migrated_template: dict[str, str] = {}


@pytest.fixture
def real_database_file(transactional_db, tmp_path, tmp_path_factory):
    """On SQLite, a migrated database file, as in production (for tests that race transactions).

    The test run's in-memory database uses SQLite's shared cache, where a second writer fails at
    once ("database table is locked") instead of waiting its turn; with a file, the IMMEDIATE
    transactions queue behind each other as they do in production. PostgreSQL needs nothing.
    Migrating takes most of a minute on a loaded machine, so each test process migrates one
    template file once and every test starts from a copy of it."""
    import shutil
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    if connections["default"].vendor != "sqlite":
        yield
        return
    memory_connection = connections["default"]
    memory_settings = connections.settings["default"]
    database = tmp_path / "concurrency.sqlite3"
    template = _migrated_template.get("path")
    if template:
        shutil.copyfile(template, database)
    file_settings = {**memory_settings, "NAME": str(database)}
    connections.settings["default"] = file_settings
    connections["default"] = connections.create_connection("default")
    # Content types are cached by id for the process; after a flush of the in-memory database
    # (a transactional test) its ids no longer match the file's, so audit entries would point
    # at content types the file does not have.
    ContentType.objects.clear_cache()
    try:
        if not template:
            call_command("migrate", verbosity=0)
            connections["default"].close()
            # A checkpoint folds the write-ahead log into the file, so a plain copy is whole.
            with sqlite3.connect(database) as raw:
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            saved = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
            shutil.copyfile(database, saved)
            _migrated_template["path"] = str(saved)
        yield
    finally:
        connections["default"].close()
        connections.settings["default"] = memory_settings
        connections["default"] = memory_connection
        ContentType.objects.clear_cache()
