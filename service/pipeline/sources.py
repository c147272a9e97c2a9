"""Who reports each sentence: frames resolved to canonical speakers, and running quotes carried across sentences.

The frames of each paragraph come from ``attribution`` and their speakers from ``resolve`` (in article order);
``quote_credit`` then credits the sentences that carry no cue of their own (quotations that run on or follow a
sentence about a person), ``colon_credit`` what a colon hands over (a paragraph after "X said:", an unquoted
statement after "X says:"), and ``speaker_labels`` the quotations after a paragraph's "Name:" label.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from claimex.service.pipeline.attribution import Frame, find_frames
from claimex.service.pipeline.colon_credit import attribute_colon_statements, attribute_introduced_paragraphs
from claimex.service.pipeline.credit import Attribution
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.parse import ParsedParagraph, parse_paragraphs
from claimex.service.pipeline.quote_credit import attribute_quotes_after_a_person, attribute_running_quotes
from claimex.service.pipeline.quotes import QuoteIndex, find_quotes
from claimex.service.pipeline.resolve import ResolvedSpeaker, speaker_resolver
from claimex.service.pipeline.segment import Sentence
from claimex.service.pipeline.speaker_labels import attribute_speaker_labels


@dataclass
class ArticleSources:
    """Attributions by sentence index, the quotations, and the people named in the article."""

    by_sentence: dict[int, list[Attribution]]
    quotes: QuoteIndex
    people: list[str]
    unparsed_from: int | None = None


def attribute_sentences(
    article: str, sentences: list[Sentence], *, max_parse_chars: int | None = None
) -> ArticleSources:
    """Parse the article and attribute every reporting sentence.

    Args:
        article: The article text.
        sentences: Its sentences.
        max_parse_chars: Parse at most this much text (``unparsed_from`` then says where parsing stopped).

    Returns:
        The attributions, quotation index and canonical person names.

    """
    quotes = QuoteIndex(find_quotes(article, sentences))
    paragraphs = parse_paragraphs(article, sentences, max_chars=max_parse_chars)
    parsed_until = paragraphs[-1].offset + len(paragraphs[-1].doc.text) if paragraphs else 0
    rest = [s.start for s in sentences if s.start >= parsed_until] if max_parse_chars is not None else []
    lexicon = load_lexicon()
    resolver = speaker_resolver(article, paragraphs, quotes)
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Attribution]] = {}
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]] = {}
    for number, paragraph in _numbered(paragraphs, sentences):
        frames = find_frames(paragraph, lexicon, quotes)
        for frame in frames:
            embedded = _embedded(frame, frames)
            attribution = _attribution(frame, resolver.resolve(frame, remember=frame.asserted and not embedded))
            index = sentences[max(0, bisect_right(starts, frame.cue.start) - 1)].index
            by_sentence.setdefault(index, []).append(attribution)
            if not embedded and frame.speaks:
                frames_by_paragraph.setdefault(number, []).append((frame, attribution))
    attribute_running_quotes(sentences, quotes, frames_by_paragraph, by_sentence)
    attribute_introduced_paragraphs(article, sentences, frames_by_paragraph, by_sentence)
    attribute_colon_statements(article, sentences, frames_by_paragraph, by_sentence)
    attribute_quotes_after_a_person(sentences, paragraphs, quotes, by_sentence, resolver.fullest)
    attribute_speaker_labels(sentences, paragraphs, quotes, by_sentence, resolver.fullest)
    return ArticleSources(
        by_sentence=by_sentence, quotes=quotes, people=resolver.people, unparsed_from=rest[0] if rest else None
    )


def _attribution(frame: Frame, speaker: ResolvedSpeaker) -> Attribution:
    return Attribution(frame, speaker.name, speaker.is_person, role=speaker.role)


def _embedded(frame: Frame, frames: list[Frame]) -> bool:
    """Whether the frame is part of what another frame reports ("X said he was worried by what the divers saw").

    Such a frame neither speaks for a nearby quotation nor becomes the antecedent of a later pronoun.
    """
    return any(
        other.complement is not None and other.complement[0] <= frame.cue.start < other.complement[1]
        for other in frames
        if other is not frame
    )


def _numbered(paragraphs: list[ParsedParagraph], sentences: list[Sentence]) -> list[tuple[int, ParsedParagraph]]:
    number_at = {s.start: s.paragraph for s in sentences}
    return [(number_at.get(p.offset, -1), p) for p in paragraphs]
