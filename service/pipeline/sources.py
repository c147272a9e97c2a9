"""Who reports each sentence: frames resolved to canonical speakers, and running quotes carried across sentences.

The frames of each paragraph come from ``attribution`` and their speakers from ``resolve`` (in article order). A
quotation takes the speaker of the nearest frame in its paragraph that the article asserts and that is not itself
part of another report; a paragraph that opens with a quotation and names nobody continues the previous
paragraph's quoted speaker. A sentence inside a quotation with no cue of its own is attributed to the quotation's
speaker (``running``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.attribution import Cue, Frame, find_frames
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.parse import ParsedParagraph, parse_paragraphs
from claimex.service.pipeline.quotes import QuoteIndex, QuoteSpan, find_quotes
from claimex.service.pipeline.resolve import ResolvedSpeaker, speaker_resolver
from claimex.service.pipeline.segment import Sentence

_MAX_QUOTE_DISTANCE = 300
_CONTINUED_QUOTE_SHARE = 0.7
_INTRODUCTION_TAIL = 2  # characters after the cue at the end of its paragraph: "stated:" or "said,"
_INTRODUCTION_WORDS = 6  # words after the cue before the colon: "denied these allegations in a statement:"


@dataclass(frozen=True)
class Attribution:
    """A reporting frame of a sentence with its resolved speaker.

    The frame's own facts (cue, hedge, whether it is asserted, its reported clause …) are read through from
    ``frame``: see ``attribution.Frame``.

    Attributes:
        frame: The frame (for a running quote, the frame of the quotation's cue, in another sentence).
        speaker: The canonical speaker, or None when the article credits nobody.
        is_person: True for a named person.
        role: The speaker's role as the parse finds it (a title or an appositive by a mention of the name).
        running: True when the sentence is part of a quotation attributed elsewhere.

    """

    frame: Frame
    speaker: str | None
    is_person: bool
    role: str | None = None
    running: bool = False

    @property
    def cue(self) -> Cue:
        """The reporting verb or phrase."""
        return self.frame.cue

    @property
    def hedge(self) -> HedgeLevel:
        """The hedge the cue itself implies."""
        return self.frame.hedge

    @property
    def asserted(self) -> bool:
        """False when the report is only mentioned (a noun clause, an instruction, not yet made)."""
        return self.frame.asserted

    @property
    def main(self) -> bool:
        """False for a cue in a clause that modifies a noun ("in remarks reported by TASS")."""
        return self.frame.main

    @property
    def complement(self) -> tuple[int, int] | None:
        """Offsets of the cue's reported finite clause ("said the cables were worn"), if any."""
        return self.frame.complement

    @property
    def root(self) -> bool:
        """True when the cue is its sentence's main verb."""
        return self.frame.root

    @property
    def clauses(self) -> tuple[tuple[int, int], ...]:
        """The reported clause's parts when "and"/"but" joins finite clauses; empty otherwise."""
        return self.frame.clauses

    @property
    def reports_content(self) -> bool:
        """False when the cue only narrates an act of speaking ("testified before the court")."""
        return self.frame.reports_content


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
            if not embedded and frame.asserted:
                frames_by_paragraph.setdefault(number, []).append((frame, attribution))
    _attribute_running_quotes(sentences, quotes, frames_by_paragraph, by_sentence)
    _attribute_introduced_paragraphs(article, sentences, frames_by_paragraph, by_sentence)
    _attribute_quotes_after_a_person(sentences, paragraphs, quotes, by_sentence, resolver.fullest)
    return ArticleSources(
        by_sentence=by_sentence, quotes=quotes, people=resolver.people, unparsed_from=rest[0] if rest else None
    )


def _attribution(frame: Frame, speaker: ResolvedSpeaker) -> Attribution:
    return Attribution(frame, speaker.name, speaker.is_person, role=speaker.role)


def _embedded(frame: Frame, frames: list[Frame]) -> bool:
    """Whether the frame is part of what another frame reports ("X said he was alarmed by what they found").

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


def _attribute_running_quotes(
    sentences: list[Sentence],
    quotes: QuoteIndex,
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]],
    by_sentence: dict[int, list[Attribution]],
) -> None:
    """Give sentences inside a quotation, with no cue of their own, the speaker of the quotation."""
    speaker_of: dict[QuoteSpan, Attribution] = {}
    paragraphs: dict[int, tuple[int, int]] = {}
    for s in sentences:
        start, _ = paragraphs.get(s.paragraph, (s.start, s.end))
        paragraphs[s.paragraph] = (start, s.end)
    previous: tuple[int, Attribution] | None = None  # (paragraph, speaker) of the last attributed quotation
    for quote in quotes.spans:
        nearest = _nearest_frame(quote, frames_by_paragraph.get(quote.paragraph, []))
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
        if by_sentence.get(s.index) or quotes.share(s.start, s.end) < 0.5:
            continue
        quoted = [speaker_of[q] for q in quotes.overlapping(s.start, s.end) if q in speaker_of]
        if quoted:
            by_sentence[s.index] = [replace(quoted[0], running=True)]


def _attribute_introduced_paragraphs(
    article: str,
    sentences: list[Sentence],
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]],
    by_sentence: dict[int, list[Attribution]],
) -> None:
    """Credit the sentences of a paragraph introduced by the previous one's attribution and colon.

    "…, the ministry said in a statement:" introduces the next paragraph, quoted or not, when that paragraph
    names no source itself.
    """
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    for number, frames in frames_by_paragraph.items():
        frame, attribution = frames[-1]
        last = by_paragraph[number][-1] if number in by_paragraph else None
        following = by_paragraph.get(number + 1, [])
        if last is None or attribution.speaker is None or not following:
            continue
        introduces = article[last.end - 1 : last.end] == ":" and _ends_at(frame, last, article)
        if introduces and not any(by_sentence.get(s.index) for s in following):
            for s in following:
                by_sentence[s.index] = [replace(attribution, running=True)]


def _ends_at(frame: Frame, last: Sentence, article: str) -> bool:
    """Whether only the colon, or a short tail ("in a statement:"), follows the cue in the paragraph's last sentence."""
    return last.start <= frame.cue.start and len(article[frame.cue.end : last.end].split()) <= _INTRODUCTION_WORDS


def _attribute_quotes_after_a_person(
    sentences: list[Sentence],
    paragraphs: list[ParsedParagraph],
    quotes: QuoteIndex,
    by_sentence: dict[int, list[Attribution]],
    fullest: Callable[[str], str],
) -> None:
    """Credit a quotation that opens a sentence, with no cue anywhere, to the person the sentence before is about.

    "Ana Ruiz offered her explanation. "People forget the cost."": a quotation right after a sentence whose subject
    is a named person, in the same paragraph, is that person's.
    """
    offsets = [p.offset for p in paragraphs]  # in order: each sentence's paragraph by bisection, not a scan
    last_person: str | None = None  # the person the latest attribution credits, for "He was blunt:"
    for previous, sentence in zip(sentences, sentences[1:], strict=False):
        last_person = next((a.speaker for a in by_sentence.get(previous.index, ()) if a.is_person), last_person)
        introduces = previous.text.rstrip().endswith(":")  # "He was more critical of the board:" + a quotation
        if (
            by_sentence.get(sentence.index)
            or by_sentence.get(previous.index)
            or (previous.paragraph != sentence.paragraph and not introduces)
        ):
            continue
        if not quotes.contains(sentence.start) or quotes.share(sentence.start, sentence.end) < 0.5:
            continue
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


def _nearest_frame(quote: QuoteSpan, frames: list[tuple[Frame, Attribution]]) -> Attribution | None:
    """The attribution whose cue stands closest to the quotation (within reach), found by bisection."""
    starts = [f.cue.start for f, _ in frames]  # frames are in article order
    before = bisect_right(starts, quote.start) - 1
    after = bisect_right(starts, quote.end - 1)
    best: tuple[int, Attribution] | None = None
    for i in (before, before - 1, after, after + 1):
        if not 0 <= i < len(frames) or quote.start <= frames[i][0].cue.start < quote.end:
            continue
        cue = frames[i][0].cue
        distance = quote.start - cue.end if cue.end <= quote.start else cue.start - quote.end
        if 0 <= distance <= _MAX_QUOTE_DISTANCE and (best is None or distance < best[0]):
            best = (distance, frames[i][1])
    return best[1] if best else None
