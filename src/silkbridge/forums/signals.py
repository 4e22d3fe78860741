"""Signals other apps listen to. Meeting statuses are written with conditional `update()` calls,
which send no `post_save`, so a meeting marked held or no-show is announced here."""

from django.dispatch import Signal

#: Sent with `meeting` (fresh from the database) inside the transaction that marked it.
meeting_marked = Signal()
