"""Sentences with no cue of their own that still report: quotations and paragraphs credited by their context.

A quotation takes the speaker of the nearest frame in its paragraph that the article asserts and that is not itself
part of another report; a paragraph that opens with a quotation and names nobody continues the previous
paragraph's quoted speaker; a quotation right after a sentence about a named person is that person's. Each such
sentence gets a ``running`` attribution. What a colon hands over without quotation marks is ``colon_credit``'s.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.attribution import Cue, Frame
from claimex.service.pipeline.credit import Attribution, as_running
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.quotes import QuoteIndex, QuoteSpan
from claimex.service.pipeline.segment import Sentence

_MAX_QUOTE_DISTANCE = 300
_CONTINUED_QUOTE_SHARE = 0.7
_INTRODUCTION_TAIL = 2  # characters after the cue at the end of its paragraph: "stated:" or "said,"
_AFTER_A_CLOSING_MARK = 2  # characters between a closing mark and the attribution that follows it: '," said'


def attribute_running_quotes(
    sentences: list[Sentence],
    quotes: QuoteIndex,
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]],
    by_sentence: dict[int, list[Attribution]],
) -> None:
    """Give sentences inside a quotation, with no cue of their own, the speaker of the quotation.

    Args:
        sentences: The article's sentences.
        quotes: Its quotation spans.
        frames_by_paragraph: The non-embedded frames of each paragraph whose source speaks, with attributions.
        by_sentence: Attributions by sentence index, completed in place.

    """
    speaker_of: dict[QuoteSpan, Attribution] = {}
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        start, _ = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (start, s.end)
    previous: tuple[int, Attribution] | None = None  # (paragraph, speaker) of the last attributed quotation
    ends = sorted(q.end for q in quotes.spans)
    for quote in quotes.spans:
        nearest = _nearest_frame(quote, frames_by_paragraph.get(quote.paragraph, []), ends)
        start, end = paragraphs[quote.paragraph]
        continues = (
            nearest is None
            and previous is not None
            and previous[0] in {quote.paragraph, quote.paragraph - 1}
            and quote.start == start
            and quotes.share(start, end) >= _CONTINUED_QUOTE_SHARE
        )
        if continues and previous is not None:
            nearest = previous[1]  # a paragraph of pure quotation, naming nobody, continues the last speaker
        if nearest is None and quote.start == start:
            nearest = _introduced_by(frames_by_paragraph.get(quote.paragraph - 1, []), paragraphs, quote.paragraph - 1)
        if nearest is not None and nearest.speaker is not None:
            speaker_of[quote] = nearest
            previous = (quote.paragraph, nearest)
    for s in sentences:
        quoted = [speaker_of[q] for q in quotes.overlapping(s.start, s.end) if q in speaker_of]
        own = by_sentence.get(s.index)
        if own and quoted and quotes.contains(s.start):
            by_sentence[s.index] = [_participle_of(a, quoted[0]) for a in own]
        if own or quotes.share(s.start, s.end) < 0.5:
            continue
        if quoted:
            by_sentence[s.index] = [as_running(quoted[0])]


def _participle_of(attribution: Attribution, quoted: Attribution) -> Attribution:
    """'"… The pier is safe," adding that …': a participle with no source, after the quotation it continues."""
    if attribution.speaker is not None or attribution.frame.source is not None or not attribution.cue.text.endswith("ing"):
        return attribution
    return replace(attribution, speaker=quoted.speaker, is_person=quoted.is_person, role=quoted.role)


def attribute_quotes_after_a_person(
    sentences: list[Sentence],
    paragraphs: list[ParsedParagraph],
    quotes: QuoteIndex,
    by_sentence: dict[int, list[Attribution]],
    fullest: Callable[[str], str],
) -> None:
    """Credit a quotation that opens a sentence, with no cue anywhere, to the person the sentence before is about.

    "Ana Ruiz offered her explanation. "People forget the cost."": a quotation right after a sentence whose subject
    is a named person, in the same paragraph, is that person's.

    Args:
        sentences: The article's sentences.
        paragraphs: The parsed paragraphs.
        quotes: The quotation spans.
        by_sentence: Attributions by sentence index, completed in place.
        fullest: A person's fullest name in the article.

    """
    offsets = [p.offset for p in paragraphs]  # in order: each sentence's paragraph by bisection, not a scan
    last_person: str | None = None  # the person the latest attribution credits, for "He was blunt:"
    for previous, sentence in zip(sentences, sentences[1:], strict=False):
        last_person = next((a.speaker for a in by_sentence.get(previous.index, ()) if a.is_person), last_person)
        introduces = previous.text.rstrip().endswith(":")  # "She had harsh words for the board:" + a quotation
        if (
            by_sentence.get(sentence.index)
            or by_sentence.get(previous.index)
            or (previous.paragraph != sentence.paragraph and not introduces)
        ):
            continue
        if not quotes.contains(sentence.start) or quotes.share(sentence.start, sentence.end) < 0.5:
            continue
        if any(q.start < previous.end for q in quotes.overlapping(sentence.start, sentence.end)):
            continue  # the quotation opened before: its subject is someone the speaker talks about
        at = bisect_right(offsets, previous.start) - 1
        person = _subject_person(previous, paragraphs[at], introduces, last_person) if at >= 0 else None
        if person is None:
            continue
        name, verb = person
        frame = Frame(verb, None, HedgeLevel.certain)
        attribution = Attribution(frame, fullest(name), True, running=True)
        for quote in quotes.overlapping(sentence.start, sentence.end):
            for s in sentences:
                inside = quote.start <= s.start < quote.end and quotes.share(s.start, s.end) >= 0.5
                if inside and not by_sentence.get(s.index):
                    by_sentence[s.index] = [attribution]


def _subject_person(
    sentence: Sentence, paragraph: ParsedParagraph, introduces: bool = False, last_person: str | None = None
) -> tuple[str, Cue] | None:
    """The named person who is the sentence's main subject, with its main verb, if the parse finds one.

    A sentence that introduces a quotation with its colon may be a copula ("He was blunt:"), and its "he" or
    "she" is the person the latest attribution credits.
    """
    if not paragraph.offset <= sentence.start < paragraph.offset + len(paragraph.doc.text):
        return None
    span = paragraph.doc.char_span(sentence.start - paragraph.offset, sentence.end - paragraph.offset, "expand")
    if span is None:
        return None
    root = span.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.ent_type_ != "PERSON":  # "The firm's chief, Ana Ruiz, offered …"
        subject = next((c for c in subject.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), subject)
    if introduces and subject is not None and subject.lower_ in {"he", "she"} and last_person is not None:
        start, end = paragraph.char_span(root.idx, root.idx + len(root.text))
        return last_person, Cue(root.text, start, end)
    if subject is None or subject.ent_type_ != "PERSON" or (root.pos_ != "VERB" and not introduces):
        return None
    entity = next((e for e in span.doc.ents if e.start <= subject.i < e.end), None)
    if entity is None:
        return None
    start, end = paragraph.char_span(root.idx, root.idx + len(root.text))
    return entity.text, Cue(root.text, start, end)


def _introduced_by(
    frames: list[tuple[Frame, Attribution]], paragraphs: dict[int, tuple[int, int]], number: int
) -> Attribution | None:
    """The attribution a paragraph ends with ("Varga stated:"), which introduces a quotation in the next one."""
    if not frames or number not in paragraphs:
        return None
    frame, attribution = frames[-1]
    return attribution if paragraphs[number][1] - frame.cue.end <= _INTRODUCTION_TAIL else None


def _nearest_frame(
    quote: QuoteSpan, frames: list[tuple[Frame, Attribution]], quote_ends: list[int]
) -> Attribution | None:
    """The attribution whose cue stands closest to the quotation (within reach), found by bisection.

    A cue before the quotation that stands right after an earlier quotation ('"A," said X. "B," Y said.') is that
    quotation's attribution: when a cue follows this quotation, the cue after it is the one that credits it.
    """
    starts = [f.cue.start for f, _ in frames]  # frames are in article order
    before = bisect_right(starts, quote.start) - 1
    after = bisect_right(starts, quote.end - 1)
    best: tuple[int, Attribution] | None = None
    nearest_after: tuple[int, Attribution] | None = None
    for i in (before, before - 1, after, after + 1):
        if not 0 <= i < len(frames) or quote.start <= frames[i][0].cue.start < quote.end:
            continue
        cue = frames[i][0].cue
        distance = quote.start - cue.end if cue.end <= quote.start else cue.start - quote.end
        if not 0 <= distance <= _MAX_QUOTE_DISTANCE:
            continue
        if cue.start >= quote.end and (nearest_after is None or distance < nearest_after[0]):
            nearest_after = (distance, frames[i][1])
        if best is None or distance < best[0]:
            best = (distance, frames[i][1])
    if best is not None and nearest_after is not None and _closes_an_earlier_quote(best[1], quote, quote_ends):
        return nearest_after[1]
    return best[1] if best else None


def _closes_an_earlier_quote(attribution: Attribution, quote: QuoteSpan, quote_ends: list[int]) -> bool:
    """Whether the attribution's cue stands before the quotation, right after an earlier quotation closed."""
    cue = attribution.frame.cue
    if cue.end > quote.start:
        return False
    source = attribution.frame.source
    first = min(cue.start, source.start) if source is not None else cue.start
    at = bisect_right(quote_ends, first) - 1
    return at >= 0 and first - quote_ends[at] <= _AFTER_A_CLOSING_MARK
