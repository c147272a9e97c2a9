"""What outlets are called: an outlet phrase cleaned to its name, and the names an article gives news media."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from claimex.service.pipeline.lexicon import load_lexicon

# News media as the language names them: common nouns for a news organisation (WordNet 3.0's newspaper.n.01,
# magazine.n.01, broadcaster.n.01, news_agency.n.01, television_station.n.01 and their synonyms) and the words
# English-language titles conventionally end in ("the Lune Times", "Lune Broadcasting").
MEDIA_NOUNS_PATTERN = (
    "newspaper|paper|daily|weekly|tabloid|magazine|broadcaster|network|channel|station|news agency|news service"
    "|wire service|news website|press agency|press association|news organi[sz]ation"
)
_AND = re.compile(r"(?<!\s)\s++and\s+")  # from the start of a whitespace run only: linear on long runs
_TAIL_CHARS = frozenset("’'&.-_")
_MEDIA_TITLE_WORDS = frozenset(
    {
        "Times",
        "Post",
        "News",
        "Herald",
        "Journal",
        "Gazette",
        "Tribune",
        "Telegraph",
        "Daily",
        "Press",
        "Radio",
        "Television",
        "TV",
        "Broadcasting",
        "Network",
        "Magazine",
        "Chronicle",
        "Observer",
    }
)
_BROADCAST_WORDS = frozenset({"Radio", "Television", "TV"})
_STOP_BEFORE_SPACE = re.compile(r"\.(?=[ \t])")
_NAME = r"(?:[A-Z][\w’'&.-]*+(?:[ \t]++[A-Z][\w’'&.-]*+)*+)"  # possessive: linear on long runs of spaces
_MEDIA_AFTER_NOUN = re.compile(rf"\b(?:{MEDIA_NOUNS_PATTERN})(?:[ \t]*+,)?[ \t]++(?:the[ \t]++)?({_NAME})")  # "newspaper X"
_MEDIA_NOUN = re.compile(rf"\b(?:{MEDIA_NOUNS_PATTERN})\b")


def news_media(article: str, people: Iterable[str] = ()) -> frozenset[str]:
    """Names the article gives to news media: "the newspaper Lune Post", "the Tirpress news agency".

    Args:
        article: The article text.
        people: Named persons who speak: "Lune Weekly magazine editor Ana Ruiz" names a person, not a magazine.

    Returns:
        The names, cleaned as outlets are and in lower case.

    """
    found = {clean_outlet(_within_its_sentence(m.group(1))) for m in _MEDIA_AFTER_NOUN.finditer(article)}
    for noun in _MEDIA_NOUN.finditer(article):  # "the Tirpress news agency": a name just before the noun
        if _MEDIA_AFTER_NOUN.match(article, noun.start()):
            continue  # "Lunese press agency Tirpress": the name follows; the words before describe it
        window = article[max(0, noun.start() - 80) : noun.start()]
        if window[-1:].isspace():
            found.add(clean_outlet(proper_tail(window.rstrip()) or ""))
    return frozenset(name.casefold() for name in found if name) - {person.casefold() for person in people}


def is_news_medium(name: str, media: Container[str]) -> bool:
    """Whether a speaker is a news medium: named as one in the article, or titled as newspapers are.

    A title word ends the name ("the Lune Times"), or a broadcaster's opens it ("Radio Nordvik").
    """
    cleaned = clean_outlet(name)
    words = cleaned.split()
    titled = bool(words) and (words[-1] in _MEDIA_TITLE_WORDS or words[0] in _BROADCAST_WORDS)
    return cleaned.casefold() in media or titled


def _within_its_sentence(name: str) -> str:
    """A name cut at a full stop that ends its sentence ("Tirpress. Mia" → "Tirpress"), not at an abbreviation's."""
    for stop in _STOP_BEFORE_SPACE.finditer(name):
        if _without_sentence_stop(name[: stop.start() + 1]) != name[: stop.start() + 1]:
            return name[: stop.start()]
    return name


def clean_outlet(phrase: str) -> str:
    """Canonical outlet name: drop possessive lead-ins and descriptors before a proper name.

    "Norway’s Aftenposten and Danish public radio" → "Aftenposten and Danish public radio";
    "the state news agency Ansa" → "Ansa". The owner stays when what it owns is part of it: a person ("Lune
    TV's Mia Kovac", a host or reporter of the medium) or a common noun ("Lune TV's evening service").
    """
    parts = []
    for part in _AND.split(phrase.strip()):
        owner, mark, owned = part.strip().partition("’s " if "’s " in part else "'s ")
        part = owner if mark and _belongs_to_its_owner(owner, owned) else owned if mark else part.strip()
        part = re.sub(r"^(?:the|a|an)\s+", "", part, flags=re.I)
        words = part.split()
        tail = proper_tail(part)
        if tail and words and not words[-1][:1].islower() and any(w[:1].islower() for w in words):
            part = tail.strip()
        if part:
            parts.append(part)
    return _without_sentence_stop(" and ".join(parts))


def _belongs_to_its_owner(owner: str, owned: str) -> bool:
    """Whether the words after a possessive are part of the owner, which is then the outlet.

    A person ("Lune TV's Mia Kovac", a host or reporter by given name), a common noun ("Lune TV's evening
    service"), or anything an acronym owns ("LTV's Morning Service"); not a medium a place or person owns
    ("Norway's Aftenposten", "the club's Lunegram page").
    """
    words = owned.split()
    if not words:
        return False
    person = len(words) > 1 and words[0].casefold() in load_lexicon().given_names
    acronym = len(owner) > 1 and owner.isupper()
    return person or acronym or all(w[:1].islower() for w in words)


def _without_sentence_stop(outlet: str) -> str:
    """The outlet without the sentence's full stop ("according to the Lune Gazette." → "Lune Gazette").

    A stop that ends an abbreviation stays: "U.S.", "Lune Co." (a short word that is not an acronym).
    """
    if not outlet.endswith("."):
        return outlet
    last = outlet[:-1].rsplit(maxsplit=1)[-1] if outlet[:-1].strip() else ""
    if "." in last or (len(last) <= 3 and not last.isupper()):
        return outlet
    return outlet[:-1]


def proper_tail(text: str) -> str | None:
    r"""The longest run of capitalised words that ends ``text``: what ``((?:[A-Z][\w’'&.-]*\s*)+)$`` finds.

    That regex backtracks exponentially in the number of capitals ("reported by AAAA…A!"), so the tail is
    found by one backward scan instead: every character is a word character, one of ``’'&.-`` or
    whitespace, every word after whitespace starts with A-Z, and the first character is A-Z.

    Args:
        text: A phrase with no trailing whitespace.

    Returns:
        The tail from its first capital to the end, or None when ``text`` does not end in one.

    """
    start = None
    i = len(text) - 1
    while i >= 0:
        char = text[i]
        if char.isspace():
            following = text[i + 1] if i + 1 < len(text) else ""
            if following and not following.isspace() and not ("A" <= following <= "Z"):
                break
        elif not (char.isalnum() or char in _TAIL_CHARS):
            break
        if "A" <= char <= "Z":
            start = i
        i -= 1
    return text[start:] if start is not None else None
