import json

from claimex.schemas.claims import QuoteType
from claimex.service.pipeline import Extractor

from .conftest import claims_json


def test_pipeline_grounds_resolves_and_propagates_on_our_article(settings, fake_backend, fake_chat, coffee):
    def answer(messages):
        sentence = messages[-1]["content"].split("Sentence [", 1)[1]
        if sentence.startswith("4]"):
            return claims_json(("Ferreira", "The rust outbreak is the worst in a generation.", "certain"))
        if sentence.startswith("11]"):
            return claims_json(("the cooperative", "The cooperative could seek a merger.", "certain"))
        if sentence.startswith("3]"):
            return claims_json(("She", "Several hundred small farms could abandon coffee.", "certain"))
        return claims_json()

    fake_chat._fallback = answer
    response = Extractor(fake_backend, settings).extract(coffee)
    by_claim = {c.claim: c for c in response.claims}
    rust = by_claim["The rust outbreak is the worst in a generation."]
    assert (rust.speaker, rust.source_outlet, rust.quote_type.value) == ("Lucia Ferreira", "Campo Hoje", "mixed")
    farms = by_claim["Several hundred small farms could abandon coffee."]
    assert (farms.speaker, farms.hedge_level.value, farms.source_outlet) == ("Lucia Ferreira", "possible", None)
    merger = by_claim["The cooperative could seek a merger."]
    assert (merger.speaker, merger.hedge_level.value) == (None, "speculative")  # impersonal framing
    for claim in response.claims:
        assert coffee[claim.evidence.start : claim.evidence.end] == claim.evidence.text


def test_identical_article_is_served_from_the_cache(settings, fake_backend, fake_chat, coffee):
    extractor = Extractor(fake_backend, settings)
    first = extractor.extract(coffee)
    calls = len(fake_chat.requests)
    again = extractor.extract(coffee)
    assert again.cached and not first.cached
    assert len(fake_chat.requests) == calls
    assert again.claims == first.claims
    assert extractor.extract(coffee, use_cache=False).cached is False


def test_long_articles_are_chunked_not_truncated(settings, fake_backend, fake_chat, coffee):
    long_text = "\n".join(coffee.strip().replace("in the north", f"in district {i}") for i in range(6))
    small_chunks = settings.model_copy(update={"chunk_chars": 1500, "max_article_chars": 100_000})
    response = Extractor(fake_backend, small_chunks).extract(long_text)
    asked = [r["messages"][-1]["content"] for r in fake_chat.requests]
    assert any("in district 5." in a.split("\n\nSentence")[1] for a in asked)  # the last copy was read
    assert response.claims and not response.warnings
    articles_in_prompts = {r["messages"][-1]["content"].split("\n\nSentence")[0] for r in fake_chat.requests}
    assert len(articles_in_prompts) > 1 and all(len(a) < 1600 + 10 for a in articles_in_prompts)


def test_whole_mode_aligns_model_evidence_and_drops_ungrounded(settings, fake_backend, fake_chat, coffee):
    import json

    fake_chat.queue(
        json.dumps(
            {
                "claims": [
                    {
                        "speaker": "Agronomists",
                        "claim": "The fungus appears to have spread faster.",
                        "hedge": "probable",
                        "evidence": "Agronomists say the fungus appears to have spread faster because of unusually warm nights.",
                    },
                    {
                        "speaker": "Traders",
                        "claim": "The aid will not be enough.",
                        "hedge": "probable",
                        "evidence": "Traders, however, doubt that the aid will be enough.",
                    },
                ]
            }
        )
    )
    whole = settings.model_copy(update={"mode": "whole"})
    response = Extractor(fake_backend, whole).extract(coffee)
    assert response.prompt_version == "claims_whole@v1"
    assert [c.speaker for c in response.claims] == ["agronomists", "traders"]
    assert response.claims[0].evidence.text.startswith("Agronomists say")


