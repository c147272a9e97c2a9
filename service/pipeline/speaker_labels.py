"""Speaker labels: a paragraph that opens with a person's name and a colon, then a quotation.

Transcripts and printed exchanges of letters or emails name who speaks as a label, with no verb of saying
('Harbour Master Ana Ruiz: "The pier is safe. We checked it twice."'). The quotation after the label is that
person's, every sentence of it, whatever the words inside it say about others.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.attribution import Cue, Frame
from claimex.service.pipeline.credit import Attribution, as_running
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.quotes import QuoteIndex
from claimex.service.pipeline.segment import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Span

_OPENING_MARKS = frozenset('"“')
_MAX_LABEL_CHARS = 160  # a title and a name; a longer run before a colon is a sentence, not a label


def attribute_speaker_labels(
    sentences: list[Sentence],
    paragraphs: list[ParsedParagraph],
    quotes: QuoteIndex,
    by_sentence: dict[int, list[Attribution]],
    fullest: Callable[[str], str],
) -> None:
    """Credit the quotation after a paragraph's speaker label to the person the label names.

    Args:
        sentences: The article's sentences.
        paragraphs: The parsed paragraphs.
        quotes: The quotation spans.
        by_sentence: Attributions by sentence index, replaced in place for the quotation's sentences.
        fullest: A person's fullest name in the article.

    """
    offsets = [p.offset for p in paragraphs]  # in order: each sentence's paragraph by bisection
    seen: set[int] = set()
    for sentence in sentences:
        if sentence.paragraph in seen:
            continue
        seen.add(sentence.paragraph)
        at = bisect_right(offsets, sentence.start) - 1
        label = _labelled_person(sentence, paragraphs[at], quotes) if at >= 0 else None
        if label is None:
            continue
        name, colon = label
        frame = Frame(Cue("", colon, colon + 1), None, HedgeLevel.certain)
        attribution = Attribution(frame, fullest(name), True)
        quote = next((q for q in quotes.overlapping(colon, colon + 3) if q.start > colon), None)
        if quote is None:
            continue
        by_sentence[sentence.index] = [attribution]
        for s in sentences:
            inside = s.index != sentence.index and quote.start <= s.start < quote.end
            if inside and quotes.share(s.start, s.end) >= 0.5:
                by_sentence[s.index] = [as_running(attribution)]


def _labelled_person(sentence: Sentence, paragraph: ParsedParagraph, quotes: QuoteIndex) -> tuple[str, int] | None:
    """The person a paragraph's opening label names, and the label's colon offset, if the sentence opens with one.

    The label is the words before the sentence's first colon, with no verb among them, ending in a name the
    tagger calls a person; a quotation must open right after the colon.
    """
    if paragraph.offset != sentence.start:
        return None  # only a paragraph's first words can be a label
    colon = sentence.text.find(":", 0, _MAX_LABEL_CHARS)
    after = sentence.text[colon + 1 :].lstrip()
    if colon < 0 or after[:1] not in _OPENING_MARKS or quotes.contains(sentence.start):
        return None
    span = paragraph.doc.char_span(0, colon, alignment_mode="contract")
    if span is None or any(t.pos_ in {"VERB", "AUX"} for t in span):
        return None  # "The minister said:" is a report the frames already read
    person = next((e for e in reversed(span.ents) if e.label_ == "PERSON"), None)
    if person is None or person.end_char != len(sentence.text[:colon].rstrip()):
        person = _untagged_name_at_the_end(span)
    return (person.text, sentence.start + colon) if person is not None else None


def _untagged_name_at_the_end(span: Span) -> Span | None:
    """A name the tagger missed at the end of a label: two to four capitalised words from a given name on."""
    given_names = load_lexicon().given_names
    for length in range(2, min(4, len(span)) + 1):
        name = span[-length:]
        if name[0].lower_ in given_names and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            return name
    return None
