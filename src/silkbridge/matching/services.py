"""The matching index of this process, and the feedback people give on suggestions.

One `MatchIndex` per process, loaded lazily from the current generation in
`MATCHING_INDEX_DIR` (written by `build_match_index`; its arrays are memory-mapped, so the
processes of a machine share them) or, when none is saved and the directory is small (demo,
tests), built in process. Changes reach every process through the `IndexChange` journal: each
process replays the entries newer than the last it applied before answering a query, in short
batches, or swaps in a fresh index after a bulk import (see `engines/matching/live.py`).
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.engines.matching import MatchIndex, Rules, generations
from silkbridge.engines.matching.live import Entry, LiveIndex, Update
from silkbridge.engines.matching.store import FORMAT_VERSION, UnsupportedFormat, saved_format
from silkbridge.introductions import services as introduction_services
from silkbridge.introductions.models import Introduction, Origin
from silkbridge.matching import feed, permissions
from silkbridge.matching.models import (
    ChangeKind,
    Dismissal,
    DismissReason,
    IndexChange,
    SavedSuggestion,
    TargetKind,
)
from silkbridge.opportunities.models import Opportunity

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 500
#: A journal backlog this long (a bulk import) swaps in a fresh index instead of replaying it.
REBUILD_BACKLOG = 1000
#: From this many documents the loaded index is hidden from the garbage collector (`gc.freeze`).
FREEZE_GC_FROM_DOCUMENTS = 50_000


class IndexUnavailable(Exception):
    """No saved index and too much data to build one while a page waits."""


_live: LiveIndex | None = None
_loading = threading.Lock()


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def _last_change() -> int:
    return IndexChange.objects.aggregate(m=Max("pk"))["m"] or 0


def build_index() -> tuple[MatchIndex, int]:
    """A full build from the database, with the journal position it reflects."""
    seq = _last_change()  # read first: a change during the build is replayed, not lost
    inputs = feed.build_inputs()
    index = MatchIndex.build(
        inputs.profiles,
        inputs.items,
        inputs.history,
        taxonomy_labels=inputs.taxonomy_labels,
        taxonomy_aliases=inputs.taxonomy_aliases,
    )
    return index, seq


def save_index(index: MatchIndex, seq: int, path: Path | None = None) -> Path:
    """Save as a new generation that every process swaps to; returns its folder."""
    return index.save(path or index_dir(), meta={"change_seq": seq})


def _load_saved(folder: Path, pause: Callable[[], None] | None = None) -> tuple[MatchIndex, int]:
    index = MatchIndex.load(folder, pause=pause)
    return index, int(generations.read_meta(folder).get("change_seq", 0))


def _load() -> tuple[MatchIndex, int]:
    folder = generations.current(index_dir())
    if folder is not None:
        try:
            return _load_saved(folder)
        except UnsupportedFormat:
            # Saved before an upgrade: as if none were saved, until `build_match_index` runs.
            logger.warning("The saved matching index in %s has an older format", folder)
    limit = settings.MATCHING_INPROCESS_MAX_ORGANISATIONS
    if feed.organisations_qs().count() > limit:
        raise IndexUnavailable(_("The matching index has not been built yet."))
    return build_index()


class _Journal:
    """The `IndexChange` journal and the database, as the engine's `JournalSource`."""

    def pending(self, after: int) -> list[Entry]:
        return list(
            IndexChange.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "target_kind", "target_id")
        )

    def read(self, entries: Sequence[Entry]) -> Update:
        by_kind: dict[str, set[int]] = {}
        for _pk, kind, target in entries:
            by_kind.setdefault(kind, set()).add(target)
        org_ids = by_kind.pop(ChangeKind.ORGANISATION, set())
        opp_ids = by_kind.pop(ChangeKind.OPPORTUNITY, set())
        found = {p.id: p for p in feed.profiles(org_ids)} if org_ids else {}
        items = {i.id: i for i in feed.items(opp_ids)} if opp_ids else {}
        update = Update(
            profiles={o: found.get(o) for o in org_ids},
            items={i: items.get(i) for i in opp_ids},
        )
        for kind, ids in sorted(by_kind.items()):
            if kind not in feed.HISTORY_SOURCES:
                continue  # an entry of a kind this version does not read
            edges, gone = feed.collaborations(kind, ids)
            update.edges.extend(edges)
            update.gone.update(gone)
        return update

    def fresh(self, live: LiveIndex) -> tuple[MatchIndex, int]:
        """A newer saved generation if one is close to the journal's end; otherwise a build,
        saved as a new generation when the platform works from saved ones. One process on
        the machine does this at a time, so the others load what it saved."""
        root = index_dir()
        with generations.exclusive(root):
            folder = generations.current(root)
            if folder is not None and folder != live.index.source:
                saved_seq = int(generations.read_meta(folder).get("change_seq", 0))
                if _last_change() - saved_seq < live.rebuild_backlog:
                    return _load_saved(folder, live.yield_to_queries)
            index, seq = build_index()
            if folder is None:  # built in process (small directory): nothing to share
                return index, seq
            try:
                saved = save_index(index, seq, root)
            except OSError:
                logger.exception("Could not save the rebuilt matching index in %s", root)
                return index, seq
            return _load_saved(saved, live.yield_to_queries)

    def thread_done(self) -> None:
        connection.close()


