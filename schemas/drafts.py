"""What the language model is asked to produce, before the pipeline grounds and completes it.

The model writes only what needs judgement (speaker, claim, hedge); the pipeline derives offsets, roles,
outlets and quote types from the article, because copying is cheaper and safer done by code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from claimex.schemas.claims import HedgeLevel, speaker_in_article

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"', "„": '"'})
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "them", "we", "i"})


def normalise_for_match(text: str) -> str:
    """Fold quote styles, case and whitespace so that copied text can be found in the article.

    Args:
        text: Any text.

    Returns:
        The text with curly quotes straightened, lower-cased, and runs of whitespace collapsed.

    """
    return " ".join(text.translate(_QUOTES).casefold().split())


class DraftClaim(BaseModel):
    """One claim as the model reports it."""

    model_config = ConfigDict(extra="ignore")

    speaker: str | None = Field(
        description="Who makes the claim, as the article names them; null if nobody is credited."
    )
    claim: str = Field(min_length=3, description="What is asserted, as one short self-contained sentence.")
    hedge: HedgeLevel = Field(description="certain | probable | possible | speculative")

    @field_validator("speaker")
    @classmethod
    def _speaker_is_named_in_article(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or not value.strip() or value.strip().casefold() in {"null", "none", "unknown"}:
            return None
        if len(value.split()) > 10:
            raise ValueError("speaker must be a name or a short group such as 'officials', not a sentence.")
        article = _context(info, "article")
        if article and value.casefold() not in PRONOUNS and not speaker_in_article(value, article):
            raise ValueError(
                f"speaker {value!r} is not named in the article. Give the speaker exactly as the article "
                "names them (a person's name or a group such as 'officials'), or null."
            )
        return value.strip()

    @field_validator("claim")
    @classmethod
    def _claim_comes_from_article(cls, value: str, info: ValidationInfo) -> str:
        words = {w.casefold() for w in _WORD.findall(value)}
        article = _context(info, "article")
        if not article or not words:
            return value
        missing = _missing(words, article)
        examples = _context(info, "examples")
        if examples and len(borrowed := [w for w in missing if w not in _missing(set(missing), examples)]) >= 2:
            raise ValueError(
                "claim copies the examples, not this article (" + ", ".join(borrowed[:6]) + " are in the examples "
                "only). State what the sentence you were asked about reports, or [] if it reports nothing."
            )
        if len(missing) > max(2, len(words) // 2):
            raise ValueError(
                "claim uses many words that are not in the article (" + ", ".join(missing[:6]) + "). "
                "State only what the article reports, in its own words; do not copy the examples."
            )
        focus = _context(info, "focus")
        if focus and len(missing := _missing(words, focus)) > max(2, len(words) // 2):
            raise ValueError(
                "claim does not come from the sentence you were asked about; these words are not in it: "
                + ", ".join(missing[:6])
                + ". List only what that sentence (or part) reports, or [] if it reports nothing new."
            )
        return value


class SentenceDraft(BaseModel):
    """The claims reported in one candidate sentence (candidates mode)."""

    model_config = ConfigDict(extra="ignore")

    claims: list[DraftClaim] = Field(max_length=6, description="The sentence's claims; [] when it reports none.")


class UnitClaims(BaseModel):
    """The claims of one report unit in compact form (claims@v4): the texts, and the speaker only when asked.

    The pipeline already knows the speaker (from the parse) and the hedge (from the cue and the claim's words)
    of most units, so the model writes just the claim sentences; only a unit whose speaker the parse could not
    name carries the model's ``speaker``. Fewer generated tokens, the same judgement.
    """

    model_config = ConfigDict(extra="ignore")

    speaker: str | None = Field(
        default=None, description="Only when asked: who makes the claims, as the article names them; else null."
    )
    claims: list[str] = Field(max_length=6, description="Each claim as one short sentence; [] when none.")

    @model_validator(mode="before")
    @classmethod
    def _accept_claim_objects(cls, data: Any) -> Any:
        """Take ``{"claim": …, "speaker": …}`` items too (the longer form models know from older prompts)."""
        if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
            return data
        items = data["claims"]
        if not any(isinstance(item, dict) for item in items):
            return data
        speaker = data.get("speaker") or next(
            (item.get("speaker") for item in items if isinstance(item, dict) and item.get("speaker")), None
        )
        texts = [item.get("claim", "") if isinstance(item, dict) else item for item in items]
        return {**data, "speaker": speaker, "claims": texts}

    @field_validator("speaker")
    @classmethod
    def _speaker_is_named_in_article(cls, value: str | None, info: ValidationInfo) -> str | None:
        return DraftClaim._speaker_is_named_in_article(value, info)

    @field_validator("claims")
    @classmethod
    def _claims_come_from_article(cls, value: list[str], info: ValidationInfo) -> list[str]:
        texts = [text.strip() for text in value]
        if any(len(text) < 3 for text in texts):
            raise ValueError("each claim must be a short sentence, not an empty string; or answer [].")
        return [DraftClaim._claim_comes_from_article(text, info) for text in texts]


class ArticleDraftClaim(DraftClaim):
    """A claim with the verbatim words that support it (whole-article mode)."""

    evidence: str = Field(min_length=3, description="The supporting words, copied verbatim from the article.")

    @field_validator("evidence")
    @classmethod
    def _evidence_is_verbatim(cls, value: str, info: ValidationInfo) -> str:
        article = _context(info, "article")
        if article and normalise_for_match(value) not in normalise_for_match(article):
            raise ValueError(
                "evidence is not a verbatim part of the article. Copy a sentence or clause exactly as written."
            )
        return value


class ArticleDraft(BaseModel):
    """All claims of an article or chunk (whole-article mode)."""

    model_config = ConfigDict(extra="ignore")

    claims: list[ArticleDraftClaim] = Field(max_length=60, description="Every claim of the text; [] if none.")


def _missing(words: set[str], text: str) -> list[str]:
    known = normalise_for_match(text)
    return sorted(w for w in words if w not in known)


_GROUNDING: ContextVar[dict[str, Any] | None] = ContextVar("claimex_grounding", default=None)


@contextmanager
def grounded_in(context: dict[str, Any]) -> Iterator[None]:
    """Validate the drafts made inside the block against ``context`` ({"article": …, "focus": …, "examples": …}).

    instructor renders every message as a Jinja template when it is given a validation ``context``, so an
    article holding "{{" would fail, or be rewritten before the model sees it. The backends hand the grounding
    context to the validators this way instead and pass instructor none.

    Args:
        context: What the validators check a draft against.

    Yields:
        Nothing; the context holds until the block ends (per thread and task).

    """
    token = _GROUNDING.set(context)
    try:
        yield
    finally:
        _GROUNDING.reset(token)


def _context(info: ValidationInfo, key: str) -> str | None:
    context: Any = info.context if info.context is not None else _GROUNDING.get()
    if isinstance(context, dict) and isinstance(context.get(key), str):
        return str(context[key])
    return None
