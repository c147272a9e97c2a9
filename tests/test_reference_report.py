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


def test_the_rules_only_reference_is_its_own_ablation():
    report = json.loads(RULES_ONLY.read_text())
    assert report["model"] == "rules-only"
    for entry in report["splits"].values():
        assert entry["overall"] == entry["rules_only"]
