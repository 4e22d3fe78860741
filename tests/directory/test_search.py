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