def test_continuation_units_get_their_own_claims_evidence_and_the_main_speaker(
    settings, fake_backend, fake_chat, coffee
):
    def answer(messages):
        focus = messages[-1]["content"].split("\n\nSentence [", 1)[-1]
        if focus.startswith("10b]: noting that stocks"):
            return claims_json(("stocks", "Stocks in the port warehouses are already low.", "certain"))
        if focus.startswith("10]: Some exporters"):
            return claims_json(("Some exporters", "Shortages may push local prices to a record high.", "possible"))
        return claims_json()

    fake_chat._fallback = answer
    response = Extractor(fake_backend, settings).extract(coffee)
    stocks = next(c for c in response.claims if c.claim.startswith("Stocks"))
    assert stocks.speaker == "some exporters"  # inherited from the main clause, not the model's "stocks"
    assert stocks.evidence.text == "noting that stocks in the port warehouses are already low."


def test_a_claim_copied_from_another_sentence_is_reasked(settings, fake_backend, fake_chat, coffee):
    copied = claims_json(
        ("Lucia Ferreira", "The crop would fall by at least a third compared with last year.", "certain")
    )
    fake_chat._fallback = lambda messages: claims_json()
    fake_chat.queue(copied)  # first candidate (sentence 1) answers with sentence 2's claim
    Extractor(fake_backend, settings).extract(coffee)
    reask = str(fake_chat.requests[1]["messages"])
    assert "does not come from the sentence you were asked about" in reask


def test_empty_answer_to_a_reporting_sentence_gets_one_nudge(settings, fake_backend, fake_chat):
    text = "Traders, however, doubt that the aid will be enough."
    fake_chat.queue(claims_json(), claims_json(("Traders", "The aid will not be enough.", "probable")))
    response = Extractor(fake_backend, settings).extract(text)
    assert [(c.speaker, c.claim) for c in response.claims] == [("traders", "The aid will not be enough.")]
    assert response.usage.llm_calls == 2
    assert "it says 'doubt'" in fake_chat.requests[1]["messages"][-1]["content"]
    fake_chat.queue(claims_json(), claims_json())  # the model insists: the rules' reading is taken
    (claim,) = Extractor(fake_backend, settings).extract(text + " ").claims
    assert (claim.speaker, claim.claim) == ("traders", "doubt that the aid will be enough")
    fake_chat.queue(claims_json(), claims_json())  # no subject the rules can name: the empty answer stands
    assert Extractor(fake_backend, settings).extract("It was said that the aid will be enough.").claims == []


def test_a_rules_reading_too_short_to_be_a_claim_leaves_the_answer_empty(settings, fake_backend, fake_chat):
    fake_chat._fallback = lambda messages: claims_json()  # the model insists there is no claim
    assert Extractor(fake_backend, settings).extract("Mia Kovac said it.").claims == []


def test_no_nudge_after_a_reask_that_ended_empty(settings, fake_backend, fake_chat):
    text = "Traders, however, doubt that the aid will be enough."
    copied = claims_json(
        ("Traders", "Reef sharks sleep with one eye open.", "certain")
    )  # re-asked: not in the sentence
    fake_chat.queue(copied, claims_json())
    response = Extractor(fake_backend, settings).extract(text)
    assert response.usage.llm_calls == 2  # ask + re-ask; no nudge
    assert [(c.speaker, c.claim) for c in response.claims] == [("traders", "doubt that the aid will be enough")]


def test_the_articles_own_outlet_fills_claims_without_an_intermediary(settings, fake_backend, fake_chat, coffee):
    def answer(messages):
        sentence = messages[-1]["content"].split("Sentence [", 1)[1]
        if sentence.startswith("4]"):
            return claims_json(("Ferreira", "The rust outbreak is the worst in a generation.", "certain"))
        if sentence.startswith("3]"):
            return claims_json(("She", "Several hundred small farms could abandon coffee.", "certain"))
        return claims_json()

    fake_chat._fallback = answer
    extractor = Extractor(fake_backend, settings)
    plain = {c.claim: c.source_outlet for c in extractor.extract(coffee).claims}
    sourced = extractor.extract(coffee, outlet="  Valle Gazette ")
    assert not sourced.cached  # the outlet is part of the cache key
    outlets = {c.claim: c.source_outlet for c in sourced.claims}
    # The interview named in the article stays; the claim that reached the article directly gets its outlet.
    assert (
        outlets["The rust outbreak is the worst in a generation."]
        == "Campo Hoje"
        == plain["The rust outbreak is the worst in a generation."]
    )
    assert plain["Several hundred small farms could abandon coffee."] is None
    assert outlets["Several hundred small farms could abandon coffee."] == "Valle Gazette"
    assert extractor.extract(coffee, outlet="").claims == extractor.extract(coffee).claims  # blank = not given


