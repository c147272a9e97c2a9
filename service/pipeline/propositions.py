"""One claim per proposition: split a drafted claim that joins two independent clauses.

LABELLING.md counts "one claim per independently checkable proposition", but the model (and a rule reading a whole
clause) often returns "A happened, and B will follow" or "A; B" as one claim. The claim's own parse finds the second
clause: a conjunct of the main verb with a subject of its own, after a comma or semicolon and "and"/"but", after a bare
"and" when it carries its own tense, or after a bare semicolon. Two predicates that share their subject are two
propositions only when each verb carries its own tense and its own complement ("X will seek A and already has B" → "X
will seek A." and "X already has B.", and a list "X has A, is B, and will C" gives three); "X rose and fell", "X backs
and funds A" and "X could win A and take B" (the modal governs both) stay whole. When one predicate reports a clause
and another only narrates what the subject did ("X resigned and said she would not run"), the claim is the report
alone. A part that is too short to stand alone ("…, and traffic is light"), or that would cut a quotation in two, keeps
the claim whole.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.parse import load_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from claimex.service.pipeline.asking import Draft

_JOINERS = frozenset({"and", "but"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_SEPARATORS = frozenset({",", ";"})
_AUXILIARIES = frozenset({"aux", "auxpass"})
_FINITE_TAGS = frozenset({"VBZ", "VBD", "VBP"})
_COMPLEMENTS = frozenset({"dobj", "dative", "attr", "acomp", "ccomp", "xcomp", "prep"})
_QUOTE_MARKS = '"“”'
_SPLICE = re.compile(r"(?<=\w)[:,] (?=[A-Z])")  # fixed-width look-arounds: linear
_SUBJECT_PRONOUNS = frozenset({"He", "She", "It", "We", "They"})
MIN_PART_WORDS = 5
MAX_CLAIM_CHARS = 1_000  # a longer "claim" is not one the model wrote as a sentence; leave it alone


def split_propositions(drafts: list[Draft]) -> list[Draft]:
    """Each draft whose claim joins independent clauses becomes one draft per clause.

    Args:
        drafts: Drafted claims, tied to their sentences.

    Returns:
        The drafts in the same order, a joined claim replaced by its parts. Each part keeps the draft's
        speaker, hedge, attribution and evidence (the unit that holds it).

    """
    texts = [d.claim.claim for d in drafts]
    wanted = [i for i, text in enumerate(texts) if len(text) <= MAX_CLAIM_CHARS and _may_join(text)]
    parts: dict[int, list[str]] = {}
    for i, doc in zip(wanted, load_nlp().pipe(texts[i] for i in wanted), strict=True):
        split = spliced_sentences(doc) or independent_clauses(doc)
        if split and split != [doc.text]:
            parts[i] = split
    out: list[Draft] = []
    for i, draft in enumerate(drafts):
        for text in parts.get(i, [draft.claim.claim]):
            same = text == draft.claim.claim
            out.append(draft if same else replace(draft, claim=draft.claim.model_copy(update={"claim": text})))
    return out


def independent_clauses(doc: Doc) -> list[str]:
    """The claim's independent clauses as sentences, or the whole claim when it is one proposition.

    A claim that keeps its attribution ("The council said fares will rise and the ferry will stop") is split
    inside the reported clause, and each part keeps the attribution ("The council said fares will rise.", "The
    council said the ferry will stop.").

    Args:
        doc: The claim, parsed.

    Returns:
        One sentence per clause ("A rose, and B fell." → ["A rose.", "B fell."]), only the report when the
        other predicate narrates what its subject did, or ``[doc.text]``.

    """
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or not _has_subject(root):
        return [doc.text]
    parts = _clauses_of(doc, root, 0, len(doc))
    if parts != [doc.text]:
        return [_as_sentence(part) for part in parts]
    reported = _reported_clause(root)
    if reported is None:
        return [doc.text]
    start, stop = reported.left_edge.i, reported.right_edge.i + 1
    parts = _clauses_of(doc, reported, start, stop)
    if parts == [doc[start:stop].text]:
        return [doc.text]
    before, after = doc[:start].text_with_ws, doc[stop:].text
    return [_as_sentence(f"{before}{part}{' ' if after[:1].isalnum() else ''}{after}") for part in parts]


def _clauses_of(doc: Doc, head: Token, start: int, stop: int) -> list[str]:
    """The independent clauses of the clause headed by ``head`` (tokens ``start``..``stop``), as text pieces."""
    ends = {t.i: t.i + 1 for t in head.children if t.text == ";"}
    for conjunct in head.children:
        if conjunct.i > head.i and (cut := _cut_before(doc, head, conjunct)) is not None:
            ends[cut[0]] = cut[1]  # "; but B": the cut takes the joiner with the semicolon
    cuts = sorted(ends.items())
    if not cuts:
        return _shared_subject_predicates(doc, head, start, stop)
    starts = [start, *(end for _, end in cuts)]
    stops = [*(begin for begin, _ in cuts), stop]
    spans = [doc[a:b] for a, b in zip(starts, stops, strict=True)]
    if not all(any(_has_subject(t) for t in span) for span in spans):
        return [doc[start:stop].text]  # "A; then B": a piece without a clause of its own
    pieces = [_trimmed(span.text) for span in spans]
    return pieces if _all_stand_alone(pieces) else [doc[start:stop].text]


def _reported_clause(root: Token) -> Token | None:
    """The clause a verb of saying reports, when the claim kept its attribution ("X said [A and B]").

    The verb of saying may be an infinitive of the claim's main verb: "X continues to insist [A and B]".
    """
    lexicon = load_lexicon()
    verb: Token | None = root
    if lexicon.verb_hedge(root.lemma_.casefold(), None) is None:
        verb = next((c for c in root.children if c.dep_ == "xcomp" and lexicon.verb_hedge(c.lemma_.casefold())), None)
    if verb is None:
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    return clause if clause is not None and _has_subject(clause) else None


def _shared_subject_predicates(doc: Doc, root: Token, start: int, stop: int) -> list[str]:
    """One piece per predicate when full predicates share the main verb's subject, else the whole clause.

    "The board will meet in May and has asked for comments." → ["The board will meet in May", "The board has
    asked for comments."]; a list of three ("A has risen, is expected to stay high, and will fall") gives three.
    Each later verb must carry its own tense (a finite tag or an auxiliary of its own), both verbs their own
    complement unless the later one has its own auxiliary, and it must not lean on the first verb's auxiliary
    or modal.
    """
    whole = [doc[start:stop].text]
    subject = next((c for c in root.children if c.dep_ in _SUBJECTS), None)
    if subject is None or subject.i > root.i or subject.dep_ == "expl":
        return whole
    cuts: list[int] = []
    verbs = [root]
    for conjunct in _predicates_after(root):
        if not _stands_as_predicate(root, conjunct):
            break
        cut = _joiner_or_list_comma(doc, conjunct)
        if cut is None or cut <= max(cuts, default=root.i):
            break  # a verb the parser coordinated inside the previous predicate
        cuts.append(cut)
        verbs.append(conjunct)
    if not cuts or doc[cuts[-1]].dep_ != "cc":
        return whole  # "A, B" with no joiner is no list of predicates
    subject_text = doc[subject.left_edge.i : subject.right_edge.i + 1].text
    firsts = [start, *(cut + 1 for cut in cuts)]
    pieces = [_trimmed(doc[a:b].text) for a, b in zip(firsts, [*cuts, stop], strict=True)]
    pieces = [pieces[0], *(f"{subject_text} {piece}" for piece in pieces[1:])]
    if not _all_stand_alone(pieces):
        return whole
    saying = load_lexicon().verbs
    reports = [v.lemma_.casefold() in saying and any(c.dep_ == "ccomp" for c in v.children) for v in verbs]
    # "X resigned and said she would not run": what X did is narration (LABELLING.md), what X said is the claim
    return [piece for piece, report in zip(pieces, reports, strict=True) if report] if any(reports) else pieces


def _predicates_after(root: Token) -> list[Token]:
    """The verbs coordinated with the root after it, in order, whether the parser chains them or not."""
    found: list[Token] = []
    todo = [root]
    while todo:
        verb = todo.pop()
        more = [c for c in verb.children if c.dep_ == "conj" and c.i > verb.i and c.pos_ in {"VERB", "AUX"}]
        found.extend(more)
        todo.extend(more)
    return sorted(found, key=lambda t: t.i)


def _stands_as_predicate(root: Token, conjunct: Token) -> bool:
    """Whether a verb coordinated with the root is a predicate of its own (see ``_shared_subject_predicates``)."""
    if _has_subject(conjunct):
        return False
    own_auxiliary = any(c.dep_ in _AUXILIARIES for c in conjunct.children)
    if not (own_auxiliary or conjunct.tag_ in _FINITE_TAGS):
        return False
    if any(c.dep_ in _AUXILIARIES for c in root.children) and not (own_auxiliary or _inflected(conjunct)):
        return False  # "could win A and take B": the modal governs both ("would do A and already has B" has two tenses)
    reports = any(c.dep_ == "ccomp" for c in conjunct.children)  # "resigned and said she would not run": a report of its own
    complements = all(any(c.dep_ in _COMPLEMENTS for c in v.children) for v in (root, conjunct))
    return own_auxiliary or reports or complements  # "backs and funds A": one object for two verbs


def _joiner_or_list_comma(doc: Doc, conjunct: Token) -> int | None:
    """Where the predicate before ``conjunct`` ends: at its "and"/"but", or at the comma of a list ("A, B, and C")."""
    joiner = _joiner_before(doc, conjunct.head, conjunct)
    if joiner is not None:
        return joiner.i
    before = conjunct.left_edge.i - 1
    return before if before > conjunct.head.i and doc[before].text == "," else None


def _all_stand_alone(pieces: list[str]) -> bool:
    """Whether every piece is long enough to stand alone and no cut between them falls inside a quotation."""
    marks_before_cut = [sum(p.count(m) for p in pieces[: k + 1] for m in _QUOTE_MARKS) for k in range(len(pieces) - 1)]
    return all(len(p.split()) >= MIN_PART_WORDS for p in pieces) and not any(n % 2 for n in marks_before_cut)


def _joiner_before(doc: Doc, root: Token, conjunct: Token) -> Token | None:
    """The "and"/"but" that opens the conjunct: the root's own, or the word just before the conjunct.

    The parser sometimes hangs the joiner on a word of the first predicate ("will fund the repair of the
    harbour and will pay for itself" puts "and" under "repair"); the word right before the second predicate is
    still its joiner.
    """
    between = doc[root.i : conjunct.left_edge.i]
    own = next((t for t in reversed(between) if t.dep_ == "cc" and t.head == root and t.lower_ in _JOINERS), None)
    if own is not None:
        return own
    before = conjunct.left_edge.i - 1
    while before > root.i and doc[before].text == ",":
        before -= 1
    word = doc[before]
    return word if before > root.i and word.dep_ == "cc" and word.lower_ in _JOINERS else None


def _may_join(text: str) -> bool:
    """Cheap test before parsing: a joiner, a semicolon, or a colon or comma before a capital."""
    lowered = f" {text.casefold()} "
    return ";" in text or bool(_SPLICE.search(text)) or any(f" {word} " in lowered for word in _JOINERS)


def spliced_sentences(doc: Doc) -> list[str]:
    """The sentences a claim runs together, or [] when it is one.

    A quotation that follows an indirect report is often joined to it ("The pier is unsafe: Repairs will take a
    year.", "The talks have failed, They will resume in May."): a colon before a capital, or a comma before a
    capitalised subject pronoun. Each side must be a clause with its own subject and long enough to stand alone.
    """
    cuts = [
        m
        for m in _SPLICE.finditer(doc.text)
        if m.group(0)[0] == ":" or doc.text[m.end() : m.end() + 5].split(" ")[0] in _SUBJECT_PRONOUNS
    ]
    if not cuts:
        return []
    starts, stops = [0, *(m.end() for m in cuts)], [*(m.start() for m in cuts), len(doc.text)]
    spans = [doc.char_span(a, b, alignment_mode="expand") for a, b in zip(starts, stops, strict=True)]
    if any(span is None or not any(_has_subject(t) for t in span) for span in spans):
        return []
    pieces = [doc.text[a:b] for a, b in zip(starts, stops, strict=True)]
    return [_as_sentence(p) for p in pieces] if _all_stand_alone(pieces) else []


def _cut_before(doc: Doc, root: Token, conjunct: Token) -> tuple[int, int] | None:
    """The token range that separates the main clause from a second independent clause, if ``conjunct`` is one.

    "…, and B" and "…; but B" cut at the separator and the joiner. A bare "A and B" cuts at "and" when B has a
    subject and tense, with no opening clause framing both; a bare "but" mostly joins a concession to
    its point ("it was late but we were ready"), which the labels keep whole.
    """
    if conjunct.dep_ != "conj" or not _has_subject(conjunct):
        return None
    joiner = _joiner_before(doc, root, conjunct)
    if joiner is not None and joiner.i > 0 and doc[joiner.i - 1].text in _SEPARATORS:
        return joiner.i - 1, joiner.i + 1
    if joiner is not None and joiner.lower_ == "and" and _has_own_tense(conjunct) and not _framed_before(root):
        return joiner.i, joiner.i + 1  # "A and B" with no comma: only "and", only two full clauses
    return None


def _has_own_tense(verb: Token) -> bool:
    return verb.tag_ in _FINITE_TAGS or any(c.dep_ in _AUXILIARIES for c in verb.children)


def _inflected(verb: Token) -> bool:
    """A finite verb spelt unlike its base form ("has", "risked"): "put" or "offer" after a modal may be its infinitive."""
    return verb.tag_ in _FINITE_TAGS and verb.lower_ != verb.lemma_.casefold()


def _framed_before(root: Token) -> bool:
    """Whether an adverbial clause opens the sentence ("If A, B and C"): it frames both clauses, so neither stands alone."""
    return any(c.dep_ == "advcl" and c.i < root.i for c in root.children)


def _has_subject(verb: Token) -> bool:
    return verb.pos_ in {"VERB", "AUX"} and any(c.dep_ in _SUBJECTS for c in verb.children)


def _trimmed(text: str) -> str:
    """The piece without the spaces, commas and semicolons that joined it to its neighbours."""
    return text.strip().strip(",;").strip()


def _as_sentence(text: str) -> str:
    text = _trimmed(text)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", *_QUOTE_MARKS)) else text + "."
