"""The organiser starts the scheduler and watches it: a progress bar with the current weight and
the bound while it runs, the new draft and report when it ends, one run per forum at a time,
and a time budget chosen per run."""

import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from silkbridge.forums import meeting_requests as mr
from silkbridge.forums import schedule_progress
from silkbridge.forums.models import Meeting, ScheduleRun


@pytest.fixture
def world(forum, make_participant, make_user, person_of):
    a = make_participant(forum, country="KZ", name="Almaty Soft")
    b = make_participant(forum, country="PK", name="Lahore Code")
    organiser = make_user()
    forum.organisers.add(organiser)
    mr.accept_request(
        actor=person_of(a), request=mr.send_request(actor=person_of(b), sender=b, receiver=a)
    )
    return SimpleNamespace(event=forum, organiser=organiser, participant=person_of(a))


def _running(event, weight=12.0, bound=16.0) -> None:
    schedule_progress._write(
        event.pk,
        schedule_progress.Progress(
            state=schedule_progress.RUNNING,
            started=time.time() - 3,
            time_limit=10,
            weight=weight,
            bound=bound,
        ),
    )


def test_a_run_started_from_the_page_ends_with_its_draft_and_report(client, world):
    client.force_login(world.organiser)
    url = reverse("forums:schedule-run", args=[world.event.slug])
    page = client.post(url, {"time_limit": "3"}, follow=True)
    run = ScheduleRun.objects.get()
    assert Meeting.objects.filter(event=world.event).count() == 1
    assert "Placed 1 of 1 meetings" in page.content.decode()
    progress = schedule_progress.read(world.event)
    assert progress.state == schedule_progress.DONE and progress.run_id == run.pk
    assert progress.time_limit == 3
    assert progress.bound >= progress.weight == run.report["total_weight"] > 0
    # The run gave the forum back: another can start.
    assert client.post(url, {}).status_code == 302
    assert ScheduleRun.objects.count() == 2


def test_the_page_shows_the_progress_bar_while_a_run_goes_on(client, world):
    _running(world.event)
    client.force_login(world.organiser)
    page = client.get(reverse("forums:schedule", args=[world.event.slug])).content.decode()
    assert 'id="schedule-progress"' in page
    progress_url = reverse("forums:schedule-progress", args=[world.event.slug])
    assert f'hx-get="{progress_url}"' in page
    assert '<progress class="w-100" max="16.0" value="12.0"' in page
    assert "Total weight so far 12.0, at most 16.0 is possible." in page
    # The run button waits for the run to end.
    assert 'type="submit" disabled' in page


def test_the_progress_fragment_follows_the_run_and_sends_the_page_back_at_the_end(client, world):
    client.force_login(world.organiser)
    url = reverse("forums:schedule-progress", args=[world.event.slug])
    _running(world.event, weight=5.0, bound=8.0)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert 'value="5.0"' in fragment.content.decode()
    client.post(reverse("forums:schedule-run", args=[world.event.slug]), {})
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Redirect"] == reverse("forums:schedule", args=[world.event.slug])


def test_a_second_run_is_refused_while_one_goes_on(client, world):
    cache.add(schedule_progress._lock_key(world.event.pk), world.organiser.pk, 60)
    client.force_login(world.organiser)
    page = client.post(
        reverse("forums:schedule-run", args=[world.event.slug]), {}, follow=True
    ).content.decode()
    assert "already running for this forum" in page
    assert not ScheduleRun.objects.exists()


@pytest.mark.parametrize("budget", ["0", "100000", "ten"])
def test_a_time_budget_out_of_range_is_a_field_error(client, world, budget):
    client.force_login(world.organiser)
    response = client.post(
        reverse("forums:schedule-run", args=[world.event.slug]), {"time_limit": budget}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_time_limit_error"' in page and 'aria-invalid="true"' in page
    assert not ScheduleRun.objects.exists()


@pytest.mark.parametrize("who", ["participant", "stranger"])
def test_only_organisers_see_or_start_a_run(client, world, make_user, who):
    user = world.participant if who == "participant" else make_user()
    client.force_login(user)
    slug = world.event.slug
    assert client.get(reverse("forums:schedule-progress", args=[slug])).status_code == 404
    assert client.post(reverse("forums:schedule-run", args=[slug]), {}).status_code == 404
    assert schedule_progress.read(world.event) is None


def test_a_failed_run_says_why_and_frees_the_forum(world, monkeypatch):
    from django.core.exceptions import ValidationError

    from silkbridge.forums import scheduling

    def refuse(**kwargs):
        raise ValidationError("The scheduler cannot run: no slots")

    monkeypatch.setattr(scheduling, "run_schedule", refuse)
    progress = schedule_progress.start(actor=world.organiser, event=world.event)
    assert progress.state == schedule_progress.FAILED
    assert progress.errors == ["The scheduler cannot run: no slots"]
    assert cache.get(schedule_progress._lock_key(world.event.pk)) is None


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_run_goes_on_in_a_thread_and_the_page_answers_at_once(
    settings, forum, make_participant, make_user, person_of
):
    settings.SCHEDULE_IN_THREAD = True
    a = make_participant(forum, country="KZ", name="Almaty Soft")
    b = make_participant(forum, country="PK", name="Lahore Code")
    mr.accept_request(
        actor=person_of(a), request=mr.send_request(actor=person_of(b), sender=b, receiver=a)
    )
    organiser = make_user()
    forum.organisers.add(organiser)
    started = schedule_progress.start(actor=organiser, event=forum, time_limit=2)
    assert started.state == schedule_progress.RUNNING
    # Wait for the thread (the bound is the run's budget many times over, not a timing test).
    for _ in range(600):
        progress = schedule_progress.read(forum)
        if progress.state != schedule_progress.RUNNING:
            break
        time.sleep(0.1)
    assert progress.state == schedule_progress.DONE
    assert ScheduleRun.objects.get().pk == progress.run_id
    assert Meeting.objects.filter(event=forum).count() == 1
