"""Mentions: the noun phrase a source word stands for, and the named speaker inside it.

The parse gives a head word ("spokesman", "statement", "he"); the mention is what the article credits: its named
entity, a name inside the phrase ("the port's lawyer, Mia Kovac", "a statement issued by the Trust", "Lune Weekly's
analysis"), a pronoun, or the noun phrase as written ("researchers at the institute").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from claimex.service.pipeline.lexicon import PERCEIVING_OR_OBTAINING, load_lexicon
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.phrase_names import (
    DOCUMENT_OWNERS,
    appositive_person,
    entity_of,
    given_name_before,
    may_name_a_person,
    named_noun_phrase,
    names_a_person_by_title,
    owned_by_a_name,
    person_after_title_complement,
    titled_name,
    titled_person_after,
    untagged_name,
)
from claimex.service.pipeline.polls import is_share
from claimex.service.pipeline.speakers import TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MentionKind = Literal["person", "organisation", "group", "pronoun", "share"]
ENTITY_KINDS: dict[str, MentionKind] = {"PERSON": "person", "ORG": "organisation", "NORP": "group", "GPE": "group"}
_NP_LEFT_DEPS = frozenset({"det", "compound", "amod", "nummod", "nmod", "poss", "case"})
_MAX_MENTION_TOKENS = 8
_NOT_SPEAKERS = frozenset({"DATE", "TIME", "ORDINAL", "MONEY", "QUANTITY"})


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
    antecedent: Mention | None = None  # "Inspectors shut the quay, they said": a pronoun's likely referent


def mention_of(token: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The mention a head word stands for: its named entity, a pronoun, or its noun phrase."""
    if is_share(token) and token.dep_ in {"nsubj", "nsubjpass"}:  # "54 percent said": a poll's finding
        span = token.doc[token.left_edge.i : token.right_edge.i + 1]
        start, end = paragraph.char_span(span.start_char, span.end_char)
        return Mention(span.text, start, end, "share")
    quantified = _quantified_group(token, paragraph)
    if quantified is not None:
        return quantified  # "many in the council", "several of the divers": a group named by how many of it
    if token.pos_ == "PRON" and not (token.text.isupper() and len(token.text) > 1):  # "WHO" is an organisation
        start, end = paragraph.char_span(token.idx, token.idx + len(token.text))
        return Mention(token.text, start, end, "pronoun", plural=token.lower_ in {"they", "them", "we"})
    person = given_name_before(token)
    if person is not None:  # "Lydia Holt for the Food Agency" (tagged one organisation), "Ana Ruiz of the Institute"
        start, end = paragraph.char_span(person.start_char, person.end_char)
        return Mention(person.text, start, end, "person")
    entity = entity_of(token)
    if entity is not None and entity.label_ in {"ORG", "NORP"} and names_a_person_by_title(token):
        entity = appositive_person(token) or entity  # "Lune's Harbour Commissioner, Mia Kovac,": the person
    elif entity is not None and entity.label_ == "ORG":
        entity = titled_person_after(entity, token) or entity  # "Lune Harbour Trust president Ana Ruiz said"
    if entity is not None and entity.label_ in ENTITY_KINDS:
        commas = [t.i for t in entity if t.text == "," and t.i < token.i]
        if commas:  # "Harbour Hour, Varga" tagged as one name: the subject is the part after the comma
            entity = type(entity)(token.doc, commas[-1] + 1, entity.end, label=entity.label_)
        return entity_mention(entity, paragraph)
    if token.pos_ not in {"NOUN", "PROPN", "PRON"} or token.ent_type_ in _NOT_SPEAKERS:
        return None  # "her post on Friday, which said …": a day or an amount says nothing
    titled = titled_name(token)
    if titled is not None:  # "Regional Minister for Fisheries Matteo Ferrandi", a name the tagger missed
        start, end = paragraph.char_span(titled.start_char, titled.end_char)
        return Mention(titled.text, start, end, "person")
    named = _named_within(token)
    if named is not None:
        mention = entity_mention(named, paragraph)
        if token.pos_ == "NOUN" and load_lexicon().names_a_document(token.lemma_):
            return replace(mention, describes=token.lemma_.casefold())
        return mention
    if token.pos_ == "NOUN" and load_lexicon().noun_kinds.get(token.lemma_.casefold()) == "other":
        return None  # "photos showed", "the damage suggests": things that cannot report (WordNet)
    left = [t for t in token.lefts if t.dep_ in _NP_LEFT_DEPS]
    first = min([token.i, *[min(t.i for t in c.subtree) for c in left]])
    last = token.i
    for child in token.rights:  # "researchers at the institute", "a source close to the team"
        if any(t.ent_type_ in {"DATE", "TIME"} for t in child.children):
            break  # "the mayor on Friday stated": when, not who
        if child.dep_ in {"prep", "amod"} and child.i == last + 1:
            last = max(t.i for t in child.subtree)
    if last - first + 1 > _MAX_MENTION_TOKENS:
        first, last = token.i, token.i
    definite = token.doc[first].lower_ == "the"
    while first < token.i and token.doc[first].lower_ in {"the", "a", "an"}:
        first += 1  # "the researchers" → "researchers" (groups are written without their article)
    if token.doc[first].is_quote and sum(t.is_quote for t in token.doc[first : last + 1]) % 2:
        first += 1  # 'a "harbour official"': the mark opens a quotation around the words, not part of a name
    span = token.doc[first : last + 1]
    start, end = paragraph.char_span(span.start_char, span.end_char)
    text = span.text
    kind: MentionKind = "person" if token.ent_type_ == "PERSON" else "group"
    words = text.split()
    if token.pos_ == "PROPN" and len(words) > 1 and words[0] in TITLE_WORDS and all(w[:1].isupper() for w in words):
        kind = "person"  # "Mayor Ana Ruiz": a title before a proper name marks a person, even unseen by NER
    elif token.pos_ == "PROPN" and len(words) == 1 and text[:1].isupper():
        kind = "organisation"  # "Eurostat said": a lone proper noun the tagger did not name keeps its capital
    return Mention(text, start, end, kind, plural=token.tag_ in {"NNS", "NNPS"}, definite=definite)


