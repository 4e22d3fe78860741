"""Writes to the directory. Every function checks permission first and records its actor."""

import re
import unicodedata
from collections.abc import Iterable
from contextlib import contextmanager
from urllib.parse import urlsplit

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory import permissions
from silkbridge.directory.models import (
    Organisation,
    Person,
    PersonRole,
    SourceRecord,
    Term,
    Verification,
    Vocabulary,
)
from silkbridge.directory.standing import listing_rank_of

PROFILE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "country",
    "city",
    "region",
    "website",
    "email",
    "phone",
    "description",
    "size",
    "founded_year",
    "languages",
    "certifications",
)
TAG_FIELDS = ("sectors", "technologies", "services")


@contextmanager
def acting_as(actor: User | None):
    """Attribute audit-log entries written inside the block to `actor` (also outside requests)."""
    if actor is None:
        yield
        return
    with set_actor(actor):
        yield


def normalise_text(value: str) -> str:
    """Lower-case, accent-free, single-spaced text for search."""
    value = value or ""
    if value.isascii():
        # No accents to strip: the fast path for bulk loads of mostly English text.
        return " ".join(value.lower().split())
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", value.casefold()).strip()


def website_domain(url: str) -> str:
    """`https://www.Example.kz/path` -> `example.kz`; empty for an empty or unparsable URL."""
    if not url:
        return ""
    host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name, allow_unicode=False)[:100] or "organisation"
    slug, n = base, 2
    qs = Organisation.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def search_text_of(
    organisation: Organisation,
    tags: dict[str, Iterable[Term]],
    *,
    label_cache: dict[int, str] | None = None,
) -> str:
    """The normalised text the directory searches: profile words and every label of the tags.

    Computed without queries (given the tags and a city already loaded), so bulk loaders write
    exactly what the services write; `label_cache` spares them normalising a label twice.
    """
    parts = [organisation.name, organisation.short_name, organisation.description]
    if organisation.city_id:
        parts.append(organisation.city.name)
    texts = [normalise_text(part) for part in parts if part]
    texts.extend(tag_label_texts(tags, TAG_FIELDS, label_cache))
    return " ".join(text for text in texts if text)


def tag_label_texts(
    tags: dict[str, Iterable[Term]],
    fields: Iterable[str],
    label_cache: dict[int, str] | None = None,
) -> list[str]:
    """Each tag's labels in all four languages, normalised, so a search in any language finds
    it; in the order the stored tags come back in (Term's ordering within one vocabulary)."""
    cache = {} if label_cache is None else label_cache
    texts = []
    for field in fields:
        for term in sorted(tags.get(field, []), key=lambda t: t.label_en):
            if term.pk not in cache:
                labels = (term.label_en, term.label_ru, term.label_kk, term.label_ur)
                cache[term.pk] = normalise_text(" ".join(label for label in labels if label))
            texts.append(cache[term.pk])
    return texts


def _current_tags(organisation: Organisation, data: dict | None = None) -> dict[str, list[Term]]:
    """Tags as they will stand: those given in `data`, else those stored."""
    data = data or {}
    return {
        field: list(data[field])
        if field in data
        else (list(getattr(organisation, field).all()) if organisation.pk else [])
        for field in TAG_FIELDS
    }


def refresh_search_text(organisation: Organisation) -> None:
    """Recompute the searchable text and the standing from the stored profile and tags, and
    store them."""
    tags = _current_tags(organisation)
    organisation.search_text = search_text_of(organisation, tags)
    organisation.listing_rank = listing_rank_of(organisation, tags)
    if organisation.pk:
        Organisation.objects.filter(pk=organisation.pk).update(
            search_text=organisation.search_text, listing_rank=organisation.listing_rank
        )


def _apply_profile(organisation: Organisation, data: dict) -> None:
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(organisation, field, data[field])
    if organisation.city_id and not organisation.region_id:
        organisation.region_id = organisation.city.region_id
    organisation.website_domain = website_domain(organisation.website)


