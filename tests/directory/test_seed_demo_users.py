"""Demo sign-ins: one per persona, attached to demo companies, safe to create again."""

import pytest

from silkbridge.accounts.models import User
from silkbridge.directory import permissions
from silkbridge.directory.models import Person
from silkbridge.directory.seed.demo import generate_demo
from silkbridge.directory.seed.demo_users import (
    DEMO_PASSWORD,
    KZ_ADMIN_EMAIL,
    KZ_MEMBER_EMAIL,
    OBSERVER_EMAIL,
    PK_ADMIN_EMAIL,
    SECRETARIAT_EMAIL,
    create_demo_users,
    demo_company,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data():
    generate_demo(scale=10, seed=1)


def test_demo_users_cover_every_persona_with_the_shared_password(demo_data):
    # given generated demo companies
    # when the demo sign-ins are created
    sign_ins = create_demo_users()

    # then there is one per persona, and each accepts the documented password
    emails = [email for email, _role in sign_ins]
    assert emails == [
        SECRETARIAT_EMAIL,
        OBSERVER_EMAIL,
        KZ_ADMIN_EMAIL,
        KZ_MEMBER_EMAIL,
        PK_ADMIN_EMAIL,
    ]
    for email in emails:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    secretariat = User.objects.get(email=SECRETARIAT_EMAIL)
    assert secretariat.is_secretariat and secretariat.is_staff
    assert User.objects.get(email=OBSERVER_EMAIL).is_observer


def test_company_sign_ins_have_the_roles_their_names_promise(demo_data):
    # given the demo sign-ins
    create_demo_users()
    kz_company, pk_company = demo_company("KZ"), demo_company("PK")
    kz_admin = User.objects.get(email=KZ_ADMIN_EMAIL)
    kz_member = User.objects.get(email=KZ_MEMBER_EMAIL)
    pk_admin = User.objects.get(email=PK_ADMIN_EMAIL)

    # when their permissions on the demo companies are asked
    # then the admins may edit their own company only, and the member may not edit
    assert kz_company.is_demo and pk_company.is_demo
    assert permissions.can_edit_organisation(kz_admin, kz_company)
    assert not permissions.can_edit_organisation(kz_admin, pk_company)
    assert not permissions.can_edit_organisation(kz_member, kz_company)
    assert permissions.can_view_contacts(kz_member, kz_company)
    assert permissions.can_edit_organisation(pk_admin, pk_company)
    assert not kz_admin.is_secretariat


def test_creating_demo_users_twice_adds_no_user_or_membership(demo_data):
    # given the demo sign-ins
    create_demo_users()
    users, people = User.objects.count(), Person.objects.filter(user__isnull=False).count()

    # when they are created again
    create_demo_users()

    # then nothing was added
    assert User.objects.count() == users
    assert Person.objects.filter(user__isnull=False).count() == people == 3


def test_without_demo_companies_only_the_platform_sign_ins_are_made(db):
    # given no demo companies
    # when the demo sign-ins are created
    sign_ins = create_demo_users()

    # then only the secretariat and the observer exist
    assert [email for email, _role in sign_ins] == [SECRETARIAT_EMAIL, OBSERVER_EMAIL]
    assert not Person.objects.filter(user__isnull=False).exists()
