"""Read a reporting clause by rules alone: the subject before the cue speaks, the clause after it is the claim.

The rule baseline (evals) is built on this, and the pipeline falls back on it where the model leaves a gap: a
cued sentence the model insists has no claim, or a speaker the sentence does not support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimex.schemas.claims import HedgeLevel
from claimex.schemas.drafts import DraftClaim, SentenceDraft
from claimex.service.pipeline.attribution import Cue
from claimex.service.pipeline.credit import Attribution
from claimex.service.pipeline.lexicon import CONTESTING, load_lexicon
from claimex.service.pipeline.light_verbs import LIGHT_VERB
from claimex.service.pipeline.parse import MAX_SENTENCE_CHARS, load_nlp
from claimex.service.pipeline.source_phrases import claim_around_source_phrase

_LEAD_IN = re.compile(r"^(?:(?:In|Speaking|On|At|During|According|Although|While)\b[^,]*,\s*)")
_FILLERS = frozenset(
    [
        "also",
        "however",
        "have",
        "has",
        "had",
        "now",
        "still",
        "further",
        "repeatedly",
        "previously",
        "meanwhile",
        "though",
    ]
)
_MAX_SUBJECT_WORDS = 7
_GROUP_NOUNS = frozenset(
    [
        "cooperative",
        "government",
        "ministry",
        "police",
        "team",
        "agency",
        "council",
        "committee",
        "company",
        "union",
        "army",
        "navy",
        "press",
        "media",
        "board",
        "court",
        "office",
        "authority",
        "commission",
        "parliament",
    ]
)


@dataclass(frozen=True)
class RuleReading:
    """What the rules read from one reporting clause.

    Attributes:
        subject: The words that name who reports (unresolved), or None when there is no short subject.
        claim: The reported clause, without the cue and a leading "that".

    """

    subject: str | None
    claim: str


def read_by_rules(article: str, span: tuple[int, int], cue: Cue, *, assertive: bool = True) -> RuleReading:
    """Split the clause at ``span`` around ``cue`` into subject and reported claim.

    Args:
        article: The article.
        span: The clause's (start, end) offsets (a sentence or a report unit).
        cue: A reporting cue inside the span.
        assertive: Whether the cue asserts its clause ("said that X" → X); a hedging cue stays in the claim
            ("doubt that X" must not become X).

    Returns:
        The subject (if short enough to be one) and the claim text.

    """
    start, end = span
    before = article[start : cue.start].strip(" ,")
    after = article[cue.end : end].strip(" ,.")
    if len(after.split()) <= 1 and "," in before:  # "…, officials said."
        before, subject = before.rsplit(",", 1)
        after = before
    else:
        subject = _LEAD_IN.sub("", before).split(",")[0]
    if cue.prepositional:
        source = after.split(",")[0]
        subject = source.rsplit(" by ", 1)[-1] if " by " in source else source
        after = before
    words = [w for w in subject.split() if w.casefold() not in _FILLERS]
    after = after.strip()
    if assertive or cue.prepositional:
        claim = re.sub(r"^that\s+", "", after) or article[start:end]
    else:
        claim = f"{cue.text} {after}".strip()  # "doubt that X" must not become "X"
    text = " ".join(words)
    return RuleReading(text if 0 < len(words) <= _MAX_SUBJECT_WORDS and looks_like_subject(text) else None, claim)


def looks_like_subject(text: str) -> bool:
    """A name (capitalised last word) or a group noun ("officials", "the cooperative"), not a clause."""
    words = text.split()
    last = words[-1].strip("’'")
    if words[0].casefold() in {"it", "there", "this", "that", "what", "which"}:
        return False  # expletive or clause subjects ("It was said that …") name nobody
    if re.search(r"\b(?:and|or|if|that|to|was|were|is|are|be|been|output|ignore|write|print)\b", text, re.I):
        return False
    plural = len(last) > 3 and last.endswith("s") and not last.endswith("ss")
    return last[:1].isupper() or plural or last.casefold() in _GROUP_NOUNS


def rule_claim(article: str, span: tuple[int, int], attribution: Attribution) -> str:
    """The claim text the rules read from a unit: the clause around the cue, or a running quote's words.

    Args:
        article: The article.
        span: The unit's (start, end) offsets.
        attribution: The unit's attribution (its cue may stand in another sentence for a running quote).

    Returns:
        The claim, without the attribution and without quotation marks.

    """
    if attribution.running or not span[0] <= attribution.cue.start < span[1]:
        return article[span[0] : span[1]].strip().strip('"“”«»').strip()
    if before := claim_before_cue(article, span, attribution):
        return before
    source_end = attribution.frame.source.end if attribution.frame.source else None
    if attribution.cue.prepositional and source_end is not None:
        around = claim_around_source_phrase(article, span, attribution.cue.start, source_end)
        if around:
            return around
    assertive = attribution.hedge is HedgeLevel.certain
    complement = attribution.complement
    if assertive and complement and attribution.cue.end <= complement[0] < complement[1] <= span[1]:
        # "told a meeting of the board on Friday that the pier would reopen": the clause the parse hangs on the cue
        clause = re.sub(r"^that\s+", "", article[complement[0] : complement[1]].strip(_EDGE))
        if len(clause.split()) >= _MIN_RULE_CLAIM_WORDS:
            return clause
    return read_by_rules(article, span, attribution.cue, assertive=assertive).claim


def claim_before_cue(article: str, span: tuple[int, int], attribution: Attribution) -> str | None:
    """The reported words a unit opens with when its attribution follows them, or None.

    In '"…," said Ana Doe, a nurse at the clinic.', '…, said Ana Doe, a nurse.' or '"…," Doe told the radio
    station.' the words after the cue name the speaker, an audience or a role; the claim is what stands before
    them. Only when the words before the cue end with a comma or a closing quotation mark, and either the
    speaker follows the cue or the unit opens with a quotation with at most a few words between its closing
    mark and the cue; never when a quotation follows the cue.

    Args:
        article: The article.
        span: The unit's (start, end) offsets.
        attribution: The unit's attribution, its cue inside the span.

    Returns:
        The words before the attribution, without quotation marks, or None.

    """
    cue, source = attribution.cue, attribution.frame.source
    lead = article[span[0] : cue.start].rstrip()
    if cue.prepositional or not lead or quoted(article[cue.end : span[1]]):
        return None
    if source is not None and source.start >= cue.end:  # "…, said Doe, a nurse"
        if lead[-1] not in "," + QUOTE_MARKS:
            return None
    else:  # '"…," Doe told the station': the unit opens with a quotation that ends near the cue
        opened = len(lead) - len(lead.lstrip())
        closing = max(lead.rfind(mark) for mark in QUOTE_MARKS)
        if lead[opened] not in QUOTE_MARKS or closing <= opened:
            return None
        if len(lead[closing + 1 :].split()) > _MAX_SPEAKER_WORDS:
            return None
        lead = lead[: closing + 1]
    claim = lead.translate(_NO_QUOTES).strip(_EDGE)
    return claim if len(claim.split()) >= _MIN_RULE_CLAIM_WORDS else None


def plain_clause_claims(
    article: str, span: tuple[int, int], attribution: Attribution, cue_starts: list[int]
) -> list[str] | None:
    """The claims of a unit that reports plain finite clauses by a named speaker, or None when a reader is needed.

    Certain means: the article asserts the report with a plain cue (said, told, stated; not "doubt" or
    "suggest"), the parse names the speaker, and the unit is nothing but
    the attribution and its clause ("Varga said the cables were worn.", "The cables were worn, Varga said.")
    with no other reporting cue inside the clause. The claim is the clause itself, as written; a clause that
    joins finite clauses with "and"/"but" ("… the pier was closed and the ferries had stopped") gives one claim
    per clause.

    Args:
        article: The article.
        span: The unit's (start, end) offsets.
        attribution: The unit's attribution.
        cue_starts: Offsets of every reporting cue in the unit's sentence.

    Returns:
        The clauses as sentences (quotation marks dropped, first letter capitalised), or None.

    """
    parts = attribution.clauses or ((attribution.complement,) if attribution.complement else ())
    if not parts or attribution.running or not attribution.asserted or not attribution.speaker:
        return None
    asserts = load_lexicon().asserts(attribution.cue.lemma) or attribution.cue.lemma == LIGHT_VERB  # "made clear"
    if attribution.hedge is not HedgeLevel.certain or not asserts:
        return None  # "doubt that X", "denied that X" are not X: such a cue's clause needs a reader
    start, end = parts[0][0], parts[-1][1]
    if not (span[0] <= start < end <= span[1]) or any(start <= c < end for c in cue_starts):
        return None
    cue, cue_end = attribution.cue.start, attribution.cue.end
    if cue < start:  # "X said (that) <clause>"
        lead, middle = article[span[0] : cue], article[cue_end:start].rstrip(_EDGE)
        fits = (
            not article[end : span[1]].strip(_EDGE)
            and (not quoted(lead) if attribution.root else len(lead.split()) <= 2)
            and not quoted(middle)
            and len(middle.split()) <= _MAX_MIDDLE_WORDS
        )
    else:  # "<clause>, X said" / "<clause>," said X: only the speaker and the cue after the clause
        after = (article[end:cue] + " " + article[cue_end : span[1]]).strip(_EDGE)
        fits = (
            attribution.root
            and not article[span[0] : start].strip(_EDGE)
            and not quoted(after)
            and len(after.split()) <= _MAX_INVERTED_WORDS
        )
    if not fits:
        return None  # more than the attribution around the clause: the model restates the whole unit
    return clause_sentences(article, parts)


def clause_sentences(article: str, parts: tuple[tuple[int, int], ...]) -> list[str] | None:
    """Each clause span as a sentence (quotation marks dropped, first letter capitalised, a full stop added).

    None when any clause is shorter than three words: too little to stand alone as a claim.
    """
    texts = [article[a:b].translate(_NO_QUOTES).strip(_EDGE) for a, b in parts]
    if not texts or any(len(text.split()) < 3 for text in texts):
        return None
    return [text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".") for text in texts]


_EDGE = " \t\n,.;:!?\"'“”‘’«»"
_MIN_RULE_CLAIM_WORDS = 3
_MAX_MIDDLE_WORDS = 6  # "told a press conference on Monday (that)"
_MAX_INVERTED_WORDS = 12  # "…," said law Professor Ana Doe of Some University.
_MAX_SPEAKER_WORDS = 7  # between a quotation and its cue: "…," the agency's chief spokesperson Ana Doe said
QUOTE_MARKS = '"“”«»„'
_NO_QUOTES = str.maketrans(dict.fromkeys(QUOTE_MARKS))


def quoted(text: str) -> bool:
    """Whether the text holds a quotation mark."""
    return any(mark in text for mark in QUOTE_MARKS)


def rules_reading(
    article: str, span: tuple[int, int], attribution: Attribution | None, *, clause: bool = False
) -> SentenceDraft | None:
    """The rules' one claim for a unit the model left empty or answered invalidly, or None when too short.

    With ``clause``, also None unless the claim holds a verb: what is left of "…," she said before the vote
    after the attribution is taken out ("before the vote") states nothing.
    """
    if attribution is None:
        return None
    claim_text = rule_claim(article, span, attribution)
    if len(claim_text.split()) < _MIN_RULE_CLAIM_WORDS:  # "X said it.": "it" is no claim (nor valid)
        return None
    if clause and not any(t.pos_ in {"VERB", "AUX"} for t in load_nlp()(claim_text[:MAX_SENTENCE_CHARS])):
        return None
    return SentenceDraft(claims=[DraftClaim(speaker=attribution.speaker, claim=claim_text, hedge=attribution.hedge)])


def contests(attribution: Attribution) -> bool:
    """Whether the cue denies or disputes its clause ("denied that X"): the rules' copy of X would say the opposite.

    Only the verbs WordNet files under denying, disputing or rejecting (``CONTESTING``) do; "stressed that X",
    "claimed that X" or "blamed X on Y" state what their speaker holds.
    """
    return attribution.cue.lemma in CONTESTING