def test_compact_prompt_gives_the_parse_speaker_and_asks_for_claim_texts_only(settings, fake_backend, fake_chat):
    text = 'Port officials blamed warmer water. "Catches fell by half," the report said, citing new figures.'
    compact = settings.model_copy(update={"prompt": "claims@v4"})

    def answer(messages):
        question = messages[-1]["content"]
        if "speaker: port officials" in question.casefold():
            return json.dumps({"claims": ["Warmer water is to blame."]})
        return json.dumps({"claims": []})

    fake_chat._fallback = answer
    response = Extractor(fake_backend, compact).extract(text)
    assert response.prompt_version == "claims@v4"
    asked = [str(r["messages"][-1]["content"]).casefold() for r in fake_chat.requests]
    assert any("speaker: port officials" in question for question in asked)
    claim = next(c for c in response.claims if c.claim.startswith("Warmer"))
    assert claim.speaker.casefold() == "port officials"  # from the parse; the model wrote only the text


def test_by_default_a_plain_reported_clause_needs_no_model_call(settings, fake_backend, fake_chat):
    text = "Tomas Varga, the chief engineer, said the cables were corroded. Traders doubt that the aid will be enough."
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": True})).extract(text)
    assert response.usage.rule_units == 1 and response.usage.llm_calls == 1  # only the hedged "doubt" is asked
    varga = next(c for c in response.claims if c.speaker == "Tomas Varga")
    assert varga.claim == "The cables were corroded." and varga.cue == "said"
    asked = str(fake_chat.requests[0]["messages"][-1]["content"])
    assert "doubt" in asked and "cables" not in asked.split("Sentence [")[-1]


def test_by_default_a_named_speakers_unquoted_certain_report_is_read_by_rules(settings, fake_backend, fake_chat):
    text = (
        "Mia Kovac announced her retirement from the harbour board on Monday. "
        "Tomas Varga told a long meeting of the harbour board in the town hall on Friday that the pier would reopen. "
        "Traders doubt that the new quay will be finished. "
        "Ana Ruiz described the new ferries as faster and cheaper to run."
    )
    defaults = settings.model_copy(update={"rule_clauses": True, "rule_unquoted": True})
    response = Extractor(fake_backend, defaults).extract(text)
    asked = [str(r["messages"][-1]["content"]).split("Sentence [")[-1] for r in fake_chat.requests]
    # Only the hedged report and the characterisation (a claim to restate) reach the model.
    assert len(asked) == 2 and "doubt" in asked[0] and "described" in asked[1]
    assert response.usage.llm_calls == 2 and response.usage.rule_units == 2
    assert ("Tomas Varga", "the pier would reopen") in [(c.speaker, c.claim) for c in response.claims]
    # With the setting off, the model is asked about every report unit.
    fake_chat.requests.clear()
    Extractor(fake_backend, defaults.model_copy(update={"rule_unquoted": False})).extract(text)
    assert len(fake_chat.requests) == 4


def test_a_quotation_of_two_joined_clauses_is_two_claims_without_a_model_call(settings, fake_backend, fake_chat):
    text = '"The pier is closed and the ferries have stopped running," Mia Kovac said.'
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": True})).extract(text)
    assert response.usage.llm_calls == 0 and response.usage.rule_units == 1
    assert [c.claim for c in response.claims] == ["The pier is closed.", "The ferries have stopped running."]
    assert {c.speaker for c in response.claims} == {"Mia Kovac"} and {c.quote_type for c in response.claims} == {
        QuoteType.direct
    }


def test_a_short_sentence_of_a_running_quote_is_no_claim_of_its_own(settings, fake_backend, fake_chat):
    text = '"The pier is unsafe. It always was. Nobody listened to the divers," said Tomas Varga.'
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": True})).extract(text)
    claims = [c.claim for c in response.claims]
    assert "Nobody listened to the divers." in claims or any("divers" in c for c in claims)
    assert not any(c.startswith("It always was") for c in claims)


