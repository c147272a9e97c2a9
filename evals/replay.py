"""Replay a model report with the rules reading the units the current settings give to the rules.

A full model evaluation of the gold takes hours on a slow host; a change that moves units between the model
and the rules (``CLAIMEX_RULE_UNQUOTED``) can be measured without one. This takes the claims of a model report,
replaces those in units the current pipeline reads without a model call by the claims of a rules-only report,
and scores both. The model report may be older than the code: its answers stand for what the model would say.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimex.evals.dataset import GoldClaim
from claimex.evals.metrics import Counts, score_article, summarise
from claimex.schemas.claims import Claim
from claimex.service.config import Settings
from claimex.service.pipeline.candidates import find_candidates
from claimex.service.pipeline.drafting import read_without_model
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences


def rule_units(text: str, settings: Settings) -> list[tuple[int, int]]:
    """The (start, end) offsets of the units of an article that ``settings`` have the rules read."""
    sentences = segment_article(text)
    sources = attribute_sentences(text, sentences, max_parse_chars=settings.max_parse_chars)
    spans = []
    for candidate in find_candidates(sentences, sources, include_epistemic=settings.epistemic_candidates):
        for span in candidate.units or ((candidate.sentence.start, candidate.sentence.end),):
            attribution = candidate.attribution_for(span)
            rules = {"rule_clauses": settings.rule_clauses, "rule_unquoted": settings.rule_unquoted}
            if attribution is not None and read_without_model(text, candidate, span, attribution, **rules):
                spans.append(span)
    return spans


def replay(model_report: Path, rules_report: Path, split: str, settings: Settings) -> dict[str, Any]:
    """Scores of a model report as it was, and with the rules' claims in the units the rules now read.

    Args:
        model_report: A ``claimex eval`` report.json made with a model.
        rules_report: A ``claimex eval --rules-only`` report.json of the same gold.
        split: The split to replay (both reports must hold it).
        settings: The settings whose rule switches decide which units the rules read.

    Returns:
        ``{"as_run": summary, "replayed": summary, "units": n}`` with summaries as in a report's ``overall``.

    """
    model = json.loads(model_report.read_text(encoding="utf-8"))["splits"][split]
    rules = {a["id"]: a for a in json.loads(rules_report.read_text(encoding="utf-8"))["splits"][split]["per_article"]}
    as_run, replayed, units = Counts(), Counts(), 0
    for gold, entry in zip(model["gold"], model["per_article"], strict=True):
        text, golds = gold["text"], [GoldClaim.model_validate(c) for c in gold["claims"]]
        spans = rule_units(text, settings)
        units += len(spans)

        def by_rules(claim: dict[str, Any], spans: list[tuple[int, int]] = spans) -> bool:
            return any(a <= claim["evidence"]["start"] < b for a, b in spans)

        claims = [c for c in entry["predicted"] if not by_rules(c)]
        claims += [c for c in rules[entry["id"]]["predicted"] if by_rules(c)]
        as_run += score_article([Claim.model_validate(c) for c in entry["predicted"]], golds, text).counts
        replayed += score_article([Claim.model_validate(c) for c in claims], golds, text).counts
    return {"as_run": summarise(as_run), "replayed": summarise(replayed), "units": units}


def replay_table(result: dict[str, Any], split: str) -> str:
    """The replay's headline numbers, as run and replayed, one line each."""
    lines = [f"{split}: {result['units']} units read by rules under the current settings"]
    for name in ("as_run", "replayed"):
        s = result[name]
        lines.append(
            f"  {name:9} strict F1 {s['claim_f1_strict']:.4f}  P {s['claim_precision_strict']:.4f}  "
            f"R {s['claim_recall_strict']:.4f}  speaker {s['speaker_accuracy']:.4f}  "
            f"text close {s['claim_text_close']:.4f}  predicted {s['counts']['predicted']}"
        )
    return "\n".join(lines)
