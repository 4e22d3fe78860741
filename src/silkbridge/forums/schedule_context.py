"""Names the scheduler's three modules share: which meetings count, which never move, and the
forum as read for a run.

`scheduling` reads the forum and runs the engine, `schedule_storage` writes the engine's answer
and `schedule_edits` checks the organiser's changes; each needs these, so they live here, where
all three can import them without importing one another in a circle.
"""

from __future__ import annotations

import dataclasses

from django.db.models import Q

from silkbridge.forums.models import Event, MeetingRequest, MeetingStatus, Participant, TimeSlot

# Meetings that took place (or were missed) never move.
PAST_STATUSES = (MeetingStatus.HELD, MeetingStatus.NO_SHOW)
LIVE = ~Q(status=MeetingStatus.CANCELLED)


@dataclasses.dataclass
class Context:
    """What the adapter read from the database to build a problem."""

    event: Event
    slots: dict[int, TimeSlot]
    participants: dict[int, Participant]
    requests: dict[int, MeetingRequest]
    no_thanks: list[int]
    walk_in_tables: dict[int, set[int]]  # slot id -> tables used by walk-ins
    proposed: dict[int, list[int]] = dataclasses.field(default_factory=dict)  # request -> slots
