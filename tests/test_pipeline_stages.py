"""Segmentation, cues, hedges, speakers, outlets and alignment, on text we wrote."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.schemas import HedgeLevel
from claimex.service.pipeline.align import align_to_article, best_sentence_span
from claimex.service.pipeline.candidates import find_candidates
from claimex.service.pipeline.hedges import hedge_distance, hedge_of_claim
from claimex.service.pipeline.outlet_names import clean_outlet, news_media
from claimex.service.pipeline.outlets import Attributed, OutletMention, find_outlets, propagate_outlets
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences
from claimex.service.pipeline.speakers import person_names, resolve_speaker, role_of


def cues_of(text):
    sentences = segment_article(text)
    sources = attribute_sentences(text, sentences)
    return [a.cue.text for s in sentences for a in sources.by_sentence.get(s.index, []) if not a.running]


def test_segmentation_keeps_offsets_and_skips_abbreviations():
    text = 'Dr. Ann Lee met U.S. officials. "It went well," she said.\nNext paragraph here.'
    sentences = segment_article(text)
    assert [s.text for s in sentences] == [
        "Dr. Ann Lee met U.S. officials.",
        '"It went well," she said.',
        "Next paragraph here.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1]


def test_segmentation_splits_after_closing_quote(coffee):
    sentences = segment_article(coffee)
    assert sentences[3].text.endswith("generation”.") or sentences[3].text.endswith('generation".')
    assert all(coffee[s.start : s.end] == s.text for s in sentences)
    assert len(sentences) == 13


def test_segmentation_splits_before_an_opening_quote_that_stands_apart_from_its_first_word():
    text = 'The harbour board met on Monday. " The pier will reopen in May," its chair said.'
    assert [s.text for s in segment_article(text)] == [
        "The harbour board met on Monday.",
        '" The pier will reopen in May," its chair said.',
    ]


def test_candidates_find_reporting_sentences_and_skip_narration(coffee):
    sentences = segment_article(coffee)
    candidates = find_candidates(sentences, attribute_sentences(coffee, sentences), include_epistemic=False)
    texts = [c.sentence.text for c in candidates]
    assert any(t.startswith("Lucia Ferreira") for t in texts)
    assert any(t.startswith("There is speculation") for t in texts)
    assert not any(t.startswith("The harvest normally begins") for t in texts)
    # "has promised emergency credit" is a candidate now: promise-37.13 is a VerbNet verb of communication.


def units_of(text):
    """The report units of a one-sentence article's only candidate, as text."""
    sentences = segment_article(text)
    (candidate,) = find_candidates(sentences, attribute_sentences(text, sentences))
    return [text[a:b].strip() for a, b in candidate.units]


def test_one_speakers_coordinated_reports_are_one_unit_each():
    assert units_of("Mia Kovac promised a quick repair and warned that the ferry fares would rise.") == [
        "Mia Kovac promised a quick repair",
        "and warned that the ferry fares would rise.",
    ]
    assert units_of("Port engineers found cracks in the pier, but insist the ferry can still dock.") == [
        "Port engineers found cracks in the pier",
        ", but insist the ferry can still dock.",
    ]
    assert units_of('Mia Kovac called the plan "a fraud" and said it would fail.') == [
        'Mia Kovac called the plan "a fraud"',
        "and said it would fail.",
    ]  # a closed quotation before the "and" leaves the second report its own
    declined = "Tomas Varga would not say how much the repair cost, but stated that the ferry would run again."
    assert len(units_of(declined)) == 1
    assert len(units_of('Mia Kovac said "the repair was quick and warned us" about it.')) == 1


def test_a_coordinated_report_with_a_source_of_its_own_is_a_unit_of_its_own():
    text = "Local papers reported that ten boats were seized, and according to Radio Tirel two more sank."
    assert units_of(text) == [
        "Local papers reported that ten boats were seized",
        ", and according to Radio Tirel two more sank.",
    ]


def test_the_attribution_that_reports_something_governs_before_one_that_narrates_a_talk():
    text = "Lune Radio spoke to the harbour board, which said the pier was unsafe."
    sentences = segment_article(text)
    (candidate,) = find_candidates(sentences, attribute_sentences(text, sentences))
    assert candidate.attribution_for(candidate.units[0]).speaker == "harbour board"


