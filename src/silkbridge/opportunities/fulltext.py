"""Word search over `Opportunity.search_text` (see silkbridge.core.wordindex).

Kept apart from the selectors so migrations import nothing but the index's definition.
"""

from silkbridge.core.wordindex import WordIndex

# Demo and real posts share many words ("partner", "platform"): prefixes of up to eight
# letters are indexed ahead, so a common one is found by one lookup rather than a merge.
INDEX = WordIndex("opportunities_opportunity", prefix=(2, 3, 4, 5, 6, 7, 8))
