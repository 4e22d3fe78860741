"""Signals other apps listen to. Status changes are written with conditional `update()` calls,
which send no `post_save`, so they are announced here instead."""

from django.dispatch import Signal

#: Sent with `opportunity` (fresh from the database) and `old`/`new` statuses, inside the
#: transaction that made the change.
status_changed = Signal()