def test_a_short_sentence_that_opens_a_quote_is_a_claim_of_its_own(settings, fake_backend, fake_chat):
    text = 'Mia Kovac spoke after the vote. "The pier is unsafe. Nobody listened to the divers," said Mia Kovac.'
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": True})).extract(text)
    assert "The pier is unsafe." in [c.claim for c in response.claims]


def test_an_answer_that_only_restates_the_report_is_dropped(settings, fake_backend, fake_chat):
    text = "Mia Kovac stated, in a long letter to the harbour board, her view of the repairs."
    fake_chat._fallback = lambda messages: json.dumps({"claims": ["Mia Kovac stated,"]})
    response = Extractor(fake_backend, settings).extract(text)
    assert fake_chat.requests and response.claims == []


def answer_by_sentence(word, then, otherwise):
    """A fake model that claims ``then`` for the asked sentence holding ``word``, else ``otherwise``."""

    def answer(messages):
        asked = messages[-1]["content"].split("\n\nSentence", 1)[1]
        return json.dumps({"claims": [then if word in asked else otherwise]})

    return answer


def test_an_answer_naming_only_whom_the_report_was_told_to_is_dropped_but_a_claim_about_a_person_is_kept(
    settings, fake_backend, fake_chat
):
    text = 'Mia Kovac told the Lune Weekly on Friday that the pier was safe. "Tomas is a hero," said Ana Ruiz.'

    fake_chat._fallback = answer_by_sentence(
        "told the Lune Weekly", "Mia Kovac told the Lune Weekly.", "Tomas is a hero."
    )
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": False})).extract(text)
    assert [(c.speaker, c.claim.rstrip(".")) for c in response.claims] == [("Ana Ruiz", "Tomas is a hero")]


def test_an_impersonal_framing_inside_a_named_speakers_report_keeps_the_speaker(settings, fake_backend, fake_chat):
    text = "It is thought the pier was sabotaged. Ana Ruiz told us it is thought the ferry was too."

    fake_chat._fallback = answer_by_sentence("ferry", "The ferry was sabotaged too.", "The pier was sabotaged.")
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": False})).extract(text)
    assert [(c.speaker, c.claim) for c in response.claims] == [
        (None, "The pier was sabotaged."),
        ("Ana Ruiz", "The ferry was sabotaged too."),
    ]


def test_a_unit_is_asked_with_its_main_verb_s_speaker():
    from claimex.service.pipeline.candidates import find_candidates
    from claimex.service.pipeline.segment import segment_article
    from claimex.service.pipeline.sources import attribute_sentences

    text = "The Lune Harbour Trust closed the pier after claiming it was unsafe, the Coastal Police reported on Monday."
    sentences = segment_article(text)
    candidate = find_candidates(sentences, attribute_sentences(text, sentences))[0]
    attribution = candidate.attribution_for((sentences[0].start, sentences[0].end))
    assert attribution is not None and (attribution.speaker, attribution.cue.text) == ("Coastal Police", "reported")


def test_a_question_is_no_claim(settings, fake_backend, fake_chat):
    text = "Mia Kovac told the harbour board that the repairs were paid for, and asked why the piers were still closed."
    answers = {"claims": ["The repairs were paid for.", "Why are the piers still closed?"]}
    fake_chat._fallback = lambda messages: json.dumps(answers)
    response = Extractor(fake_backend, settings).extract(text)
    assert [c.claim for c in response.claims] == ["The repairs were paid for."]


def test_a_sentence_that_only_narrates_an_act_of_speaking_is_not_asked_about(settings, fake_backend, fake_chat):
    text = "Tomas Varga testified before the harbour board for three hours. He spoke to reporters afterwards."
    response = Extractor(fake_backend, settings).extract(text)
    assert response.usage.llm_calls == 0 and response.claims == []
    asked = Extractor(fake_backend, settings).extract("Varga remarked on his doubt that the pier is safe.")
    assert asked.usage.llm_calls + asked.usage.rule_units >= 1


def test_a_report_that_has_not_happened_is_not_asked_about(settings, fake_backend, fake_chat):
    text = (
        "The port began issuing permits to determine who may fish. The council will announce the quotas in May. "
        "Officials said the quotas would be lower."
    )
    response = Extractor(fake_backend, settings.model_copy(update={"rule_clauses": True})).extract(text)
    assert response.usage.llm_calls == 0 and [c.claim for c in response.claims] == ["The quotas would be lower."]


