"""Names inside a phrase's parse: the entity a word belongs to, a name after a title, one the tagger missed.

``mentions`` turns a source word into the mention an article credits; these are the parse readings it uses to
find a name within a noun phrase ("Harbour Commissioner Tomas Varga", "Ana Ruiz of the Lune Institute", "the
port's lawyer, Mia Kovac", "President Ana Ruiz's office").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.speakers import TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_NAME_WORD = re.compile(r"[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*")  # one capitalised word, hyphens joining parts
# Entities that can own or name a document: "Lune Weekly's analysis", "the results of the Harbour Safety Study".
DOCUMENT_OWNERS = frozenset({"PERSON", "ORG", "NORP", "GPE", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC"})


def names_a_person_by_title(token: Token) -> bool:
    """Whether a word names a person by what they are ("Commissioner", "advisor"): WordNet's kind of its noun."""
    return load_lexicon().noun_kinds.get(token.lemma_.casefold()) == "person"


def appositive_person(token: Token) -> Span | None:
    """The person named in apposition to a word ("the Harbour Commissioner, Mia Kovac,"), or None."""
    appositive = next((c for c in token.children if c.dep_ == "appos"), None)
    entity = entity_of(appositive) if appositive is not None else None
    return entity if entity is not None and entity.label_ == "PERSON" else None


def person_after_title_complement(token: Token) -> Span | None:
    """The person named at the end of a title's complement: "the mayor of Lune, Ana Ruiz," → Ana Ruiz.

    The parser often hangs that name on the complement's last noun (Lune, "the Regional Assembly") rather
    than on the title. Only a person noun with a prepositional complement, and only a person entity set off by a
    comma that closes the title's phrase.
    """
    if not names_a_person_by_title(token):
        return None
    doc = token.doc
    for prep in (c for c in token.rights if c.dep_ == "prep"):
        for word in prep.subtree:
            entity = entity_of(word) if word.dep_ == "appos" and doc[word.left_edge.i - 1].text == "," else None
            if entity is not None and entity.label_ == "PERSON" and entity.end - 1 >= prep.right_edge.i:
                return entity
    return None


def titled_person_after(organisation: Span, token: Token) -> Span | None:
    """A person the parser hung on an organisation's name: "Lune Harbour Trust president Ana Ruiz" → Ana Ruiz.

    Only a person entity in apposition to the word, right after the organisation's name with nothing but words
    naming a person (WordNet's kind: "president", "chief executive") between them.
    """
    person = appositive_person(token)
    if person is None or person.start <= organisation.end:
        return None
    between = token.doc[organisation.end : person.start]
    return person if all(names_a_person_by_title(t) or t.dep_ == "amod" for t in between) else None


def titled_name(token: Token) -> Span | None:
    """The proper name after a title that heads no entity ("Minister for Defence Matteo Ferrandi" → the name)."""
    if token.pos_ != "PROPN" or token.ent_type_:
        return None
    titles = [c for c in token.lefts if c.dep_ in {"nmod", "compound"} and c.text in TITLE_WORDS]
    if not titles:
        return None
    name = token.doc[max(t.right_edge.i for t in titles) + 1 : token.i + 1]
    if len(name) < 2 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
        return None
    return name


def given_name_before(token: Token) -> Span | None:
    """A person's name that a prepositional phrase follows ("Ana Ruiz of the Lune Institute"), as the name alone.

    Only a name of two to four capitalised words whose first is a given name (the census lists of
    ``given_names.tsv``) and that the tagger did not already take as a person on its own.
    """
    if token.pos_ != "PROPN" or not any(c.dep_ == "prep" and c.i > token.i for c in token.children):
        return None
    if token.ent_type_ == "PERSON" and (entity := entity_of(token)) is not None and entity.end == token.i + 1:
        return None
    name = untagged_name(token)
    if name is None or name[0].lower_ not in load_lexicon().given_names:
        return None
    return name


def untagged_name(token: Token) -> Span | None:
    """A proper name of two to four capitalised words headed by ``token`` ("Mia Kovac", "Park Ji-won"), or None.

    A hyphenated word counts as one ("Ji-won"): the tokenizer splits it and may tag its last part a noun.
    """
    if token.pos_ not in {"PROPN", "NOUN"}:
        return None
    span = token.doc[token.left_edge.i : token.i + 1]
    words = span.text.split()
    if not 2 <= len(words) <= 4 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return None
    return span


def may_name_a_person(token: Token) -> bool:
    """Whether a common noun names a person (WordNet's kind, as "director" does) or is one WordNet's list lacks."""
    return token.pos_ == "NOUN" and load_lexicon().noun_kinds.get(token.lemma_.casefold()) in {"person", None}


def named_noun_phrase(token: Token) -> Span | None:
    """A common noun that a name modifies ("the Nordvik government", "HSB studies"), as that phrase.

    Only a noun that can make a claim (a group or a document, by its WordNet kind) and only when a name stands
    directly before it.
    """
    if token.pos_ != "NOUN" or load_lexicon().noun_kinds.get(token.lemma_.casefold()) == "other":
        return None
    modifiers = [c for c in token.lefts if c.dep_ in {"compound", "amod", "nmod"}]
    if not modifiers or not any(c.ent_type_ in DOCUMENT_OWNERS or c.pos_ == "PROPN" for c in modifiers):
        return None
    return token.doc[min(c.left_edge.i for c in modifiers) : token.i + 1]


def owned_by_a_name(token: Token) -> Span | None:
    """A common noun a named person or organisation owns ("President Ana Ruiz's office"), as that phrase."""
    if token.pos_ != "NOUN":
        return None
    owner = next((c for c in token.children if c.dep_ == "poss"), None)
    entity = entity_of(owner) if owner is not None else None
    if entity is None or entity.label_ not in {"PERSON", "ORG"}:
        return None
    return token.doc[entity.start : token.i + 1]


def _joined_by_hyphen(doc: Doc, at: int) -> bool:
    """Whether ``doc[at]`` is a hyphen written straight between the word before it and a word after it."""
    return doc[at].text == "-" and not doc[at - 1].whitespace_ and not doc[at].whitespace_ and doc[at + 1].is_alpha


def entity_of(token: Token) -> Span | None:
    """The named entity a token belongs to, if any, found by walking its IOB tags (linear in the entity's length)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    while token.ent_type_ == "PERSON" and end + 1 < len(doc) and _joined_by_hyphen(doc, end):
        end += 2  # "Park Sang-woo" tagged only up to the hyphen: the name goes on
    entity = doc[start:end]
    entity.label_ = token.ent_type_
    return entity
