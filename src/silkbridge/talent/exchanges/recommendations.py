"""Suggestions for coordinators and applicants: partner institutions, internships, applicants.

Reads the directory, agreements and mobilities, hands plain data to the talent suggestions
engine and turns its reasons into words in the reader's language. People's data stays where
the exchange rules put it: an applicant sees internships for themselves; applicants are
suggested for an internship only to the coordinators of their own home institution, never to
the host.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext

from silkbridge.directory.models import Organisation, OrganisationKind
from silkbridge.directory.permissions import AnyUser
from silkbridge.engines import talent_match as engine
from silkbridge.talent.agreements.isced import isced_label
from silkbridge.talent.agreements.languages import language_label
from silkbridge.talent.agreements.models import AgreementStatus, CooperationCondition
from silkbridge.talent.exchanges import permissions
from silkbridge.talent.exchanges.models import (
    ApplicantProfile,
    Internship,
    Mobility,
    MobilityStatus,
    OfferStatus,
)

__all__ = [
    "Recommendation",
    "applicants_for_internship",
    "internships_for_applicant",
    "partners_for_institution",
    "partners_for_institutions",
    "reason_text",
]


@dataclass(frozen=True)
class Recommendation:
    """A suggested object with its score and its reasons, already in words."""

    target: object
    score: int
    reasons: tuple[str, ...]


def reason_text(reason: engine.Reason, names: dict[int, str] | None = None) -> str:
    """One engine reason in the active language."""
    values = reason.values
    if reason.code == "same_field":
        return gettext("Same field: %(field)s") % {"field": isced_label(values[0])}
    if reason.code == "same_broad_field":
        return gettext("Related field: %(field)s") % {"field": isced_label(values[0])}
    if reason.code == "shared_languages":
        languages = ", ".join(language_label(code) for code in values)
        return gettext("Shared working languages: %(languages)s") % {"languages": languages}
    if reason.code == "language_level_met":
        return gettext("Works in %(language)s at level %(level)s or above, as required") % {
            "language": language_label(values[0]),
            "level": values[1],
        }
    if reason.code == "language_shared":
        return gettext("Works in %(language)s (level %(level)s asked)") % {
            "language": language_label(values[0]),
            "level": values[1],
        }
    if reason.code == "shared_skills":
        return gettext("Skills taught at the home institution: %(skills)s") % {
            "skills": ", ".join(values)
        }
    if reason.code == "host_history":
        return gettext("Students of the home institution completed a stay with this host")
    if reason.code == "existing_agreement":
        return gettext("An approved agreement already links you")
    if reason.code == "past_mobilities":
        return gettext("People have already completed exchanges between you")
    if reason.code == "partner_of_peer":
        partners = ", ".join((names or {}).get(int(pk), pk) for pk in values)
        return gettext("A partner of %(institutions)s, who share a partner with you") % {
            "institutions": partners
        }
    return reason.code


def _completed_pairs(institution_ids: set[int] | None = None) -> set[tuple[int, int]]:
    """(home institution, receiving side) of completed mobilities."""
    qs = Mobility.objects.filter(status=MobilityStatus.COMPLETED)
    if institution_ids is not None:
        qs = qs.filter(
            Q(nomination__application__call__home_institution_id__in=institution_ids)
            | Q(nomination__place__host_id__in=institution_ids)
        )
    return set(
        qs.order_by()
        .values_list(
            "nomination__application__call__home_institution_id", "nomination__place__host_id"
        )
        .distinct()
    )


def _approved_partner_pairs() -> set[tuple[int, int]]:
    rows = CooperationCondition.objects.filter(
        agreement__status=AgreementStatus.APPROVED
    ).values_list("sending_institution_id", "receiving_institution_id")
    return {pair for a, b in rows.order_by().distinct() for pair in ((a, b), (b, a)) if a != b}


def _institutions() -> list[engine.Institution]:
    """Active academic institutions as the engine sees them, with their links."""
    orgs = list(
        Organisation.objects.active()
        .filter(kind=OrganisationKind.ACADEMIC)
        .only("pk", "country", "languages")
        .order_by("pk")
    )
    pks = [org.pk for org in orgs]
    areas: dict[int, set[str]] = {pk: set() for pk in pks}
    conditions = CooperationCondition.objects.order_by().values_list(
        "sending_institution_id", "receiving_institution_id", "isced_code"
    )
    for sending, receiving, code in conditions.distinct():
        for pk in (sending, receiving):
            if pk in areas:
                areas[pk].add(code)
    profile_areas = (
        ApplicantProfile.objects.filter(home_institution__kind=OrganisationKind.ACADEMIC)
        .order_by()
        .values_list("home_institution_id", "subject_area")
        .distinct()
    )
    for pk, code in profile_areas:
        if pk in areas:
            areas[pk].add(code)
    partners: dict[int, set[int]] = {}
    for a, b in _approved_partner_pairs():
        partners.setdefault(a, set()).add(b)
    exchanged: dict[int, set[int]] = {}
    for home, host in _completed_pairs():
        exchanged.setdefault(home, set()).add(host)
        exchanged.setdefault(host, set()).add(home)
    return [
        engine.Institution(
            id=org.pk,
            country=str(org.country),
            subject_areas=frozenset(areas[org.pk]),
            languages=frozenset(org.languages or ()),
            partners=frozenset(partners.get(org.pk, ())),
            exchanged_with=frozenset(exchanged.get(org.pk, ())),
        )
        for org in orgs
    ]


def partners_for_institution(
    user: AnyUser, institution: Organisation, *, limit: int = 5
) -> list[Recommendation]:
    """Institutions of the other country to propose an agreement to; coordinators only."""
    return partners_for_institutions(user, [institution], limit=limit).get(institution.pk, [])


def partners_for_institutions(
    user: AnyUser, institutions: list[Organisation], *, limit: int = 5
) -> dict[int, list[Recommendation]]:
    """Suggested partners for each of several institutions the user coordinates, read once."""
    mine = [inst for inst in institutions if inst.pk in permissions.coordinated_ids(user)]
    if not mine:
        return {}
    everyone = _institutions()
    by_id = {inst.id: inst for inst in everyone}
    return {
        inst.pk: _partner_recommendations(by_id[inst.pk], everyone, limit)
        for inst in mine
        if inst.pk in by_id
    }


def _partner_recommendations(
    subject: engine.Institution, everyone: list[engine.Institution], limit: int
) -> list[Recommendation]:
    suggestions = engine.suggest_partners(subject, everyone, limit=limit)
    mentioned = {s.id for s in suggestions} | {
        int(pk)
        for s in suggestions
        for r in s.reasons
        if r.code == "partner_of_peer"
        for pk in r.values
    }
    orgs = Organisation.objects.in_bulk(mentioned)
    names = {pk: org.name for pk, org in orgs.items()}
    return [
        Recommendation(orgs[s.id], s.score, tuple(reason_text(r, names) for r in s.reasons))
        for s in suggestions
        if s.id in orgs
    ]


def _skill_labels(org_ids: set[int]) -> dict[int, frozenset[str]]:
    through = Organisation.technologies.through
    rows = through.objects.filter(organisation_id__in=org_ids).select_related("term")
    skills: dict[int, set[str]] = {}
    for row in rows:
        skills.setdefault(row.organisation_id, set()).add(row.term.label)
    return {pk: frozenset(labels) for pk, labels in skills.items()}


def _applicants(profiles: list[ApplicantProfile]) -> list[engine.Applicant]:
    homes = {profile.home_institution_id for profile in profiles}
    skills = _skill_labels(homes)
    past_hosts: dict[int, set[int]] = {}
    for home, host in _completed_pairs(homes):
        past_hosts.setdefault(home, set()).add(host)
    return [
        engine.Applicant(
            id=profile.pk,
            home_institution_id=profile.home_institution_id,
            country=str(profile.home_institution.country),
            subject_area=profile.subject_area,
            # The person's own levels are not recorded: the home institution's working
            # languages stand in, with the level left to check.
            languages={code: "" for code in profile.home_institution.languages or ()},
            skills=skills.get(profile.home_institution_id, frozenset()),
            past_hosts=frozenset(past_hosts.get(profile.home_institution_id, ())),
        )
        for profile in profiles
    ]


def _offer(internship: Internship) -> engine.InternshipOffer:
    return engine.InternshipOffer(
        id=internship.pk,
        host_id=internship.host_id,
        host_country=str(internship.host.country),
        for_country=str(internship.for_country),
        subject_area=internship.subject_area,
        language=internship.language,
        language_level=internship.language_level,
        skills=frozenset(skill.label for skill in internship.skills.all()),
    )


def internships_for_applicant(user: AnyUser, *, limit: int = 5) -> list[Recommendation]:
    """Open internships that fit the user's confirmed applicant profile, best first."""
    if not user.is_authenticated:
        return []
    profiles = list(
        ApplicantProfile.objects.filter(user=user, confirmed_at__isnull=False)
        .select_related("home_institution")
        .order_by("pk")
    )
    if not profiles:
        return []
    applicants = _applicants(profiles)
    countries = {applicant.country for applicant in applicants}
    internships = {
        internship.pk: internship
        for internship in Internship.objects.filter(
            status=OfferStatus.OPEN, for_country__in=countries
        )
        .select_related("host")
        .prefetch_related("skills")
    }
    offers = [_offer(internship) for internship in internships.values()]
    best: dict[int, engine.Suggestion] = {}
    for applicant in applicants:
        for suggestion in engine.suggest_internships(applicant, offers, limit=limit):
            if suggestion.id not in best or suggestion.score > best[suggestion.id].score:
                best[suggestion.id] = suggestion
    ranked = sorted(best.values(), key=lambda s: (-s.score, s.id))[:limit]
    return [
        Recommendation(internships[s.id], s.score, tuple(reason_text(r) for r in s.reasons))
        for s in ranked
    ]


def applicants_for_internship(
    user: AnyUser, internship: Internship, *, limit: int = 10
) -> list[Recommendation]:
    """Confirmed applicants of the user's own institutions who fit the internship.

    Only a home coordinator learns of their own students; the host sees applicants only once
    they are nominated, through the nominations.
    """
    mine = permissions.coordinated_ids(user)
    if not mine or internship.status != OfferStatus.OPEN:
        return []
    profiles = list(
        ApplicantProfile.objects.filter(
            home_institution_id__in=mine,
            home_institution__country=internship.for_country,
            confirmed_at__isnull=False,
        )
        .select_related("home_institution", "user")
        .order_by("pk")
    )
    if not profiles:
        return []
    by_id = {profile.pk: profile for profile in profiles}
    suggestions = engine.suggest_applicants(_offer(internship), _applicants(profiles), limit=limit)
    return [
        Recommendation(by_id[s.id], s.score, tuple(reason_text(r) for r in s.reasons))
        for s in suggestions
    ]
