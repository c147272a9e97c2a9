import json

from claimex.evals.replay import replay, replay_table, rule_units
from claimex.service.config import Settings

ARTICLE = (
    "Mia Kovac announced on Monday that the pier would close in May. "
    '"The divers were never asked," Tomas Varga said, pointing at the quay.'
)
SECOND = ARTICLE.index('"The divers')


def claim(speaker, text, start, end):
    return {
        "speaker": speaker,
        "claim": text,
        "hedge_level": "certain",
        "quote_type": "indirect",
        "cue": "said",
        "evidence": {"text": ARTICLE[start:end], "start": start, "end": end},
    }


def report(path, predicted):
    gold = {
        "id": "a1",
        "text": ARTICLE,
        "claims": [
            {**claim("Mia Kovac", "The pier would close in May.", 0, SECOND - 1), "required": True},
            {**claim("Tomas Varga", "The divers were never asked.", SECOND, len(ARTICLE)), "required": True},
        ],
    }
    path.write_text(
        json.dumps({"splits": {"dev": {"gold": [gold], "per_article": [{"id": "a1", "predicted": predicted}]}}})
    )
    return path


def test_replay_swaps_in_the_rules_claims_only_in_units_the_settings_give_to_the_rules(tmp_path):
    model = report(
        tmp_path / "model.json",
        [
            claim("Mia Kovac", "Mia Kovac made an announcement on Monday.", 0, SECOND - 1),  # the model's miss
            claim("Tomas Varga", "The divers were never asked.", SECOND, len(ARTICLE)),
        ],
    )
    rules = report(
        tmp_path / "rules.json",
        [
            claim("Mia Kovac", "the pier would close in May", 0, SECOND - 1),
            claim("Tomas Varga", "The divers were never asked", SECOND, len(ARTICLE)),
        ],
    )
    settings = Settings(backend="fake", rule_unquoted=True)
    # A speaker's whole quotation is always the rules'; the unquoted report only with CLAIMEX_RULE_UNQUOTED.
    assert [ARTICLE[a:b].split()[0] for a, b in rule_units(ARTICLE, settings)] == ["Mia", '"The']
    result = replay(model, rules, "dev", settings)
    assert result["as_run"]["claim_f1_strict"] == 0.5 and result["replayed"]["claim_f1_strict"] == 1.0
    assert "replayed  strict F1 1.0000" in replay_table(result, "dev")
    # With the switch off the model's reading of the announcement stands.
    off = replay(model, rules, "dev", Settings(backend="fake", rule_unquoted=False, rule_clauses=False))
    assert off["units"] == 1 and off["replayed"]["claim_f1_strict"] == 0.5


def test_claimex_eval_replay_prints_both_scores(tmp_path, capsys, monkeypatch):
    from claimex.service.cli import main

    answers = [
        claim("Mia Kovac", "Mia Kovac made an announcement on Monday.", 0, SECOND - 1),
        claim("Tomas Varga", "The divers were never asked.", SECOND, len(ARTICLE)),
    ]
    model = report(tmp_path / "model.json", answers)
    rules = report(tmp_path / "rules.json", [claim("Mia Kovac", "the pier would close in May", 0, SECOND - 1)])
    monkeypatch.setenv("CLAIMEX_BACKEND", "fake")
    assert main(["eval", "replay", str(model), str(rules), "--split", "dev"]) == 0
    printed = capsys.readouterr().out
    assert "dev: 2 units read by rules" in printed and "as_run    strict F1 0.5000" in printed
