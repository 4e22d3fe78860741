"""Tests of the Django-free engines."""
