"""The claim contract: what claimex returns for every claim it finds.

Validator messages are written for the language model, because instructor feeds them back verbatim when
it re-asks; they say what is wrong and how to fix it.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator


class HedgeLevel(str, Enum):
    """How firmly the speaker commits to the claim (a FactBank-like scale, strongest first)."""

    certain = "certain"
    probable = "probable"
    possible = "possible"
    speculative = "speculative"


HEDGE_ORDER: tuple[HedgeLevel, ...] = tuple(HedgeLevel)


class QuoteType(str, Enum):
    """Whether the article quotes the speaker's words, paraphrases them, or both."""

    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


QUOTE_CHARS = '"“”«»„'
# Zero-width and bidirectional-control characters: invisible, and able to disguise a name (U+202E reverses it).
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))
_NOT_A_SPEAKER = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "he",
        "she",
        "it",
        "they",
        "we",
        "i",
        "him",
        "them",
        "who",
        "which",
        "what",
        "someone",
        "somebody",
    ]
)
_EDGE_PUNCTUATION = QUOTE_CHARS + "‘’'`,;:-–— "


def strip_invisible(text: str) -> str:
    """Remove zero-width and bidirectional-control characters (U+FEFF, U+200B–U+200F, U+202A–U+202E)."""
    return text.translate(_INVISIBLE)


def clean_speaker(speaker: str | None) -> str | None:
    """A speaker fit to return: invisible characters and edge quotes/punctuation removed; None if nothing is left.

    A speaker is a person, group, organisation or document, so a lone determiner or pronoun ("the", "he"), a
    possessive fragment ("editor’s") or a run of punctuation is no speaker at all.

    Args:
        speaker: The speaker as found.

    Returns:
        The cleaned speaker, or None.

    """
    if speaker is None:
        return None
    text = " ".join(strip_invisible(speaker).split()).strip(_EDGE_PUNCTUATION)
    words = text.split()
    if not words or not any(ch.isalpha() for ch in text):
        return None
    lone = words[0] if len(words) == 1 else ""
    if lone and not lone.isupper() and (lone.casefold() in _NOT_A_SPEAKER or lone.endswith(("’s", "'s"))):
        return None
    return text


class Evidence(BaseModel):
    """A verbatim span of the submitted article that supports a claim."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The span, copied verbatim from the article.")
    start: int = Field(ge=0, description="Character offset of the span's first character in the article.")
    end: int = Field(gt=0, description="Character offset just past the span's last character.")

    @model_validator(mode="after")
    def _offsets_match_article(self, info: ValidationInfo) -> Evidence:
        if self.end <= self.start:
            raise ValueError(f"evidence end ({self.end}) must be greater than start ({self.start}).")
        article = _article_from(info)
        if article is None:
            return self
        if article[self.start : self.end] != self.text:
            if self.text not in article:
                raise ValueError(
                    "evidence.text is not in the article. Copy the supporting words exactly as they appear "
                    "in the article, without paraphrasing, and give their character offsets."
                )
            raise ValueError(
                f"evidence offsets {self.start}:{self.end} do not point at evidence.text; the text first "
                f"occurs at {article.index(self.text)}."
            )
        return self


class Claim(BaseModel):
    """One attributed claim found in an article."""

    model_config = ConfigDict(extra="forbid")

    speaker: str | None = Field(
        default=None,
        description="Canonical full name or group (e.g. 'city council officials'); null only when the "
        "article attributes the claim to nobody.",
    )
    speaker_role: str | None = Field(default=None, description="The speaker's capacity, as the article gives it.")
    claim: str = Field(min_length=3, description="A self-contained statement of what is asserted.")
    hedge_level: HedgeLevel = Field(description="certain | probable | possible | speculative")
    source_outlet: str | None = Field(
        default=None, description="The outlet through which the claim reached the article, if the article names one."
    )
    quote_type: QuoteType = Field(description="direct | indirect | mixed")
    cue: str | None = Field(default=None, description="The reporting verb or phrase, e.g. 'said', 'according to'.")
    evidence: Evidence

    @field_validator("speaker", "speaker_role", "claim", "source_outlet", "cue", mode="before")
    @classmethod
    def _no_invisible_characters(cls, value: Any) -> Any:
        return " ".join(strip_invisible(value).split()) if isinstance(value, str) else value

    @field_validator("speaker")
    @classmethod
    def _speaker_is_a_name(cls, value: str | None) -> str | None:
        if value is not None and clean_speaker(value) != value:
            raise ValueError(
                f"speaker {value!r} is not a name: give the person, group, organisation or document that makes "
                "the claim (without quotation marks, determiners alone or possessive fragments), or null."
            )
        return value

    @model_validator(mode="after")
    def _supported_by_article(self, info: ValidationInfo) -> Claim:
        article = _article_from(info)
        if article is None:
            return self
        if self.speaker and not speaker_in_article(self.speaker, article):
            raise ValueError(
                f"speaker {self.speaker!r} does not appear in the article. Use a name or group exactly as the "
                "article writes it, or null when the article credits nobody."
            )
        if self.quote_type is QuoteType.direct and not any(q in self.evidence.text for q in QUOTE_CHARS):
            raise ValueError(
                "quote_type is 'direct' but the evidence contains no quotation marks; widen the evidence to "
                "include the quoted words, or use 'indirect'."
            )
        return self


def speaker_in_article(speaker: str, article: str) -> bool:
    """Whether a speaker is grounded: the name, or each of its capitalised words, occurs in the article.

    Args:
        speaker: The speaker as extracted.
        article: The article text.

    Returns:
        True when the article mentions the speaker.

    """
    lowered = article.casefold()
    if speaker.casefold() in lowered:
        return True
    # "Anton Weiss's family" (a pronoun's owner named) is grounded when "Anton Weiss" is
    words = [w.strip(".,'’").removesuffix("'s").removesuffix("’s") for w in speaker.split()]
    significant = [w for w in words if len(w) > 2 and w[:1].isupper()]
    return bool(significant) and all(w.casefold() in lowered for w in significant)


def _article_from(info: ValidationInfo) -> str | None:
    context: Any = info.context
    if isinstance(context, dict):
        article = context.get("article")
        if isinstance(article, str):
            return article
    return None
