"""Split an article into paragraphs and sentences, keeping exact character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "rep",
        "sen",
        "gov",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "approx",
        "fig",
        "jr",
        "sr",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
    ]
)
# Matches start only where a run of end marks starts, and nothing gives back what it took: a run of 100 kB
# of dots is one linear attempt, not one attempt per dot (quadratic).
# An opening quotation mark may stand apart from its first word ('… Monday. " The pier …'), as in text rebuilt from
# tokens: the spaces after it are possessive too, so the look-ahead stays linear.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’'»)\]]*+(?=\s++(?:[\"“‘'«(\[][ \t]*+)?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")
_INITIALISM = re.compile(r"(\w\.)+\w")


@dataclass(frozen=True)
class Sentence:
    """One sentence with its place in the article.

    Attributes:
        index: Position among all sentences, from 0.
        start: Offset of its first character in the article.
        end: Offset just past its last character.
        text: ``article[start:end]``.
        paragraph: Position of its paragraph, from 0.

    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int


def segment_article(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each line is a paragraph and a sentence never spans two.

    Args:
        text: The article.

    Returns:
        Sentences in order, trimmed of surrounding whitespace, with offsets into ``text``.

    """
    sentences: list[Sentence] = []
    paragraph = 0
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        cut = para.start()
        for boundary in _BOUNDARY.finditer(para.group()):
            end = para.start() + boundary.end()
            if _ends_in_abbreviation(text, cut, para.start() + boundary.start()):
                continue
            _append(sentences, text, cut, end, paragraph)
            cut = end
        _append(sentences, text, cut, para.end(), paragraph)
        paragraph += 1
    return sentences


def _ends_in_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    # Walk back over the word before the dot (not a search over the whole sentence so far, which is
    # quadratic when many abbreviations follow each other).
    begin = dot
    while begin > start and (text[begin - 1].isalnum() or text[begin - 1] in "._"):  # [\w.], as re defines \w
        begin -= 1
    if begin == dot:
        return False
    token = text[begin:dot].casefold()
    # A single letter is an initial ("J. Smith"); a single digit ends a sentence ("on day 3. Tomas said").
    initial = len(token) == 1 and not token.isdigit()
    return token in _ABBREVIATIONS or initial or bool(_INITIALISM.fullmatch(token))


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph))
