"""Parse repairs of coordination: two reports joined by "and" that the small English model reads as one.

Called from ``parse_repairs.repaired``, after the repairs of names and of single reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon

if TYPE_CHECKING:
    from collections.abc import Iterator

    from spacy.tokens import Doc, Token

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_TENSED = frozenset({"VBD", "VBZ", "VBP"})


def verbs_of_saying(doc: Doc) -> Iterator[Token]:
    """The verbs of a parse that the lexicon lists as verbs of saying."""
    verbs = load_lexicon().verbs
    return (token for token in doc if token.pos_ == "VERB" and token.lemma_.casefold() in verbs)


def subjects_taken_for_conjuncts(doc: Doc) -> Doc:
    """Make the noun before a subjectless verb of saying, read as the last item of a list, that verb's subject.

    In "… wants to close the pier and engineers now say …" the parser may take "engineers" for a second object
    ("the pier and engineers") and leave "say" with no subject. A verb of saying (the lexicon's) with no subject,
    right after a noun (or a noun and an adverb) that the parser coordinated after "and" or "but", has that noun
    as its subject.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such nouns made subjects.

    """
    for token in verbs_of_saying(doc):
        if token.dep_ not in {"conj", "ccomp"} or any(c.dep_ in _SUBJECTS for c in token.children):
            continue
        before = token.i - 1
        while before > 0 and doc[before].pos_ == "ADV":
            before -= 1
        noun = doc[before]
        if noun.dep_ != "conj" or noun.pos_ not in {"NOUN", "PROPN"} or noun.head.i >= noun.i:
            continue
        joiner = doc[noun.left_edge.i - 1] if noun.left_edge.i > 0 else None
        if joiner is not None and joiner.dep_ == "cc" and joiner.lower_ in {"and", "but"}:
            noun.head, noun.dep_ = token, "nsubj"
    return doc


def reports_taken_for_conjoined_clauses(doc: Doc) -> Doc:
    """Make a second report, read as a conjunct inside the first report's clause, the first report's conjunct.

    In "Ana Ruiz said that the harbour needed new cables, and promised to act." the parser may join "promised"
    to "needed", the head of the reported clause, so the clause runs to the end of the sentence and the second report
    is lost in it. A verb of saying (the lexicon's) with no subject of its own, after a comma and "and", joined to
    the head of a report's complement and in the tense of that report, is the report's conjunct: it shares the
    report's subject, not the clause's.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such verbs re-attached to their report.

    """
    for token in list(verbs_of_saying(doc)):
        clause = token.head
        report = clause.head
        if token.dep_ != "conj" or clause.dep_ != "ccomp" or report.lemma_.casefold() not in load_lexicon().verbs:
            continue
        if token.tag_ not in _TENSED or token.tag_ != report.tag_ or any(c.dep_ in _SUBJECTS for c in token.children):
            continue
        joiner = doc[token.i - 2 : token.i] if token.i >= 2 else doc[0:0]
        if [t.text for t in joiner] != [",", "and"] or any(t.head != clause for t in joiner):
            continue
        for word in [*joiner, token]:
            word.head = report
    return doc
