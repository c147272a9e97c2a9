"""Resolve speakers to the fullest name the article uses, and read their role from the article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimex.schemas.drafts import PRONOUNS
from claimex.service.pipeline.memo import TextMemo

# Answers about one article (names, roles, spellings) are computed once, not once per claim.
_PER_ARTICLE = TextMemo(texts=4)
_PER_SENTENCE = TextMemo(texts=8)

_NAME_TOKEN = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
_CAPITALISED_RUN = re.compile(rf"\b{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN})+\b")
TITLES = (
    "President|Vice President|Prime Minister|Minister|Secretary|Director|Chairman|Chairwoman|Chair|Chief|"
    "Governor|Mayor|Senator|Councillor|Councilor|Councilman|Councilwoman|Judge|Bishop|Coach|Ambassador|Spokesman|Spokeswoman|Spokesperson|Commander|General|Admiral|"
    "Professor|Dr\\.|CEO|Chancellor|King|Queen|Leader|leader|spokesman|spokeswoman|spokesperson|minister|"
    "president|director|chief|head|official|engineer|analyst|expert"
)
_TITLE_TOKEN = r"(?:[A-Z][\w’'-]*|(?:[A-Z]\.){2,})"
_LEADING_TITLE = re.compile(rf"((?:(?:former|then-)[ \t]+)?(?:{_TITLE_TOKEN}[ \t]+){{0,3}}(?:{TITLES}))[ \t]+$")
_GENERIC_NOUNS = r"official|spokes\w+|minister|leader|officer|diplomat|envoy"
_GENERIC = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:senior\s+|top\s+|chief\s+)?(?:[\w-]+\s+){0,3}"
    rf"(?:{_GENERIC_NOUNS}|source)$",
    re.I,
)
_GENERIC_NOUN = re.compile(rf"\b(?:{_GENERIC_NOUNS})\b", re.I)
_TITLE_PREFIX = re.compile(rf"^((?:(?:former|then-)\s+)?(?:{_TITLE_TOKEN}\s+){{0,3}}(?:{TITLES}))\s+(?=[A-Z])")
_ROLE_WORD = re.compile(
    rf"\b(?:{TITLES}|executive|founder|editor|adviser|advisor|member|researcher|correspondent|economist|"
    r"scientist|lawyer|teacher|owner|deputy|vice|secretary|sister|brother|wife|husband|son|daughter|"
    r"manager|officer|representative|delegate|envoy|diplomat|captain|coach|judge|mayor|governor|senator)\b",
    re.I,
)
_APPOSITIVE = re.compile(r",\s+((?:the\s+|a\s+)?[^,.;\n]{3,160}?)(?:,\s|\.(?:\s|$))")
PERSON_PRONOUNS = re.compile(r"\b(he|she|his|her|him)\b", re.I)
TITLE_WORDS = frozenset(TITLES.replace("\\", "").split("|")) | {
    "Councillor",
    "Rep.",
    "Sen.",
    "Gov.",
    "Mr",
    "Mr.",
    "Ms",
    "Ms.",
    "Mrs",
    "Mrs.",
    "Dr",
    "Prof.",
}
_LEADING_FUNCTION_WORDS = frozenset(
    [
        "should",
        "if",
        "when",
        "while",
        "although",
        "but",
        "and",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "for",
        "as",
        "after",
        "before",
        "since",
        "says",
        "said",
    ]
)


@dataclass(frozen=True)
class SpeakerResolution:
    """A speaker after resolution.

    Attributes:
        name: Canonical name or group, or None when the article credits nobody.
        role: The role the article gives them, if any.
        is_person: True for a named person, False for groups and reports.

    """

    name: str | None
    role: str | None
    is_person: bool


def is_generic_person(text: str) -> bool:
    """Whether a speaker is a person described only by office ("a senior official", "the spokesman")."""
    return bool(_GENERIC.match(text.strip()))


def person_names(article: str) -> list[str]:
    """Capitalised two- and three-word sequences that look like people's names, in order, without repeats."""
    return list(_name_index(article))


@_PER_ARTICLE
def _name_index(article: str) -> dict[str, int]:
    """Each name of ``person_names``, in order, with the end offset of its first mention."""
    seen: dict[str, int] = {}
    for match in _CAPITALISED_RUN.finditer(article):
        words = match.group().split()
        titles = [i for i, w in enumerate(words) if w in TITLE_WORDS]
        if titles:
            words = words[titles[-1] + 1 :]
        while words and words[0].casefold() in _LEADING_FUNCTION_WORDS:
            words = words[1:]
        if 2 <= len(words) <= 3:
            seen.setdefault(" ".join(words), match.end())
    return seen


@_PER_ARTICLE
def _names_by_word(article: str) -> dict[str, list[str]]:
    """The article's names indexed by each of their words (casefolded), in order of first mention."""
    index: dict[str, list[str]] = {}
    for name in _name_index(article):
        for word in {w.casefold() for w in name.split()}:
            index.setdefault(word, []).append(name)
    return index


@_PER_ARTICLE
def _first_offset(name: str, article: str) -> int:
    return article.find(name)


