"""Opportunity suggestions: open offers and needs of other organisations that suit one
organisation (`opportunities_for`), and organisations that could answer or provide one item
(`candidates_for`). Both score the pair of organisations with `MatchScoring._context` and
`_score`, adding the item's own fit (`item_fit`) and what the item asks for: its kind, the
partner kinds it wants and (for opportunities) its languages.
"""

from __future__ import annotations

import numpy as np

from silkbridge.engines.matching.model import Rules
from silkbridge.engines.matching.rules import kind_fit, shared_languages
from silkbridge.engines.matching.scoring import _DEFAULT_RULES, _check_k
from silkbridge.engines.matching.store import NEED, OFFER


class OpportunitySuggestions:
    """Item queries (`opportunities_for`, `candidates_for`); a mixin of `MatchIndex`.

    Relies on the steps of `MatchScoring` (`_org`, `_query_docs`, `_top_docs`, `_fits`,
    `_best`, `_allowed_orgs`, `_history_candidates`, `_context`, `_score`, `_suggest`) and on
    the index state of `IndexStore` (`weights`, `_profiles`, `_items`, `_item_row`,
    `_org_ids`, `_org_docs`, `_doc_owner`, `_doc_dir`, `_doc_key`, `tag_idf`, `has_egov`).
    """

    def opportunities_for(self, org_id: int, k: int = 10, rules: Rules = _DEFAULT_RULES):
        """Open offers and needs of other organisations that suit `org_id`, best first."""
        _check_k(k)
        a = self._org(org_id)
        cache: dict = {}
        n = self.weights.rerank_candidates
        needs_a, offers_a = self._query_docs(a, NEED), self._query_docs(a, OFFER)
        found = [self._top_docs(q, cache, direction=OFFER, explicit=True, n=n) for q in needs_a]
        found += [self._top_docs(q, cache, direction=NEED, explicit=True, n=n) for q in offers_a]
        targets = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
        allowed = set(
            self._allowed_orgs(a, np.unique(self._doc_owner.data[targets]), rules).tolist()
        )
        country = self._profiles[org_id].country
        kept = []
        for d in targets.tolist():
            item = self._items[self._doc_key[d][1]]
            if int(self._doc_owner.data[d]) not in allowed:
                continue
            if (org_id, item.id) in rules.dismissed:
                continue
            if item.target_country and item.target_country != country:
                continue
            kept.append(d)
        if not kept:
            return []
        owners = sorted({int(self._doc_owner.data[d]) for d in kept})
        docs = np.asarray(sorted({d for b in owners for d in self._org_docs[b]}), np.int64)
        fits = self._fits(needs_a + offers_a, docs, cache)
        idf2 = (self.tag_idf() ** 2).tolist()
        profile_a = self._profiles[org_id]
        out = []
        for d in kept:
            b = int(self._doc_owner.data[d])
            item = self._items[self._doc_key[d][1]]
            if self._doc_dir.data[d] == NEED:  # their need, answered by one of A's offers
                primary = self._best(fits, offers_a, [d])
                secondary = self._best(fits, needs_a, self._query_docs(b, OFFER))
                theirs, yours = secondary, primary
            else:  # their offer, answering one of A's needs
                primary = self._best(fits, needs_a, [d])
                secondary = self._best(fits, offers_a, self._query_docs(b, NEED))
                theirs, yours = primary, secondary
            context = self._context(a, b, idf2, [])
            if item.kind:
                # The opportunity's own type decides whether A is the right kind of partner.
                context["signals"]["kind"] = kind_fit(item.kind, profile_a.kind, self.has_egov(a))
            penalty = context["penalty"]
            if item.languages and profile_a.languages:
                shared, disjoint = shared_languages(item.languages, profile_a.languages)
                context["languages"] = shared
                penalty = self.weights.language_penalty if disjoint else 1.0
                context["signals"].pop("language", None)
                if shared:
                    context["signals"]["language"] = 1.0
            if item.partner_kinds and profile_a.kind not in item.partner_kinds:
                penalty *= self.weights.partner_kind_penalty
            score, signals = self._score(
                theirs.value, yours.value, context, penalty, item_fit=primary.value
            )
            if score <= 0 or primary.value <= 0:
                continue
            evidence = {
                "theirs": (fits, theirs, True),
                "yours": (fits, yours, False),
                "a": a,
                "b": b,
                "kinds": [item.kind] if item.kind else [],
                "languages": context["languages"],
            }
            out.append((score, item.id, signals, evidence))
        out.sort(key=lambda s: (-s[0], s[1]))
        return [self._suggest(t, s, sig, ev) for s, t, sig, ev in out[:k]]

    # -- candidates for one opportunity ----------------------------------------------------------

    def candidates_for(self, item_id: int, k: int = 10, rules: Rules = _DEFAULT_RULES):
        """Organisations that could answer or provide item `item_id`, best first.

        Hard rules apply from the point of view of the item's owner; `dismissed` pairs are
        (owner id, candidate id).
        """
        _check_k(k)
        item = self._items.get(item_id)
        if item is None:
            raise KeyError(f"unknown item {item_id}")
        d = self._item_row.get(item_id)
        if d is None:  # closed items have no candidates
            return []
        owner = int(self._doc_owner.data[d])
        cache: dict = {}
        n = self.weights.rerank_candidates
        is_need = self._doc_dir.data[d] == NEED
        top = self._top_docs(d, cache, direction=OFFER if is_need else NEED, explicit=None, n=n)
        rows = np.unique(self._doc_owner.data[top]) if len(top) else np.zeros(0, np.int64)
        extra = self._history_candidates(owner, n // 4)
        if len(extra):
            rows = np.union1d(rows, extra)
        candidates = self._allowed_orgs(owner, rows.astype(np.int64), rules).tolist()
        if item.target_country:
            candidates = [
                b
                for b in candidates
                if self._profiles[self._org_ids[b]].country == item.target_country
            ]
        if not candidates:
            return []
        back_queries = self._query_docs(owner, OFFER if is_need else NEED)
        docs = np.asarray(sorted({x for b in candidates for x in self._org_docs[b]}), np.int64)
        fits = self._fits([d, *back_queries], docs, cache)
        idf2 = (self.tag_idf() ** 2).tolist()
        out = []
        for b in candidates:
            profile_b = self._profiles[self._org_ids[b]]
            if is_need:  # the owner's need (query) against B's offers
                primary = self._best(fits, [d], self._query_docs(b, OFFER))
                secondary = self._best(fits, back_queries, self._query_docs(b, NEED))
            else:  # the owner's offer against B's needs
                primary = self._best(fits, [d], self._query_docs(b, NEED))
                secondary = self._best(fits, back_queries, self._query_docs(b, OFFER))
            if primary.value <= 0:
                continue
            context = self._context(owner, b, idf2, [item.kind] if item.kind else [])
            penalty = context["penalty"]
            if item.partner_kinds and profile_b.kind not in item.partner_kinds:
                penalty *= self.weights.partner_kind_penalty
            # From the owner's side: "theirs" is B meeting the owner's need.
            theirs, yours = (primary, secondary) if is_need else (secondary, primary)
            score, signals = self._score(
                theirs.value, yours.value, context, penalty, item_fit=primary.value
            )
            if score <= 0:
                continue
            evidence = {
                "theirs": (fits, theirs, True),
                "yours": (fits, yours, False),
                "a": owner,
                "b": b,
                "kinds": [item.kind] if item.kind else [],
                "languages": context["languages"],
            }
            out.append((score, self._org_ids[b], signals, evidence))
        out.sort(key=lambda s: (-s[0], s[1]))
        return [self._suggest(t, s, sig, ev) for s, t, sig, ev in out[:k]]
