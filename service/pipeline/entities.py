"""Named entities that can speak, and the roles the parse gives people ("pathologist Ana Ruiz", "Ana Ruiz, mayor of X")."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.phrase_names import entity_of, titled_name

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SPEAKING_ENTITY_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def entities_by_kind(paragraphs: list[ParsedParagraph]) -> list[tuple[str, int, str, bool]]:
    """Named entities that can speak (people, organisations, groups), in order.

    Returns:
        (text, article offset, label, main subject) per entity; "main subject" marks the subject of its
        sentence's main verb, the likeliest antecedent of a later pronoun.

    """
    found: list[tuple[str, int, str, bool]] = []
    for paragraph in paragraphs:
        # A capitalised subject the tagger did not name ("Varga requested …", even tagged a verb) is listed too
        # (label PROPN): the resolver takes it for the person whose name it is, if any.
        for sentence in paragraph.doc.sents:
            subject = _first_subject(sentence)
            if (
                subject is not None
                and subject.text[:1].isupper()
                and subject.pos_ not in {"PRON", "DET"}
                and not subject.ent_type_
            ):
                titled = titled_name(subject)  # "Minister Matteo Ferrandi said": a person the tagger missed
                if titled is not None:
                    found.append((titled.text, paragraph.offset + titled.start_char, "PERSON", True))
                else:
                    found.append((subject.text, paragraph.offset + subject.idx, "PROPN", True))
        for entity in paragraph.doc.ents:
            if entity.label_ in SPEAKING_ENTITY_LABELS:
                root = entity.root
                # "A of X, B of Y, and C each asked": names joined to names are a list, no one person's subject
                listed = (root.dep_ in _LISTING and root.head.ent_type_ == "PERSON") or any(
                    c.dep_ in _LISTING and c.ent_type_ == "PERSON" for c in root.children
                )
                if root.dep_ == "appos":  # "the Trust's chief, Ana Ruiz, said": the name stands for the subject
                    root = root.head
                # The main verb's subject, or the sentence's first subject (the parse may hang the opening clause
                # on a later one: "X based his view on Y: he did Z").
                main_subject = (
                    not listed
                    and root.dep_ in {"nsubj", "nsubjpass"}
                    and (root.head.dep_ == "ROOT" or root == _first_subject(root.sent))
                )
                found.append((entity.text, paragraph.offset + entity.start_char, entity.label_, main_subject))
    return sorted(found, key=lambda e: e[1])


_LISTING = frozenset({"appos", "conj"})


def _first_subject(sentence: Span) -> Token | None:
    return next((t for t in sentence if t.dep_ in {"nsubj", "nsubjpass"}), None)


_ROLE_LEFT_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
_HONORIFICS = frozenset({"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "prof", "prof."})
_MAX_ROLE_TOKENS = 14


def person_roles(
    paragraphs: list[ParsedParagraph], is_person_noun: Callable[[str], bool] = lambda _: False
) -> list[tuple[str, str]]:
    """Roles the parse gives people, in article order: (name as written, role as written).

    A title before the name in the same noun phrase ("pathologist Ana Ruiz", "Harbour Commissioner Tomas
    Varga"), an appositive after it ("Mia Kovac, mother of one of the divers,"), or the noun the name is an
    appositive of ("the port's lawyer, Mia Kovac,"), also when the parser missed that apposition and the noun
    names a person (``is_person_noun`` of its lemma).
    """
    found: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        for entity in paragraph.doc.ents:
            if entity.label_ == "PERSON":
                role = _role_of_entity(entity) or _role_between_commas(entity, is_person_noun)
                if role:
                    found.append((entity.text, role))
    return found


def _role_between_commas(entity: Span, is_person_noun: Callable[[str], bool]) -> str | None:
    """A definite person noun right before a name set off by commas ("the harbour's mayor, Ana Ruiz, …")."""
    doc = entity.doc
    if entity.start < 2 or entity.end >= len(doc) or doc[entity.start - 1].text != "," or doc[entity.end].text != ",":
        return None
    noun = doc[entity.start - 2]
    phrase = doc[noun.left_edge.i : noun.i + 1]
    definite = phrase[0].lower_ == "the" or any(t.tag_ == "POS" for t in phrase)
    if noun.tag_ != "NN" or not definite or not is_person_noun(noun.lemma_.casefold()):
        return None
    return _role_text(phrase)


def _role_of_entity(entity: Span) -> str | None:
    root, doc = entity.root, entity.doc
    # An appositive after the name says more than a title before it ("Professor Ana Ruiz, director of X").
    for child in root.rights:
        if child.dep_ == "appos":
            subtree = list(child.subtree)
            role = _role_text(doc[subtree[0].i : subtree[-1].i + 1])
            if role:
                return role
    left = [t for t in root.lefts if t.i < entity.start and t.dep_ in _ROLE_LEFT_DEPS]
    if left:
        first = min(min(x.i for x in t.subtree) for t in left)
        role = _role_text(doc[first : entity.start])
        if role:
            return role
    if root.dep_ == "appos" and root.head.i < entity.start and root.head.pos_ == "NOUN":
        head = root.head
        return _role_text(doc[min(t.i for t in head.subtree) : head.i + 1])
    return None


def _role_text(span: Span) -> str | None:
    tokens = [t for t in span if not t.is_punct or t.text in {"'s", "’s", "."}]
    while tokens and (tokens[0].lower_ in {"the", "a", "an"} or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in {"."}:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > _MAX_ROLE_TOKENS or all(t.lower_ in _HONORIFICS for t in tokens):
        return None
    if not any(t.pos_ in {"NOUN", "PROPN"} for t in tokens) or any(t.ent_type_ == "PERSON" for t in tokens):
        return None
    text = span.doc.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
    return text.strip(" ,")


def document_makers(
    paragraphs: list[ParsedParagraph], is_document: Callable[[str], bool]
) -> list[tuple[int, str, str]]:
    """Documents a named entity made, in article order: (article offset, document noun, maker as written).

    "Lune City Council adopted a motion", "the ministry released a report": a later "the motion" or
    "the report" that says something is the maker's word.
    """
    found: list[tuple[int, str, str]] = []
    for paragraph in paragraphs:
        doc = paragraph.doc
        for token in doc:
            if token.dep_ != "dobj" or token.pos_ != "NOUN" or not is_document(token.lemma_):
                continue
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
            maker = _named_maker(subject) if subject is not None else None
            if maker is not None:
                found.append((paragraph.offset + token.idx, token.lemma_.casefold(), maker))
    return found


def _named_maker(subject: Token) -> str | None:
    """The subject as a name: the entity around it, or a noun with a proper-noun modifier ("the Lune city council")."""
    doc = subject.doc
    if subject.ent_type_ in {"PERSON", "ORG"}:
        return _entity_around(subject)
    modifiers = [c for c in subject.lefts if c.dep_ == "compound"]
    if subject.pos_ == "NOUN" and any(t.pos_ == "PROPN" for c in modifiers for t in c.subtree):
        return doc[min(t.i for c in modifiers for t in c.subtree) : subject.i + 1].text
    return None


def _entity_around(token: Token) -> str:
    """The text of the named entity a token belongs to (the token alone when it has none)."""
    entity = entity_of(token)
    return entity.text if entity is not None else token.text


def organisation_descriptions(
    paragraphs: list[ParsedParagraph], is_group: Callable[[str], bool]
) -> list[tuple[int, str, str]]:
    """Organisations introduced with a common noun, in article order: (article offset, noun, name as written).

    "budget airline Nordvik Air", "Nordvik Air, the Irish airline,", "the carmaker Lune Motors": a later "the airline" or "the
    carmaker" is that organisation.
    """
    found: list[tuple[int, str, str]] = []
    for paragraph in paragraphs:
        for token in paragraph.doc:
            if token.pos_ == "PROPN" and token.ent_type_ in SPEAKING_ENTITY_LABELS:
                nouns = [c for c in token.children if c.dep_ in {"compound", "appos"} and c.pos_ == "NOUN"]
                name = token
            elif token.pos_ == "NOUN" and any(c.dep_ == "appos" and c.ent_type_ == "ORG" for c in token.children):
                nouns = [token]
                name = next(c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "ORG")
            else:
                continue
            for noun in nouns:
                if is_group(noun.lemma_):
                    found.append((paragraph.offset + token.idx, noun.lemma_.casefold(), _entity_around(name)))
    return found


def by_noun(found: list[tuple[int, str, str]]) -> dict[str, list[tuple[int, str]]]:
    """(offset, noun, name) rows as noun → [(offset, name)] in article order, for bisection."""
    by_noun: dict[str, list[tuple[int, str]]] = {}
    for offset, noun, name in sorted(found):
        by_noun.setdefault(noun, []).append((offset, name))
    return by_noun


def latest_named(named: dict[str, list[tuple[int, str]]], noun: str, before: int) -> str | None:
    """The name last given with this noun before the offset: who made "a resolution", which "airline" was named."""
    given = named.get(noun, [])
    at = bisect_left(given, (before, ""))
    return given[at - 1][1] if at else None


_PAIRED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def coordinated_pairs(
    article: str, entities: list[tuple[str, int, str, bool]], fullest: Callable[[str], str]
) -> list[tuple[int, str]]:
    """Two names of one kind joined by "and", in article order: (offset, "Ana Ruiz and Tomas Varga").

    A later "the pair" or "both nations" stands for them. People are given by their fullest names.
    """
    found: list[tuple[int, str]] = []
    for (first, at, label, _), (second, then, other, _) in zip(entities, entities[1:], strict=False):
        if label != other or label not in _PAIRED_LABELS or article[at + len(first) : then] not in {" and ", ", and "}:
            continue
        names = [fullest(n) if label == "PERSON" else n for n in (first, second)]
        found.append((at, " and ".join(names)))
    return found