def resolve_speaker(raw: str | None, article: str, *, previous_person: str | None, at: int = 0) -> SpeakerResolution:
    """Map the model's speaker to the article's fullest form and find the role.

    Args:
        raw: The speaker as the model gave it (a name, surname, pronoun, group or None).
        article: The article text.
        previous_person: The last person credited before this claim, for pronouns and "the official".
        at: Offset of the claim's sentence, to prefer names mentioned before it.

    Returns:
        The resolved speaker with role.

    """
    if raw is None or not raw.strip():
        return SpeakerResolution(None, None, False)
    text = raw.strip().strip(".,;:")
    if text.casefold() in PRONOUNS or _GENERIC.match(text):
        if previous_person:
            return SpeakerResolution(previous_person, role_of(previous_person, article), True)
        # The names mentioned before the sentence at ``at`` (runs never cross a sentence start).
        before = [name for name, end in _name_index(article).items() if end <= at]
        named = before[::-1] or person_names(article[at : at + 600])
        with_role = [n for n in named if role_of(n, article)]
        if with_role or named:
            pick = (with_role or named)[0]
            return SpeakerResolution(pick, role_of(pick, article), True)
        return SpeakerResolution(text, None, False)
    title = _TITLE_PREFIX.match(text)
    stripped = text[title.end() :] if title else text
    full = fullest_name(stripped, article)
    if full is not None:
        return SpeakerResolution(full, role_of(full, article), True)
    return SpeakerResolution(_as_written(text, article), None, False)


@_PER_ARTICLE
def fullest_name(fragment: str, article: str) -> str | None:
    """The longest person name in the article whose words include all of ``fragment``'s words.

    Args:
        fragment: A name or part of one ("Varga", "Tomas Varga").
        article: The article.

    Returns:
        The fullest matching name, or None when the fragment is not (part of) a person's name.

    """
    words = [w for w in fragment.split() if w not in TITLE_WORDS]
    if not words or not all(w[:1].isupper() for w in words):
        return None
    # Only names holding the fragment's first word can hold all of it in order.
    holding = _names_by_word(article).get(words[0].casefold(), [])
    matches = [n for n in holding if _contains_in_order(n.split(), words)]
    if not matches:
        return None
    return max(matches, key=lambda n: (len(n.split()), -_first_offset(n, article)))


@_PER_ARTICLE
def role_of(name: str, article: str) -> str | None:
    """The role the article gives ``name``: an appositive after it or a title before it.

    Args:
        name: A full name as it occurs in the article.
        article: The article.

    Returns:
        The role text, or None.

    """
    for match in re.finditer(re.escape(name), article):
        # "Name, role, said" or "…, said Name, role." (the appositive may close the sentence); matched in
        # place, as copying the rest of the article per mention is quadratic.
        appositive = _APPOSITIVE.match(article, match.end())
        if appositive and _looks_like_role(appositive.group(1)):
            return appositive.group(1).strip()
        window = article[max(0, match.start() - 80) : match.start()]
        before = _LEADING_TITLE.search(window)
        if before:
            return before.group(1).strip()
        # "The town's mayor, Name," : a role phrase set off by a comma before the name
        fronted = re.search(rf"((?:[Tt]he\s+)?[\w’'-]+[’']s\s+(?i:{TITLES}))\s*,\s*$", window)
        if fronted:
            return fronted.group(1).strip()
    return None


def _looks_like_role(text: str) -> bool:
    """An appositive names a role only if it holds an office, occupation or relation word.

    "president of the cooperative" and "the authority's chief engineer" are roles; "a high-profile event
    commemorating …" (an appositive to a holiday, a place, a company) is not.
    """
    if re.search(r"\b(said|says|told|made|added)\b", text):
        return False
    return bool(_ROLE_WORD.search(text))


def _contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    it = iter(h.casefold() for h in haystack)
    return all(n.casefold() in it for n in needle)


@_PER_ARTICLE
def _as_written(text: str, article: str) -> str:
    """Groups stay groups, spelled as in the article (sentence-initial capitals of a phrase folded).

    "Local officials said" gives "local officials", "Engineers say" gives "engineers". A single word is
    folded only when it looks like a plural common noun and the article never capitalises it mid-sentence:
    "Lunewatch said" and "Harbour News said … according to Harbour News" keep their capitals.
    """
    found = re.search(re.escape(text), article, re.I)
    if not found:
        return text
    written = found.group()
    later_words = written.split()[1:]
    foldable = all(w.islower() for w in later_words) if later_words else _common_plural(written, article)
    if _at_sentence_start(article, found.start()) and written[1:2].islower() and foldable:
        return written[:1].lower() + written[1:]
    return written


def _at_sentence_start(article: str, offset: int) -> bool:
    while offset > 0 and article[offset - 1].isspace():  # back over whitespace, not a copy of the prefix
        offset -= 1
    return offset == 0 or article[offset - 1] in {".", "\n", "”", '"'}


def _common_plural(word: str, article: str) -> bool:
    if not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return False
    mentions = re.finditer(rf"\b{re.escape(word)}\b", article)
    return all(_at_sentence_start(article, m.start()) for m in mentions)


def supported_by_sentence(resolution: SpeakerResolution, sentence: str) -> bool:
    """Whether the sentence can be crediting this speaker: it names them, or refers to a person by pronoun.

    A group must be named in its sentence; a person may be named, called by surname, or referred to by a
    pronoun or a generic noun ("the official"). Otherwise the model borrowed a speaker from elsewhere.
    """
    if resolution.name is None:
        return True
    if not resolution.is_person:
        head = resolution.name.split()[-1].casefold()
        return head.rstrip("s") in sentence.casefold()
    if any(part in sentence for part in resolution.name.split()[-1:] + resolution.name.split()[:1]):
        return True
    return _refers_to_a_person(sentence)


@_PER_SENTENCE
def _refers_to_a_person(sentence: str) -> bool:
    return bool(PERSON_PRONOUNS.search(sentence)) or bool(_GENERIC_NOUN.search(sentence))
