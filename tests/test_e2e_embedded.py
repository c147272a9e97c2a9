"""The real embedded model, end to end, on a short article we wrote. Slow (about a minute on 2 cores)."""

import pytest

from claimex.evals.run import rules_only_extractor
from claimex.service.backends import create_backend
from claimex.service.config import Settings
from claimex.service.pipeline import Extractor

ARTICLE = (
    "The city of Brenholm will close its oldest tram line next year, officials announced on Monday.\n"
    'Transport director Ingrid Solberg said the tracks were "beyond economic repair". '
    "She described the electric buses that will replace the trams as quieter and cheaper to run.\n"
    "Residents fear the change may cut them off from the city centre."
)


@pytest.mark.slow
def test_embedded_model_extracts_grounded_claims():
    settings = Settings(backend="llama")
    response = Extractor(create_backend(settings), settings).extract(ARTICLE)
    assert response.model and response.prompt_version == settings.prompt
    assert response.usage.completion_tokens > 0 and response.usage.llm_calls >= 1
    assert response.claims, response.warnings
    for claim in response.claims:
        assert ARTICLE[claim.evidence.start : claim.evidence.end] == claim.evidence.text
    speakers = {c.speaker for c in response.claims}
    assert "Ingrid Solberg" in speakers, speakers
    solberg = [c for c in response.claims if c.speaker == "Ingrid Solberg"]
    assert any(c.speaker_role == "Transport director" for c in solberg)
    # Something only the model produces: with a model that finds nothing the rules fill every gap, so the
    # model's run must contain claims the rules-only ablation does not (its own wording of a claim).
    rules = {c.claim for c in rules_only_extractor(settings).extract(ARTICLE).claims}
    model_only = [c.claim for c in response.claims if c.claim not in rules]
    assert model_only, (rules, [c.claim for c in response.claims])
    # The plain "X said <clause>" sentences are read by rules; "described … as …" needs the model.
    assert response.usage.rule_units >= 1
