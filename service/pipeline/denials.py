"""Read a denial by rules: "X denied that Y" claims that Y is not so.

A denying cue contests its clause, so the plain rules (which copy the clause) must not read it, and the model
often answers nothing for it. What the speaker holds is still clear from the parse:

- "X denied (that) Y", "X denied reports that Y", "X rejected claims that Y": the claim is "It is not true that Y."
  The clause is the cue's own complement, or the clause of its object noun.
- "X denied wrongdoing", "X denied using force": an object with content of its own; the claim restates the denial
  with its speaker ("X denied wrongdoing."), as LABELLING.md's evaluative acts do. Not for a person or an
  organisation as the object ("dismissed the pilot", "rejected the union"): that is no proposition.
- "X denied the report", "X denied it": the object only points back to something said elsewhere; no claim.

Only the verbs whose clause their speaker holds false negate (deny, dispute, reject …); "questioned whether Y"
or "refused to Y" are left to the model.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claimex.service.pipeline.parse import MAX_SENTENCE_CHARS, load_nlp

if TYPE_CHECKING:
    from spacy.tokens import Token

    from claimex.schemas.drafts import DraftClaim
    from claimex.service.pipeline.credit import Attribution

# Of lexicon.CONTESTING, the verbs that hold their clause false: WordNet files them under deny, contradict, reject
# or dispute. "question", "protest", "disagree", "refuse" and "deprecate" contest without asserting the opposite.
NEGATING = frozenset({"contest", "deny", "dismiss", "dispute", "rebuff", "reject", "repudiate"})
# With a plain object, only these deny a proposition ("denied wrongdoing"); "dismissed" and "rebuffed" a person or an
# offer do not.
DENYING_THINGS = frozenset({"contest", "deny", "dispute", "reject", "repudiate"})
_POINTING_WORDS = frozenset({"the", "this", "that", "these", "those", "such", "its", "their", "his", "her"})
_CLAUSE_DEPS = frozenset({"ccomp", "acl", "relcl"})
_WH_TAGS = frozenset({"WDT", "WP", "WP$"})  # "the claim which Y" modifies the noun; it is not what is denied
_PAST = {lemma: "denied" if lemma == "deny" else lemma.rstrip("e") + "ed" for lemma in NEGATING}
_OBJECT_DEPS = frozenset({"dobj", "xcomp", "pcomp"})
_MIN_CONTENT_WORDS = 3
NEGATION = "It is not true that "
# English negators (a closed class: Huddleston & Pullum, The Cambridge Grammar of the English Language, ch. 9).
_NEGATIONS = frozenset({"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "n't", "t", "untrue"})
_COPIED = 0.8
_WORD = re.compile(r"\w+")
_EDGE = " \t\n,.;:!?\"'“”‘’«»"


def denial_claims(article: str, span: tuple[int, int], attribution: Attribution) -> list[str] | None:
    """The claim of a unit that denies, by rules, or None when the parse does not show what is denied.

    Args:
        article: The article.
        span: The unit's (start, end) offsets.
        attribution: The unit's attribution; its cue must stand inside the unit.

    Returns:
        One claim text, or None (not a denial, a running quote, no speaker, or an object that only points back).

    """
    verb = _denying_verb(article, span, attribution)
    if verb is None or not attribution.speaker:
        return None
    clause = _clause_text(verb)
    if clause is not None:
        return [f"{NEGATION}{clause}."] if clause else None
    thing = next((c for c in verb.rights if c.dep_ in _OBJECT_DEPS), None)  # "which she denied": not the thing
    lemma = attribution.cue.lemma
    if thing is None or lemma not in DENYING_THINGS or thing.ent_type_ in {"PERSON", "ORG"} or _points_back(thing):
        return None  # "dismissed the pilot", "rebuffed the offer": not a proposition held false
    speaker = attribution.speaker[:1].upper() + attribution.speaker[1:]
    return [f"{speaker} {_PAST[lemma]} {_predicate(verb, thing)}."]


def negate_copied_clauses(
    claims: list[DraftClaim], article: str, span: tuple[int, int], attribution: Attribution | None
) -> list[DraftClaim]:
    """Model claims that copy a denied clause as if asserted say the opposite of their speaker: negate them.

    "X denied that the vote was rigged" answered as "The vote was rigged." becomes "It is not true that the vote
    was rigged."; a claim that already negates, or says something else, is kept.

    Args:
        claims: The model's claims for the unit.
        article: The article.
        span: The unit's (start, end) offsets.
        attribution: The unit's attribution.

    Returns:
        The claims, a copied denied clause replaced by its negation.

    """
    if attribution is None or not claims or (verb := _denying_verb(article, span, attribution)) is None:
        return claims
    clause = _clause_text(verb)
    if not clause:
        return claims
    return [
        c.model_copy(update={"claim": f"{NEGATION}{clause}."}) if _copies(c.claim, clause) else c for c in claims
    ]


def _denying_verb(article: str, span: tuple[int, int], attribution: Attribution) -> Token | None:
    """The unit's denying verb in the unit's parse, or None when the cue does not deny or is not in the unit."""
    cue = attribution.cue
    if cue.lemma not in NEGATING or attribution.running or not attribution.asserted:
        return None
    if not span[0] <= cue.start < span[1] or span[1] - span[0] > MAX_SENTENCE_CHARS:
        return None
    doc = load_nlp()(article[span[0] : span[1]])
    return next((t for t in doc if t.idx == cue.start - span[0]), None)


def _clause_text(verb: Token) -> str | None:
    """The denied clause's words; "" when there is one but it cannot stand alone; None when there is none."""
    clause = _denied_clause(verb)
    if clause is None:
        return None
    text = _words(clause)
    if text.casefold().startswith("that "):
        text = text[5:]
    if len(text.split()) < _MIN_CONTENT_WORDS or any(q in text for q in '"“”'):
        return ""  # a quotation is the speaker's own words: the model restates those
    return text


