"""The clause a reporting verb reports, and its parts when "and"/"but" joins finite clauses.

The rules copy such a clause as the claim ("said the cables were worn" → "The cables were worn."), so it must be
a finite clause with its own subject; anything else (an object, "described X as Y", an infinitive) needs a reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.outlet_names import is_news_medium
from claimex.service.pipeline.parse import ParsedParagraph

if TYPE_CHECKING:
    from spacy.tokens import Token

RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


def finite_complement(verb: Token, paragraph: ParsedParagraph) -> tuple[int, int] | None:
    """Article offsets of the verb's reported clause when it is a finite clause with its own subject.

    "said (that) the cables were worn" → "the cables were worn"; a leading "that" is left out. None for any
    other complement (an object, "described X as Y", an infinitive), which needs a reader to restate.
    """
    if verb.dep_ != "ROOT" and not (
        verb.dep_ in {"advcl", "conj"} and verb.i > 0 and verb.nbor(-1).lower_ in {",", "and"}
    ):
        return None  # a report inside another clause's words ("held X responsible; he stated …") needs a reader
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in clause.children):
        return None
    first = clause.left_edge
    if first.dep_ == "mark" and first.lower_ == "that":
        first = first.nbor()
    last = clause.right_edge
    return paragraph.char_span(first.idx, last.idx + len(last.text))


_CLAUSE_JOINERS = frozenset({"and", "but", "yet"})
_HAS_SUBJECT = frozenset({"nsubj", "nsubjpass", "expl"})


def coordinated_clauses(verb: Token, paragraph: ParsedParagraph) -> tuple[tuple[int, int], ...]:
    """The verb's reported clause split where "and"/"but" joins another finite clause with its own subject.

    "said the pier was closed and the ferries had stopped" reports two propositions, each checkable alone.
    Empty when the reported clause is not finite or joins nothing.
    """
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or not any(c.dep_ in _HAS_SUBJECT for c in clause.children):
        return ()
    joined = [c for c in clause.children if _joins_a_clause(c, clause)]
    # The small parser often hangs "… that A and B" on the reporting verb: B is still reported when it is no
    # report of its own and follows the clause.
    joined += [
        c
        for c in verb.children
        if c.i > clause.right_edge.i and _joins_a_clause(c, verb) and c.lemma_.casefold() not in load_lexicon().verbs
    ]
    if not joined:
        return ()
    first = clause.left_edge
    if first.dep_ == "mark" and first.lower_ == "that":
        first = first.nbor()
    starts = [first.i] + [c.left_edge.i for c in joined]
    ends = [s - 1 for s in starts[1:]] + [max(clause.right_edge.i, *(c.right_edge.i for c in joined))]
    doc, parts = verb.doc, []
    for start, end in zip(starts, ends, strict=True):
        while end > start and (doc[end].is_punct or doc[end].lower_ in _CLAUSE_JOINERS):
            end -= 1
        if doc[start].dep_ == "mark" and doc[start].lower_ == "that":
            start += 1
        if end - start < 2:
            return ()
        parts.append(paragraph.char_span(doc[start].idx, doc[end].idx + len(doc[end].text)))
    return tuple(parts)


def _joins_a_clause(token: Token, head: Token) -> bool:
    """Whether ``token`` is a finite clause with its own subject joined to ``head`` by "and" or "but"."""
    return (
        token.dep_ == "conj"
        and any(g.dep_ in _HAS_SUBJECT for g in token.children)
        and any(t.dep_ == "cc" and t.lower_ in _CLAUSE_JOINERS for t in head.children if t.i < token.i)
    )


_CONTENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "attr", "oprd", "advcl", "conj"})


def reports_content(verb: Token) -> bool:
    """Whether the verb has something it reports.

    A clause, an object, or a prepositional object that names a proposition ("remarked on her doubt that …")
    is reported; "X testified before the court" or "spoke to reporters" narrates an act of speaking.
    """
    if verb.dep_ == "parataxis" or any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return True  # "As the paper reported, X …", "X, the agency reports, …": the sentence it frames is reported
    for child in verb.children:
        if child.dep_ in _CONTENT_DEPS or (child.dep_ == "punct" and child.text == ":"):
            return True
        if child.dep_ == "prep" and child.lower_ != "by":  # "responded by closing the gates": a means, not a report
            objects = [g for g in child.children if g.dep_ in {"pobj", "pcomp"}]
            if any(g.dep_ == "pcomp" or load_lexicon().names_a_document(g.lemma_) for g in objects):
                return True
    return False


def states_through_its_object(verb: Token) -> bool:
    """Whether the verb's object is a belief whose own clause it states.

    "shared her confidence that the pier would reopen", "gave assurances that …": the object is a noun of
    cognition (WordNet's kind) with a finite clause of its own, not a relative clause.
    """
    kinds = load_lexicon().noun_kinds
    for noun in (c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "NOUN"):
        if kinds.get(noun.lemma_.casefold()) != "cognition":
            continue  # a belief held ("confidence", "hope"), not a message one may only receive ("the report")
        for clause in noun.children:
            if clause.dep_ not in {"acl", "ccomp"} or clause.pos_ not in {"VERB", "AUX"}:
                continue
            relative = any(c.dep_ != "mark" and c.lower_ in RELATIVE_PRONOUNS for c in clause.children)
            if not relative and any(c.dep_ in _HAS_SUBJECT for c in clause.children):
                return True
    return False


# VerbNet 3.4 dub-29.3 members that name something by a judgement of it ("called the plan a fraud", "branded
# him a traitor"); the class's other members (crown, baptize, vote, …) confer a title rather than judge.
_NAMING_VERBS = frozenset({"call", "dub", "term", "label", "brand"})


def names_as(verb: Token) -> bool:
    """Whether the verb characterises its object by a predicate: "X called the plan 'a fraud'".

    The object predicate (the parse's ``oprd``) carries the judgement; "a town called Lune" (a participle naming a
    thing) and "called for calm" (a demand) judge nothing.
    """
    if verb.lemma_.casefold() not in _NAMING_VERBS:
        return False
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children):
        return False  # "a telescope, built last year, called Lune-1": a participle naming a thing
    passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)
    return not passive and any(c.dep_ == "oprd" for c in verb.children)


def judged_as(verb: Token) -> bool:
    """Whether the verb judges its object by an "as" phrase: "described the plan as a fraud"."""
    objects = any(c.dep_ == "dobj" for c in verb.children)
    return objects and any(
        c.dep_ == "prep" and c.lower_ == "as" and any(g.dep_ == "pobj" for g in c.children) for c in verb.children
    )


def within_according_to(verb: Token) -> bool:
    """Whether "according to X" (or "per X") frames the verb and the verb reports no clause of its own.

    Not when X is a news medium by its title ("…, according to Radio Nordvik"): the medium only carried the
    report, and the verb's subject made it.
    """
    framing = [c for c in verb.children if c.dep_ == "prep" and (c.lower_ == "according" or attributing_per(c))]
    if not framing or any(c.dep_ == "ccomp" for c in verb.children):
        return False
    named = [g for c in framing for g in c.subtree if g.dep_ == "pobj" and g.pos_ == "PROPN"]
    return not any(is_news_medium(g.doc[g.left_edge.i : g.i + 1].text, ()) for g in named)


def attributing_per(token: Token) -> bool:
    """Whether "per" credits a source ("per the statement", "per Lune Weekly") rather than a rate ("per year").

    Its object is a named person, group or organisation, or a noun with a determiner or an owner.
    """
    if token.lower_ != "per" or token.dep_ != "prep":
        return False
    source = next((c for c in token.children if c.dep_ == "pobj"), None)
    if source is None:
        return False
    if source.ent_type_ in {"PERSON", "ORG", "NORP"}:
        return True
    return source.pos_ in {"NOUN", "PROPN"} and any(c.dep_ in {"det", "poss"} for c in source.children)
