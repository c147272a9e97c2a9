"""Attribution frames from the parse: which cue reports, and which mention in the article is its source.

A frame is a reporting verb from the lexicon (or "according to") outside any quotation, with its source read
from the dependency parse: the verb's subject (also in "…," said X inversions), the agent of a passive, the
object of "according to", the subject of the verb a participle or conjunct hangs on ("…, saying …", "said A
and added B"), or the noun a relative clause modifies ("X, who said …"). Sources are mentions as written;
``speakers`` turns them into canonical speakers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.assertion import asserted
from claimex.service.pipeline.clauses import coordinated_clauses, finite_complement, reports_content
from claimex.service.pipeline.hedges import IMPERSONAL
from claimex.service.pipeline.lexicon import Lexicon, load_lexicon
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.quote_cues import hands_over_a_quotation
from claimex.service.pipeline.quotes import QuoteIndex
from claimex.service.pipeline.speakers import TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MentionKind = Literal["person", "organisation", "group", "pronoun"]
_ENTITY_KINDS: dict[str, MentionKind] = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "group"}
_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
_NP_LEFT_DEPS = frozenset({"det", "compound", "amod", "nummod", "nmod", "poss", "case"})
_MAX_MENTION_TOKENS = 8
# Entities that can own or name a document: "PC World's analysis", "the results of the National Iodine Study".
_DOCUMENT_OWNERS = frozenset({"PERSON", "ORG", "NORP", "GPE", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC"})


@dataclass(frozen=True)
class Cue:
    """A reporting verb or phrase (offsets into the article) and the verb's lemma ("" for a phrase)."""

    text: str
    start: int
    end: int
    lemma: str = ""


@dataclass(frozen=True)
class Mention:
    """Who a frame credits, as the article writes it (offsets into the article)."""

    text: str
    start: int
    end: int
    kind: MentionKind
    plural: bool = False
    definite: bool = False
    describes: str | None = None  # "a statement issued by X": X, and "the statement" later names X too


@dataclass(frozen=True)
class Frame:
    """One reporting cue with its source (None when the parse names nobody, e.g. a passive "it was said")."""

    cue: Cue
    source: Mention | None
    hedge: HedgeLevel
    asserted: bool = True
    main: bool = True
    complement: tuple[int, int] | None = None
    root: bool = False
    clauses: tuple[tuple[int, int], ...] = ()
    reports_content: bool = True


def find_frames(paragraph: ParsedParagraph, lexicon: Lexicon, quotes: QuoteIndex) -> list[Frame]:
    """Every reporting frame of one parsed paragraph, in order.

    Args:
        paragraph: The parsed paragraph.
        lexicon: Reporting verbs.
        quotes: The article's quotation spans (a verb inside a quotation is quoted, not reporting).

    Returns:
        The frames, in article order.

    """
    frames = [
        Frame(Cue(m.group(), paragraph.offset + m.start(), paragraph.offset + m.end()), None, HedgeLevel.speculative)
        for m in IMPERSONAL.finditer(paragraph.doc.text)
        if not quotes.contains(paragraph.offset + m.start())
    ]
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
            frames.append(Frame(cue, source, HedgeLevel.certain, asserted=asserted(token)))
            continue
        if token.pos_ != "VERB" or token.dep_ in {"amod", "compound"}:
            continue
        if token.tag_ == "VBN" and token.dep_ == "acl" and not any(c.dep_ == "agent" for c in token.children):
            continue  # "the items added to the bill": a participle naming a thing, no report by anyone
        if not token.is_sent_start and token.text[:1].isupper() and not token.text.isupper():
            continue  # a capitalised word mid-sentence is part of a name ("the Says Foundation"), not a verb
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
        hedge = lexicon.verb_hedge(token.lemma_.casefold(), particle)
        if hedge is None and hands_over_a_quotation(token):
            hedge = HedgeLevel.certain  # "X continued: “…”": any verb that introduces a quotation reports it
        if hedge is None:
            continue
        source_token = _source_token(token)
        source = _mention(source_token, paragraph) if source_token is not None else None
        if source is None and token.tag_ == "VBG" and token.dep_ != "ROOT":
            source = _participle_source(token, paragraph)
        quoted = _quoted_source(token, paragraph)
        if quoted is not None:
            source = quoted  # "the report quotes Mia Kovac as saying …": Kovac's words, relayed
        if source_token is not None and source is not None and quotes.contains(_start_of(source_token, paragraph)):
            source = _inverted_source(token, paragraph)  # quoted words never report
        if source is None and not any(c.dep_ == "ccomp" for c in token.children):
            continue  # nobody reports and nothing is reported ("he was shown a yellow card")
        cue = Cue(token.text, start, end, token.lemma_.casefold())
        frames.append(
            Frame(
                cue,
                source,
                hedge,
                asserted=asserted(token),
                main=token.dep_ not in {"acl", "relcl"},
                complement=finite_complement(token, paragraph),
                root=token.dep_ == "ROOT",
                clauses=coordinated_clauses(token, paragraph),
                reports_content=reports_content(token),
            )
        )
    return sorted(frames, key=lambda f: f.cue.start)


