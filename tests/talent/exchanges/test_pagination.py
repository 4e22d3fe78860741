"""The ids-first paginator gives the same pages as Django's, in the same order."""

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from silkbridge.talent.exchanges.models import Internship
from silkbridge.talent.exchanges.pagination import IdsFirstPaginator


@pytest.fixture
def internships(db, host_company, internship_data):
    rows = Internship.objects.bulk_create(
        Internship(host=host_company, **internship_data(title=f"Intern {n}")) for n in range(23)
    )
    return Internship.objects.select_related("host").order_by("title", "-pk"), rows


@pytest.mark.parametrize("orphans", [0, 3])
def test_every_page_matches_djangos_paginator(internships, orphans):
    qs, rows = internships
    ours, django = IdsFirstPaginator(qs, 5, orphans=orphans), Paginator(qs, 5, orphans=orphans)
    assert (ours.count, ours.num_pages) == (django.count, django.num_pages)
    seen = []
    for number in django.page_range:
        page = ours.page(number)
        assert [i.pk for i in page.object_list] == [i.pk for i in django.page(number)]
        assert (page.has_next(), page.start_index()) == (
            django.page(number).has_next(),
            django.page(number).start_index(),
        )
        seen += [i.title for i in page]
    assert seen == sorted(i.title for i in rows)


def test_rows_keep_their_joins_and_an_empty_list_has_one_empty_page(
    internships, host_company, django_assert_num_queries
):
    qs, _rows = internships
    page = IdsFirstPaginator(qs, 5).get_page(2)
    with django_assert_num_queries(0):
        assert {row.host.name for row in page} == {host_company.name}
    empty = IdsFirstPaginator(qs.none(), 5).get_page("9")
    assert (empty.number, list(empty.object_list)) == (1, [])


def test_the_mobility_list_shows_a_mobility_to_its_student_and_both_coordinators_only(
    client, mobility, student, home_coordinator, host_coordinator, make_user, make_organisation
):
    other = make_organisation("Another University", country="KZ", kind="academic")
    stranger = make_user("coordinator@another.example.kz", organisation=other, role="admin")
    for user, sees in (
        (student, True),
        (home_coordinator, True),
        (host_coordinator, True),
        (stranger, False),
    ):
        client.force_login(user)
        page = client.get(reverse("talent_exchanges:mobilities"))
        assert page.status_code == 200
        assert [m.pk for m in page.context["page"].object_list] == ([mobility.pk] if sees else [])
