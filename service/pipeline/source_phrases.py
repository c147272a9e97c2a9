"""Read the claim around a source phrase: "according to X" or "per X" anywhere in a clause.

The rules once took the words before such a phrase as its claim. That holds for "Prices rose, according to the
board." but not when the phrase opens the clause ("According to the board, prices rose.") or stands between a
conjunction and the clause it credits ("… and according to its board prices rose"). This stage takes the words
after the phrase too, and only those when a conjunction or a complementiser ends the words before it.
"""

from __future__ import annotations

from claimex.service.pipeline.parse import MAX_SENTENCE_CHARS, load_nlp

_EDGE = " \t\n,.;:!?\"'“”‘’«»"
_JOINING = frozenset({"CCONJ", "SCONJ"})  # "and", "but", "that", "while": the words before are another clause
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_MIN_CLAIM_WORDS = 3
_MAX_DESCRIPTION_WORDS = 16  # "…, a clerk at the town hall in the north of the county, …"
_MAX_DESCRIPTIONS = 3  # "according to Ana Doe, a clerk at the town hall, Lune, …": a name, a title, a place
_RELATIVE = frozenset({"WP", "WDT", "WP$"})
_NON_RESTRICTIVE = frozenset({"who", "whom", "whose", "which"})  # "that" after a comma starts the claim
# A stretch that opens with one of these and holds no finite verb is a noun phrase: a name, a title, a body.
_NOMINAL = frozenset({"DT", "NNP", "NNPS", "NN", "NNS", "PRP$", "JJ", "CD"})
_PUNCTUATION = frozenset({",", "``", "''", ":", "-LRB-", "HYPH", "NFP"})


def claim_around_source_phrase(article: str, span: tuple[int, int], cue_start: int, source_end: int) -> str | None:
    """The claim a source phrase credits: the clause around it, without the phrase.

    "The council, according to its minutes, met on Monday." gives "The council met on Monday"; "According to
    the minutes, the council met twice." and "It rained and according to its minutes the council met twice."
    give "the council met twice"; "The council met twice, according to its minutes." gives "The council met
    twice". Words between the source and a comma that hold no finite verb ("According to Ana Doe, a clerk at
    the town hall, …", "according to a note posted on Monday, …") describe the source and belong to the phrase.

    Args:
        article: The article.
        span: The unit's (start, end) offsets.
        cue_start: Offset of the phrase's first word ("according", "per") inside the span.
        source_end: Where the phrase's source (its noun phrase or name) ends.

    Returns:
        The claim, or None when the offsets do not fit the span or too few words are left.

    """
    start, end = span
    if not start <= cue_start < source_end <= end or end - start > MAX_SENTENCE_CHARS:
        return None
    doc = load_nlp()(article[start:end])
    tags = {start + t.idx: t.tag_ for t in doc}  # in order of offset
    preceding = [t for t in doc if start + t.idx < cue_start and not t.is_punct]
    joined = bool(preceding) and preceding[-1].pos_ in _JOINING
    phrase_end = _end_of_description(article, source_end, end, tags)
    before = article[start:cue_start].strip(_EDGE)
    after = article[phrase_end:end].strip(_EDGE)
    opening = _first_tag(tags, phrase_end, end)
    if not after or opening == "CC":
        claim = before  # "…, according to the minutes." / "…, according to the minutes, and …"
    elif _has_finite_verb(tags, phrase_end, end):
        claim = after if joined or not before else f"{before} {after}"  # "… and according to X the council met"
    elif phrase_end == source_end or (opening in _NOMINAL and not joined):
        claim = before  # "…, according to the board's minutes." / "…, according to Ana Doe, the clerk."
    else:
        claim = f"{before} {after}"  # "The pier is, according to X, older than the town hall."
    return claim if len(claim.split()) >= _MIN_CLAIM_WORDS else None


def _end_of_description(article: str, source_end: int, end: int, tags: dict[int, str]) -> int:
    """Where the phrase ends: past stretches up to a comma that describe its source.

    The stretch right after the source's name or head noun belongs to it unless it holds a finite verb that no
    relative pronoun introduces ("the report of the board, …", "officials who were at the meeting,
    …"); a later stretch belongs to it only as a noun phrase ("…, a clerk at the town hall, …").
    """
    position = source_end
    for _ in range(_MAX_DESCRIPTIONS):
        comma = _next_comma(article, position, end)
        if comma < 0:
            break
        opening = _first_tag(tags, position, comma)
        if len(article[position:comma].split()) > _MAX_DESCRIPTION_WORDS:
            break
        word = article[position:comma].split()[0].casefold() if article[position:comma].split() else ""
        if position == source_end:  # the rest of the source's phrase: "the report of the board," "officials who …,"
            describes = opening in _RELATIVE or not _has_finite_verb(tags, position, comma)
        else:  # after a comma: a noun phrase or "which"/"who" ("…, a clerk at the town hall,"), not "…, in May,"
            nominal = opening in _NOMINAL and not _has_finite_verb(tags, position, comma)
            describes = nominal or (opening in _RELATIVE and word in _NON_RESTRICTIVE)
        if opening and not describes:
            break
        position = comma + 1
    return position


def _next_comma(article: str, start: int, end: int) -> int:
    """The next comma that separates words (not the one in "24,000"), or -1."""
    comma = article.find(",", start, end)
    while 0 <= comma < end - 1 and not article[comma + 1].isspace():
        comma = article.find(",", comma + 1, end)
    return comma


def _first_tag(tags: dict[int, str], start: int, end: int) -> str:
    return next((tag for i, tag in tags.items() if start <= i < end and tag not in _PUNCTUATION), "")


def _has_finite_verb(tags: dict[int, str], start: int, end: int) -> bool:
    return any(start <= i < end and tag in _FINITE for i, tag in tags.items())
