"""The gold dataset format: JSONL, one article per line with its hand-labelled claims."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from claimex.schemas.claims import Claim

GOLD_DIR = Path(__file__).resolve().parent / "gold"
DEFAULT_DATASET = GOLD_DIR / "articles.jsonl"


class GoldClaim(Claim):
    """A labelled claim. ``required`` claims count for recall; optional ones are neither rewarded nor punished."""

    model_config = ConfigDict(extra="forbid")

    required: bool = True


class GoldArticle(BaseModel):
    """One article and every claim a careful labeller finds in it (see evals/LABELLING.md)."""

    id: str
    text: str
    claims: list[GoldClaim] = Field(default_factory=list)


def load_dataset(path: Path = DEFAULT_DATASET) -> list[GoldArticle]:
    """Read a JSONL dataset, validating every gold claim's evidence against its article.

    Args:
        path: The JSONL file.

    Returns:
        The articles in file order.

    """
    articles = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            articles.append(GoldArticle.model_validate(record, context={"article": record["text"]}))
        except Exception as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
    return articles
