import pytest
from pydantic import ValidationError

from claimex.schemas import Claim, ExtractRequest, SentenceDraft

ARTICLE = 'Tomas Varga said the cables were "badly corroded". Engineers fear delays.'


def claim(**overrides):
    start = ARTICLE.index("Tomas")
    end = ARTICLE.index(".") + 1
    data = {
        "speaker": "Tomas Varga",
        "claim": "The cables were badly corroded.",
        "hedge_level": "certain",
        "quote_type": "mixed",
        "evidence": {"text": ARTICLE[start:end], "start": start, "end": end},
    }
    data.update(overrides)
    return data


def test_valid_claim_passes_with_article_context():
    parsed = Claim.model_validate(claim(), context={"article": ARTICLE})
    assert parsed.speaker == "Tomas Varga"
    assert parsed.evidence.end == ARTICLE.index(".") + 1


def test_evidence_not_in_article_is_rejected_with_a_fixable_message():
    bad = claim(evidence={"text": "The cables snapped.", "start": 0, "end": 19})
    with pytest.raises(ValidationError, match="not in the article. Copy the supporting words exactly"):
        Claim.model_validate(bad, context={"article": ARTICLE})


def test_wrong_offsets_are_rejected_and_the_right_offset_is_named():
    text = "Engineers fear delays."
    bad = claim(speaker="Engineers", quote_type="indirect", evidence={"text": text, "start": 0, "end": len(text)})
    with pytest.raises(ValidationError, match=f"first occurs at {ARTICLE.index(text)}"):
        Claim.model_validate(bad, context={"article": ARTICLE})


def test_speaker_absent_from_article_is_rejected():
    with pytest.raises(ValidationError, match="does not appear in the article"):
        Claim.model_validate(claim(speaker="Maria Lopez"), context={"article": ARTICLE})


def test_a_named_owners_group_is_grounded_by_the_owners_name():
    parsed = Claim.model_validate(claim(speaker="Tomas Varga's family"), context={"article": ARTICLE})
    assert parsed.speaker == "Tomas Varga's family"
    with pytest.raises(ValidationError, match="does not appear in the article"):
        Claim.model_validate(claim(speaker="Maria Lopez's family"), context={"article": ARTICLE})


def test_direct_quote_needs_quotation_marks_in_evidence():
    text = "Engineers fear delays."
    start = ARTICLE.index(text)
    bad = claim(
        speaker="Engineers", quote_type="direct", evidence={"text": text, "start": start, "end": start + len(text)}
    )
    with pytest.raises(ValidationError, match="no quotation marks"):
        Claim.model_validate(bad, context={"article": ARTICLE})


def test_unknown_hedge_and_extra_fields_are_rejected():
    with pytest.raises(ValidationError):
        Claim.model_validate(claim(hedge_level="sure"))
    with pytest.raises(ValidationError):
        Claim.model_validate(claim(confidence=0.9))


@pytest.mark.parametrize("text", ["", "   \n\t"])
def test_blank_request_text_is_rejected(text):
    with pytest.raises(ValidationError, match="empty|at least 1"):
        ExtractRequest(text=text)


def test_draft_rejects_speaker_and_claim_words_foreign_to_article():
    with pytest.raises(ValidationError, match="not named in the article"):
        SentenceDraft.model_validate(
            {"claims": [{"speaker": "Maria Lopez", "claim": "Cables corroded.", "hedge": "certain"}]},
            context={"article": ARTICLE},
        )
    with pytest.raises(ValidationError, match="do not copy the examples"):
        SentenceDraft.model_validate(
            {
                "claims": [
                    {"speaker": None, "claim": "Reef sharks sleep with one eye open nightly.", "hedge": "certain"}
                ]
            },
            context={"article": ARTICLE},
        )


def test_compact_unit_claims_take_texts_and_the_long_form():
    from claimex.schemas.drafts import UnitClaims

    article = "The bridge is shut, Tomas Varga said."
    compact = UnitClaims.model_validate({"claims": ["The bridge is shut."]}, context={"article": article})
    assert (compact.speaker, compact.claims) == (None, ["The bridge is shut."])
    long_form = {"claims": [{"speaker": "Tomas Varga", "claim": "The bridge is shut.", "hedge": "certain"}]}
    lifted = UnitClaims.model_validate(long_form, context={"article": article})
    assert (lifted.speaker, lifted.claims) == ("Tomas Varga", ["The bridge is shut."])


def test_compact_unit_claims_are_checked_against_the_article_with_messages_for_the_model():
    from claimex.schemas.drafts import UnitClaims

    article = "The bridge is shut, Tomas Varga said."
    with pytest.raises(ValidationError, match="is not named in the article"):
        UnitClaims.model_validate(
            {"speaker": "Ines Holm", "claims": ["The bridge is shut."]}, context={"article": article}
        )
    with pytest.raises(ValidationError, match="not in the article"):
        UnitClaims.model_validate({"claims": ["Reef sharks sleep with one eye open."]}, context={"article": article})
    with pytest.raises(ValidationError, match="not an empty string"):
        UnitClaims.model_validate({"claims": [""]}, context={"article": article})


def test_a_claim_mostly_from_the_article_but_with_words_only_the_examples_hold_is_rejected():
    article = "The harbour report suggests that the north quay, open since 1890, needs repairs with some urgency."
    examples = "A study published on Monday suggests that reef sharks sleep with one eye open."
    borrowed = {"claims": [{"speaker": None, "claim": "The report suggests that reef sharks sleep.", "hedge": "probable"}]}
    SentenceDraft.model_validate(borrowed, context={"article": article})  # few enough foreign words on their own
    with pytest.raises(ValidationError, match="copies the examples, not this article"):
        SentenceDraft.model_validate(borrowed, context={"article": article, "examples": examples})