def test_a_contrasted_report_by_a_second_source_is_a_unit_of_its_own():
    text = "The mayor said the pier would reopen in May, but harbour engineers say the repairs will take a year."
    assert units_of(text) == [
        "The mayor said the pier would reopen in May",
        ", but harbour engineers say the repairs will take a year.",
    ]
    text = "The port authority says the channel is safe, while local fishermen claim that the buoys have drifted."
    assert units_of(text)[1] == ", while local fishermen claim that the buoys have drifted."
    assert len(units_of("The mayor said the pier would reopen in May, but she said the cost was unknown.")) == 1


def test_a_second_source_after_and_or_after_an_opening_while_clause_is_a_report_of_its_own():
    for text, first, second, speaker in [
        (
            "Ana Ruiz said the ferry would run all winter, and Tomas Varga warned that the fares would rise.",
            "Ana Ruiz said the ferry would run all winter",
            ", and Tomas Varga warned that the fares would rise.",
            "Tomas Varga",
        ),
        (
            "While the harbour board has said the pier is safe, one of its engineers told the paper the beams are rotten.",
            "While the harbour board has said the pier is safe",
            ", one of its engineers told the paper the beams are rotten.",
            "one of its engineers",
        ),
    ]:
        sentences = segment_article(text)
        (candidate,) = find_candidates(sentences, attribute_sentences(text, sentences))
        assert [text[a:b].strip() for a, b in candidate.units] == [first, second]
        assert candidate.opens_own_report(candidate.units[1])  # so the second unit does not continue the first
        assert candidate.attribution_for(candidate.units[1]).speaker == speaker


def test_a_contrasted_second_source_is_cut_out_also_when_a_continuation_already_split_the_sentence():
    text = "The council rejected the plan in May, although local traders say the pier is sinking, adding that it is late."
    assert units_of(text) == [
        "The council rejected the plan in May",
        ", although local traders say the pier is sinking",
        "adding that it is late.",
    ]


def test_a_participle_that_reports_a_second_clause_is_a_unit_of_its_own():
    assert units_of("Tomas Varga said the pier was safe, telling the Lune Gazette that the repairs were finished.") == [
        "Tomas Varga said the pier was safe",
        ", telling the Lune Gazette that the repairs were finished.",
    ]
    criticised = "The union criticised the port for its delays, saying crews should have been paid sooner."
    assert len(units_of(criticised)) == 1  # the criticism reports no clause of its own: one claim, the warning


@pytest.mark.parametrize("judged", ['described the closure as "a sad day"', 'called the closure "a sad day"'])
def test_a_participle_after_a_judgement_of_an_object_is_a_report_of_its_own(judged):
    text = f"Mia Kovac {judged}, telling the Lune Times she had expected it for years."
    assert units_of(text) == [f"Mia Kovac {judged}", ", telling the Lune Times she had expected it for years."]


def test_cue_inside_a_quotation_is_not_a_reporting_cue():
    assert cues_of('He said the plan "will not stand, as we warned".') == ["said"]


@pytest.mark.parametrize(
    ("claim", "sentence", "expected"),
    [
        ("The bridge could reopen in March.", "He added that the bridge could reopen in March.", HedgeLevel.possible),
        ("The fungus spread faster.", "Agronomists say the fungus appears to have spread.", None),
        ("The fungus appears to have spread faster.", "x", HedgeLevel.probable),
        ("The firm could merge.", "There is speculation that the firm could merge.", HedgeLevel.speculative),
        (
            "The strain is resistant.",
            "Researchers have not ruled out that the strain is resistant.",
            HedgeLevel.possible,
        ),
        ("Prices rose.", "Prices rose, presumably because of the drought, he said.", None),
        ("The pier closed in May.", "He said the pier closed in May.", None),  # the month, not the modal
        ("The pier may close in May.", "He said the pier may close in May.", HedgeLevel.possible),
    ],
)
def test_hedge_cues(claim, sentence, expected):
    assert hedge_of_claim(claim, sentence) == expected


def test_hedging_reporting_verbs_and_scale_distance():
    text = "Analysts suggest the mill will close. Ana Ruiz said it will not. She hinted at a sale."
    sentences = segment_article(text)
    sources = attribute_sentences(text, sentences)
    hedges = [sources.by_sentence[s.index][0].hedge for s in sentences]
    assert hedges == [HedgeLevel.probable, HedgeLevel.certain, HedgeLevel.possible]
    assert hedge_distance(HedgeLevel.certain, HedgeLevel.speculative) == 3


