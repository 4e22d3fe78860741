"""The matching index of this process, and the feedback people give on suggestions.

One `MatchIndex` per process, loaded lazily from `MATCHING_INDEX_DIR` (written by
`build_match_index`) or, when none is saved and the directory is small (demo, tests), built in
process. Changes reach every process through the `IndexChange` journal: each process replays
the entries newer than the last it applied before answering a query.
"""

from __future__ import annotations

import enum
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from silkbridge.accounts.models import User
from silkbridge.directory.models import Organisation
from silkbridge.engines.matching import MatchIndex, Rules
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

STATE_FILE = "platform.json"
NOTE_MAX_LENGTH = 500


class IndexUnavailable(Exception):
    """No saved index and too much data to build one while a page waits."""


class _Holder:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.index: MatchIndex | None = None
        self.seq = 0
        self.compaction: threading.Thread | None = None


_holder = _Holder()


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
    path = path or index_dir()
    index.save(path)
    (path / STATE_FILE).write_text(json.dumps({"change_seq": seq}), encoding="utf-8")
    return path


def _load() -> tuple[MatchIndex, int]:
    path = index_dir()
    if (path / "index.json").exists():
        index = MatchIndex.load(path)
        state = path / STATE_FILE
        seq = json.loads(state.read_text(encoding="utf-8"))["change_seq"] if state.exists() else 0
        return index, seq
    limit = settings.MATCHING_INPROCESS_MAX_ORGANISATIONS
    if feed.organisations_qs().count() > limit:
        raise IndexUnavailable(_("The matching index has not been built yet."))
    return build_index()


def get_index() -> MatchIndex:
    """This process's index, loaded once and brought up to date with the journal."""
    with _holder.lock:
        if _holder.index is None:
            _holder.index, _holder.seq = _load()
            # Large indexes merge their delta in a background thread (see _compact), so no
            # page waits for the ~15 s merge at 100,000 organisations.
            _holder.index.auto_compact = False
        _sync()
        return _holder.index


class IndexState(enum.StrEnum):
    LOADED = "loaded"  # held by this process
    SAVED = "saved"  # on disk in MATCHING_INDEX_DIR, loaded on first use
    BUILDABLE = "buildable"  # small enough to build in process on first use
    NOT_BUILT = "not built"  # recommendations wait for `build_match_index`


def index_state() -> IndexState:
    """Where this process's index would come from, without loading or building it (/readyz)."""
    if _holder.index is not None:
        return IndexState.LOADED
    if (index_dir() / "index.json").exists():
        return IndexState.SAVED
    if feed.organisations_qs().count() <= settings.MATCHING_INPROCESS_MAX_ORGANISATIONS:
        return IndexState.BUILDABLE
    return IndexState.NOT_BUILT


def reset_index() -> None:
    """Forget the loaded index (tests; after a rebuild the next query loads the new one)."""
    with _holder.lock:
        _holder.index, _holder.seq = None, 0


def _sync() -> None:
    changes = list(
        IndexChange.objects.filter(pk__gt=_holder.seq)
        .order_by("pk")
        .values_list("pk", "target_kind", "target_id")
    )
    if not changes:
        return
    by_kind: dict[str, set[int]] = {}
    for _pk, kind, target in changes:
        by_kind.setdefault(kind, set()).add(target)
    orgs = by_kind.pop(ChangeKind.ORGANISATION, set())
    opps = by_kind.pop(ChangeKind.OPPORTUNITY, set())
    apply_changes(_holder.index, orgs, opps, by_kind)
    _holder.seq = changes[-1][0]
    if _holder.index.compaction_due:
        plan = _holder.index.begin_compact()
        _holder.compaction = threading.Thread(
            target=_compact, args=(_holder.index, plan), name="matching-compaction", daemon=True
        )
        _holder.compaction.start()


def _compact(index: MatchIndex, plan) -> None:
    """Build the merged lexical segment without the lock, then swap it in under the lock;
    queries and journal replays go on meanwhile against the old segment and its delta."""
    try:
        segment = plan.build()
    except Exception:
        logger.exception("Background merge of the matching index failed; merging in place")
        segment = None
    with _holder.lock:
        if _holder.index is index and segment is None:
            index.compact()
        elif _holder.index is index:
            index.finish_compact(plan, segment)  # False: a merge meanwhile made it stale
        _holder.compaction = None


def wait_for_compaction(timeout: float | None = None) -> None:
    """Block until a background merge (if any) is installed; for commands and tests."""
    thread = _holder.compaction
    if thread is not None:
        thread.join(timeout)


def apply_changes(
    index: MatchIndex,
    organisation_ids: set[int],
    opportunity_ids: set[int],
    collaborations: dict[str, set[int]] | None = None,
) -> None:
    """Re-read the changed rows and update the index in place (no rebuild)."""
    for kind, ids in sorted((collaborations or {}).items()):
        if kind not in feed.HISTORY_SOURCES:
            continue  # an entry of a kind this version does not read
        edges, gone = feed.collaborations(kind, ids)
        index.remove_history(gone)
        index.add_history(e for e in edges if e.a in index.profiles and e.b in index.profiles)
    found = {p.id: p for p in feed.profiles(organisation_ids)}
    for org_id in sorted(organisation_ids):
        if org_id in found:
            index.add_or_update_profile(found[org_id])
        else:
            index.remove_profile(org_id)
    items = {i.id: i for i in feed.items(opportunity_ids)}
    for item_id in sorted(opportunity_ids):
        item = items.get(item_id)
        if item is not None and item.owner_id in index.profiles:
            index.add_or_update_item(item)
        else:
            index.remove_item(item_id)


def record_change(target_kind: str, target_id: int) -> int:
    """Journal one change (the task queued by the signals) and apply it here if loaded."""
    change = IndexChange.objects.create(target_kind=target_kind, target_id=target_id)
    with _holder.lock:
        if _holder.index is not None:
            _sync()
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
    """The index, held for one query: journal replays update it in place, and the web server
    answers requests from several threads."""
    with _holder.lock:
        yield get_index()


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
