"""How complete an organisation's profile is: a checklist, each step saying what it unlocks.

A profile is read by partners and by the matching engine; every missing piece costs it
something specific (no offers or needs, no recommendations), so the checklist names the gain
instead of scolding. The steps are computed for many organisations at once with a fixed
number of queries (`completeness_for`), so a list of organisations never reads one profile at
a time.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from silkbridge.directory.models import Organisation, Person

# A description partners and the matching engine can work with: a few sentences, not a slogan.
DESCRIPTION_MIN_LENGTH = 200

STEP_KEYS = ("logo", "description", "opportunities", "people", "tags")

LABELS: dict[str, Promise] = {
    "logo": _("Add a logo"),
    "description": _("Describe what the organisation does (at least 200 characters)"),
    "opportunities": _("Publish an offer or a need"),
    "people": _("Have at least one person with an account"),
    "tags": _("Choose sectors, and technologies or services"),
}
UNLOCKS: dict[str, Promise] = {
    "logo": _("Partners recognise the organisation at a glance in lists and shared links."),
    "description": _(
        "Partners and the matching engine understand what the organisation does; "
        "complete profiles come first in the directory."
    ),
    "opportunities": _("Recommendations need offers or needs: partners are matched against them."),
    "people": _("Someone can accept introductions, answer messages and book meetings."),
    "tags": _(
        "The organisation appears in the directory's filters, and IT organisations come "
        "first in the directory."
    ),
}


@dataclass(frozen=True)
class Step:
    key: str
    done: bool

    @property
    def label(self) -> Promise:
        return LABELS[self.key]

    @property
    def unlocks(self) -> Promise:
        return UNLOCKS[self.key]


@dataclass(frozen=True)
class Completeness:
    organisation_id: int
    steps: tuple[Step, ...]

    @property
    def done_count(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def percent(self) -> int:
        return round(100 * self.done_count / len(self.steps))

    @property
    def is_complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def missing(self) -> list[Step]:
        return [step for step in self.steps if not step.done]


def has_real_description(organisation: Organisation) -> bool:
    return len((organisation.description or "").strip()) >= DESCRIPTION_MIN_LENGTH


def has_logo(organisation: Organisation) -> bool:
    return bool(getattr(organisation, "logo", None))


def _ids_with_published_opportunities(ids: list[int]) -> set[int]:
    # Opportunities sit above the directory; imported here so the directory loads without them.
    from silkbridge.opportunities.models import Opportunity, Status

    return set(
        Opportunity.objects.filter(organisation_id__in=ids, status=Status.PUBLISHED)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def _ids_with_account_holders(ids: list[int]) -> set[int]:
    return set(
        Person.objects.filter(organisation_id__in=ids, user__isnull=False, user__is_active=True)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def _ids_with_tags(ids: list[int]) -> set[int]:
    """Organisations with a sector and a technology or service: what the filters and the
    matching engine read."""

    def tagged(field: str) -> set[int]:
        through = getattr(Organisation, field).through
        return set(
            through.objects.filter(organisation_id__in=ids)
            .order_by()
            .values_list("organisation_id", flat=True)
            .distinct()
        )

    return tagged("sectors") & (tagged("technologies") | tagged("services"))


def completeness_for(organisations: Iterable[Organisation]) -> dict[int, Completeness]:
    """Each organisation's checklist by id, in five queries however many there are."""
    organisations = list(organisations)
    ids = [organisation.pk for organisation in organisations]
    if not ids:
        return {}
    published = _ids_with_published_opportunities(ids)
    people = _ids_with_account_holders(ids)
    tagged = _ids_with_tags(ids)
    result = {}
    for organisation in organisations:
        done = {
            "logo": has_logo(organisation),
            "description": has_real_description(organisation),
            "opportunities": organisation.pk in published,
            "people": organisation.pk in people,
            "tags": organisation.pk in tagged,
        }
        result[organisation.pk] = Completeness(
            organisation_id=organisation.pk,
            steps=tuple(Step(key=key, done=done[key]) for key in STEP_KEYS),
        )
    return result


def completeness_of(organisation: Organisation) -> Completeness:
    """One organisation's checklist."""
    return completeness_for([organisation])[organisation.pk]


def complete_organisation_ids(organisation_ids: Iterable[int]) -> set[int]:
    """Which of these organisations have a complete profile (for funnels and reports)."""
    ids = list(set(organisation_ids))
    if not ids:
        return set()
    # Only the columns the checks read; a description is at most a few kilobytes.
    rows = Organisation.objects.filter(pk__in=ids).only("pk", "description", "logo").order_by()
    return {pk for pk, state in completeness_for(rows).items() if state.is_complete}


def fix_url(step: Step, organisation: Organisation) -> str:
    """The page where the step is done."""
    if step.key == "opportunities":
        return reverse("opportunities:create")
    if step.key == "people":
        return reverse("directory:people", kwargs={"slug": organisation.slug})
    return reverse("directory:edit", kwargs={"slug": organisation.slug})
