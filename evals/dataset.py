"""The gold datasets: JSONL, one article per line with its hand-labelled claims, in named splits.

Splits:
    seed: the seed article and two articles written while the product was built (``seed.jsonl``).
    dev: published Wikinews articles used to develop rules and prompts (``dev.jsonl``).
    test: published Wikinews articles labelled before any run on them, frozen by ``test.sha256`` and never
        used to choose a rule, word or prompt (``test.jsonl``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from claimex.schemas.claims import Claim

GOLD_DIR = Path(__file__).resolve().parent / "gold"
SPLITS = ("seed", "dev", "test")
DEFAULT_DATASET = GOLD_DIR / "seed.jsonl"
FROZEN_SPLIT = "test"


class GoldClaim(Claim):
    """A labelled claim. ``required`` claims count for recall; optional ones are neither rewarded nor punished."""

    model_config = ConfigDict(extra="forbid")

    required: bool = True


class GoldArticle(BaseModel):
    """One article, where it came from, and every claim a careful labeller finds in it (evals/LABELLING.md)."""

    id: str
    text: str
    claims: list[GoldClaim] = Field(default_factory=list)
    title: str | None = None
    source_url: str | None = None
    licence: str | None = None
    attribution: str | None = None
    obtained_from: str | None = None
    date: str | None = None
    year: int | None = None


def split_path(split: str) -> Path:
    """The JSONL file of a named split.

    Args:
        split: One of ``SPLITS``.

    Returns:
        Its path under ``evals/gold``.

    Raises:
        ValueError: For an unknown split name.

    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    return GOLD_DIR / f"{split}.jsonl"


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes, as hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def frozen_checksum_ok(gold_dir: Path = GOLD_DIR) -> bool | None:
    """Whether the frozen test split still has the checksum it was committed with.

    Returns:
        True when it matches, False when the file changed, None when there is no test split.

    """
    data, recorded = gold_dir / f"{FROZEN_SPLIT}.jsonl", gold_dir / f"{FROZEN_SPLIT}.sha256"
    if not data.exists() or not recorded.exists():
        return None
    return file_sha256(data) == recorded.read_text(encoding="utf-8").split()[0]


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


def load_split(split: str) -> list[GoldArticle]:
    """Read a named split (see ``SPLITS``)."""
    return load_dataset(split_path(split))
