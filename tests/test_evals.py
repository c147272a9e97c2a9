import hashlib
import json

import pytest

from claimex.evals.align import MATCH_THRESHOLD, align_claims, token_f1
from claimex.evals.baseline import rule_baseline
from claimex.evals.compare import compare_reports
from claimex.evals.dataset import DEFAULT_DATASET, GoldClaim, frozen_checksum_ok, load_dataset, load_split
from claimex.evals.metrics import outlet_match, role_match, score_article, speaker_match, summarise
from claimex.evals.report_html import render_report
from claimex.evals.run import evaluate, write_report
from claimex.schemas import Claim
from claimex.service.pipeline import Extractor

ARTICLE = 'Tomas Varga said the cables were "badly corroded". He added that the bridge could reopen in March. Traders fear losses.'


def span(text):
    start = ARTICLE.index(text)
    return {"text": text, "start": start, "end": start + len(text)}


def make(cls, speaker, claim, evidence, **extra):
    data = {
        "speaker": speaker,
        "claim": claim,
        "hedge_level": "certain",
        "quote_type": "indirect",
        "evidence": span(evidence),
    }
    data.update(extra)
    return cls.model_validate(data)


GOLD = [
    make(
        GoldClaim,
        "Tomas Varga",
        "The cables were badly corroded.",
        'Tomas Varga said the cables were "badly corroded".',
        quote_type="mixed",
        speaker_role="chief engineer",
    ),
    make(
        GoldClaim,
        "Tomas Varga",
        "The bridge could reopen in March.",
        "He added that the bridge could reopen in March.",
        hedge_level="possible",
        source_outlet="Harbour News",
    ),
    make(GoldClaim, "traders", "Traders fear losses.", "Traders fear losses.", required=False),
]


def as_pred(gold: GoldClaim, **changes) -> Claim:
    data = gold.model_dump(exclude={"required"})
    data.update(changes)
    return Claim.model_validate(data)


def test_perfect_prediction_scores_one_everywhere():
    preds = [as_pred(g) for g in GOLD[:2]]
    m = summarise(score_article(preds, GOLD, ARTICLE).counts)
    for key in (
        "claim_f1_strict",
        "claim_f1_lenient",
        "speaker_accuracy",
        "role_accuracy",
        "hedge_exact",
        "outlet_accuracy",
        "quote_type_accuracy",
        "cue_accuracy",
    ):
        assert m[key] == 1.0, key
    assert m["checks"] == {"grounding_rate": 1.0, "speaker_not_in_article": 0}
    assert m["recall_by_quote_type"]["mixed"] == 1.0


def test_empty_prediction_has_zero_recall_and_no_division_errors():
    m = summarise(score_article([], GOLD, ARTICLE).counts)
    assert (m["claim_recall_strict"], m["claim_precision_strict"], m["claim_f1_strict"]) == (0.0, 0.0, 0.0)
    assert summarise(score_article([], [], ARTICLE).counts)["claim_f1_lenient"] == 0.0


def test_all_wrong_predictions_are_false_claims():
    wrong = [make(Claim, None, "Engineers inspected pylons yesterday.", "Traders fear losses.")]
    score = score_article(wrong, GOLD[:2], ARTICLE)
    assert score.false_claims == [0] and score.missed == [0, 1]
    assert summarise(score.counts)["claim_precision_lenient"] == 0.0


def test_optional_claims_are_neither_rewarded_nor_punished():
    preds = [as_pred(g) for g in GOLD]
    m = summarise(score_article(preds, GOLD, ARTICLE).counts)
    assert m["claim_precision_strict"] == 1.0 and m["claim_recall_strict"] == 1.0


def test_wrong_speaker_is_lenient_but_not_strict_match():
    preds = [as_pred(GOLD[0], speaker="traders"), as_pred(GOLD[1])]
    m = summarise(score_article(preds, GOLD, ARTICLE).counts)
    assert m["claim_f1_lenient"] == 1.0
    assert m["claim_recall_strict"] == 0.5 and m["speaker_accuracy"] == 0.5