def _holder() -> LiveIndex:
    """This process's live index, loaded on first use."""
    global _live
    live = _live
    if live is None:
        with _loading:
            if _live is None:
                index, seq = _load()
                # A small index (demo, tests) is not worth freezing the collector for.
                large = index.document_count >= FREEZE_GC_FROM_DOCUMENTS
                _live = LiveIndex(
                    index, seq, _Journal(), rebuild_backlog=REBUILD_BACKLOG, freeze_gc=large
                )
            live = _live
    return live


def _sync(live: LiveIndex) -> None:
    """Replay the journal; a newer saved generation (a nightly rebuild, or one another
    process saved after an import) is swapped in instead."""
    current = generations.current(index_dir())
    live.sync(refresh=current is not None and current != live.index.source)


def get_index() -> MatchIndex:
    """This process's index, loaded once and brought up to date with the journal (unless a
    refresh is under way in the background: then the index as it is)."""
    live = _holder()
    _sync(live)
    return live.index


class IndexState(enum.StrEnum):
    LOADED = "loaded"  # held by this process
    SAVED = "saved"  # on disk in MATCHING_INDEX_DIR, loaded on first use
    BUILDABLE = "buildable"  # small enough to build in process on first use
    NOT_BUILT = "not built"  # recommendations wait for `build_match_index`


def index_state() -> IndexState:
    """Where this process's index would come from, without loading or building it (/readyz)."""
    if _live is not None:
        return IndexState.LOADED
    saved = generations.current(index_dir())
    if saved is not None and saved_format(saved) == FORMAT_VERSION:
        return IndexState.SAVED
    if feed.organisations_qs().count() <= settings.MATCHING_INPROCESS_MAX_ORGANISATIONS:
        return IndexState.BUILDABLE
    return IndexState.NOT_BUILT


def reset_index() -> None:
    """Forget the loaded index (tests; a process picks up a new generation by itself)."""
    global _live
    with _loading:
        live, _live = _live, None
    if live is not None:
        live.wait(timeout=120)


def wait_for_background_work(timeout: float | None = None) -> None:
    """Block until a background refresh or merge (if any) is done; for commands and tests."""
    if _live is not None:
        _live.wait(timeout)


def record_change(target_kind: str, target_id: int) -> int:
    """Journal one change (the task queued by the signals) and apply it here if loaded."""
    change = IndexChange.objects.create(target_kind=target_kind, target_id=target_id)
    if _live is not None:
        _sync(_live)
    return change.pk


# --- queries --------------------------------------------------------------------------------


def _dismissed(organisation_id: int, target_kind: str) -> frozenset[tuple[int, int]]:
    ids = Dismissal.objects.filter(
        organisation_id=organisation_id, target_kind=target_kind
    ).values_list("target_id", flat=True)
    return frozenset((organisation_id, t) for t in ids)


