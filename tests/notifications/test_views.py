"""The notification inbox, opening a notification, marking all read and the navbar badge."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from silkbridge.notifications.models import Notification

LIST = reverse("notifications:list")
READ_ALL = reverse("notifications:read-all")


def open_url(notification: Notification) -> str:
    return reverse("notifications:open", args=[notification.pk])


@pytest.mark.parametrize("url", [LIST, "open", READ_ALL])
def test_anonymous_visitors_are_sent_to_sign_in(client, member, make_notification, url):
    if url == "open":
        url = open_url(make_notification(member))

    response = client.get(url) if url != READ_ALL else client.post(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_the_list_shows_only_the_readers_own_notifications_newest_first(
    client, member, outsider, make_notification
):
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    make_notification(member, params={"title": "Older one"}, created_at=start)
    make_notification(member, params={"title": "Newer one"}, created_at=start + timedelta(hours=1))
    make_notification(outsider, params={"title": "Someone else's"}, created_at=start)
    client.force_login(member)

    response = client.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else" not in html
    assert html.index("Newer one") < html.index("Older one")
    assert "bi-megaphone" in html  # the kind's icon


def test_unread_notifications_stand_out(client, member, make_notification):
    make_notification(member, params={"title": "Unread"})
    make_notification(member, params={"title": "Read"}, read_at=datetime(2026, 3, 1, tzinfo=UTC))
    client.force_login(member)

    html = client.get(LIST).content.decode()

    assert html.count("notification-unread") == 1
    unread_item = html[html.index("notification-unread") :]
    assert unread_item.index("Unread") < unread_item.index(">New<")


def test_the_list_speaks_the_readers_language_and_time_zone(client, make_user, make_notification):
    reader = make_user(language="ru", time_zone="Asia/Karachi")
    make_notification(
        reader,
        "opportunity_expiring",
        params={"title": "ERP", "date": "2026-12-05"},
        created_at=datetime(2026, 3, 9, 20, 0, tzinfo=UTC),  # 10 March, 01:00 in Karachi
    )
    client.force_login(reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    html = client.get(LIST).content.decode()

    assert "5 декабря 2026" in html
    assert "10 марта 2026" in html


def test_an_empty_inbox_says_so(client, member):
    client.force_login(member)

    response = client.get(LIST)

    assert "No notifications yet." in response.content.decode()
    assert "Mark all as read" not in response.content.decode()


def test_pages_follow_each_other_without_gaps_or_repeats(client, member, make_notification):
    # given 45 notifications, some sharing the same moment
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    made = [
        make_notification(
            member, params={"title": f"Item {n}"}, created_at=start + timedelta(minutes=n // 3)
        )
        for n in range(45)
    ]
    expected = sorted(made, key=lambda n: (n.created_at, n.pk), reverse=True)
    client.force_login(member)

    seen = []
    response = client.get(LIST)
    pages = [response.context["page"]]
    while pages[-1].older_cursor:
        pages.append(client.get(LIST, {"before": pages[-1].older_cursor}).context["page"])
    for page in pages:
        seen.extend(n.pk for n in page.notifications)

    assert [len(p.notifications) for p in pages] == [20, 20, 5]
    assert seen == [n.pk for n in expected]
    assert pages[0].is_first and pages[0].newer_cursor is None
    # going back to newer pages from the last one retraces the same pages
    back = client.get(LIST, {"after": pages[2].newer_cursor}).context["page"]
    assert [n.pk for n in back.notifications] == [n.pk for n in pages[1].notifications]
    top = client.get(LIST, {"after": back.newer_cursor}).context["page"]
    assert top.is_first
    assert [n.pk for n in top.notifications] == [n.pk for n in pages[0].notifications]


def test_a_cursor_of_someone_elses_notification_gives_the_first_page(
    client, member, outsider, make_notification
):
    mine = make_notification(member)
    theirs = make_notification(outsider)
    client.force_login(member)

    page = client.get(LIST, {"before": theirs.pk}).context["page"]

    assert [n.pk for n in page.notifications] == [mine.pk]


def test_opening_a_notification_marks_it_read_and_follows_its_link(
    client, member, make_notification
):
    notification = make_notification(member, url="/directory/")
    client.force_login(member)

    response = client.get(open_url(notification))

    assert response.status_code == 302
    assert response.url == "/directory/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_a_link_to_another_site_is_never_followed(client, member, make_notification, url):
    notification = make_notification(member, url=url)
    client.force_login(member)

    response = client.get(open_url(notification))

    assert response.status_code == 302
    assert response.url == LIST


@pytest.mark.parametrize("persona", ["outsider", "secretariat", "org_admin"])
def test_nobody_else_can_open_or_mark_someones_notification(
    persona_client, member, make_notification, persona
):
    notification = make_notification(member, url="/directory/")

    response = persona_client(persona).get(open_url(notification))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_marks_only_the_readers_own(client, member, outsider, make_notification):
    for _ in range(3):
        make_notification(member)
    other = make_notification(outsider)
    client.force_login(member)

    assert client.get(READ_ALL).status_code == 405
    response = client.post(READ_ALL, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_bell_shows_the_unread_count_with_an_accessible_label(
    client, member, make_notification
):
    for _ in range(3):
        make_notification(member)
    make_notification(member, read_at=datetime(2026, 3, 1, tzinfo=UTC))
    client.force_login(member)

    html = client.get(reverse("core:home")).content.decode()

    assert "3 unread notifications" in html
    assert 'aria-hidden="true">3</span>' in html


def test_the_bell_stops_counting_at_99(client, member):
    Notification.objects.bulk_create(
        Notification(recipient=member, kind="opportunity_approved", params={"title": "X"})
        for _ in range(120)
    )
    client.force_login(member)

    html = client.get(reverse("core:home")).content.decode()

    assert 'aria-hidden="true">99+</span>' in html
    assert "99+ unread notifications" in html


def test_without_unread_notifications_the_bell_has_a_plain_label(client, member):
    client.force_login(member)

    html = client.get(reverse("core:home")).content.decode()

    assert "bi-bell" in html and "unread notification" not in html


def test_anonymous_visitors_see_no_bell(client, db):
    html = client.get(reverse("core:home")).content.decode()

    assert reverse("notifications:list") not in html


def test_the_unread_count_is_one_query(member, make_notification, django_assert_num_queries):
    from silkbridge.core.context_processors import UnreadBadge

    make_notification(member)
    badge = UnreadBadge(member)

    with django_assert_num_queries(1):
        assert (badge.count, badge.display) == (1, "1")
        assert badge.count == 1


@pytest.mark.parametrize("cursor", ["abc", "-5", "99999999999999999999999999", ""])
def test_a_malformed_cursor_gives_the_first_page(client, member, make_notification, cursor):
    mine = make_notification(member)
    client.force_login(member)

    response = client.get(LIST, {"before": cursor, "after": cursor})

    assert response.status_code == 200
    assert [n.pk for n in response.context["page"].notifications] == [mine.pk]
