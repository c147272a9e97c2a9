"""Attribution frames from the parse: which cue reports, and which mention in the article is its source.

A frame is a reporting verb from the lexicon (or "according to") outside any quotation, with its source read
from the dependency parse: the verb's subject (also in "…," said X inversions), the agent of a passive, the
object of "according to", the subject of the verb a participle or conjunct hangs on ("…, saying …", "said A
and added B"), or the noun a relative clause modifies ("X, who said …"). Sources are mentions as written;
``speakers`` turns them into canonical speakers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.lexicon import Lexicon
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.quotes import QuoteIndex

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MentionKind = Literal["person", "organisation", "group", "pronoun"]
_ENTITY_KINDS: dict[str, MentionKind] = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "group"}
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_NP_LEFT_DEPS = frozenset({"compound", "amod", "nummod", "nmod", "poss", "case"})
_MAX_MENTION_TOKENS = 8


@dataclass(frozen=True)
class Cue:
    """A reporting verb or phrase (offsets into the article)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """Who a frame credits, as the article writes it (offsets into the article)."""

    text: str
    start: int
    end: int
    kind: MentionKind


@dataclass(frozen=True)
class Frame:
    """One reporting cue with its source (None when the parse names nobody, e.g. a passive "it was said")."""

    cue: Cue
    source: Mention | None
    hedge: HedgeLevel


def find_frames(paragraph: ParsedParagraph, lexicon: Lexicon, quotes: QuoteIndex) -> list[Frame]:
    """Every reporting frame of one parsed paragraph, in order.

    Args:
        paragraph: The parsed paragraph.
        lexicon: Reporting verbs.
        quotes: The article's quotation spans (a verb inside a quotation is quoted, not reporting).

    Returns:
        The frames, in article order.

    """
    frames = []
    doc = paragraph.doc
    for token in doc:
        start, end = paragraph.char_span(token.idx, token.idx + len(token.text))
        if quotes.contains(start):
            continue
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            cue = Cue(f"{token.text} {to.text}", start, paragraph.offset + to.idx + len(to.text))
            objects = [c for c in to.children if c.dep_ == "pobj"]
            source = _mention(objects[0], paragraph) if objects else None
            frames.append(Frame(cue, source, HedgeLevel.certain))
            continue
        if token.pos_ != "VERB" or token.dep_ in {"amod", "compound"}:
            continue
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
        hedge = lexicon.verb_hedge(token.lemma_.casefold(), particle)
        if hedge is None:
            continue
        source_token = _source_token(token)
        source = _mention(source_token, paragraph) if source_token is not None else None
        frames.append(Frame(Cue(token.text, start, end), source, hedge))
    return frames


def _source_token(verb: Token, depth: int = 0) -> Token | None:
    """The head word of whoever performs the reporting verb, following conjuncts and participles upwards."""
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            if child.lower_ in _RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None  # "he was told", "it is said": the subject is not the source
    if verb.dep_ == "relcl":
        return verb.head
    if verb.dep_ in _INHERIT_SUBJECT_DEPS and depth < 3 and verb.head is not verb:
        return _source_token(verb.head, depth + 1)
    return None


def _mention(token: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The mention a head word stands for: its named entity, a pronoun, or its noun phrase."""
    if token.pos_ == "PRON":
        start, end = paragraph.char_span(token.idx, token.idx + len(token.text))
        return Mention(token.text, start, end, "pronoun")
    entity = _entity_of(token)
    if entity is not None and entity.label_ in _ENTITY_KINDS:
        start, end = paragraph.char_span(entity.start_char, entity.end_char)
        return Mention(entity.text, start, end, _ENTITY_KINDS[entity.label_])
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    # A name inside the noun phrase ("Afghan Ambassador Hamdullah Mohib") is the source; the rest is a role.
    for child in token.lefts:
        named = _entity_of(child)
        if named is not None and named.label_ == "PERSON":
            start, end = paragraph.char_span(named.start_char, named.end_char)
            return Mention(named.text, start, end, "person")
    left = [t for t in token.lefts if t.dep_ in _NP_LEFT_DEPS]
    first = min([token.i, *[min(t.i for t in c.subtree) for c in left]])
    last = token.i
    for child in token.rights:  # "researchers at the institute", "a source close to the team"
        if child.dep_ in {"prep", "amod"} and child.i == last + 1:
            last = max(t.i for t in child.subtree)
    if last - first + 1 > _MAX_MENTION_TOKENS:
        first, last = token.i, token.i
    while first < token.i and token.doc[first].dep_ == "det":
        first += 1  # "the researchers" → "researchers" (groups are written without their article)
    span = token.doc[first : last + 1]
    start, end = paragraph.char_span(span.start_char, span.end_char)
    text = span.text
    if span[0].pos_ != "PROPN":
        text = text[:1].lower() + text[1:]  # a sentence-initial capital is not part of a group's name
    kind: MentionKind = "person" if token.ent_type_ == "PERSON" else "group"
    return Mention(text, start, end, kind)


def _entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity
    return None


def person_entities(paragraphs: list[ParsedParagraph]) -> list[tuple[str, int]]:
    """Every PERSON entity of the parsed article with its article offset, in order."""
    found: list[tuple[str, int]] = []
    for paragraph in paragraphs:
        for entity in paragraph.doc.ents:
            if entity.label_ == "PERSON":
                found.append((entity.text, paragraph.offset + entity.start_char))
    return found


def entities_by_kind(paragraphs: list[ParsedParagraph]) -> list[tuple[str, int, str]]:
    """Named entities that can speak (people, organisations, groups), with offsets and labels, in order."""
    found: list[tuple[str, int, str]] = []
    for paragraph in paragraphs:
        for entity in paragraph.doc.ents:
            if entity.label_ in _ENTITY_KINDS:
                found.append((entity.text, paragraph.offset + entity.start_char, entity.label_))
    return found


def describe(frame: Frame) -> dict[str, Any]:
    """A JSON-ready view of a frame (for debugging and reports)."""
    return {
        "cue": frame.cue.text,
        "source": frame.source.text if frame.source else None,
        "kind": frame.source.kind if frame.source else None,
    }
