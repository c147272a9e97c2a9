"""The committed reference reports cover every split and gate a change with ``claimex eval compare``.

``embedded-claims-v4.json`` is the embedded model's; ``rules-only-v4.json`` the rules alone (``claimex eval
--rules-only``), which any host re-scores in minutes.
"""

import json
from pathlib import Path

import pytest

from claimex.evals.compare import compare_reports
from claimex.evals.dataset import load_split

REPORTS = Path(__file__).resolve().parent.parent / "evals" / "reports"
REFERENCE = REPORTS / "embedded-claims-v4.json"
RULES_ONLY = REPORTS / "rules-only-v4.json"


@pytest.mark.parametrize("path", [REFERENCE, RULES_ONLY], ids=["embedded", "rules-only"])
def test_reference_report_scores_each_split_apart(path):
    report = json.loads(path.read_text())
    assert report["prompt_version"] == "claims@v4" and report["test_split_checksum_ok"] is True
    for split in ("seed", "dev", "test"):
        entry = report["splits"][split]
        assert entry["articles"] == len(load_split(split))
        for block in ("overall", "rules_only", "baseline"):
            assert 0.0 < entry[block]["claim_f1_strict"] <= 1.0
        assert entry["overall"]["checks"]["grounding_rate"] == 1.0


def test_compare_gates_on_the_reference(tmp_path):
    report = json.loads(REFERENCE.read_text())
    assert compare_reports(REFERENCE, REFERENCE)[1]
    report["splits"]["test"]["overall"]["claim_f1_strict"] -= 0.05
    worse = tmp_path / "worse.json"
    worse.write_text(json.dumps(report))
    table, passed = compare_reports(REFERENCE, worse, max_drop=0.01)
    assert not passed and "[test]" in table and "FAIL" in table


def test_compare_can_gate_on_one_split(tmp_path):
    report = json.loads(REFERENCE.read_text())
    report["splits"]["seed"]["overall"]["cue_accuracy"] -= 0.05
    worse = tmp_path / "worse.json"
    worse.write_text(json.dumps(report))
    assert not compare_reports(REFERENCE, worse, max_drop=0.01)[1]
    table, passed = compare_reports(REFERENCE, worse, max_drop=0.01, splits=["dev"])
    assert passed and "[seed]" not in table and "[dev]" in table


def test_compare_scores_a_grown_split_on_the_articles_both_reports_share(tmp_path):
    report = json.loads(RULES_ONLY.read_text())
    dev = report["splits"]["dev"]
    best = max(dev["per_article"], key=lambda e: e["metrics"]["claim_f1_strict"])
    worst = min(dev["per_article"], key=lambda e: e["metrics"]["claim_f1_strict"])
    dev["per_article"] = [e for e in dev["per_article"] if e["id"] != best["id"]]
    smaller = tmp_path / "smaller.json"
    smaller.write_text(json.dumps(report))
    assert "on the" not in compare_reports(RULES_ONLY, RULES_ONLY)[0]  # the same articles: overall as reported
    table, passed = compare_reports(smaller, RULES_ONLY, max_drop=0.0, splits=["dev"])
    shared = len(dev["per_article"])
    assert passed and f"[dev] on the {shared} articles both scored (old {shared}, new {shared + 1})" in table
    assert "claim_f1_strict                 " in table and "+0.000" in table.split("claim_f1_strict")[1][:40]
    dev["per_article"] = [e for e in dev["per_article"] if e["id"] != worst["id"]]
    dev["overall"]["claim_f1_strict"] = 0.1  # an overall over other articles must not decide the gate
    smaller.write_text(json.dumps(report))
    assert compare_reports(RULES_ONLY, smaller, max_drop=0.0, splits=["dev"])[1]


def test_the_rules_only_reference_is_its_own_ablation():
    report = json.loads(RULES_ONLY.read_text())
    assert report["model"] == "rules-only"
    for entry in report["splits"].values():
        assert entry["overall"] == entry["rules_only"]
