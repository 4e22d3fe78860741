"""English for generated demo text: the article that fits the next word ("an IT outsourcing
provider", "a university"), and a noun said once when a label already ends with it ("Low-code
platforms" + "platform" reads "Low-code platform")."""

from __future__ import annotations

import re

# Letters whose spoken name starts with a vowel sound, for words read letter by letter ("an ERP").
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")
# Words spelled with a vowel but said with a consonant, and the reverse.
_CONSONANT_SOUND_STARTS = ("uni", "use", "usa", "usu", "uro", "one", "eu", "ubiq")
_VOWEL_SOUND_STARTS = ("hour", "honest", "honour", "heir")
_ARTICLE = re.compile(r"\b(a|an|A|An)\s+(?=([\w'-]+))")
_REPEATED_NOUN = re.compile(r"\b(\w{3,}?)(?:e?s)? (\1(?:e?s)?)\b", re.IGNORECASE)


def _is_initialism(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return 2 <= len(letters) <= 5 and letters.isupper()


def article_for(word: str) -> str:
    """'a' or 'an' before this word, by how it is said."""
    if not word:
        return "a"
    if _is_initialism(word.split("-")[0]):
        return "an" if word[0].upper() in _VOWEL_SOUND_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(_VOWEL_SOUND_STARTS):
        return "an"
    if lower.startswith(_CONSONANT_SOUND_STARTS):
        return "a"
    if lower[0].isdigit():
        return "an" if re.match(r"(8|11|18)(\D|$)", lower) else "a"
    return "an" if lower[0] in "aeiou" else "a"


def fix_articles(text: str) -> str:
    def replace(match: re.Match) -> str:
        article = article_for(match.group(2))
        if match.group(1)[0].isupper():
            article = article.capitalize()
        return article + " "

    return _ARTICLE.sub(replace, text)


def drop_repeated_noun(text: str) -> str:
    """'platforms platform' → 'platform': the second word is the one the sentence was made for."""
    return _REPEATED_NOUN.sub(lambda match: match.group(2), text)


def tidy(text: str) -> str:
    """A sentence built from a template and labels, read as a person would write it."""
    return fix_articles(drop_repeated_noun(text))


def in_sentence(label: str) -> str:
    """A taxonomy label as it reads mid-sentence: 'Digital payments' → 'digital payments', but
    'IT consulting', 'DevOps' and '5G networks' keep their capitals."""
    first = label.split(" ")[0]
    if len(first) > 1 and first[0].isupper() and first[1:] == first[1:].lower():
        return label[0].lower() + label[1:]
    return label


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
