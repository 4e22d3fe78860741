"""An approval and a change of the terms at the same moment: either the approval lands on the
version it read and the change makes the next one, or the change lands first and the approval is
refused. Never is the changed version approved by someone who did not read it."""

import pytest

from silkbridge.talent.agreements import services
from silkbridge.talent.agreements.models import (
    Agreement,
    AgreementApproval,
    AgreementStatus,
    CooperationCondition,
)
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("real_database_file"),
]


def test_an_approval_racing_a_change_never_approves_the_new_version(
    make_agreement, kz_coordinator, pk_coordinator, kz_university, pk_university, condition_data
):
    agreement = make_agreement(submitted=True)
    services.approve(
        actor=kz_coordinator, agreement=agreement, organisation=kz_university, version=1
    )
    condition_id = agreement.conditions.get().pk

    def approve():
        return services.approve(
            actor=pk_coordinator,
            agreement=Agreement.objects.get(pk=agreement.pk),
            organisation=pk_university,
            version=1,
        )

    def change():
        return services.update_condition(
            actor=kz_coordinator,
            condition=CooperationCondition.objects.get(pk=condition_id),
            data=condition_data(people_per_year=7),
        )

    approved, changed = run_together(approve, change)
    assert isinstance(changed, CooperationCondition), changed
    assert isinstance(approved, AgreementApproval | services.ApprovalConflict), approved
    agreement.refresh_from_db()
    assert agreement.version_number == 2
    assert agreement.status == AgreementStatus.PENDING_APPROVAL
    assert not agreement.versions.get(number=2).approvals.exists()
    assert agreement.versions.get(number=2).terms["conditions"][0]["people_per_year"] == 7
