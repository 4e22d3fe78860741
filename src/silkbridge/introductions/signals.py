"""Signals other apps listen to. Acceptance is a conditional `update()`, which sends no
`post_save`, so it is announced here instead."""

from django.dispatch import Signal

#: Sent with `introduction` (fresh from the database) inside the transaction that accepted it.
introduction_accepted = Signal()