def rules_for(organisation_id: int, target_kind: str = TargetKind.ORGANISATION) -> Rules:
    """Default hard rules plus the organisation's dismissals: a dismissed pair never returns."""
    return Rules(dismissed=_dismissed(organisation_id, target_kind))


@contextmanager
def _locked_index() -> Iterator[MatchIndex]:
    """The index, held for one query: journal replays update it in place between queries,
    and the web server answers requests from several threads."""
    live = _holder()
    _sync(live)
    with live.reading() as index:
        yield index


def partners_for(organisation_id: int, k: int = 10) -> list:
    rules = rules_for(organisation_id)
    with _locked_index() as index:
        try:
            return index.partners_for(organisation_id, k, rules)
        except KeyError:  # not in the index (merged, outside the platform's countries)
            return []


def opportunities_for(organisation_id: int, k: int = 10) -> list:
    rules = rules_for(organisation_id, TargetKind.OPPORTUNITY)
    with _locked_index() as index:
        try:
            return index.opportunities_for(organisation_id, k, rules)
        except KeyError:
            return []


def candidates_for(opportunity: Opportunity, k: int = 10) -> list:
    rules = rules_for(opportunity.organisation_id)
    with _locked_index() as index:
        try:
            return index.candidates_for(opportunity.pk, k, rules)
        except KeyError:  # not open, so not in the index
            return []


def delegation(organisation_ids: list[int], k: int = 10):
    """Top-k partners for each member; each member's own dismissals apply."""
    with _locked_index() as index:
        members = [o for o in dict.fromkeys(organisation_ids) if o in index.profiles]
        dismissed = frozenset().union(*(_dismissed(o, TargetKind.ORGANISATION) for o in members))
        return index.delegation(members, k, Rules(dismissed=dismissed))


# --- feedback -------------------------------------------------------------------------------


def _check_target(target_kind: str, target_id: int) -> None:
    model = {TargetKind.ORGANISATION: Organisation, TargetKind.OPPORTUNITY: Opportunity}.get(
        target_kind
    )
    if model is None:
        raise ValidationError({"target_kind": _("Select a valid choice.")}, code="invalid")
    if not model.objects.filter(pk=target_id).exists():
        raise ValidationError({"target_id": _("Not found.")}, code="invalid")


def dismiss(
    *,
    actor: User,
    organisation: Organisation,
    target_kind: str,
    target_id: int,
    reason: str,
    note: str = "",
) -> Dismissal:
    """Never suggest this target to the organisation again; the reason is kept for tuning."""
    if not permissions.can_act_for(actor, organisation):
        raise PermissionDenied(_("You can dismiss suggestions only for your own organisation."))
    if reason not in DismissReason.values:
        raise ValidationError({"reason": _("Select a valid choice.")}, code="invalid")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": _("This value is too long.")}, code="max_length")
    _check_target(target_kind, target_id)
    with transaction.atomic():
        dismissal, _created = Dismissal.objects.get_or_create(
            organisation=organisation,
            target_kind=target_kind,
            target_id=target_id,
            defaults={"user": actor, "reason": reason, "note": note},
        )
    return dismissal


def save_suggestion(
    *, actor: User, organisation: Organisation, target_kind: str, target_id: int
) -> SavedSuggestion:
    if not permissions.can_act_for(actor, organisation):
        raise PermissionDenied(_("You can save suggestions only for your own organisation."))
    _check_target(target_kind, target_id)
    saved, _created = SavedSuggestion.objects.get_or_create(
        user=actor, organisation=organisation, target_kind=target_kind, target_id=target_id
    )
    return saved


def request_introduction(
    *,
    actor: User,
    organisation: Organisation,
    target: Organisation,
    opportunity: Opportunity | None = None,
    message: str = "",
) -> Introduction:
    """ "Request an introduction" on a suggestion: the desk's flow, marked as a recommendation."""
    return introduction_services.propose_introduction(
        actor=actor,
        from_org=organisation,
        to_org=target,
        message=message,
        origin=Origin.RECOMMENDATION,
        opportunity=opportunity,
    )
