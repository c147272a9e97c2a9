"""Reporting cues that come from structure, not from a word list: a verb that hands over to a quotation.

Whatever its lexicon entry, a verb reports the quotation it introduces ('X tweeted, "…"', 'X continued: "…"'),
the quotation after a document it issues ('issued a statement: "…"'), or the quotation it governs in its own
predicate ('the board called her remarks "unfounded"').
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Token

_QUOTE_OPENERS = frozenset('"“«„')


def hands_over_a_quotation(verb: Token) -> bool:
    """Whether the verb introduces, issues or governs a quotation, and so reports it."""
    return (
        _introduces_quote(verb)
        or _follows_its_quote(verb)
        or _issues_a_quoted_document(verb)
        or _quotes_in_its_predicate(verb)
    )


_VERB_MODIFIERS = frozenset({"prep", "advmod", "npadvmod", "prt"})


def _introduces_quote(verb: Token) -> bool:
    """Whether the verb is followed by a colon or comma and an opening quotation mark ('tweeted, "…').

    Any verb in that position introduces the quotation, whatever the lexicon says: a structural cue. Its own
    modifiers may stand between ('reacted on the radio, "…"').
    """
    doc = verb.doc
    at = verb.i + 1
    for child in (c for c in verb.rights if c.dep_ in _VERB_MODIFIERS):
        if child.left_edge.i != at:
            break
        at = child.right_edge.i + 1
    return at + 1 < len(doc) and doc[at].text in {":", ","} and doc[at + 1].text[:1] in _QUOTE_OPENERS


def _follows_its_quote(verb: Token) -> bool:
    """Whether the verb's clause comes right after the quotation that is its complement ('"…," X continued').

    The quotation closes after a comma (or "!", "?"), or before one, and only the verb's subject stands between the
    closing mark and the verb, or nothing ('"…," continued X'): the news convention for who spoke the quotation.
    """
    doc = verb.doc
    quoted = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if not quoted or subject is None:
        return False
    start = subject.left_edge.i if subject.i < verb.i else verb.i
    if start < 2:
        return False
    before, last = doc[start - 2], doc[start - 1]
    comma_inside = before.text in {",", "!", "?"} and last.tag_ == "''"  # '…," X continued'
    comma_after = before.tag_ == "''" and last.text == ","  # '…", X continued'
    if not (comma_inside or comma_after):
        return False
    return subject.i > verb.i or subject.right_edge.i == verb.i - 1


def _issues_a_quoted_document(verb: Token) -> bool:
    """Whether the verb's object is a document that a quotation follows ('issued a statement: "…"')."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "dobj" and load_lexicon().names_a_document(child.lemma_):
            after = child.i + 1
            if after + 1 < len(doc) and doc[after].text in {":", ","} and doc[after + 1].text[:1] in _QUOTE_OPENERS:
                return True
    return False


def _quotes_in_its_predicate(verb: Token) -> bool:
    """Whether a predicate with a subject holds a quotation after it ('X called the plan "a fraud"').

    The quoted words are the subject's: a sentence's own subject, not the speaker of a nearby quotation.
    """
    has_subject = any(c.dep_ == "nsubj" for c in verb.children)
    if verb.dep_ == "xcomp":  # "tried to brand the ferry "unsafe"": the subject of the verb above
        has_subject = any(c.dep_ == "nsubj" for c in verb.head.children)
    if verb.dep_ not in _PREDICATES or not has_subject:
        return False
    doc = verb.doc
    openers = (t for t in verb.subtree if t.dep_ == "punct" and t.text[:1] in _QUOTE_OPENERS and t.i > verb.i)
    # The verb above the first quoted word, not above the mark: the parser may hang the mark anywhere.
    # A straight closing mark looks like an opener; the word after a real opener is a word, not punctuation.
    return any(t.i + 1 < len(doc) and not doc[t.i + 1].is_punct and _governed(doc[t.i + 1], verb) for t in openers)


def _governed(word: Token, verb: Token) -> bool:
    """Whether the verb governs a quoted word: as its nearest verb, or through its own complement."""
    nearest = _governing_verb(word)
    return nearest.i == verb.i or (nearest.head.i == verb.i and nearest.dep_ in _COMPLEMENTS)


_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr"})  # "reads "no boats …"", misparsed objects
# A main verb, a verb of an adverbial clause ("after Y called it "…"") or one continuing another (xcomp, conj).
_PREDICATES = frozenset({"ROOT", "advcl", "xcomp", "conj"})


def _governing_verb(token: Token) -> Token:
    """The nearest verb at or above a token (the root when there is none)."""
    while token.pos_ not in {"VERB", "AUX"} and token.head.i != token.i:
        token = token.head
    return token
