"""The demo working groups, built through the services for the demo sign-ins."""

import pytest

from silkbridge.directory.models import Organisation
from silkbridge.directory.seed import demo_users
from silkbridge.workspace import selectors
from silkbridge.workspace.demo import create_demo_workspace
from silkbridge.workspace.models import GroupMeeting, WorkingGroup

pytestmark = pytest.mark.django_db


def test_demo_workspace(make_organisation):
    assert create_demo_workspace() is False  # no demo sign-ins yet
    for country in ("KZ", "PK"):
        organisation = make_organisation(f"Demo {country}", country=country)
        Organisation.objects.filter(pk=organisation.pk).update(is_demo=True)
    demo_users.create_demo_users()
    assert create_demo_workspace() is True
    assert create_demo_workspace() is True  # a second run changes nothing
    assert set(WorkingGroup.objects.values_list("slug", flat=True)) == {
        "fintech",
        "e-government",
        "academia-talent",
    }
    for group in WorkingGroup.objects.all():
        countries = group.memberships.filter(role="co_chair").values_list("country", flat=True)
        assert sorted(countries) == ["KZ", "PK"]
    fintech = WorkingGroup.objects.get(slug="fintech")
    assert set(fintech.meetings.values_list("status", flat=True)) == {"held", "planned"}
    held = fintech.meetings.get(status="held")
    assert held.minutes and held.decisions.count() == 1
    assert set(fintech.action_items.values_list("status", flat=True)) == {"open", "done"}
    assert selectors.open_action_item_counts(fintech) == {"open": 1, "overdue": 1}
    assert GroupMeeting.objects.count() == 2
