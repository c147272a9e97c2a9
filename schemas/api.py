"""Request, response and error bodies of the HTTP API (also what the CLI prints)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from claimex.schemas.claims import Claim


class SourceMeta(BaseModel):
    """Optional metadata about where the article came from."""

    model_config = ConfigDict(extra="forbid")

    outlet: str | None = Field(default=None, max_length=200, description="Publication that ran the article.")
    url: str | None = Field(default=None, max_length=2000)
    published_at: datetime | None = None


class ExtractRequest(BaseModel):
    """An article to extract claims from."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article's plain text.")
    source: SourceMeta | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty or only whitespace; send the article's text.")
        if "\x00" in value:
            raise ValueError("text contains NUL bytes; send plain text, not a binary file.")
        return value


class Usage(BaseModel):
    """Tokens spent on the language model for one extraction."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    llm_calls: int = 0
    rule_units: int = Field(
        default=0, description="Report units read by rules alone, without a model call (e.g. a running quotation)."
    )


class Timings(BaseModel):
    """Where the time of one extraction went."""

    total_ms: float = 0.0
    llm_ms: float = 0.0


class ExtractResponse(BaseModel):
    """The claims of one article and how they were obtained."""

    claims: list[Claim]
    model: str
    prompt_version: str
    mode: str = Field(description="'candidates' (rules find claim sentences first) or 'whole' (one read).")
    usage: Usage = Field(default_factory=Usage)
    timings: Timings = Field(default_factory=Timings)
    cached: bool = False
    partial: bool = Field(
        default=False,
        description="True when part of the article went unread: the request's deadline passed (the claims found "
        "until then are returned; with none found the answer is 504 instead) or the cap on model calls per "
        "request was reached. The warnings say which.",
    )
    warnings: list[str] = Field(default_factory=list, description="Parts that could not be extracted, and why.")


class ErrorDetail(BaseModel):
    """What went wrong, where, and how to fix it."""

    type: str
    message: str
    field: str | None = None


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer has this shape."""

    error: ErrorDetail