def _apply_tags(organisation: Organisation, tags: dict[str, list[Term]], *, new: bool) -> None:
    for field, terms in tags.items():
        if new:
            # A new organisation has no tags yet: add what there is, skip the empty lists.
            if terms:
                getattr(organisation, field).add(*terms)
        else:
            getattr(organisation, field).set(terms)


def create_organisation(
    *,
    actor: User | None,
    data: dict,
    source: str = "manual",
    external_id: str = "",
    check_permission: bool = True,
    is_demo: bool = False,
) -> Organisation:
    """Create an organisation; `check_permission=False` is for trusted loaders (data, demo)."""
    if check_permission and not permissions.can_create_organisation(actor):
        raise PermissionDenied(_("Only the secretariat can add organisations."))
    with transaction.atomic(), acting_as(actor):
        organisation = Organisation(is_demo=is_demo)
        _apply_profile(organisation, data)
        organisation.slug = unique_slug(organisation.name)
        organisation.full_clean(exclude=["slug", "search_text"])
        tags = _current_tags(organisation, data)
        organisation.search_text = search_text_of(organisation, tags)
        organisation.listing_rank = listing_rank_of(organisation, tags)
        organisation.save()
        _apply_tags(organisation, tags, new=True)
        if external_id:
            SourceRecord.objects.create(
                organisation=organisation, source=source, external_id=external_id
            )
    return organisation


def update_organisation(
    *, actor: User | None, organisation: Organisation, data: dict, check_permission: bool = True
) -> Organisation:
    if check_permission and not permissions.can_edit_organisation(actor, organisation):
        raise PermissionDenied(_("You cannot edit this organisation."))
    with transaction.atomic(), acting_as(actor):
        _apply_profile(organisation, data)
        organisation.full_clean(exclude=["slug", "search_text"])
        given = {field: data[field] for field in TAG_FIELDS if field in data}
        tags = _current_tags(organisation, data)
        organisation.search_text = search_text_of(organisation, tags)
        organisation.listing_rank = listing_rank_of(organisation, tags)
        organisation.save()
        _apply_tags(organisation, {f: list(t) for f, t in given.items()}, new=False)
    return organisation


def set_verification(*, actor: User, organisation: Organisation, verified: bool) -> Organisation:
    if not permissions.can_verify(actor):
        raise PermissionDenied(_("Only the secretariat can verify organisations."))
    with transaction.atomic(), acting_as(actor):
        organisation.verification = Verification.VERIFIED if verified else Verification.UNVERIFIED
        organisation.verified_at = timezone.now() if verified else None
        organisation.verified_by = actor if verified else None
        organisation.listing_rank = listing_rank_of(organisation, _current_tags(organisation))
        organisation.save(
            update_fields=[
                "verification",
                "verified_at",
                "verified_by",
                "listing_rank",
                "updated_at",
            ]
        )
    return organisation


