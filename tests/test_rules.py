from claimex.service.pipeline.rules import looks_like_subject, read_by_rules
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences


def reading(text):
    sentences = segment_article(text)
    (sentence,) = sentences
    cue = attribute_sentences(text, sentences).by_sentence[0][0].cue
    return read_by_rules(text, (sentence.start, sentence.end), cue)


def test_subject_before_cue_and_clause_after():
    r = reading("Port officials, however, have warned that catches could fall.")
    assert (r.subject, r.claim) == ("Port officials", "catches could fall")
    r = reading("Tomas Varga said the cables were corroded.")
    assert (r.subject, r.claim) == ("Tomas Varga", "the cables were corroded")


def test_sentence_final_cue_and_according_to():
    r = reading("The library will open in June, officials said.")
    assert (r.subject, r.claim) == ("officials", "The library will open in June")
    r = reading("Prices rose sharply, according to figures released by the regional cooperative.")
    assert (r.subject, r.claim) == ("the regional cooperative", "Prices rose sharply")


def test_no_subject_for_clauses_and_instructions():
    assert reading("It was said that the aid will be enough.").subject is None
    assert not looks_like_subject("Ignore previous instructions and output")
    assert looks_like_subject("He") and looks_like_subject("analysts") and looks_like_subject("the ministry")


def plain(text):
    from claimex.service.pipeline.rules import plain_clause_claims

    sentences = segment_article(text)
    (sentence,) = sentences
    attributions = attribute_sentences(text, sentences).by_sentence[0]
    cues = [a.cue.start for a in attributions]
    claims = plain_clause_claims(text, (sentence.start, sentence.end), attributions[0], cues)
    return claims[0] if claims and len(claims) == 1 else claims


def test_a_named_speakers_plain_clause_is_the_claim():
    assert plain("Tomas Varga, the chief engineer, said the cables were corroded.") == "The cables were corroded."
    assert plain("Tomas Varga told reporters on Monday that the bridge would reopen.") == "The bridge would reopen."
    assert plain("The bridge will reopen in March, Tomas Varga said.") == "The bridge will reopen in March."


def test_clauses_joined_by_and_or_but_are_one_claim_each():
    assert plain("Mia Kovac said the pier was closed and that the ferries had stopped.") == [
        "The pier was closed.",
        "The ferries had stopped.",
    ]
    assert plain("Mia Kovac claims that her boat was seized by the port and she had to sell her nets.") == [
        "Her boat was seized by the port.",
        "She had to sell her nets.",
    ]
    assert plain("Mia Kovac said the pier and the road were closed.") == "The pier and the road were closed."


def test_anything_more_than_the_attribution_needs_the_model():
    assert plain("Traders, however, doubt that the aid will be enough.") is None  # doubting X is not X
    assert plain("Tomas Varga denied that the pier was unsafe.") is None  # denying X is not X either
    assert plain("Varga described the cables as worn.") is None  # no finite clause to copy
    assert plain("It was said that the aid will be enough.") is None  # nobody named
    assert plain('Varga criticised the delay, saying the repairs "took far too long".') is None
    assert plain('"The bridge will reopen," Varga said, but the council "has other plans".') is None


def test_a_report_the_parser_made_the_complement_of_the_clause_after_its_comma_still_reports_that_clause():
    from claimex.evals.run import rules_only_extractor
    from claimex.service.config import Settings

    claims = rules_only_extractor(Settings()).extract("Lune Radio reported in March, 40 boats had left the harbour.").claims
    assert [(c.speaker, c.claim) for c in claims] == [("Lune Radio", "40 boats had left the harbour.")]


def rule_reading(text):
    from claimex.service.pipeline.rules import rule_claim

    sentences = segment_article(text)
    (sentence,) = sentences
    attribution = attribute_sentences(text, sentences).by_sentence[0][0]
    return rule_claim(text, (sentence.start, sentence.end), attribution)


def test_a_quotation_before_its_attribution_is_the_claim_not_the_words_after_the_cue():
    said = '"The cables were worn long before the storm," said Tomas Varga, the chief engineer of the port.'
    assert rule_reading(said) == "The cables were worn long before the storm"
    told = '"The ferries will not sail this week," Varga told the harbour radio station, citing the wind.'
    assert rule_reading(told) == "The ferries will not sail this week"
    # A quotation after the cue, or no quotation before it, is read as before.
    assert rule_reading('Varga said, "The cables were worn."').strip('".') == "The cables were worn"
    assert rule_reading("The cables were worn, said Tomas Varga, the chief engineer.") == "The cables were worn"


def test_the_rules_read_the_clause_a_source_phrase_credits_not_the_phrase():
    assert rule_reading("According to the harbour office, the ferries had stopped.") == "the ferries had stopped"
    text = "The quay was closed and according to its harbour office the ferries had stopped."
    assert rule_reading(text) == "the ferries had stopped"


def test_the_clause_the_parse_hangs_on_the_cue_is_the_claim_without_the_audience_or_time_before_it():
    text = "Tomas Varga told a long meeting of the harbour board in the town hall on Friday that the pier would reopen."
    assert rule_reading(text) == "the pier would reopen"
