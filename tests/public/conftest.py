"""Ventures, introductions, meetings and a mobility for the statistics, from the factories of
the apps that own them."""

from tests.outcomes.conftest import make_introduction, make_meeting, make_venture  # noqa: F401
from tests.talent.exchanges.conftest import (  # noqa: F401
    apply,
    call,
    close_call,
    company_admin,
    condition,
    home_coordinator,
    home_university,
    host_company,
    host_coordinator,
    host_university,
    internship,
    internship_data,
    make_student,
    mobility,
    nominated,
    pdf,
    places,
    student,
)