def test_merged_claim_matches_once_and_the_other_is_missed():
    merged = make(
        Claim,
        "Tomas Varga",
        "The cables were badly corroded and the bridge could reopen in March.",
        'Tomas Varga said the cables were "badly corroded". He added that the bridge could reopen in March.',
    )
    score = score_article([merged], GOLD, ARTICLE)
    assert score.counts.matched == 1 and len(score.missed) == 1


def test_split_claim_gives_one_match_and_one_false_claim():
    half = GOLD[0].claim
    preds = [as_pred(GOLD[0]), as_pred(GOLD[0], claim=half.replace("badly ", ""))]
    score = score_article(preds, GOLD[:1], ARTICLE)
    assert score.counts.matched == 1 and score.false_claims == [1]


def test_field_errors_are_counted_per_field():
    pred = as_pred(GOLD[1], hedge_level="certain", source_outlet=None)
    m = summarise(score_article([pred], GOLD[1:2], ARTICLE).counts)
    assert m["hedge_exact"] == 0.0 and m["hedge_within_one"] == 0.0 and m["outlet_accuracy"] == 0.0
    close = as_pred(GOLD[1], hedge_level="probable")
    assert summarise(score_article([close], GOLD[1:2], ARTICLE).counts)["hedge_within_one"] == 1.0


def test_ungrounded_predictions_are_counted():
    bad = Claim.model_construct(**{**as_pred(GOLD[0]).__dict__, "speaker": "Maria Lopez"})
    bad.evidence = bad.evidence.model_copy(update={"start": 1})
    m = summarise(score_article([bad], GOLD, ARTICLE).counts)
    assert m["checks"]["grounding_rate"] == 0.0 and m["checks"]["speaker_not_in_article"] == 1


def test_field_matchers():
    assert speaker_match("Varga", "Tomas Varga") and speaker_match(None, None)
    assert not speaker_match("Ingrid Solberg", "Tomas Varga") and not speaker_match(None, "traders")
    assert role_match("the chief engineer", "chief engineer of the authority") and role_match(None, None)
    assert outlet_match("TASS", "Russian state news agency TASS") and not outlet_match(None, "TASS")
    assert token_f1("The bridge could reopen", "the bridge could reopen in March") > 0.8
    assert 0 < MATCH_THRESHOLD < 1


def test_aligner_is_one_to_one():
    preds = [as_pred(GOLD[0]), as_pred(GOLD[0])]
    pairs = align_claims(preds, GOLD[:1])
    assert len(pairs) == 1


def test_bundled_gold_spans_are_verbatim_and_cover_both_articles():
    articles = load_dataset(DEFAULT_DATASET)
    assert {a.id for a in articles} >= {"seed-000_ef2a9120c73b0acb", "own-coffee-harvest"}
    for article in articles:
        assert sum(c.required for c in article.claims) >= 10
        for claim in article.claims:
            assert article.text[claim.evidence.start : claim.evidence.end] == claim.evidence.text


def test_gold_with_a_bad_span_is_rejected(tmp_path):
    record = {"id": "x", "text": ARTICLE, "claims": [GOLD[0].model_dump(mode="json")]}
    record["claims"][0]["evidence"]["start"] += 1
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        load_dataset(path)


def test_rule_baseline_finds_grounded_claims_on_our_article(coffee):
    claims = rule_baseline(coffee)
    assert len(claims) >= 6
    assert any(c.speaker == "Lucia Ferreira" for c in claims)
    assert all(coffee[c.evidence.start : c.evidence.end] == c.evidence.text for c in claims)


def test_runner_writes_json_and_html_reports_and_compare_gates(tmp_path, settings, fake_backend):
    articles = [a for a in load_dataset() if a.id == "own-coffee-harvest"]
    report = evaluate({"seed": articles}, Extractor(fake_backend, settings), repeat=2)
    assert report["prompt_version"] == settings.prompt and report["repeat"] == 2
    split = report["splits"]["seed"]
    assert split["overall"]["counts"]["gold_required"] == 2 * 11
    assert split["rules_only"]["counts"]["gold_required"] == 11 and split["baseline"]["counts"]["predicted"] > 0
    json_path, html_path = write_report(report, tmp_path / "r")
    html = html_path.read_text()
    assert "<mark class=" in html and "Missed" in html and "rule baseline" in html and "rules only" in html
    assert render_report(report) == html
    worse = json.loads(json_path.read_text())
    worse["splits"]["seed"]["overall"]["claim_f1_strict"] -= 0.1
    (tmp_path / "worse.json").write_text(json.dumps(worse))
    table, passed = compare_reports(json_path, tmp_path / "worse.json", max_drop=0.02)
    assert not passed and "claim_f1_strict" in table and "FAIL" in table
    assert compare_reports(json_path, json_path)[1]


