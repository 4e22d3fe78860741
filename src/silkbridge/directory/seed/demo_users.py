"""Demo sign-ins: one per persona, so a fresh demo can be explored from every side.

The shared password is published in the README and printed by the CLI; it exists for demos on a
laptop only and must never be used on a server reachable by others.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from silkbridge.accounts.models import (
    EmailNotifications,
    PlatformRole,
    User,
    record_verified_address,
)
from silkbridge.directory.models import Organisation, OrganisationKind, Person, PersonRole

DEMO_PASSWORD = "silkbridge-demo"  # noqa: S105 - a published demo-only password, by design
SECRETARIAT_EMAIL = "secretariat@silkbridge.example"
OBSERVER_EMAIL = "observer@silkbridge.example"
KZ_ADMIN_EMAIL = "kz.admin@silkbridge.example"
KZ_MEMBER_EMAIL = "kz.member@silkbridge.example"
PK_ADMIN_EMAIL = "pk.admin@silkbridge.example"


def demo_company(country: str) -> Organisation | None:
    """The demo company whose people the demo sign-ins join: the first generated in `country`."""
    return (
        Organisation.objects.active()
        .filter(is_demo=True, kind=OrganisationKind.COMPANY, country=country)
        .order_by("pk")
        .first()
    )


def _user(email: str, *, full_name: str, password: str, time_zone: str, **fields) -> User:
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.full_name = full_name
    user.time_zone = time_zone
    user.is_active = True
    for name, value in fields.items():
        setattr(user, name, value)
    # Reset on every run, so the documented password always works on a demo machine.
    user.set_password(password)
    user.save()
    # allauth signs in only a verified address; demo addresses receive no mail.
    record_verified_address(user)
    return user


def _membership(user: User, organisation: Organisation, role: str, job_title: str) -> None:
    person, created = Person.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={
            "full_name": user.full_name,
            "email": user.email,
            "role": role,
            "job_title": job_title,
            "is_demo": True,
        },
    )
    if not created and person.role != role:
        person.role = role
        person.save(update_fields=["role"])


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    time_zone: str
    platform_role: str = PlatformRole.NONE
    # With a company: the country whose first demo company the account joins, role and title.
    country: str = ""
    role: str = ""
    job_title: str = ""


ACCOUNTS = (
    DemoAccount(SECRETARIAT_EMAIL, "Dana Seitkali", "Asia/Almaty", PlatformRole.SECRETARIAT),
    DemoAccount(OBSERVER_EMAIL, "Imran Qureshi", "Asia/Karachi", PlatformRole.OBSERVER),
    DemoAccount(
        KZ_ADMIN_EMAIL,
        "Aigerim Nurlanova",
        "Asia/Almaty",
        country="KZ",
        role=PersonRole.ADMIN,
        job_title="Chief Executive Officer",
    ),
    DemoAccount(
        KZ_MEMBER_EMAIL,
        "Timur Akhmetov",
        "Asia/Almaty",
        country="KZ",
        role=PersonRole.MEMBER,
        job_title="Partnerships Manager",
    ),
    DemoAccount(
        PK_ADMIN_EMAIL,
        "Ayesha Malik",
        "Asia/Karachi",
        country="PK",
        role=PersonRole.ADMIN,
        job_title="Founder and CEO",
    ),
)


def _describe(account: DemoAccount, company: Organisation | None) -> str:
    if account.platform_role == PlatformRole.SECRETARIAT:
        return _("Secretariat: verifies, moderates and brokers; staff")
    if account.platform_role == PlatformRole.OBSERVER:
        return _("Observer: reads reports and the directory")
    template = {
        ("KZ", PersonRole.ADMIN): _("Admin of %(name)s (Kazakhstan)"),
        ("KZ", PersonRole.MEMBER): _("Member of %(name)s (Kazakhstan)"),
        ("PK", PersonRole.ADMIN): _("Admin of %(name)s (Pakistan)"),
    }[(account.country, account.role)]
    return template % {"name": company.name}


@transaction.atomic
def create_demo_users(password: str = DEMO_PASSWORD) -> list[tuple[str, str]]:
    """Create or refresh the demo sign-ins and return (e-mail, what the account can do) pairs.

    Company accounts are made only where a demo company of their country exists.
    """
    created: list[tuple[str, str]] = []
    for account in ACCOUNTS:
        company = demo_company(account.country) if account.country else None
        if account.country and company is None:
            continue
        user = _user(
            account.email,
            full_name=account.full_name,
            password=password,
            time_zone=account.time_zone,
            platform_role=account.platform_role,
            # Addresses under .example cannot receive mail: the demo notifies in the app only.
            email_notifications=EmailNotifications.NONE,
            is_staff=account.platform_role == PlatformRole.SECRETARIAT,
        )
        if company is not None:
            _membership(user, company, account.role, account.job_title)
        created.append((account.email, _describe(account, company)))
    return created
