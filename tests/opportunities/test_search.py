import datetime

from django.utils import timezone

from silkbridge.opportunities.forms import opportunity_query_from_params
from silkbridge.opportunities.models import Opportunity, Status
from silkbridge.opportunities.selectors import (
    OpportunityQuery,
    opportunity_paginator,
    search_opportunities,
)


def titles(query: OpportunityQuery, *, broad: bool = False) -> list[str]:
    return [o.title for o in search_opportunities(query, broad=broad)]


def both(query: OpportunityQuery) -> list[str]:
    """The narrow and the broad form of a query must agree (the page picks one by count)."""
    narrow = titles(query)
    assert titles(query, broad=True) == narrow
    return narrow


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def at(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=n)


def test_only_published_opportunities_are_listed_newest_first(make_opportunity, organisation):
    make_opportunity(organisation, title="Old", published_at=at(5))
    make_opportunity(organisation, title="New", published_at=at(1))
    for status in (Status.DRAFT, Status.SUBMITTED, Status.EXPIRED, Status.CLOSED, "rejected"):
        make_opportunity(organisation, title=status, status=status)
    assert both(OpportunityQuery()) == ["New", "Old"]


def test_every_word_must_match_as_a_prefix_in_text_or_tag_labels(
    make_opportunity, organisation, make_term
):
    agri = make_term("sector", "agritech", label_en="Agritech", label_ru="Агротехнологии")
    make_opportunity(
        organisation,
        title="Irrigation sensors",
        summary="Low-cost soil moisture probes",
        sectors=[agri],
        published_at=at(2),
    )
    make_opportunity(
        organisation, title="Payment gateway", description="Card acquiring", published_at=at(1)
    )
    assert both(OpportunityQuery(q="irrig")) == ["Irrigation sensors"]
    assert both(OpportunityQuery(q="soil probes")) == ["Irrigation sensors"]
    assert both(OpportunityQuery(q="агротех")) == ["Irrigation sensors"]
    assert both(OpportunityQuery(q="card")) == ["Payment gateway"]
    assert both(OpportunityQuery(q="soil card")) == []
    assert both(OpportunityQuery(q='"(pay*')) == ["Payment gateway"]


def test_the_word_index_follows_edits(member, secretariat, make_opportunity, organisation):
    from silkbridge.opportunities import services

    opportunity = make_opportunity(organisation, title="Cloud hosting")
    services.update_opportunity(
        actor=secretariat, opportunity=opportunity, data={"title": "Kubernetes clusters"}
    )
    assert both(OpportunityQuery(q="kubernetes")) == ["Kubernetes clusters"]
    assert both(OpportunityQuery(q="hosting")) == []
    Opportunity.objects.filter(pk=opportunity.pk).delete()
    assert both(OpportunityQuery(q="kubernetes")) == []


def test_filters_on_type_direction_and_the_publishing_organisation(
    make_opportunity, make_organisation, organisation, other_organisation
):
    university = make_organisation("Steppe University", country="KZ", kind="academic")
    make_opportunity(organisation, title="KZ tech request", published_at=at(3))
    make_opportunity(
        other_organisation,
        title="PK business offer",
        type="business",
        direction="offer",
        published_at=at(2),
    )
    make_opportunity(
        university,
        title="KZ research offer",
        type="research",
        direction="offer",
        published_at=at(1),
    )
    assert both(OpportunityQuery(type="business")) == ["PK business offer"]
    assert both(OpportunityQuery(direction="offer")) == ["KZ research offer", "PK business offer"]
    assert both(OpportunityQuery(country="kz")) == ["KZ research offer", "KZ tech request"]
    assert both(OpportunityQuery(kind="academic")) == ["KZ research offer"]
    assert both(OpportunityQuery(country="KZ", kind="company")) == ["KZ tech request"]
    assert both(OpportunityQuery(country="PK", direction="request")) == []


def test_filters_on_sector_technology_and_partner_kind(make_opportunity, organisation, make_term):
    fintech = make_term("sector", "fintech")
    ai = make_term("technology", "ai")
    make_opportunity(organisation, title="Any partner", sectors=[fintech], published_at=at(3))
    make_opportunity(
        organisation,
        title="Universities",
        technologies=[ai],
        partner_kinds=["academic", "association"],
        published_at=at(2),
    )
    make_opportunity(organisation, title="Companies", partner_kinds=["company"], published_at=at(1))
    assert both(OpportunityQuery(sector="fintech")) == ["Any partner"]
    assert both(OpportunityQuery(technology="ai")) == ["Universities"]
    assert both(OpportunityQuery(partner_kind="academic")) == ["Universities", "Any partner"]
    assert both(OpportunityQuery(partner_kind="company")) == ["Companies", "Any partner"]


def test_deadline_filter_and_closing_soonest_order(make_opportunity, organisation):
    make_opportunity(organisation, title="Deadline in 5", deadline=days(5), expires_on=days(30))
    make_opportunity(organisation, title="No deadline, expires in 10", expires_on=days(10))
    make_opportunity(organisation, title="Deadline passed", deadline=days(-1), expires_on=days(3))
    make_opportunity(organisation, title="Deadline in 20", deadline=days(20), expires_on=days(20))
    assert both(OpportunityQuery(deadline_after=days(6))) == [
        "Deadline in 20",
        "No deadline, expires in 10",
    ]
    assert both(OpportunityQuery(sort="deadline")) == [
        "Deadline in 5",
        "No deadline, expires in 10",
        "Deadline in 20",
    ]


def test_the_form_parses_parameters_and_ignores_invalid_ones(make_term):
    make_term("sector", "fintech")
    query = opportunity_query_from_params(
        "q=+bank+&type=technology&direction=nope&country=pk&sector=fintech&technology=gone"
        "&kind=academic&partner_kind=company&deadline_after=2030-01-31&sort=deadline&page=4"
    )
    assert query == OpportunityQuery(
        q="bank",
        type="technology",
        country="PK",
        sector="fintech",
        kind="academic",
        partner_kind="company",
        deadline_after=datetime.date(2030, 1, 31),
        sort="deadline",
    )


def test_the_count_stops_at_the_cap_and_the_page_still_fills(make_opportunity, organisation):
    for n in range(7):
        make_opportunity(organisation, title=f"Item {n}", published_at=at(10 - n))
    paginator = opportunity_paginator(OpportunityQuery(country="KZ"), per_page=3, cap=5)
    page = paginator.get_page(1)
    assert paginator.capped and paginator.count == 5
    assert [o.title for o in page.object_list] == ["Item 6", "Item 5", "Item 4"]


def test_a_page_costs_a_fixed_number_of_queries(
    make_opportunity, organisation, make_term, django_assert_max_num_queries
):
    fintech = make_term("sector", "fintech")
    for n in range(25):
        make_opportunity(organisation, title=f"Item {n}", sectors=[fintech])
    with django_assert_max_num_queries(5):
        page = opportunity_paginator(OpportunityQuery()).get_page(2)
        for opportunity in page.object_list:
            assert opportunity.organisation.name
            list(opportunity.sectors.all())
            list(opportunity.technologies.all())