def _quoted_source(verb: Token, paragraph: ParsedParagraph) -> Mention | None:
    """Whom a quoting verb quotes ("quotes Mia Kovac", "quoting the news agency"): the words are theirs."""
    if verb.lemma_.casefold() != "quote":
        return None
    quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return _mention(quoted, paragraph) if quoted is not None else None


def _participle_source(participle: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The named source of a participle whose own parse gives it none, taken from the nearest verb above with one.

    "X criticized Y for the toll saying, …" (the parse made "toll" the subject of "saying") and "X denied that it
    was scripted, writing …" (the verb above is a passive) both report for X. A group or thing is not taken.
    """
    sources = (_source_token(a) for a in participle.ancestors if a.pos_ in {"VERB", "AUX"})
    head = next((t for t in sources if t is not None), None)
    mention = _mention(head, paragraph) if head is not None else None
    return mention if mention is not None and mention.kind != "group" else None


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
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return None  # "he was told", "it is said", "has yet to be found": the subject is not the source
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
        # "X was quoted as saying …": the one quoted is the source
        quoted = next((c for c in verb.head.head.children if c.dep_ == "nsubjpass"), None)
        if quoted is not None:
            return quoted
    if verb.dep_ == "relcl":
        return verb.head
    if verb.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As reported in the Indian press, …": the medium reports; the main clause's subject is what it reports
        medium = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "by"} for g in c.children]
        return next((g for g in medium if g.dep_ == "pobj"), None)
    if verb.dep_ in _INHERIT_SUBJECT_DEPS and depth < 3 and verb.head is not verb:
        return _source_token(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.dep_ in {"dobj", "pobj"} and depth < 3:
        # "X issued a statement saying …", "made a comment saying …": the statement's maker reports
        owner = verb.head.head if verb.head.dep_ == "dobj" else verb.head.head.head
        if owner.pos_ in {"VERB", "AUX"}:
            return _source_token(owner, depth + 1)
    return None


def _start_of(token: Token, paragraph: ParsedParagraph) -> int:
    return paragraph.char_span(token.idx, token.idx + len(token.text))[0]


def _inverted_source(verb: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The name right after the verb in an inversion ('"…," said Tomas Varga').

    Used when the parse took the verb's subject from inside the quotation.
    """
    doc = verb.doc
    if verb.i + 1 < len(doc):
        entity = _entity_of(doc[verb.i + 1])
        if entity is not None and entity.start == verb.i + 1 and entity.label_ in _ENTITY_KINDS:
            return _entity_mention(entity, paragraph)
    return None


def _mention(token: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The mention a head word stands for: its named entity, a pronoun, or its noun phrase."""
    if token.pos_ == "PRON" and not (token.text.isupper() and len(token.text) > 1):  # "WHO" is an organisation
        start, end = paragraph.char_span(token.idx, token.idx + len(token.text))
        return Mention(token.text, start, end, "pronoun", plural=token.lower_ in {"they", "them", "we"})
    entity = _entity_of(token)
    if entity is not None and entity.label_ in _ENTITY_KINDS:
        return _entity_mention(entity, paragraph)
    if token.pos_ not in {"NOUN", "PROPN", "PRON"}:
        return None
    named = _named_within(token)
    if named is not None:
        mention = _entity_mention(named, paragraph)
        if token.pos_ == "NOUN" and load_lexicon().names_a_document(token.lemma_):
            return replace(mention, describes=token.lemma_.casefold())
        return mention
    if token.pos_ == "NOUN" and load_lexicon().noun_kinds.get(token.lemma_.casefold()) == "other":
        return None  # "photos showed", "the damage suggests": things that cannot report (WordNet)
    left = [t for t in token.lefts if t.dep_ in _NP_LEFT_DEPS]
    first = min([token.i, *[min(t.i for t in c.subtree) for c in left]])
    last = token.i
    for child in token.rights:  # "researchers at the institute", "a source close to the team"
        if child.dep_ in {"prep", "amod"} and child.i == last + 1:
            last = max(t.i for t in child.subtree)
    if last - first + 1 > _MAX_MENTION_TOKENS:
        first, last = token.i, token.i
    definite = token.doc[first].lower_ == "the"
    while first < token.i and token.doc[first].lower_ in {"the", "a", "an"}:
        first += 1  # "the researchers" → "researchers" (groups are written without their article)
    span = token.doc[first : last + 1]
    start, end = paragraph.char_span(span.start_char, span.end_char)
    text = span.text
    kind: MentionKind = "person" if token.ent_type_ == "PERSON" else "group"
    words = text.split()
    if token.pos_ == "PROPN" and len(words) > 1 and words[0] in TITLE_WORDS and all(w[:1].isupper() for w in words):
        kind = "person"  # "Mayor Ana Ruiz": a title before a proper name marks a person, even unseen by NER
    return Mention(text, start, end, kind, plural=token.tag_ in {"NNS", "NNPS"}, definite=definite)


def _named_within(token: Token) -> Span | None:
    """A named speaker inside a noun phrase headed by a common noun.

    "Aisyah's lawyer, Gooi Soon Seng" (appositive), "Afghan Ambassador Hamdullah Mohib" (name after a title),
    "PC World's analysis" (the owner of a document), "the results of the Iodine Study" (what a document is of).
    """
    for child in token.children:
        if child.dep_ == "appos":
            entity = _entity_of(child)
            if entity is not None and entity.label_ in {"PERSON", "ORG"}:
                return entity
    if token.dep_ == "appos":  # "Terence Fan, an air industry expert …, who said": the expert is Fan
        entity = _entity_of(token.head)
        if entity is not None and entity.label_ in {"PERSON", "ORG"}:
            return entity
    for child in token.lefts:
        entity = _entity_of(child)
        if entity is not None and entity.label_ == "PERSON":
            return entity
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == ",":
        entity = _entity_of(doc[token.i + 2])  # "the port's director, Mia Kovac," parsed without the appositive
        if entity is not None and entity.label_ == "PERSON" and entity.start == token.i + 2:
            return entity
    if token.pos_ == "NOUN":
        lexicon = load_lexicon()
        document = lexicon.names_a_document(token.lemma_)
        for child in token.children:
            # "figures reported by the Trust"; for a document, any maker: "a statement issued by the ministry"
            reports = child.dep_ == "acl" and (document or child.lemma_.casefold() in lexicon.verbs)
            agent = next((c for c in child.children if c.dep_ == "agent"), None) if reports else None
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            entity = _entity_of(by) if by is not None else None
            if entity is not None and entity.label_ in {"PERSON", "ORG"}:
                return entity  # "figures reported by the Trust": the Trust is the source
            owned = _owned_by_a_name(by) if by is not None and entity is None else None
            if owned is not None:
                return owned  # "a statement issued by the President's office": the office is the maker
        speaks_for_itself = lexicon.noun_kinds.get(token.lemma_.casefold()) in {"person", "group"}
        for child in () if speaks_for_itself else token.children:  # "Russia's spokesman", "Obama's staff"
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ == "of"):
                owner = child if child.dep_ == "poss" else next((c for c in child.children if c.dep_ == "pobj"), None)
                entity = _entity_of(owner) if owner is not None else None
                if entity is not None and entity.label_ in _DOCUMENT_OWNERS:
                    return entity
                if entity is None and owner is not None and owner.pos_ == "PROPN" and document:
                    return doc[owner.left_edge.i : owner.i + 1]  # "Lune Weekly's analysis": an owner NER missed
    return None


def _owned_by_a_name(token: Token) -> Span | None:
    """A common noun a named person or organisation owns ("President Ana Ruiz's office"), as that phrase."""
    if token.pos_ != "NOUN":
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    entity = _entity_of(owner) if owner is not None else None
    if entity is None or entity.label_ not in {"PERSON", "ORG"}:
        return None
    return token.doc[entity.start : token.i + 1]


def _entity_mention(entity: Span, paragraph: ParsedParagraph) -> Mention:
    if entity.label_ == "PERSON":
        while len(entity) > 1 and entity[0].text in TITLE_WORDS:
            entity = entity[1:]  # "Councillor Ana Ruiz" → "Ana Ruiz" (the title is a role)
    start, end = paragraph.char_span(entity.start_char, entity.end_char)
    text = entity.text
    for suffix in ("’s", "'s"):
        if text.endswith(suffix):
            text, end = text[: -len(suffix)], end - len(suffix)
    return Mention(text, start, end, _ENTITY_KINDS.get(entity.label_, "group"), plural=entity.label_ == "NORP")


def _entity_of(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity
    return None
