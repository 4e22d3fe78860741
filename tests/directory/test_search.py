from silkbridge.directory.selectors import DirectoryQuery, search_organisations


def names(query: DirectoryQuery) -> list[str]:
    return [o.name for o in search_organisations(query)]


def test_every_word_must_match_name_or_description(make_organisation):
    make_organisation("Steppe Payments", description="Card acquiring and wallets")
    make_organisation("Indus Cloud", country="PK", description="Managed Kubernetes and payments")
    make_organisation("Karachi Health IT", country="PK", description="Hospital systems")
    assert names(DirectoryQuery(q="payments")) == ["Steppe Payments", "Indus Cloud"]
    assert names(DirectoryQuery(q="payments kubernetes")) == ["Indus Cloud"]
    assert names(DirectoryQuery(q="nothing-like-this")) == []


def test_filters_combine_country_kind_tags_and_verification(
    make_organisation, make_term, secretariat
):
    from silkbridge.directory import services

    fintech = make_term("sector", "fintech")
    a = make_organisation("A Fintech", country="KZ", sectors=[fintech])
    make_organisation("B Fintech", country="PK", sectors=[fintech])
    make_organisation("C University", country="KZ", kind="academic")
    services.set_verification(actor=secretariat, organisation=a, verified=True)
    assert names(DirectoryQuery(country="KZ")) == ["A Fintech", "C University"]
    assert names(DirectoryQuery(kind="academic")) == ["C University"]
    assert names(DirectoryQuery(sector="fintech")) == ["A Fintech", "B Fintech"]
    assert names(DirectoryQuery(sector="fintech", verified=True)) == ["A Fintech"]
    assert names(DirectoryQuery(verified=False)) == ["B Fintech", "C University"]


def test_organisations_outside_the_two_countries_and_merged_ones_are_hidden(
    make_organisation, secretariat
):
    from silkbridge.directory import services

    make_organisation("Tashkent Soft", country="UZ")
    keep = make_organisation("Kept")
    gone = make_organisation("Gone")
    services.merge_organisations(actor=secretariat, keep=keep, duplicate=gone)
    assert names(DirectoryQuery()) == ["Kept"]


def test_name_matches_rank_above_description_matches(make_organisation):
    make_organisation("Alpha", description="We build payments gateways")
    make_organisation("Payments Hub")
    assert names(DirectoryQuery(q="payments")) == ["Payments Hub", "Alpha"]


def test_sort_by_newest(make_organisation):
    make_organisation("First")
    make_organisation("Second")
    assert names(DirectoryQuery(sort="newest")) == ["Second", "First"]


def test_each_word_matches_as_a_word_prefix_in_any_script(make_organisation):
    make_organisation("Steppe Payments", description="Төлем жүйелері and card acquiring")
    assert names(DirectoryQuery(q="pay")) == ["Steppe Payments"]
    assert names(DirectoryQuery(q="төлем")) == ["Steppe Payments"]
    assert names(DirectoryQuery(q="ayments")) == []


def test_punctuation_in_the_search_box_is_ignored(make_organisation):
    make_organisation("E-Gov Systems", description="e-government portals")
    assert names(DirectoryQuery(q='"e-government" (portals)*')) == ["E-Gov Systems"]


def test_the_word_index_follows_every_kind_of_write(make_organisation):
    from silkbridge.directory import services
    from silkbridge.directory.models import Organisation

    org = make_organisation("Indus Cloud", description="Managed hosting")
    # a service edit
    services.update_organisation(
        actor=None, organisation=org, data={"description": "Kubernetes"}, check_permission=False
    )
    assert names(DirectoryQuery(q="kubernetes")) == ["Indus Cloud"]
    assert names(DirectoryQuery(q="hosting")) == []
    # a bulk update that bypasses the services
    Organisation.objects.filter(pk=org.pk).update(search_text="quantum")
    assert names(DirectoryQuery(q="quantum")) == ["Indus Cloud"]
    # a deletion
    org.delete()
    assert names(DirectoryQuery(q="quantum")) == []


def test_counting_stops_at_the_cap_and_says_so(make_organisation):
    from silkbridge.directory.selectors import directory_paginator

    for i in range(5):
        make_organisation(f"Cloud {i}", description="cloud")
    paginator = directory_paginator(DirectoryQuery(q="cloud"), per_page=2, cap=3)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)
    narrow = directory_paginator(DirectoryQuery(q="cloud"), per_page=2, cap=10)
    assert (narrow.count, narrow.capped) == (5, False)


def test_a_broad_search_is_listed_by_name_and_a_narrow_one_by_relevance(make_organisation):
    from silkbridge.directory.selectors import directory_paginator

    make_organisation("Alpha", description="payments")
    make_organisation("Beta", description="payments")
    make_organisation("Payments Hub")

    def first_page(cap: int) -> list[str]:
        paginator = directory_paginator(DirectoryQuery(q="payments"), per_page=3, cap=cap)
        return [o.name for o in paginator.page(1)]

    assert first_page(cap=10) == ["Payments Hub", "Alpha", "Beta"]
    assert first_page(cap=2) == ["Alpha", "Beta"]
