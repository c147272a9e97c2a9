"""Who reports each sentence: frames resolved to canonical speakers, and running quotes carried across sentences.

One pass over the article in order keeps the people and groups last mentioned (outside quotations), so that a
pronoun source ("he said") resolves to the nearest compatible speaker before it, never to a name that occurs
only inside someone's quote. A quotation takes the speaker of the nearest frame in its paragraph; a paragraph
that opens with a quotation and names nobody continues the previous paragraph's quoted speaker. A sentence inside
a quotation with no cue of its own is attributed to the quotation's speaker (``running``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.acronyms import find_acronyms, without_open_parenthesis
from claimex.service.pipeline.attribution import Cue, Frame, Mention, entities_by_kind, find_frames, person_roles
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.parse import ParsedParagraph, parse_paragraphs
from claimex.service.pipeline.quotes import QuoteIndex, QuoteSpan, find_quotes
from claimex.service.pipeline.segment import Sentence
from claimex.service.pipeline.speakers import TITLE_WORDS

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof)\.?[ \t]+([A-Z][\w’'-]+)")
_HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "ms": "f", "ms.": "f", "mrs": "f", "mrs.": "f"}
_GROUP_PRONOUNS = frozenset({"they", "them"})
_THING_PRONOUNS = frozenset({"it"})
_MAX_QUOTE_DISTANCE = 300
_CONTINUED_QUOTE_SHARE = 0.7
# Capitalised words after a lower-case word or a comma: proper nouns, whose capital is not the sentence's.
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][\w’'-]*")


@dataclass(frozen=True)
class Attribution:
    """A reporting cue of a sentence with its resolved speaker.

    Attributes:
        cue: The cue (for a running quote, the cue of the quotation's frame, in another sentence).
        speaker: The canonical speaker, or None when the article credits nobody.
        is_person: True for a named person.
        hedge: The hedge the cue itself implies.
        running: True when the sentence is part of a quotation attributed elsewhere.
        role: The speaker's role as the parse finds it (a title or an appositive by a mention of the name).
        main: False for a cue in a clause that modifies a noun ("in remarks reported by TASS"): the sentence's
            own report, if it has one, is another cue.
        asserted: False when the report is only mentioned (inside a noun clause or an imperative): the rules
            never build a claim from it.
        complement: Article offsets of the cue's reported clause when it is a finite clause with its own
            subject ("said the cables were worn"); None otherwise.
        root: True when the cue is its sentence's main verb.
        clauses: The reported clause's parts when "and"/"but" joins finite clauses with their own subjects
            (each part one proposition); empty otherwise.

    """

    cue: Cue
    speaker: str | None
    is_person: bool
    hedge: HedgeLevel
    running: bool = False
    asserted: bool = True
    main: bool = True
    role: str | None = None
    complement: tuple[int, int] | None = None
    root: bool = False
    clauses: tuple[tuple[int, int], ...] = ()


@dataclass
class ArticleSources:
    """Attributions by sentence index, the quotations, and the people named in the article."""

    by_sentence: dict[int, list[Attribution]]
    quotes: QuoteIndex
    people: list[str]
    unparsed_from: int | None = None


_MIN_FUZZY_LETTERS = 5
_DOCUMENT_KINDS = frozenset({"communication", "cognition"})
_MIN_FUZZY_RATIO = 0.85


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
    entities = [e for e in entities_by_kind(paragraphs) if not quotes.contains(e[1])]
    surnames = {m.group(1) for m in _HONORIFIC_NAME.finditer(article)}
    people = _canonical_people(
        [
            text
            for text, _, label, _ in entities
            if label == "PERSON" or (label == "ORG" and _name_words(text)[-1:] and _name_words(text)[-1] in surnames)
        ]
    )
    resolver = _Resolver(entities, people, _MID_SENTENCE_CAPITAL.findall(article))
    resolver.acronyms = find_acronyms(article)
    resolver.genders = _pronoun_genders(paragraphs, quotes, resolver)
    for name, role in person_roles(paragraphs):
        resolver.roles.setdefault(resolver.fullest(name), role)
    starts = [s.start for s in sentences]
    by_sentence: dict[int, list[Attribution]] = {}
    frames_by_paragraph: dict[int, list[tuple[Frame, Attribution]]] = {}
    for number, paragraph in _numbered(paragraphs, sentences):
        frames = find_frames(paragraph, lexicon, quotes)
        for frame in frames:
            embedded = _embedded(frame, frames)
            attribution = resolver.resolve(frame, remember=not embedded)
            index = sentences[max(0, bisect_right(starts, frame.cue.start) - 1)].index
            by_sentence.setdefault(index, []).append(attribution)
            if not embedded and frame.asserted:
                frames_by_paragraph.setdefault(number, []).append((frame, attribution))
    _attribute_running_quotes(sentences, quotes, frames_by_paragraph, by_sentence)
    return ArticleSources(
        by_sentence=by_sentence, quotes=quotes, people=people, unparsed_from=rest[0] if rest else None
    )


def _embedded(frame: Frame, frames: list[Frame]) -> bool:
    """Whether the frame is part of what another frame reports ("X said he was alarmed by what they found").

    Such a frame neither speaks for a nearby quotation nor becomes the antecedent of a later pronoun.
    """
    return any(
        other.complement is not None and other.complement[0] <= frame.cue.start < other.complement[1]
        for other in frames
        if other is not frame
    )


def _pronoun_genders(paragraphs: list[ParsedParagraph], quotes: QuoteIndex, resolver: _Resolver) -> dict[str, str]:
    """Which pronoun the article uses for each person.

    From an honorific before the name, or from a sentence that names exactly one person and refers to someone
    with pronouns of one gender only.
    """
    genders: dict[str, str] = {}
    for paragraph in paragraphs:
        for sentence in paragraph.doc.sents:
            people = {
                resolver.fullest(e.text)
                for e in sentence.ents
                if e.label_ == "PERSON" and not quotes.contains(paragraph.offset + e.start_char)
            }
            for entity in sentence.ents:
                before = paragraph.doc[entity.start - 1].lower_ if entity.start > 0 else ""
                if entity.label_ == "PERSON" and before in _HONORIFIC_GENDER:
                    genders.setdefault(resolver.fullest(entity.text), _HONORIFIC_GENDER[before])
            seen = {
                _PRONOUN_GENDER[t.lower_]
                for t in sentence
                if t.lower_ in _PRONOUN_GENDER and not quotes.contains(paragraph.offset + t.idx)
            }
            if len(people) == 1 and len(seen) == 1:
                genders.setdefault(next(iter(people)), next(iter(seen)))
    return genders


def _numbered(paragraphs: list[ParsedParagraph], sentences: list[Sentence]) -> list[tuple[int, ParsedParagraph]]:
    number_at = {s.start: s.paragraph for s in sentences}
    return [(number_at.get(p.offset, -1), p) for p in paragraphs]


class _Resolver:
    """Turns mentions into canonical speakers, remembering who was mentioned last (in article order)."""

    def __init__(self, entities: list[tuple[str, int, str, bool]], people: list[str], proper: list[str]) -> None:
        self._proper = frozenset(proper)
        self._entities = entities
        self._next = 0
        self._people = people
        self.recent_people: list[str] = []
        self.genders: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.acronyms: dict[str, str] = {}
        self.last_group: str | None = None
        self.last_organisation: str | None = None
        self.last_org_speaker: str | None = None
        self.last_document: str | None = None
        self.described: dict[str, str] = {}  # "company" → the organisation "the company" named before
        self.noun_kinds = load_lexicon().noun_kinds

    def _saw_person(self, name: str) -> None:
        if name in self.recent_people:
            self.recent_people.remove(name)
        self.recent_people.append(name)

    def _person_for(self, pronoun: str) -> str | None:
        """The latest person whose known gender (if any) agrees with the pronoun."""
        wanted = _PRONOUN_GENDER.get(pronoun)
        for name in reversed(self.recent_people):
            if wanted is None or self.genders.get(name) in {None, wanted}:
                return name
        return None

    def _advance(self, offset: int) -> None:
        while self._next < len(self._entities) and self._entities[self._next][1] < offset:
            text, _, label, main_subject = self._entities[self._next]
            if label == "PERSON" and main_subject:
                self._saw_person(self.fullest(text))
            elif label == "ORG":
                self.last_organisation = text
            self._next += 1

    def fullest(self, name: str) -> str:
        """The fullest form of a person's name that the article uses ("Varga" → "Tomas Varga")."""
        words = _name_words(name)
        matches = [p for p in self._people if _contains_in_order(p.split(), words)]
        if len(words) == 1 and all(len(p.split()) == 1 for p in matches):
            matches = _misspelt_surname_of(words[0], self._people) or matches
        return max(matches, key=lambda p: len(p.split())) if matches else " ".join(words) or name

    def resolve(self, frame: Frame, *, remember: bool = True) -> Attribution:
        """The frame's attribution; ``remember`` lets its speaker become the antecedent of later pronouns."""
        mention = frame.source
        self._advance(frame.cue.start if mention is None else min(mention.start, frame.cue.start))
        speaker, is_person = self._speaker_of(mention)
        if remember and speaker is not None:
            if is_person:
                self._saw_person(speaker)
            elif mention is not None and mention.kind == "organisation":
                self.last_organisation = self.last_org_speaker = speaker
            elif mention is not None and mention.plural:
                self.last_group = speaker
            last_word = speaker.split()[-1]
            if not is_person and last_word[:1].isupper() and self._kind(last_word) in _DOCUMENT_KINDS:
                self.last_document = speaker
        role = self.roles.get(speaker) if is_person and speaker is not None else None
        return Attribution(
            frame.cue,
            speaker,
            is_person,
            frame.hedge,
            asserted=frame.asserted,
            main=frame.main,
            role=role,
            complement=frame.complement,
            root=frame.root,
            clauses=frame.clauses,
        )

    def _speaker_of(self, mention: Mention | None) -> tuple[str | None, bool]:
        if mention is None:
            return None, False
        if mention.kind == "pronoun":
            word = mention.text.casefold()
            if word in _PERSON_PRONOUNS:
                person = self._person_for(word)
                return person, person is not None
            if word in _GROUP_PRONOUNS:
                return self.last_group or self.last_organisation, False
            if word in _THING_PRONOUNS:
                return self.last_organisation, False
            return None, False  # "I", "we", "you" outside quotations: the writer, not a source
        if mention.kind == "person" or self._is_known_person(mention.text):
            return self.fullest(_name_words(mention.text)[-1] if mention.kind != "person" else mention.text), True
        described = self._described(mention)
        if described is not None:
            return described
        first, *rest = mention.text.split()
        common = all(w.islower() for w in rest if w[:1].isalpha())
        if (
            first[:1].isupper()
            and not first.isupper()
            and first not in self._proper
            and common
            and mention.kind == "group"
        ):
            return first.lower() + mention.text[len(first) :], False  # "Officials said": a sentence-initial capital
        name = without_open_parenthesis(mention.text)
        return self.acronyms.get(name, name), False

    def _kind(self, word: str) -> str | None:
        return self.noun_kinds.get(word.casefold())

    def _described(self, mention: Mention) -> tuple[str, bool] | None:
        """What a definite description stands for, or None when the mention is none or nothing fits.

        "the company" → the organisation that spoke last (or that "the company" named before), "the report" → the
        document that spoke last, "the pathologist" → the person the article gave that role.
        """
        if not mention.definite or mention.plural or len(mention.text.split()) != 1:
            return None
        noun = mention.text.casefold()
        kind = self._kind(noun)
        if kind == "person":
            for name in reversed(self.recent_people):
                if noun in self.roles.get(name, "").casefold().split():
                    return name, True
            return None
        if kind == "group":
            found = self.described.get(noun) or self.last_org_speaker
        elif kind in _DOCUMENT_KINDS:
            found = self.described.get(noun) or self.last_document
        else:
            return None
        if found is None:
            return None
        self.described[noun] = found
        return found, False

    def _is_known_person(self, text: str) -> bool:
        """A capitalised mention whose words all belong to one person named in the article (NER said ORG)."""
        words = _name_words(text)
        if not words or not all(w[:1].isupper() for w in words):
            return False
        # The head word decides ("Dr Maathai" is Wangari Maathai): titles before it need not be in the name.
        if any(_contains_in_order(p.split(), words[-1:]) for p in self._people):
            return True
        return len(words) == 1 and bool(_misspelt_surname_of(words[0], self._people))


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
        if nearest is not None and nearest.speaker is not None:
            speaker_of[quote] = nearest
            previous = (quote.paragraph, nearest)
    for s in sentences:
        if by_sentence.get(s.index) or quotes.share(s.start, s.end) < 0.5:
            continue
        quoted = [speaker_of[q] for q in quotes.overlapping(s.start, s.end) if q in speaker_of]
        if quoted:
            by_sentence[s.index] = [replace(quoted[0], running=True)]


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


def _name_words(name: str) -> list[str]:
    words = name.split()
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words = words[1:]  # "Councillor Ana Ruiz" → "Ana Ruiz": the title is a role, not part of the name
    words = [w.strip(".,;:’'\"“”") for w in words]
    if words and words[-1].casefold() in {"s", "’s", "'s"}:
        words = words[:-1]
    return [w.removesuffix("’s").removesuffix("'s") for w in words if w]


def _misspelt_surname_of(word: str, people: list[str]) -> list[str]:
    """The one person whose surname ``word`` misspells ("Demriel" for "Füsun Demirel"), else nobody.

    Articles misspell a name they gave in full earlier; a near match (difflib ratio ≥ 0.85, same initial, five
    letters or more) is taken only when exactly one surname qualifies.
    """
    if len(word) < _MIN_FUZZY_LETTERS:
        return []
    near = {
        p
        for p in people
        if len(p.split()) > 1
        and (surname := p.split()[-1])[:1].casefold() == word[:1].casefold()
        and SequenceMatcher(None, surname.casefold(), word.casefold()).ratio() >= _MIN_FUZZY_RATIO
    }
    return sorted(near) if len({p.split()[-1] for p in near}) == 1 else []


def _canonical_people(names: list[str]) -> list[str]:
    """Distinct person names as the article writes them, possessives and stray punctuation removed."""
    seen: dict[str, None] = {}
    for name in names:
        cleaned = " ".join(_name_words(name))
        if cleaned and cleaned[:1].isupper():
            seen.setdefault(cleaned, None)
    return list(seen)


def _contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    it = iter(h.casefold() for h in haystack)
    return bool(needle) and all(n.casefold() in it for n in needle)
