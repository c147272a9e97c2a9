"""What a colon hands over to a source: the next paragraph after "X said:", the rest of a statement after "X says:".

"…, the ministry said in a statement:" introduces the next paragraph, quoted or not; "X said in a note: A. B."
makes A and B X's, to the end of the paragraph and into a next one that goes on in the first person. A quotation
in the colon's own paragraph is ``quote_credit``'s, and a paragraph's own "Name:" label ``speaker_labels``'s.
"""

from __future__ import annotations

from claimex.service.pipeline.attribution import Frame
from claimex.service.pipeline.credit import Attribution, as_running
from claimex.service.pipeline.segment import Sentence

_INTRODUCTION_WORDS = 6  # words after the cue before the colon: "denied the claims in a letter:"


def attribute_introduced_paragraphs(
    article: str,
    sentences: list[Sentence],
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]],
    by_sentence: dict[int, list[Attribution]],
) -> None:
    """Credit the sentences of a paragraph introduced by the previous one's attribution and colon.

    "…, the ministry said in a statement:" introduces the next paragraph, quoted or not, when that paragraph
    names no source itself.

    Args:
        article: The article text.
        sentences: The article's sentences.
        frames_by_paragraph: The non-embedded frames of each paragraph whose source speaks, with attributions.
        by_sentence: Attributions by sentence index, completed in place.

    """
    by_paragraph = _by_paragraph(sentences)
    for number, frames in frames_by_paragraph.items():
        frame, attribution = frames[-1]
        last = by_paragraph[number][-1] if number in by_paragraph else None
        following = by_paragraph.get(number + 1, [])
        if last is None or attribution.speaker is None or not following:
            continue
        introduces = article[last.end - 1 : last.end] == ":" and _ends_at(frame, last, article)
        if introduces and not any(by_sentence.get(s.index) for s in following):
            for s in following:
                by_sentence[s.index] = [as_running(attribution)]


def attribute_colon_statements(
    article: str,
    sentences: list[Sentence],
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]],
    by_sentence: dict[int, list[Attribution]],
) -> None:
    """Credit an unquoted statement after "X says:" to X, to the end of its paragraph and into a first-person next one.

    "Varga said in a statement: The pier is safe. Repairs end in May." credits both sentences to Varga; a next
    paragraph that opens in the first person ("I never doubted it.") goes on in his voice. A sentence with a
    source of its own ends the statement.

    Args:
        article: The article text.
        sentences: The article's sentences.
        frames_by_paragraph: The non-embedded frames of each paragraph whose source speaks, with attributions.
        by_sentence: Attributions by sentence index, completed in place.

    """
    by_paragraph = _by_paragraph(sentences)
    for number, frames in frames_by_paragraph.items():
        for frame, attribution in frames:
            tail = article[frame.cue.end : frame.cue.end + _TAIL_CHARS]  # "says:", "said in a statement:"
            colon = tail.find(":")
            if attribution.speaker is None or colon < 0 or len(tail[:colon].split()) > _INTRODUCTION_WORDS:
                continue
            if any(mark in tail[: colon + 3] for mark in _OPENING_QUOTES):
                continue  # a quotation follows: ``attribute_running_quotes`` credits it
            rest = [s for s in by_paragraph[number] if s.start > frame.cue.end]
            following = by_paragraph.get(number + 1, [])
            opening = (article[following[0].start : following[0].end].split() or [""])[0] if following else ""
            if opening in _FIRST_PERSON or opening.startswith(("I'", "I’")):
                rest += following  # the statement runs on in the speaker's own voice
            for s in rest:
                if any(a.speaker is not None for a in by_sentence.get(s.index, ())):
                    break  # "I thought …" credits nobody outside a quotation; here the "I" is the speaker
                by_sentence[s.index] = [as_running(attribution)]


_OPENING_QUOTES = frozenset('"“')
_TAIL_CHARS = 40
_FIRST_PERSON = frozenset({"I", "We", "My", "Our"})


def _by_paragraph(sentences: list[Sentence]) -> dict[int, list[Sentence]]:
    """The article's sentences grouped by paragraph number, in order."""
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    return by_paragraph


def _ends_at(frame: Frame, last: Sentence, article: str) -> bool:
    """Whether only the colon, or a short tail ("in a statement:"), follows the cue in the paragraph's last sentence."""
    return last.start <= frame.cue.start and len(article[frame.cue.end : last.end].split()) <= _INTRODUCTION_WORDS
