"""Demo sign-ins: one per persona, so a fresh demo can be explored from every side.

The shared password is published in the README and printed by the CLI; it exists for demos on a
laptop only and must never be used on a server reachable by others.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from silkbridge.accounts.models import PlatformRole, User
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


@transaction.atomic
def create_demo_users(password: str = DEMO_PASSWORD) -> list[tuple[str, str]]:
    """Create or refresh the demo sign-ins and return (e-mail, what the account can do) pairs."""
    created: list[tuple[str, str]] = []
    _user(
        SECRETARIAT_EMAIL,
        full_name="Dana Seitkali",
        password=password,
        time_zone="Asia/Almaty",
        platform_role=PlatformRole.SECRETARIAT,
        is_staff=True,
    )
    created.append((SECRETARIAT_EMAIL, _("Secretariat: verifies, moderates and brokers; staff")))
    _user(
        OBSERVER_EMAIL,
        full_name="Imran Qureshi",
        password=password,
        time_zone="Asia/Karachi",
        platform_role=PlatformRole.OBSERVER,
        is_staff=False,
    )
    created.append((OBSERVER_EMAIL, _("Observer: reads reports and the directory")))

    kz_company = demo_company("KZ")
    if kz_company is not None:
        admin = _user(
            KZ_ADMIN_EMAIL,
            full_name="Aigerim Nurlanova",
            password=password,
            time_zone="Asia/Almaty",
            platform_role=PlatformRole.NONE,
            is_staff=False,
        )
        _membership(admin, kz_company, PersonRole.ADMIN, "Chief Executive Officer")
        created.append(
            (KZ_ADMIN_EMAIL, _("Admin of %(name)s (Kazakhstan)") % {"name": kz_company.name})
        )
        member = _user(
            KZ_MEMBER_EMAIL,
            full_name="Timur Akhmetov",
            password=password,
            time_zone="Asia/Almaty",
            platform_role=PlatformRole.NONE,
            is_staff=False,
        )
        _membership(member, kz_company, PersonRole.MEMBER, "Partnerships Manager")
        created.append(
            (KZ_MEMBER_EMAIL, _("Member of %(name)s (Kazakhstan)") % {"name": kz_company.name})
        )
    pk_company = demo_company("PK")
    if pk_company is not None:
        admin = _user(
            PK_ADMIN_EMAIL,
            full_name="Ayesha Malik",
            password=password,
            time_zone="Asia/Karachi",
            platform_role=PlatformRole.NONE,
            is_staff=False,
        )
        _membership(admin, pk_company, PersonRole.ADMIN, "Founder and CEO")
        created.append(
            (PK_ADMIN_EMAIL, _("Admin of %(name)s (Pakistan)") % {"name": pk_company.name})
        )
    return created
