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
_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s+[\"“‘'«(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")


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
    word = re.search(r"([\w.]+)$", text[start:dot])
    if not word:
        return False
    token = word.group(1).casefold()
    return token in _ABBREVIATIONS or len(token) == 1 or bool(re.fullmatch(r"(\w\.)+\w", token))


def _append(sentences: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(len(sentences), start, end, text[start:end], paragraph))
