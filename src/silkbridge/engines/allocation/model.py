"""Plain data in and out of the allocation engine; the platform builds these from its rows."""

from __future__ import annotations

from dataclasses import dataclass

# An applicant ranks at most this many places (the call's form offers five).
MAX_CHOICES = 5

# Why a choice ranked above the one an applicant got was not theirs.
REFUSAL_REASONS = (
    "full",  # every seat went to applicants the place ranks above this one
    "not_ranked",  # the place's ranking does not include this applicant
)

PlaceId = int | str
ApplicantId = int | str


class InvalidProblem(ValueError):
    """The input cannot be allocated; `field` names the wrong part, e.g. `places[2].capacity`."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Applicant:
    """A person applying, with the places they want, best first (at most MAX_CHOICES)."""

    id: ApplicantId
    choices: tuple[PlaceId, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    """A capacity bucket: one cooperation condition (or internship) in one academic year.

    `ranking` is this place's own order of applicants, best first; applicants it leaves out are
    not acceptable here. Without one, the problem's institution-wide `ranking` applies.
    """

    id: PlaceId
    capacity: int
    ranking: tuple[ApplicantId, ...] | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """Applicants, places, and the home institution's ranking of all applicants, best first.

    `ranking` must list every applicant once when any place has no ranking of its own. Rankings
    are strict orders: ties are refused, so the coordinator settles them before allocating.
    """

    applicants: tuple[Applicant, ...]
    places: tuple[Place, ...]
    ranking: tuple[ApplicantId, ...] = ()


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an applicant did not get a place they ranked above the one they got.

    `rank` is the applicant's position in that place's ranking (1 = best; None when not ranked);
    `lowest_admitted_rank` is the position of the last applicant the place admitted.
    """

    place: PlaceId
    reason: str
    capacity: int
    rank: int | None = None
    lowest_admitted_rank: int | None = None

    def describe(self) -> str:
        """The reason in English, for logs and the command line (the platform translates codes)."""
        if self.reason == "not_ranked":
            return f"place {self.place}: you are not in its ranking"
        seats = f"{self.capacity} seat" + ("s" if self.capacity != 1 else "")
        return (
            f"place {self.place} full ({seats}) with applicants ranked above you: "
            f"lowest admitted rank {self.lowest_admitted_rank}, yours {self.rank}"
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one applicant got and why: `choice` is 1 for their first choice, None if no place.

    `refusals` explains every choice above the one they got (all of them when unassigned).
    """

    applicant: ApplicantId
    place: PlaceId | None
    choice: int | None
    refusals: tuple[Refusal, ...] = ()

    def describe(self) -> str:
        """The outcome in English, one line per reason."""
        if self.place is None:
            head = "no place" if self.refusals else "no place: no choices were ranked"
        else:
            head = f"got choice {self.choice}: place {self.place}"
        return "\n".join([head, *(f"  not {r.describe()}" for r in self.refusals)])


@dataclass(frozen=True, slots=True)
class PlaceResult:
    """Who a place admitted, best ranked first, and the rank of the last one admitted."""

    place: PlaceId
    capacity: int
    admitted: tuple[ApplicantId, ...]
    lowest_admitted_rank: int | None

    @property
    def full(self) -> bool:
        return len(self.admitted) >= self.capacity


@dataclass(frozen=True, slots=True)
class Allocation:
    """The stable, applicant-optimal allocation: outcomes in applicants' input order."""

    outcomes: tuple[Outcome, ...]
    places: tuple[PlaceResult, ...]

    @property
    def assignment(self) -> dict[ApplicantId, PlaceId | None]:
        """Applicant id → place id, or None for an applicant without a place."""
        return {o.applicant: o.place for o in self.outcomes}
