"""Hedge cues: words that tell how firmly a claim is put, mapped onto the four-level scale."""

from __future__ import annotations

import re

from claimex.schemas.claims import HEDGE_ORDER, HedgeLevel
from claimex.service.pipeline.memo import TextMemo

_CLAIM_MARKERS: tuple[tuple[HedgeLevel, re.Pattern[str]], ...] = (
    (HedgeLevel.speculative, re.compile(r"\b(speculat\w*|rumou?r\w*)\b", re.I)),
    (
        HedgeLevel.possible,
        re.compile(r"\b(may|might|could|possibl[ey]|perhaps|not ruled? out|cannot rule out)\b", re.I),
    ),
    (
        HedgeLevel.probable,
        re.compile(
            r"\b(suggests?|suggested|appears?|appeared|likely|unlikely|likelihood|probabl[ey]|indicates?|seems?)\b",
            re.I,
        ),
    ),
)
# Framing that sets the hedge of the whole sentence's report, whatever the reported words say.
_FRAMING: tuple[tuple[HedgeLevel, re.Pattern[str]], ...] = (
    (
        HedgeLevel.speculative,
        re.compile(r"\b(there (is|was) speculation|fuell?ed speculation|rumou?rs? (that|of))\b", re.I),
    ),
    (HedgeLevel.possible, re.compile(r"\b(not|n't) (yet )?ruled? out\b", re.I)),
)


_PROBABLE_CUES = re.compile(r"^(suggest\w*|indicat\w*|appear\w*|believ\w*|expect\w*)$", re.I)
IMPERSONAL = re.compile(
    r"\b(there (is|was|has been) (growing |widespread )?speculation|(fuell?ed|prompted|sparked) speculation|"
    r"it is (believed|understood|thought|rumou?red)|rumou?rs (suggest|say|have it))\b",
    re.I,
)


ASSERTIVE_CUES = re.compile(
    r"^(said|says|say|stated|stating|states|told|tells|declared|declares|described|describes|added|adds|adding|"
    r"noted|notes|note|noting|reaffirmed|insisted|insists|confirmed|confirms|announced|announces|stressed|"
    r"characteri[sz]ed|called|according to)$",
    re.I,
)


def hedge_of_cue(cue: str | None) -> HedgeLevel | None:
    """The hedge a reporting verb implies: 'probable' for "suggest", 'certain' for plain assertion ("said")."""
    if cue and _PROBABLE_CUES.match(cue):
        return HedgeLevel.probable
    if cue and ASSERTIVE_CUES.match(cue):
        return HedgeLevel.certain
    return None


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
    for level, pattern in _CLAIM_MARKERS:
        if pattern.search(claim_text):
            return level
    return None


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
