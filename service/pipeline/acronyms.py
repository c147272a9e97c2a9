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
        if len(capitals) < 2 or acronym in found:
            continue
        name = _spelled_by(article[max(0, match.start() - _LOOK_BACK_CHARS) : match.start()].split(), capitals)
        if name:
            found[acronym] = name
    return found


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