def _person_named_after_its_place(token: Token) -> Span | None:
    """The person the parser hung on the place of a title, after its comma ("the mayor of Lune, Ana Ruiz,")."""
    if not (may_name_a_person(token) or token.text in TITLE_WORDS):
        return None
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    place = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    named = next((c for c in place.children if c.dep_ == "appos"), None) if place is not None else None
    entity = entity_of(named) if named is not None else None
    if entity is None or entity.label_ != "PERSON" or token.doc[entity.start - 1].text != ",":
        return None
    return entity


def _author_by(token: Token) -> Span | None:
    """The named author of what a noun names ("a blog entry by Ana Ruiz", "a study by the Lune Institute")."""
    if token.pos_ != "NOUN":
        return None
    by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    author = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    entity = entity_of(author) if author is not None else None
    return entity if entity is not None and entity.label_ in {"PERSON", "ORG"} else None


# WordNet 3.0: name.n.01 and the hyponyms of it that name a person (pseudonym, alias, nickname).
_NAME_NOUNS = frozenset({"name", "pseudonym", "alias", "nickname"})


def _named_as(token: Token) -> Span | None:
    """The name a person is given in the phrase ("a fisherman named Tomas Varga", "a nurse using the alias Mara")."""
    if not may_name_a_person(token):
        return None
    for child in token.children:
        verb = child.lemma_.casefold()
        if child.dep_ != "acl" or verb not in {"name", "call", "use"}:
            continue
        names = [c for c in child.children if c.dep_ in {"oprd", "dobj", "attr"}]
        if verb == "use":  # "using the pseudonym Mara" (the name in apposition) or "using the alias Mara"
            names = [
                c
                for n in names
                for c in (n, *n.children)
                if (c.dep_ == "appos" and n.lower_ in _NAME_NOUNS)
                or (c.i == n.i and any(w.dep_ == "compound" and w.lower_ in _NAME_NOUNS for w in n.children))
            ]
        for name in names:
            entity = entity_of(name)
            span = entity or untagged_name(name) or (name.doc[name.i : name.i + 1] if name.pos_ == "PROPN" else None)
            if span is not None and span.text[:1].isupper():
                span = name.doc[span.start : span.end]  # whatever the tagger called it, the phrase says a person
                span.label_ = "PERSON"
                return span
    return None


