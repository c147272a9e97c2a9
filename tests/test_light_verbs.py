"""Light verbs that report ("made clear that …"), through the real parser and the rules-only pipeline."""

import pytest

from claimex.evals.run import rules_only_extractor
from claimex.service.config import Settings


@pytest.fixture(scope="module")
def rules_only():
    return rules_only_extractor(Settings())


@pytest.mark.parametrize(
    ("text", "speaker", "claim"),
    [
        ("Port managers made clear that the pier was closed for the winter.", "port managers", "The pier was closed for the winter."),
        ("Ana Ruiz made it clear that the ferry had stopped for good.", "Ana Ruiz", "The ferry had stopped for good."),
        ("Ana Ruiz has made it plain that she will stay on the board.", "Ana Ruiz", "She will stay on the board."),
    ],
)
def test_what_a_speaker_made_clear_is_their_claim(rules_only, text, speaker, claim):
    (found,) = rules_only.extract(text).claims
    assert (found.speaker, found.claim, found.hedge_level.value) == (speaker, claim, "certain")


@pytest.mark.parametrize(
    "text", ["The storm made the road impassable.", "Ana Ruiz made clear her opposition to the plan."]
)
def test_make_without_a_clause_made_clear_reports_nothing(rules_only, text):
    assert rules_only.extract(text).claims == []
