"""The demo: two agreements between a Kazakh and a Pakistani university, one approved by both,
one changed after approval and awaiting the Pakistani side; run twice, nothing is doubled."""

from silkbridge.talent.agreements.demo import PK_COORDINATOR_EMAIL, create_demo_agreements
from silkbridge.talent.agreements.models import Agreement, AgreementStatus


def test_the_demo_has_an_approved_and_a_pending_agreement(kz_university, pk_university):
    assert create_demo_agreements() == 2
    approved = Agreement.objects.get(status=AgreementStatus.APPROVED)
    pending = Agreement.objects.get(status=AgreementStatus.PENDING_APPROVAL)
    for agreement in (approved, pending):
        assert agreement.is_demo
        assert {str(o.country) for o in agreement.institutions.all()} == {"KZ", "PK"}
    assert approved.versions.get().approvals.count() == 2
    assert pending.version_number == 2
    assert pending.versions.get(number=1).approvals.count() == 2
    assert [a.organisation for a in pending.versions.get(number=2).approvals.all()] == [
        kz_university
    ]
    # The Pakistani coordinator is asked, and can finish it from the page.
    pk_user = pk_university.people.get(user__email=PK_COORDINATOR_EMAIL).user
    assert pk_user.notifications.filter(kind="agreement_approval_needed").exists()
    assert create_demo_agreements() == 2
    assert Agreement.objects.count() == 2


def test_no_demo_without_universities_of_both_countries(kz_university):
    assert create_demo_agreements() == 0
    assert not Agreement.objects.exists()