def _named_within(token: Token) -> Span | None:
    """A named speaker inside a noun phrase headed by a common noun.

    "the port's lawyer, Mia Kovac" (appositive), "Harbour Commissioner Tomas Varga" (name after a title),
    "Lune Weekly's analysis" (the owner of a document), "the results of the Harbour Safety Study" (what a document is of).
    """
    after_complement = person_after_title_complement(token)
    if after_complement is not None:
        return after_complement
    for child in token.children:
        if child.dep_ == "appos":
            entity = entity_of(child)
            if entity is not None and entity.label_ in {"PERSON", "ORG"}:
                return entity
            name = untagged_name(child)
            if entity is None and name is not None and may_name_a_person(token):
                name.label_ = "PERSON"
                return name  # "the port's director, Mia Kovac,": a name the tagger missed
    named_after = _person_named_after_its_place(token) or _author_by(token) or _named_as(token)
    if named_after is not None:
        return named_after
    if token.dep_ == "appos":  # "Peter Lindqvist, a bridge safety expert …, who said": the expert is Lindqvist
        entity = entity_of(token.head)
        if entity is not None and entity.label_ in {"PERSON", "ORG"}:
            return entity
    kind = load_lexicon().noun_kinds.get(token.lemma_.casefold())
    speaks_for_itself = token.pos_ == "NOUN" and kind in {"person", "group"}
    for child in token.lefts:
        if child.dep_ == "poss" and speaks_for_itself:
            continue  # "Ana Ruiz's staff told reporters": the staff speak, not Ruiz
        entity = entity_of(child)
        if entity is not None and entity.label_ == "PERSON":
            return entity
    doc = token.doc
    if token.i + 2 < len(doc) and doc[token.i + 1].text == ",":
        entity = entity_of(doc[token.i + 2])  # "the port's director, Mia Kovac," parsed without the appositive
        # closed by punctuation: in "According to two sources, Kovac left" the name begins the next clause
        closed = entity is not None and (entity.end == len(doc) or doc[entity.end].is_punct)
        if entity is not None and entity.label_ == "PERSON" and entity.start == token.i + 2 and closed:
            return entity
    if token.pos_ == "NOUN":
        lexicon = load_lexicon()
        document = lexicon.names_a_document(token.lemma_)
        for child in () if speaks_for_itself else token.children:
            # "figures reported by the Trust"; for a document, any maker: "a statement issued by the ministry".
            # Not "a skipper interviewed by Lune Radio": a person speaks for themselves, the interviewer is an outlet.
            # Not "a letter seen by X": who saw or obtained a document did not make it.
            verb = child.lemma_.casefold()
            reports = child.dep_ == "acl" and (document or verb in lexicon.verbs) and verb not in PERCEIVING_OR_OBTAINING
            agent = next((c for c in child.children if c.dep_ == "agent"), None) if reports else None
            by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            entity = entity_of(by) if by is not None else None
            if entity is not None and entity.label_ in {"PERSON", "ORG"}:
                return entity  # "figures reported by the Trust": the Trust is the source
            owned = owned_by_a_name(by) if by is not None and entity is None else None
            if owned is not None:
                return owned  # "a statement issued by the President's office": the office is the maker
            if document and by is not None and by.pos_ == "NOUN":
                # "notes written by his crew", "minutes kept by the harbour trustees": the authors
                return doc[by.left_edge.i : by.i + 1]
        # "the ministry's spokesman", "the mayor's staff"; for a document also its source: "a report from the Trust"
        owning = {"of", "from"} if document else {"of"}
        for child in () if speaks_for_itself else token.children:
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in owning):
                owner = child if child.dep_ == "poss" else next((c for c in child.children if c.dep_ == "pobj"), None)
                entity = entity_of(owner) if owner is not None else None
                # "from" names a sender, not a place a report comes from ("militant groups from Nordvik")
                owners = DOCUMENT_OWNERS if child.lower_ != "from" else {"PERSON", "ORG"}
                if entity is not None and entity.label_ in owners:
                    return entity
                if entity is None and owner is not None and owner.pos_ == "PROPN" and document:
                    return doc[owner.left_edge.i : owner.i + 1]  # "Lune Weekly's analysis": an owner NER missed
                if entity is None and owner is not None and document:
                    named = named_noun_phrase(owner)
                    if named is not None:
                        return named  # "a report from the Nordvik government", "results of HSB studies"
    return None


# English quantifier pronouns (a closed class of the grammar, not a fitted list): as a subject they name a group.
_QUANTIFIERS = frozenset({"many", "some", "several", "most", "few", "both", "all"})


def _quantified_group(token: Token, paragraph: ParsedParagraph) -> Mention | None:
    """A quantifier standing as the subject ("many said", "some in the union say"), with its "in"/"of" phrase.

    A number counts as one ("one of the divers said", "two of the crew say"), and so does an ordinal after "a"
    ("a second said"): one more of people the article just counted.
    """
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    lefts = list(token.lefts)
    if token.ent_type_ == "ORDINAL" and [t.lower_ for t in lefts] == ["a"]:
        start, end = paragraph.char_span(lefts[0].idx, token.idx + len(token.text))
        return Mention(f"a {token.text}", start, end, "group")
    if token.lower_ not in _QUANTIFIERS and token.tag_ != "CD":
        return None
    last = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in {"in", "of", "among", "at", "within"} and child.i == last + 1:
            last = max(t.i for t in child.subtree)
    if last == token.i or last - token.i + 1 > _MAX_MENTION_TOKENS:
        return None  # a bare "many" or "both" stands for people named before, not a group of its own
    span = token.doc[token.i : last + 1]
    if any(t.tag_ in {"WDT", "WP"} for t in span):
        return None  # "one of which reported": the relative pronoun's antecedent is the source
    start, end = paragraph.char_span(span.start_char, span.end_char)
    text = span.text[:1].lower() + span.text[1:]
    return Mention(text, start, end, "group", plural=token.lower_ != "one")


def entity_mention(entity: Span, paragraph: ParsedParagraph) -> Mention:
    """A named entity as a mention: a person without the title before the name, any owner's "'s" left out."""
    if entity.label_ == "PERSON":
        while len(entity) > 1 and entity[0].text in TITLE_WORDS:
            entity = entity[1:]  # "Councillor Ana Ruiz" → "Ana Ruiz" (the title is a role)
    start, end = paragraph.char_span(entity.start_char, entity.end_char)
    text = entity.text
    for suffix in ("’s", "'s"):
        if text.endswith(suffix):
            text, end = text[: -len(suffix)], end - len(suffix)
    return Mention(text, start, end, ENTITY_KINDS.get(entity.label_, "group"), plural=entity.label_ == "NORP")
