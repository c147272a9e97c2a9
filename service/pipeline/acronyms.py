"""Acronyms the article defines ("the Lune Harbour Trust (LHT)"), so a later "LHT said" names the body.

A parenthesised acronym is taken as defined by the capitalised words right before it when their initials spell
its capitals in order, function words ("of", "and", "for", "the") skipped: the core of the Schwartz & Hearst
algorithm (A simple algorithm for identifying abbreviation definitions in biomedical text, PSB 2003), limited to
initials, which is how news writes organisation names.
"""

from __future__ import annotations

import re

# One pass, no nesting: a parenthesis holding 2-10 letters, the first a capital.
_DEFINITION = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_FUNCTION_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "&"})
_LOOK_BACK_CHARS = 160


def find_acronyms(article: str) -> dict[str, str]:
    """Acronyms defined in the article, mapped to the names they stand for.

    Args:
        article: The article text.

    Returns:
        ``{"LHT": "Lune Harbour Trust", …}``; an acronym defined twice keeps its first definition.

    """
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(article):
        acronym = match.group(1)
        capitals = [c for c in acronym if c.isupper()]
        if acronym in found:
            continue
        words = article[max(0, match.start() - _LOOK_BACK_CHARS) : match.start()].split()
        name = _spelled_by(words, capitals) if len(capitals) >= 2 else None
        name = name or _spelled_by_letters(words, acronym)
        if name and name != acronym:
            found[acronym] = name
    return found


def _spelled_by_letters(words: list[str], acronym: str) -> str | None:
    """The long form by Schwartz & Hearst's letter match, for what initials miss ("Phivolcs", "PG&E").

    Each letter of the short form, from the last, is found further back in the words before it, the first letter
    where a word begins; the words looked at are at most min(letters + 5, 2 × letters), as the paper has it.
    Only a name made of capitalised words (function words allowed) within one sentence is taken.
    """
    letters = [c.casefold() for c in acronym if c.isalnum()]
    if len(letters) < 3:
        return None
    window = words[-min(len(letters) + 5, 2 * len(letters)) :]
    sentence_end = max((i for i, w in enumerate(window) if w.endswith((".", "!", "?", ":", ";"))), default=-1)
    long_form = " ".join(window[sentence_end + 1 :])
    at = len(long_form) - 1
    for position in range(len(letters) - 1, -1, -1):
        while at >= 0 and (
            long_form[at].casefold() != letters[position] or (position == 0 and at > 0 and long_form[at - 1] != " ")
        ):
            at -= 1
        if at < 0:
            return None
        at -= 1
    name = long_form[at + 1 :].strip(",;:\"'“”")
    content = [w for w in name.split() if w.casefold() not in _FUNCTION_WORDS]
    return name if content and all(w[:1].isupper() for w in content) else None


def _spelled_by(words: list[str], capitals: list[str]) -> str | None:
    """The trailing capitalised words whose initials spell ``capitals`` (function words between them allowed).

    A word may give the first letters of its spelling to more than one capital ("Company" → "CO" in NFCO), as
    Schwartz & Hearst let a long-form word supply several letters of the short form.
    """
    left = len(capitals)
    taken: list[str] = []
    for word in reversed(words):
        if not left:
            break
        core = word.strip(",;:\"'“”")
        if taken and core.casefold() in _FUNCTION_WORDS:
            taken.append(core)
            continue
        spelled = next(
            (
                k
                for k in range(min(left, len(core)), 0, -1)
                if core[:k].casefold() == "".join(capitals[left - k : left]).casefold()
            ),
            0,
        )
        if not spelled or not core[:1].isupper():
            return None
        left -= spelled
        taken.append(core)
    if left:
        return None
    while taken and taken[-1].casefold() in _FUNCTION_WORDS:
        taken.pop()  # a leading "the" is not part of the name
    return " ".join(reversed(taken))


def without_open_parenthesis(name: str) -> str:
    """A name cut before a parenthesis it never closes ("Lune Harbour Trust (LHT" → the name)."""
    opened = name.rfind("(")
    if opened > 0 and ")" not in name[opened:]:
        return name[:opened].rstrip()
    return name