def _copies(claim: str, clause: str) -> bool:
    """Whether a claim repeats the clause's words (most of both) without a negation of its own."""
    words = _WORD.findall(claim.casefold())
    if any(w in _NEGATIONS for w in words):
        return False
    a, b = set(words), set(_WORD.findall(clause.casefold()))
    return bool(a and b) and len(a & b) >= _COPIED * max(len(a), len(b))


def _denied_clause(verb: Token) -> Token | None:
    """The clause the verb denies: its own complement, or the complement of its object ("reports that Y")."""
    for child in verb.children:
        if child.dep_ == "ccomp":
            return child
    for child in verb.children:
        if child.dep_ == "dobj":
            for grandchild in child.children:
                subjects = [t for t in grandchild.children if t.dep_ in {"nsubj", "nsubjpass", "expl"}]
                if grandchild.dep_ in _CLAUSE_DEPS and subjects and subjects[0].tag_ not in _WH_TAGS:
                    return grandchild
    return None


def _predicate(verb: Token, thing: Token) -> str:
    """What follows the verb in its own clause ("wrongdoing", "weather as a factor"), up to a conjoined clause."""
    kept = [c for c in verb.rights if c.dep_ not in {"cc", "conj", "punct", "advcl", "relcl"}]
    last = max([thing.right_edge.i, *(t.i for c in kept for t in c.subtree)])
    return verb.doc[verb.i + 1 : last + 1].text.strip(_EDGE)


def _points_back(thing: Token) -> bool:
    """Whether the object only refers to a report given elsewhere ("the report", "these claims", "it")."""
    if thing.pos_ == "PRON":
        return True
    rest = [t for t in thing.subtree if t is not thing]
    return bool(rest) and all(t.dep_ in {"det", "poss"} and t.lower_ in _POINTING_WORDS for t in rest)


def _words(token: Token) -> str:
    """The text of a token's subtree, without edge punctuation."""
    subtree = list(token.subtree)
    doc = token.doc
    return doc[subtree[0].i : subtree[-1].i + 1].text.strip(_EDGE)
