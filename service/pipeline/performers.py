"""Who performs a reporting verb: the head word of its source, read from the dependency parse.

The verb's subject (the named one when a title before the name parses as a second subject), the agent of a
passive, the one quoted ("X is quoted as stating"), the subject of the verb a conjunct or participle hangs on
("said A and added B", "…, saying …"), the noun a relative clause modifies ("X, who said …"), or the maker of a
document that reports ("X issued a notice that urged …"). ``attribution`` turns the word into a mention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.clauses import RELATIVE_PRONOUNS
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.mentions import ENTITY_KINDS

if TYPE_CHECKING:
    from spacy.tokens import Token

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_INHERIT_SUBJECT_DEPS = frozenset({"conj", "advcl", "xcomp"})
_QUOTING_VERBS = frozenset({"quote", "cite"})  # "cites an official as saying": the official's words


def nobody(subject: Token) -> bool:
    """Whether a subject says that no one acted ("none of them", "nobody", "no official", "neither side")."""
    if subject.lower_ in {"none", "nobody", "neither", "noone"}:
        return True
    return any(c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in subject.children)


def has_own_subject(verb: Token) -> bool:
    """Whether the parse gave the verb a subject of its own."""
    return any(c.dep_ in _SUBJECT_DEPS for c in verb.children)


def _passive_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def source_token(verb: Token, depth: int = 0) -> Token | None:
    """The head word of whoever performs the reporting verb, following conjuncts and participles upwards."""
    if verb.lemma_.casefold() == "quote" and (quoted := _passive_subject(verb)) is not None:
        return quoted  # "X is quoted by the Gazette …": X spoke; the one who quotes is the outlet
    for child in _subjects_first(verb):
        if child.dep_ in _SUBJECT_DEPS:
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return _maker_of(verb.head, depth) or verb.head
            if child.lower_ in {"who", "which"} and (antecedent := _noun_before_a_comma(child)) is not None:
                return antecedent  # "…, the coastguard says, which added …" read as a second main verb
            if (_made_document(child, verb) or _object_of_a_bare_preposition(child, verb)) and depth < 3:
                # "made a remark saying: …" parsed with the comment as the participle's subject: its maker reports
                return source_token(verb.head, depth + 1) or child
            return child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return None  # "he was told", "it is said": the subject is not the source
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as":
        # "X was quoted as stating …", "the paper quotes X as saying …": the one quoted is the source
        quoting = verb.head.head
        quoted = _passive_subject(quoting)
        if quoted is None and quoting.lemma_.casefold() in _QUOTING_VERBS:
            quoted = next((c for c in quoting.children if c.dep_ == "dobj"), None)
        if quoted is not None:
            return quoted
    if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and depth < 3:
        return source_token(verb.head.head, depth + 1)  # "X responded by saying …": X says it
    if verb.dep_ == "relcl":
        return verb.head
    if verb.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        # "As reported by Lune Weekly, …": the medium reports; the main clause's subject is what it reports
        medium = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in {"in", "by"} for g in c.children]
        return next((g for g in medium if g.dep_ == "pobj"), None)
    if verb.dep_ in _INHERIT_SUBJECT_DEPS and depth < 3 and verb.head is not verb:
        return source_token(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.head.dep_ in {"dobj", "pobj"} and depth < 3:
        # "X issued a notice saying …", "made a remark saying …": the notice's maker reports
        owner = verb.head.head if verb.head.dep_ == "dobj" else verb.head.head.head
        if owner.pos_ in {"VERB", "AUX"}:
            return source_token(owner, depth + 1)
    return None


def _noun_before_a_comma(pronoun: Token) -> Token | None:
    """The noun a relative pronoun the parse left unattached refers to: the one just before its comma."""
    doc = pronoun.doc
    if pronoun.i < 2 or doc[pronoun.i - 1].text != ",":
        return None
    noun = doc[pronoun.i - 2]
    # not inside an appositive ("Mia Kovac, an engineer at the Lune Harbour Trust, who said"): which noun is meant
    # is unclear
    within_appositive = any(t.dep_ == "appos" for t in (noun, *noun.ancestors))
    return noun if noun.pos_ in {"NOUN", "PROPN"} and not within_appositive else None


def _subjects_first(verb: Token) -> list[Token]:
    """The verb's children, its person-named subject first when the parse gave it two subjects.

    A long title before a name without a comma ("Chief Engineer at the Port Authority Tomas Varga warned") is parsed as two
    subjects; the name next to the verb is the one who speaks, the title is a role.
    """
    children = list(verb.children)
    subjects = [c for c in children if c.dep_ in _SUBJECT_DEPS]
    if len(subjects) < 2:
        return children
    named = [c for c in subjects if c.ent_type_ == "PERSON"]
    first = named[-1] if named else subjects[-1]
    return [first, *(c for c in children if c is not first)]


def _maker_of(document: Token, depth: int) -> Token | None:
    """Who made a document that is the object of their verb, when named ("X issued a notice that urged …")."""
    if document.dep_ != "dobj" or document.pos_ != "NOUN" or not load_lexicon().names_a_document(document.lemma_):
        return None
    verb = document.head
    maker = source_token(verb, depth + 1) if verb.pos_ in {"VERB", "AUX"} and depth < 3 else None
    return maker if maker is not None and _is_named(maker) else None  # "the court heard a report that …": no maker


def _is_named(token: Token) -> bool:
    """A person or organisation by name, or a noun a name owns or modifies ("China's ministry", "the Lune council")."""
    if token.ent_type_ in {"PERSON", "ORG"}:
        return True
    return token.pos_ == "NOUN" and any(
        c.dep_ in {"poss", "compound"} and (c.ent_type_ in ENTITY_KINDS or c.pos_ == "PROPN") for c in token.children
    )


def _made_document(subject: Token, verb: Token) -> bool:
    """A document noun as the subject of a participle that complements another verb ("made a remark saying")."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ in {"ccomp", "xcomp", "advcl"}
        and verb.head.pos_ == "VERB"
        and subject.pos_ == "NOUN"
        and load_lexicon().names_a_document(subject.lemma_)
    )


def _object_of_a_bare_preposition(subject: Token, verb: Token) -> bool:
    """A participle's "subject" that is really the object of the preposition before it ("linked X to Y saying …").

    The parse gave the preposition no object and made its noun the subject of the participle that follows.
    """
    if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "xcomp"} or subject.left_edge.i == 0:
        return False
    before = subject.doc[subject.left_edge.i - 1]
    return before.pos_ == "ADP" and not any(c.dep_ in {"pobj", "pcomp"} for c in before.children)
