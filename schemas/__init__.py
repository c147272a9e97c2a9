"""Pydantic models that form claimex's contract. Imports nothing else of claimex."""

from claimex.schemas.api import ErrorBody, ErrorDetail, ExtractRequest, ExtractResponse, SourceMeta, Timings, Usage
from claimex.schemas.claims import HEDGE_ORDER, Claim, Evidence, HedgeLevel, QuoteType
from claimex.schemas.drafts import ArticleDraft, ArticleDraftClaim, DraftClaim, SentenceDraft

__all__ = [
    "HEDGE_ORDER",
    "ArticleDraft",
    "ArticleDraftClaim",
    "Claim",
    "DraftClaim",
    "ErrorBody",
    "ErrorDetail",
    "Evidence",
    "ExtractRequest",
    "ExtractResponse",
    "HedgeLevel",
    "QuoteType",
    "SentenceDraft",
    "SourceMeta",
    "Timings",
    "Usage",
]