def test_speaker_resolution_surname_pronoun_title_and_groups(coffee):
    assert "Lucia Ferreira" in person_names(coffee)
    ferreira = resolve_speaker("Ferreira", coffee, previous_person=None, at=0)
    assert (ferreira.name, ferreira.role) == ("Lucia Ferreira", "president of the Valle Alto Coffee Cooperative")
    assert resolve_speaker("She", coffee, previous_person="Lucia Ferreira").name == "Lucia Ferreira"
    mendes = resolve_speaker("Agriculture minister Paulo Mendes", coffee, previous_person=None)
    assert (mendes.name, mendes.role) == ("Paulo Mendes", "Agriculture minister")
    traders = resolve_speaker("Traders", coffee, previous_person=None)
    assert (traders.name, traders.is_person) == ("traders", False)
    assert resolve_speaker(None, coffee, previous_person="Lucia Ferreira").name is None


def test_generic_reference_resolves_to_the_named_person_with_a_role():
    text = "A senior harbour official warned of delays. Tomas Varga, the chief engineer, said repairs had begun."
    assert resolve_speaker("the senior harbour official", text, previous_person=None, at=0).name == "Tomas Varga"
    assert role_of("Tomas Varga", text) == "the chief engineer"


def test_outlets_are_found_and_cleaned(coffee):
    assert clean_outlet("Norway’s Aftenposten and Danish public radio") == "Aftenposten and Danish public radio"
    assert clean_outlet("the state news agency Ansa") == "Ansa"
    mentions = find_outlets(segment_article(coffee), known_people=["Lucia Ferreira"])
    assert mentions == [OutletMention(3, "Campo Hoje")]
    text = "The mayor spoke on Monday, according to reports carried by the city paper Kurier."
    assert find_outlets(segment_article(text))[0].outlet == "Kurier"


@pytest.mark.parametrize(
    ("written", "outlet"),
    [("the Lune Gazette.", "Lune Gazette"), ("LBC.", "LBC"), ("the U.S.", "U.S."), ("Lune Co.", "Lune Co.")],
)
def test_an_outlet_at_the_end_of_its_sentence_loses_the_full_stop_but_not_an_abbreviation(written, outlet):
    assert clean_outlet(written) == outlet


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "In an e-mail to Lune Broadcasting, the trust denied the claims.",
            "Lune Broadcasting",
        ),
        ("She called the loss sad, telling the Lune Gazette she had known him for years.", "Lune Gazette"),
        ("Tomas Varga said to Radio Tirel that the pier was safe.", "Radio Tirel"),
        ("Mia Kovac wrote on Lunegram that the ferry was late.", "Lunegram"),
        ("Varga is quoted in the Lune Herald as saying the pier is safe.", "Lune Herald"),
        ('Tomas Varga told Lune Radio any plan "has to be costed first".', "Lune Radio"),  # the report's own words
        ('Tomas Varga told Lune Radio: "The pier is safe."', "Lune Radio"),
        ("Port officials tell Lune Radio the ferry will run again in May.", "Lune Radio"),
        ("Tomas Varga told LTV's Mia Kovac that the pier was safe.", "LTV"),  # the medium's reporter: the medium
        ("Tomas Varga told LTV's morning service that the pier was safe.", "LTV"),
        ("The dam held, according to Lunese press agency Tirpress.", "Tirpress"),
        ("Tomas Varga was quoted by Lune Radio as saying the pier was unsafe.", "Lune Radio"),
        ("The pier was unsafe, as reported by the Lune Times on Monday.", "Lune Times"),
        ("The pier was unsafe, as reported by Radio Nordvik in May.", "Radio Nordvik"),
        ("The envoy praised the pier, as reported by Lunese state news agency Tirpress.", "Tirpress"),
    ],
)
def test_the_channel_a_statement_went_through_is_its_outlet(text, outlet):
    assert [m.outlet for m in find_outlets(segment_article(text), media=news_media(text))] == [outlet]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("According to the Lune Times, Mayor Ana Ruiz said the pier would reopen.", "Lune Times"),
        ("The pier will reopen in May, according to Radio Nordvik.", "Radio Nordvik"),
        ("The pier will reopen in May, according to the Lune Harbour Trust.", None),  # the source, not a channel
        ("According to Ana Ruiz, the pier will reopen in May.", None),
        ("According to the Nordvik Ports Authority, the pier will reopen.", None),
        ("A letter seen by the Lune Times says the pier must close.", "Lune Times"),
        ("A letter obtained by the Nordvik Ports Authority says the pier must close.", None),
    ],
)
def test_according_to_or_seen_by_names_an_outlet_only_when_it_names_a_news_medium(text, outlet):
    found = find_outlets(segment_article(text), media=news_media(text))
    assert [m.outlet for m in found] == ([outlet] if outlet else [])