def test_splits_are_disjoint_frozen_and_large_enough():
    dev, test = load_split("dev"), load_split("test")
    assert len(dev) >= 20 and len(test) >= 10
    assert not {a.id for a in dev} & {a.id for a in test}
    assert sum(c.required for a in dev + test for c in a.claims) >= 300
    assert frozen_checksum_ok() is True
    assert all(a.source_url and a.licence and a.attribution for a in dev + test)
    in_test = [int(hashlib.sha256(a.id.encode()).hexdigest()[0], 16) < 6 for a in dev + test]
    assert in_test == [False] * len(dev) + [True] * len(test)  # the split rule fixed before labelling


def test_a_changed_test_split_is_flagged(tmp_path):
    (tmp_path / "test.jsonl").write_text("{}\n")
    (tmp_path / "test.sha256").write_text("0" * 64 + "  test.jsonl\n")
    assert frozen_checksum_ok(tmp_path) is False


def test_cue_metric_compares_words():
    from claimex.evals.metrics import cue_match

    assert cue_match("said", "said") and cue_match("according to", "According to") and cue_match(None, None)
    assert not cue_match("said", "warned") and not cue_match("said", None)


def test_claim_text_close_tells_a_restatement_from_a_loose_fragment():
    restated = as_pred(GOLD[1], claim="The bridge could reopen in March.")
    fragment = as_pred(GOLD[1], claim="added that the bridge in a month")
    assert summarise(score_article([restated], GOLD[1:2], ARTICLE).counts)["claim_text_close"] == 1.0
    loose = score_article([fragment], GOLD[1:2], ARTICLE).counts
    assert loose.matched == 1 and summarise(loose)["claim_text_close"] == 0.0


@pytest.mark.parametrize("split", ["dev", "test"])
def test_every_published_gold_article_is_listed_with_its_source_and_licence(split):
    sources = (DEFAULT_DATASET.parent / "SOURCES.md").read_text(encoding="utf-8")
    for article in load_split(split):
        row = next((line for line in sources.splitlines() if line.startswith(f"| {split} | {article.id} |")), None)
        assert row is not None, f"{article.id} has no row in SOURCES.md"
        assert article.source_url in row and (article.licence or "").startswith("CC BY 2.5")


def test_a_rules_only_evaluation_loads_no_model_and_is_its_own_ablation(tmp_path, capsys):
    from claimex.evals.cli import eval_main

    code = eval_main(["--rules-only", "--article", "own-coffee-harvest", "--split", "seed", "--out", str(tmp_path)])
    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["model"] == "rules-only"
    split = report["splits"]["seed"]
    assert split["overall"] == split["rules_only"] and split["overall"]["counts"]["matched"] > 0
    assert split["per_article"][0]["usage"]["llm_calls"] > 0  # the silent model was asked, through instructor


def test_a_report_names_the_revision_it_started_on(monkeypatch, settings, fake_backend):
    import claimex.evals.run as run

    head = ["a" * 40]
    score_split = run._score_split

    def commit_while_scoring(*args, **kwargs):
        scored = score_split(*args, **kwargs)
        head[0] = "b" * 40  # a commit lands while the evaluation runs
        return scored

    monkeypatch.setattr(run, "git_revision", lambda: head[0])
    monkeypatch.setattr(run, "_score_split", commit_while_scoring)
    articles = [a for a in load_dataset() if a.id == "own-coffee-harvest"]
    assert evaluate({"seed": articles}, Extractor(fake_backend, settings))["git_revision"] == "a" * 40
