"""A demo self-registration, so the secretariat's queue shows a new organisation to verify.

A Kazakh startup founder registers her company through the same service as the page, with a
BIN in the official format; running the demo again changes nothing.
"""

from __future__ import annotations

from django.db import transaction

from silkbridge.accounts.models import User, record_verified_address
from silkbridge.directory.models import City, Organisation, Term, Vocabulary
from silkbridge.joining.registrations import register_organisation

FOUNDER_EMAIL = "kz.founder@silkbridge.example"
NAME = "Steppe Vision Analytics"
# Twelve digits whose last one is the official check digit (a demo number, no real company).
BIN = "230540012345"


def create_demo_registration() -> int:
    """Register the demo startup if it is missing; returns how many were created."""
    if Organisation.objects.filter(name=NAME, is_demo=True).exists():
        return 0
    with transaction.atomic():
        founder = User.objects.filter(email__iexact=FOUNDER_EMAIL).first()
        if founder is None:
            founder = User.objects.create_user(
                email=FOUNDER_EMAIL,
                password=None,
                full_name="Dana Nurpeisova",
                time_zone="Asia/Almaty",
            )
        record_verified_address(founder)
        sectors = list(Term.objects.filter(vocabulary=Vocabulary.SECTOR).order_by("slug")[:1])
        organisation, created = register_organisation(
            actor=founder,
            data={
                "name": NAME,
                "kind": "company",
                "country": "KZ",
                "registration_number": BIN,
                "website": "https://steppe-vision.example.kz",
                "city": City.objects.filter(country="KZ", name="Almaty").first(),
                "sectors": sectors,
            },
        )
        Organisation.objects.filter(pk=organisation.pk).update(is_demo=True)
    return int(created)
