"""Hedge cues: words that tell how firmly a claim is put, mapped onto the four-level scale."""

from __future__ import annotations

import re

from claimex.schemas.claims import HEDGE_ORDER, HedgeLevel
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.memo import TextMemo

_WORDS = re.compile(r"[\w’']+")
_MONTH = "\x00month"  # a word no hedge contains
_LONGEST_HEDGE = 3
# Framing that sets the hedge of the whole sentence's report, whatever the reported words say.
_FRAMING: tuple[tuple[HedgeLevel, re.Pattern[str]], ...] = (
    (
        HedgeLevel.speculative,
        re.compile(r"\b(there (is|was) speculation|fuell?ed speculation|rumou?rs? (that|of))\b", re.I),
    ),
    (HedgeLevel.possible, re.compile(r"\b(not|n't) (yet )?ruled? out\b", re.I)),
)


IMPERSONAL = re.compile(
    r"\b(there (is|was|has been) (growing |widespread )?speculation|(fuell?ed|prompted|sparked) speculation|"
    r"it is (believed|understood|thought|rumou?red)|rumou?rs (suggest|say|have it))\b",
    re.I,
)


def hedge_of_claim(claim_text: str, sentence_text: str) -> HedgeLevel | None:
    """The hedge that the cue words imply, or None when there are none.

    Only the sentence's framing ("there is speculation", "have not ruled out") and the claim's own words
    count: an author's aside elsewhere in the sentence ("presumably referring to …") is not the speaker's hedge.

    Args:
        claim_text: The claim as stated (without its attribution).
        sentence_text: The sentence that reports it.

    Returns:
        The implied hedge level, or None.

    """
    framing = _framing(sentence_text)
    if framing is not None:
        return framing
    return hedge_of_words(claim_text)


def hedge_of_words(text: str) -> HedgeLevel | None:
    """The most hedged level among the hedging expressions in ``text`` (Hyland's list, ``data/hedges.tsv``)."""
    hedges = load_lexicon().hedges
    written = _WORDS.findall(text)
    # "in May", "on 5 May": the month, capitalised after the first word, is no modal
    words = [_MONTH if w == "May" and i else w.casefold().replace("’", "'") for i, w in enumerate(written)]
    found = {
        hedges[gram]
        for i in range(len(words))
        for n in range(1, _LONGEST_HEDGE + 1)
        if (gram := tuple(words[i : i + n])) in hedges
    }
    return max(found, key=HEDGE_ORDER.index) if found else None


@TextMemo(texts=8)
def _framing(sentence_text: str) -> HedgeLevel | None:
    """The sentence's framing hedge, read once per sentence (a long sentence may carry hundreds of claims)."""
    for level, pattern in _FRAMING:
        if pattern.search(sentence_text):
            return level
    return None


def combine_hedges(model_hedge: HedgeLevel, cue_hedge: HedgeLevel | None) -> HedgeLevel:
    """Prefer the cue lexicon where it has a signal; otherwise trust the model.

    Args:
        model_hedge: What the model judged.
        cue_hedge: What the cue words imply, if anything.

    Returns:
        The hedge to report.

    """
    return cue_hedge if cue_hedge is not None else model_hedge


def hedge_distance(a: HedgeLevel, b: HedgeLevel) -> int:
    """Steps between two levels on the scale (0 = same)."""
    return abs(HEDGE_ORDER.index(a) - HEDGE_ORDER.index(b))
