"""Denials read by rules: the clause a speaker denies is claimed to be untrue, never copied as if asserted."""

import json

import pytest

from claimex.evals.run import rules_only_extractor
from claimex.service.config import Settings


@pytest.fixture(scope="module")
def rules_only():
    return rules_only_extractor(Settings())


def claims(extractor, text):
    return [(c.speaker, c.claim) for c in extractor.extract(text).claims]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Mayor Ana Ruiz denied that the bridge had been closed for a week.", "the bridge had been closed for a week"),
        ("Mayor Ana Ruiz denied reports that the ferry service would end in May.", "the ferry service would end in May"),
        ("The harbour board rejected claims that the tender was rigged.", "the tender was rigged"),
        ("Mayor Ana Ruiz denied the bridge had been closed for a week.", "the bridge had been closed for a week"),
    ],
)
def test_a_denied_clause_is_claimed_untrue(rules_only, text, claim):
    ((speaker, text_out),) = claims(rules_only, text)
    assert text_out == f"It is not true that {claim}."
    assert speaker in {"Ana Ruiz", "harbour board"}


def test_a_denied_thing_restates_the_denial_with_its_speaker(rules_only):
    assert claims(rules_only, "Mayor Ana Ruiz has denied any wrongdoing in the tender.") == [
        ("Ana Ruiz", "Ana Ruiz denied any wrongdoing in the tender.")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ana Ruiz denied the report.",  # what is denied was said elsewhere
        "Mayor Ana Ruiz denied these allegations.",
        "The harbour board dismissed Captain Leo Marsh after the storm.",  # a person dismissed is no proposition
        "Mayor Ana Ruiz questioned whether the bridge was safe.",  # contests without asserting the opposite
    ],
)
def test_no_claim_where_the_denied_proposition_is_not_in_the_sentence(rules_only, text):
    assert claims(rules_only, text) == []


def test_a_model_claim_that_copies_the_denied_clause_is_negated(fake_backend, fake_chat, settings):
    from claimex.service.pipeline.extract import Extractor

    text = "Mayor Ana Ruiz denied that the harbour tender had been rigged by the board."
    fake_chat.queue(json.dumps({"claims": ["The harbour tender had been rigged by the board."]}))
    (claim,) = Extractor(fake_backend, settings).extract(text).claims
    assert claim.claim == "It is not true that the harbour tender had been rigged by the board."
    assert claim.speaker == "Ana Ruiz"


def test_a_model_claim_that_already_negates_is_kept(fake_backend, fake_chat, settings):
    from claimex.service.pipeline.extract import Extractor

    text = "Mayor Ana Ruiz denied that the harbour tender had been rigged by the board."
    fake_chat.queue(json.dumps({"claims": ["The harbour tender was not rigged by the board."]}))
    (claim,) = Extractor(fake_backend, settings).extract(text).claims
    assert claim.claim == "The harbour tender was not rigged by the board."


@pytest.mark.parametrize(
    "text",
    [
        "The harbour trust made several claims that Mayor Ana Ruiz strongly denied.",  # the object stands before
        "There were reports of bribes that Ruiz flatly denied.",
    ],
)
def test_a_denial_whose_object_stands_before_it_claims_nothing_and_does_not_fail(rules_only, text):
    assert claims(rules_only, text) == []