def test_the_article_names_a_medium_by_the_words_after_its_noun_not_the_descriptor_before_it():
    text = "The dam held, according to Lunese press agency Tirpress. Varga denied it. The Harbour Post news agency agreed."
    assert news_media(text) == {"tirpress", "harbour post"}  # not "lunese", not "tirpress. varga"


def test_a_day_or_reporters_are_no_outlet():
    assert find_outlets(segment_article("Tomas Varga said on Monday that the pier was safe.")) == []
    assert find_outlets(segment_article("Tomas Varga told reporters the pier was safe.")) == []
    assert find_outlets(segment_article("Varga, speaking to journalists on Friday, held the trust responsible.")) == []
    assert find_outlets(segment_article("Varga asked the mayor to tell Lune Council if the pier was safe.")) == []


def test_a_person_spoken_to_is_no_outlet():
    text = 'The envoy said to President Tomas Varga: "We agree." Later he said to Varga: "We still agree."'
    assert [m.outlet for m in find_outlets(segment_article(text))] == ["Varga"]  # a surname alone may be a medium
    assert find_outlets(segment_article(text), names=["Tomas Varga"]) == []  # not when the article names the person
    assert find_outlets(segment_article("The envoy said to Mayor Ana Ruiz that the talks had failed.")) == []


def test_a_news_medium_reporting_is_its_own_outlet_but_a_person_named_after_a_title_is_not():
    text = (
        "The Lunese news agency Tirpress said the dam held. The Lune Times reported a leak. The harbour board said "
        "repairs would start. Lune Weekly magazine editor Ana Ruiz said the leak was small."
    )
    media = news_media(text, people=["Ana Ruiz"])
    assert "tirpress" in media and "ana ruiz" not in media
    claims = [Attributed(0, "Tirpress"), Attributed(1, "the Lune Times"), Attributed(2, "harbour board")]
    propagate_outlets(claims, [], {}, media)
    assert [c.outlet for c in claims] == ["Tirpress", "Lune Times", None]


def test_outlet_governs_later_claims_of_the_same_speaker_only():
    claims = [Attributed(1, "A"), Attributed(2, "A"), Attributed(3, "A"), Attributed(4, "B"), Attributed(5, "A")]
    propagate_outlets(claims, [OutletMention(2, "Kurier")], {2: {"A"}})
    assert [c.outlet for c in claims] == [None, "Kurier", "Kurier", None, None]


def test_alignment_exact_then_quote_and_whitespace_tolerant():
    article = "She called it “the worst  year”\nin memory."
    assert align_to_article("the worst  year", article) == (article.index("the"), article.index("”"))
    start, end = align_to_article('called it "the worst year" in memory', article)
    assert article[start:end] == "called it “the worst  year”\nin memory"
    assert align_to_article("never said", article) is None
    spans = [(0, len(article))]
    assert best_sentence_span("she called it the worst year", spans, article) == (0, len(article))


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200), st.data())
def test_alignment_of_any_slice_points_back_at_that_slice(article, data):
    start = data.draw(st.integers(0, len(article) - 1))
    end = data.draw(st.integers(start + 1, len(article)))
    snippet = article[start:end]
    found = align_to_article(snippet, article, near=start)
    if not snippet.strip():
        assert found is None
        return
    assert found is not None
    assert article[found[0] : found[1]] == snippet.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_alignment_never_returns_offsets_outside_the_article(article):
    for snippet in (article[:20], article[-20:].upper(), "x y z"):
        found = align_to_article(snippet, article)
        if found is not None:
            assert 0 <= found[0] < found[1] <= len(article)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_segmentation_of_any_text_covers_it_with_exact_offsets(text):
    for s in segment_article(text):
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text


