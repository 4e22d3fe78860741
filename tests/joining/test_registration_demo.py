"""The demo's self-registered startup waits in the secretariat's queue, once."""

from silkbridge.directory.models import Organisation, Verification
from silkbridge.joining import selectors
from silkbridge.joining.demo_registrations import BIN, NAME, create_demo_registration


def test_the_demo_registers_one_startup_awaiting_verification(db, make_term):
    make_term("sector", slug="fintech")

    assert create_demo_registration() == 1
    assert create_demo_registration() == 0

    organisation = Organisation.objects.get(name=NAME)
    assert organisation.is_demo
    assert organisation.registration_number == BIN
    assert organisation.verification == Verification.UNVERIFIED
    assert organisation.people.get().role == "admin"
    assert list(selectors.registrations_awaiting()) == [organisation]