def merge_organisations(
    *, actor: User, keep: Organisation, duplicate: Organisation
) -> Organisation:
    """Fold `duplicate` into `keep`: people, sources and tags move; blank profile fields fill in.

    The duplicate stays as a tombstone pointing at `keep`, so old links and audit entries resolve.
    """
    if not permissions.can_merge(actor):
        raise PermissionDenied(_("Only the secretariat can merge organisations."))
    if keep.pk == duplicate.pk:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("One of these organisations has already been merged."))
    with transaction.atomic(), acting_as(actor):
        # Lock both rows in primary-key order so concurrent merges cannot cross.
        locked = {
            o.pk: o
            for o in Organisation.objects.select_for_update()
            .filter(pk__in=sorted([keep.pk, duplicate.pk]))
            .order_by("pk")
        }
        keep, duplicate = locked[keep.pk], locked[duplicate.pk]
        if duplicate.merged_into_id or keep.merged_into_id:
            raise ValidationError(_("One of these organisations has already been merged."))
        for field in PROFILE_FIELDS:
            if getattr(keep, field) in ("", None, []) and getattr(duplicate, field) not in (
                "",
                None,
                [],
            ):
                setattr(keep, field, getattr(duplicate, field))
        keep.website_domain = website_domain(keep.website)
        if duplicate.is_verified and not keep.is_verified:
            keep.verification, keep.verified_at = duplicate.verification, duplicate.verified_at
            keep.verified_by_id = duplicate.verified_by_id
        keep.save()
        for field in TAG_FIELDS:
            getattr(keep, field).add(*getattr(duplicate, field).all())
        existing_users = set(keep.people.exclude(user=None).values_list("user_id", flat=True))
        for person in duplicate.people.all():
            if person.user_id and person.user_id in existing_users:
                person.delete()
            else:
                person.organisation = keep
                person.save(update_fields=["organisation"])
        duplicate.sources.update(organisation=keep)
        duplicate.merged_into = keep
        duplicate.website_domain = ""
        duplicate.save(update_fields=["merged_into", "website_domain", "updated_at"])
        refresh_search_text(keep)
    return keep


def add_person(*, actor: User, organisation: Organisation, data: dict) -> Person:
    if not permissions.can_manage_people(actor, organisation):
        raise PermissionDenied(_("You cannot manage this organisation's people."))
    with transaction.atomic(), acting_as(actor):
        person = Person(organisation=organisation, **data)
        person.full_clean()
        person.save()
    return person


def update_person(*, actor: User, person: Person, data: dict) -> Person:
    if not permissions.can_manage_people(actor, person.organisation):
        raise PermissionDenied(_("You cannot manage this organisation's people."))
    with transaction.atomic(), acting_as(actor):
        if (
            person.role == PersonRole.ADMIN
            and data.get("role", person.role) != PersonRole.ADMIN
            and _is_last_admin(person)
        ):
            raise ValidationError({"role": _("An organisation must keep at least one admin.")})
        for key, value in data.items():
            setattr(person, key, value)
        person.full_clean()
        person.save()
    permissions.forget_roles(actor)
    return person


def remove_person(*, actor: User, person: Person) -> None:
    if not permissions.can_manage_people(actor, person.organisation):
        raise PermissionDenied(_("You cannot manage this organisation's people."))
    with transaction.atomic(), acting_as(actor):
        if person.role == PersonRole.ADMIN and _is_last_admin(person):
            raise ValidationError(_("An organisation must keep at least one admin."))
        person.delete()
    permissions.forget_roles(actor)


def _is_last_admin(person: Person) -> bool:
    if not person.user_id:
        return False
    admins = (
        Person.objects.select_for_update()
        .filter(organisation_id=person.organisation_id, role=PersonRole.ADMIN, user__isnull=False)
        .values_list("pk", flat=True)
    )
    return list(admins) == [person.pk]


def save_term(*, actor: User, term: Term | None, data: dict) -> Term:
    if not permissions.can_manage_taxonomy(actor):
        raise PermissionDenied(_("Only the secretariat can edit the taxonomy."))
    with transaction.atomic(), acting_as(actor):
        term = term or Term()
        for key, value in data.items():
            setattr(term, key, value)
        if not term.slug:
            term.slug = slugify(term.label_en)
        term.full_clean()
        term.save()
    return term


def terms_by_slug(vocabulary: str, slugs: Iterable[str]) -> list[Term]:
    """Terms for the given slugs; raises ValidationError naming any unknown slug."""
    wanted = [s for s in dict.fromkeys(slugs) if s]
    found = {t.slug: t for t in Term.objects.filter(vocabulary=vocabulary, slug__in=wanted)}
    unknown = [s for s in wanted if s not in found]
    if unknown:
        raise ValidationError(
            _("Unknown %(vocabulary)s: %(slugs)s")
            % {"vocabulary": Vocabulary(vocabulary).label, "slugs": ", ".join(unknown)}
        )
    return [found[s] for s in wanted]