def test_report_units_split_continuations_but_not_quotes():
    from claimex.service.pipeline.candidates import report_units

    text = 'Port officials blamed warm water, noting that catches fell and that two plants closed. She said "noting that is rude".'
    first, second = segment_article(text)
    assert [text[a:b] for a, b in report_units(first)] == [
        "Port officials blamed warm water",
        "noting that catches fell",
        "and that two plants closed.",
    ]
    assert [text[a:b] for a, b in report_units(second)] == [second.text]


def test_report_nouns_are_not_cues_in_subject_or_determiner_position():
    assert cues_of("Reports also suggest that the mill will close, despite the claims of its owner.") == ["suggest"]


def test_roles_closing_the_sentence_or_fronted_with_a_comma():
    text = '"We will rebuild," said Ana Ruiz, director of the Harbour Trust. The city\'s mayor, Lars Berg, agreed.'
    assert role_of("Ana Ruiz", text) == "director of the Harbour Trust"
    assert role_of("Lars Berg", text) == "The city's mayor"


def test_appositives_without_a_role_word_are_not_roles():
    text = "Crowds gathered for Harvest Day, a festival celebrating the grain. Tomas Varga, the chief engineer, spoke."
    assert role_of("Harvest Day", text) is None
    assert role_of("Tomas Varga", text) == "the chief engineer"
    assert resolve_speaker("a senior official", text, previous_person=None, at=0).name == "Tomas Varga"


def test_capitalised_words_inside_names_are_not_cues():
    assert cues_of("While the United States Says Foundation funds it, officials said the plan works.") == ["said"]


def test_two_reports_joined_by_a_semicolon_are_two_units_but_a_quoted_semicolon_is_not():
    from claimex.service.pipeline.candidates import find_candidates
    from claimex.service.pipeline.sources import attribute_sentences

    text = (
        "Tomas Varga blamed the council for the delay; he said the pier had been closed for years. "
        'Mia Kovac said "the pier is old; it must go," and left.'
    )
    sentences = segment_article(text)
    first, second = find_candidates(sentences, attribute_sentences(text, sentences))
    assert [text[a:b].strip() for a, b in first.units] == [
        "Tomas Varga blamed the council for the delay",
        "he said the pier had been closed for years.",
    ]
    assert len(second.units) == 1


def test_quote_type_follows_the_labelling_rules_for_running_and_introduced_quotations():
    from claimex.schemas.claims import QuoteType
    from claimex.service.pipeline.assemble import quote_type_of

    assert quote_type_of('"The pier is closed," she said.') is QuoteType.direct
    assert quote_type_of('It always was," said Tomas Varga.') is QuoteType.direct  # ends a running quotation
    assert quote_type_of('Varga added: "The deck is rotten.') is QuoteType.direct  # runs on into the next sentence
    assert quote_type_of('She said, "The pier is closed."') is QuoteType.direct
    assert quote_type_of('The skipper said "The pier is closed."', "said") is QuoteType.direct  # straight after the cue
    assert quote_type_of('He said the plan was "a fraud" from the start.') is QuoteType.mixed
    assert quote_type_of('The notice says that "the pier may close') is QuoteType.mixed
    assert quote_type_of("He said the pier was closed.") is QuoteType.indirect


def test_questions_instructions_and_thanks_are_told_from_assertions():
    from claimex.service.pipeline.assertion import asserts_nothing

    assert asserts_nothing("Now let's look at the figures again.")
    assert asserts_nothing("Don't close the harbour on us.")
    assert asserts_nothing('Who will pay for the new pier?"')
    assert asserts_nothing("Mayor Ruiz and Mr Varga, thank you for coming to the harbour today.")
    assert not asserts_nothing("Remember, the pier is a hundred years old.")  # the instruction frames an assertion
    assert not asserts_nothing("The pier is closed.")
    assert not asserts_nothing("We will support the harbour board.")
    assert not asserts_nothing("The harbour board thanked the crews for their work.")  # a report of thanks, told


def test_a_wish_asserts_nothing_and_the_month_or_the_modal_inside_a_sentence_do_not_make_one():
    from claimex.service.pipeline.assertion import asserts_nothing

    assert asserts_nothing("May the crews come home safe.")
    assert asserts_nothing("May her memory live on in the harbour she loved.")
    assert not asserts_nothing("May was the busiest month the harbour has had.")
    assert not asserts_nothing("The pier may close in May.")
    assert not asserts_nothing("May I say the pier is safe.")  # asking leave to assert, then asserting
