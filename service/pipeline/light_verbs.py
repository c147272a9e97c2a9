"""Light verbs that report: "made (it) clear that …" states its clause as "stated that …" would.

The adjective carries the meaning and the parser hangs the "that" clause on it, so a repair
(``clauses_made_plain``, run by ``parse_repairs.repaired``) gives the clause back to the verb, and the attribution
stage treats the verb as a certain report (``makes_plain``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LIGHT_VERB = "make"  # the only cue a frame gets through ``makes_plain``
# Only these three adjectives, whose sense with "make" is to inform ("made clear", "made plain", "made known").
_MADE_PLAIN = frozenset({"clear", "plain", "known"})
_HAS_SUBJECT = frozenset({"nsubj", "nsubjpass", "expl"})


def makes_plain(verb: Token) -> bool:
    """Whether the verb is "make" with "clear", "plain" or "known" and a finite "that" clause of either's."""
    adjective = _adjective_of(verb)
    return adjective is not None and any(
        c.dep_ in {"advcl", "ccomp"} and _marked(c) for c in (*adjective.children, *verb.children)
    )


def clauses_made_plain(doc: Doc) -> Doc:
    """Make the "that" clause of "made (it) clear that …" the complement of "made", as "stated that …" has it.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such clauses re-attached to their verb.

    """
    for verb in doc:
        adjective = _adjective_of(verb)
        if adjective is None:
            continue
        for clause in [c for c in adjective.children if c.dep_ in {"advcl", "ccomp"} and _marked(c)]:
            clause.head, clause.dep_ = verb, "ccomp"
            adjective.dep_ = "oprd"  # what "made" makes the clause: it is no clause of its own
    return doc


def _adjective_of(verb: Token) -> Token | None:
    if verb.lemma_.casefold() != LIGHT_VERB:
        return None
    return next((c for c in verb.children if c.lower_ in _MADE_PLAIN and c.pos_ == "ADJ"), None)


def _marked(clause: Token) -> bool:
    """A finite clause opened by "that", with its own subject."""
    opened = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    return opened and any(c.dep_ in _HAS_SUBJECT for c in clause.children)