def test_the_rules_never_copy_a_denied_clause_as_the_claim(settings, fake_backend, fake_chat):
    fake_chat._fallback = lambda messages: json.dumps({"claims": []})  # the model insists there is no claim
    text = (
        "Tomas Varga denied that the pier was unsafe. Mia Kovac said that the ferry would stop. "
        "Ole Dahl stressed that the cables had rusted."
    )
    response = Extractor(fake_backend, settings).extract(text)
    claims = [c.claim.casefold() for c in response.claims]
    assert [c for c in claims if "unsafe" in c] == ["it is not true that the pier was unsafe."]  # negated, not copied
    assert any("ferry would stop" in c for c in claims)
    assert "the cables had rusted" in claims  # a verb that states its clause, though not one VerbNet calls saying


def test_an_answer_that_stays_invalid_falls_back_to_the_rules_reading_of_a_named_report(
    settings, fake_backend, fake_chat
):
    text = (
        'Mia Kovac spoke on Monday. "The pier is closed until May. So what we know is that the cables have rusted '
        'through," Kovac said.'
    )
    fake_chat._fallback = lambda messages: claims_json(("Mia Kovac", "Reef sharks sleep with one eye open.", "certain"))
    response = Extractor(fake_backend, settings).extract(text)
    rusted = [c for c in response.claims if "rusted" in c.claim]
    assert [(c.speaker, c.claim) for c in rusted] == [
        ("Mia Kovac", "So what we know is that the cables have rusted through")
    ]
    assert any("the rules' reading of that unit was used instead" in w for w in response.warnings)


def test_a_named_outlet_that_speaks_is_also_the_claims_outlet(settings, fake_backend):
    text = "The pier will close in May, according to Lune Daily News."
    claims = Extractor(fake_backend, settings).extract(text).claims
    assert [(c.speaker, c.source_outlet) for c in claims] == [("Lune Daily News", "Lune Daily News")]


def test_a_claim_that_borrows_the_prompt_examples_is_asked_again(settings, fake_backend, fake_chat):
    article = "The harbour report suggests that the north quay, open since 1890, needs repairs with some urgency."
    borrowed = "The harbour report suggests that reef sharks sleep with one eye open."
    grounded = "The north quay needs repairs with some urgency."

    def answer(messages):
        told = "copies the examples" in messages[-1]["content"]
        return claims_json(("harbour report", grounded if told else borrowed, "probable"))

    fake_chat._fallback = answer
    response = Extractor(fake_backend, settings).extract(article)
    assert [c.claim for c in response.claims] == [grounded]
    assert any("reef" in m["content"] for r in fake_chat.requests for m in r["messages"][-2:])  # it was re-asked


def test_a_unit_with_its_own_according_to_keeps_its_own_speaker(settings, fake_backend, fake_chat):
    article = (
        "Local papers reported that forty fishermen were detained in the port, and according to Radio Tirel as "
        "many as thirty remain held."
    )
    response = Extractor(fake_backend, settings).extract(article)
    by_cue = {c.cue: c.speaker for c in response.claims}
    assert by_cue == {"reported": "local papers", "according to": "Radio Tirel"}


def test_a_unit_that_contrasts_a_second_source_keeps_its_own_speaker(settings, fake_backend, fake_chat):
    article = "The mayor said the pier would reopen in May, but harbour engineers say the repairs will take a year."
    response = Extractor(fake_backend, settings).extract(article)
    assert {c.cue: c.speaker for c in response.claims} == {"said": "mayor", "say": "harbour engineers"}


def test_the_party_a_source_quotes_is_the_speaker(settings, fake_backend, fake_chat):
    response = Extractor(fake_backend, settings).extract(
        "According to the Lune Herald, quoting Radio Tirel, the dam burst overnight."
    )
    assert [c.speaker for c in response.claims] == ["Radio Tirel"]


def test_an_impersonal_passive_report_credits_nobody(settings, fake_backend, fake_chat):
    text = "Tomas Varga was a harbour guard. It was alleged in court on Friday that he had admitted the theft to his cousin."
    response = Extractor(fake_backend, settings).extract(text)
    assert [(c.speaker, c.cue) for c in response.claims] == [(None, "alleged")]
