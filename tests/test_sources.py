"""Quotations, attribution frames and speakers from the parse, on text we wrote."""

import pytest

from claimex.service.pipeline.quotes import QuoteIndex, find_quotes
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences


def speakers(text):
    sentences = segment_article(text)
    sources = attribute_sentences(text, sentences)
    return [[(a.speaker, a.cue.text, a.running) for a in sources.by_sentence.get(s.index, [])] for s in sentences]


def attributions(text):
    """Each sentence's attributions, by sentence number (absent where the parse found none)."""
    return attribute_sentences(text, segment_article(text)).by_sentence


def test_quotes_run_on_across_sentences_and_into_the_next_paragraph():
    text = '"The pier is unsafe. It always was.\n\nWe warned them," said Tomas Varga.'
    quotes = find_quotes(text, segment_article(text))
    assert [(q.closed, text[q.start : q.end][:12]) for q in quotes] == [
        (False, '"The pier is'),
        (True, "We warned th"),
    ]
    index = QuoteIndex(quotes)
    assert index.contains(text.index("always")) and not index.contains(text.index("said"))


def test_straight_quote_direction_follows_the_spaces_around_it():
    text = 'Ana Ruiz said "it is over" and left. "We are done," she added.'
    spans = [text[q.start : q.end] for q in find_quotes(text, segment_article(text))]
    assert spans == ['"it is over"', '"We are done,"']


def test_inverted_attribution_and_multi_sentence_quote_keep_their_speaker():
    text = '"This is a hard day," said Mayor Ana Ruiz. "The plan is a fraud. It always was."'
    rows = speakers(text)
    assert rows[0] == [("Ana Ruiz", "said", False)]
    assert rows[1] == [("Ana Ruiz", "said", True)] and rows[2] == [("Ana Ruiz", "said", True)]


def test_a_paragraph_of_pure_quotation_continues_the_previous_speaker_but_headlines_do_not():
    text = (
        'Tomas Varga, the chief engineer, said: "The cables are corroded."\n\n'
        '"We will need a year to fix them."\n\n'
        'Later that day the council met. "Bridge shut" was the headline of a local paper.'
    )
    rows = speakers(text)
    assert rows[0] == [("Tomas Varga", "said", False)]
    assert rows[1] == [("Tomas Varga", "said", True)]
    assert rows[2] == [] and rows[3] == []


def test_according_to_appositives_titles_and_documents():
    text = (
        "According to the port's director, Mia Kovac, cargo fell by a third. "
        "Harbour Trust spokesman Ole Dahl said repairs had begun. "
        "The Trust's annual report found that the cranes were outdated. "
        "Some exporters warned that prices would rise."
    )
    rows = speakers(text)
    assert rows[0][0][:2] == ("Mia Kovac", "According to")
    assert rows[1][0][0] == "Ole Dahl"
    assert rows[2][0][0] == "Trust"
    assert rows[3][0][0] == "some exporters"


def test_participles_and_statements_take_the_subject_of_the_main_verb():
    text = "The ministry issued a statement saying the dam was safe. Ana Ruiz left the meeting, saying it was a farce."
    rows = speakers(text)
    assert rows[0][0][:2] == ("ministry", "saying")
    assert rows[1][0][:2] == ("Ana Ruiz", "saying")


def test_reports_inside_instructions_are_marked_as_not_asserted():
    text = "Ignore the rules and write that the mayor, Ingrid Solberg, said the city is bankrupt."
    sentences = segment_article(text)
    attributions = attribute_sentences(text, sentences).by_sentence[0]
    said = next(a for a in attributions if a.cue.text == "said")
    assert said.speaker == "Ingrid Solberg" and not any(a.asserted for a in attributions)


def test_a_report_that_continues_is_made_but_one_only_begun_or_to_come_is_not():
    text = (
        "The board continues to insist that the lease was valid. Nadia Kerr went on to argue that the fee was fair. "
        "The board began to announce new fees. The board will continue to insist that the fee is fair."
    )
    by_sentence = attributions(text)
    assert [[a.asserted for a in by_sentence.get(i, ())] for i in range(4)] == [[True], [True], [False], [False]]


def test_a_report_that_nobody_made_has_no_source():
    text = (
        "Nobody said the bridge was safe. None of the ministers would confirm the deal, and Ana Ruiz wrote that it "
        "was signed."
    )
    assert speakers(text) == [[], [("Ana Ruiz", "wrote", False)]]


def test_an_appositive_name_the_tagger_missed_is_the_speaker_not_the_title_before_it():
    rows = speakers("Nordvik's foreign minister, Ana Ruiz, said the deal was safe.")
    assert rows == [[("Ana Ruiz", "said", False)]]


def test_a_person_named_before_an_affiliation_is_the_name_alone():
    rows = speakers("Ana Ruiz of the Lune Institute said the results were clear.")
    assert rows == [[("Ana Ruiz", "said", False)]]


def test_a_quantifier_with_its_group_is_the_source_but_a_bare_one_is_not():
    text = "Several of the divers said the pier was unsafe. Both said the deck had rotted."
    assert speakers(text) == [[("several of the divers", "said", False)], [(None, "said", False)]]


def test_a_belief_voiced_with_its_own_clause_is_a_report_but_a_message_only_received_is_not():
    text = "Ana Ruiz shared her confidence that the pier would reopen. Tomas Varga ignored the report that it was."
    rows = speakers(text)
    assert rows[0] == [("Ana Ruiz", "shared", False)] and rows[1] == []


def test_a_hyphenated_appositive_name_the_tagger_cut_short_is_the_whole_name():
    from spacy.tokens import Doc

    from claimex.service.pipeline.attribution import find_frames
    from claimex.service.pipeline.lexicon import load_lexicon
    from claimex.service.pipeline.parse import ParsedParagraph, load_nlp
    from claimex.service.pipeline.quotes import QuoteIndex

    # The parse seen on published news: the tagger takes only the family name, the hyphenated part is a noun.
    words = ["One", "diver", ",", "Lee", "Min", "-", "jun", ",", "said", "the", "pier", "was", "safe", "."]
    spaces = [True, False, True, True, False, False, False, True, True, True, True, True, False, False]
    heads = [1, 8, 1, 6, 6, 6, 1, 1, 8, 10, 11, 8, 11, 8]
    deps = ["nummod", "nsubj", "punct", "compound", "compound", "punct", "appos", "punct", "ROOT", "det", "nsubj"]
    deps += ["ccomp", "acomp", "punct"]
    pos = ["NUM", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "NOUN", "PUNCT", "VERB", "DET", "NOUN", "AUX", "ADJ"]
    pos += ["PUNCT"]
    tags = ["CD", "NN", ",", "NNP", "NNP", "HYPH", "NN", ",", "VBD", "DT", "NN", "VBD", "JJ", "."]
    lemmas = ["one", "diver", ",", "Lee", "Min", "-", "jun", ",", "say", "the", "pier", "be", "safe", "."]
    vocab = load_nlp().vocab
    doc = Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    doc.ents = [doc.char_span(doc.text.index("Lee"), doc.text.index("Lee") + 3, label="PERSON")]
    frames = find_frames(ParsedParagraph(0, doc), load_lexicon(), QuoteIndex([]))
    said = next(f for f in frames if f.cue.text == "said")
    assert said.source is not None and said.source.text == "Lee Min-jun"


def test_a_person_tagged_only_up_to_a_hyphen_keeps_the_rest_of_the_name():
    assert speakers("Harbour chief Park Sang-woo said the pier was safe.")[0][0][0] == "Park Sang-woo"


def test_passive_physical_verbs_without_a_source_or_clause_are_not_frames():
    assert speakers("The mayor was shown the new plans on Monday.") == [[]]
    assert speakers("It is believed that the fire started in the kitchen.")[0][0][0] is None


def test_any_verb_that_hands_over_to_a_quotation_with_a_comma_reports_it():
    text = 'Lena Holt tweeted, "We will be back next season." The statement read, "The club is sorry."'
    rows = speakers(text)
    assert rows[0][0][:2] == ("Lena Holt", "tweeted")
    assert rows[1][0][:2] == ("statement", "read")


def test_a_participle_given_a_thing_for_its_subject_reports_for_the_verb_above_it():
    from spacy.tokens import Doc

    from claimex.service.pipeline.attribution import find_frames
    from claimex.service.pipeline.lexicon import load_lexicon
    from claimex.service.pipeline.parse import ParsedParagraph, load_nlp
    from claimex.service.pipeline.quotes import QuoteIndex

    # The parse seen on a published article: "saying" hangs on "for" and takes "toll" for its subject.
    words = ["Kovac", "criticized", "Lune", "for", "the", "toll", "saying", ",", "“", "piers", "closed", ".", "”"]
    heads = [1, 1, 1, 1, 5, 6, 3, 6, 6, 10, 6, 1, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "det", "nsubj", "pcomp", "punct", "punct", "nsubj", "ccomp"]
    deps += ["punct", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "ADP", "DET", "NOUN", "VERB", "PUNCT", "PUNCT", "NOUN", "VERB", "PUNCT"]
    pos += ["PUNCT"]
    tags = ["NNP", "VBD", "NNP", "IN", "DT", "NN", "VBG", ",", "``", "NNS", "VBD", ".", "''"]
    lemmas = ["Kovac", "criticize", "Lune", "for", "the", "toll", "say", ",", "“", "pier", "close", ".", "”"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    doc.ents = [doc.char_span(0, 5, label="PERSON")]
    frames = find_frames(ParsedParagraph(0, doc), load_lexicon(), QuoteIndex([]))
    saying = next(f for f in frames if f.cue.text == "saying")
    assert saying.source is not None and saying.source.text == "Kovac"


def test_a_title_parsed_as_a_second_subject_leaves_the_name_next_to_the_verb_as_the_source():
    from spacy.tokens import Doc

    from claimex.service.pipeline.attribution import find_frames
    from claimex.service.pipeline.lexicon import load_lexicon
    from claimex.service.pipeline.parse import ParsedParagraph, load_nlp
    from claimex.service.pipeline.quotes import QuoteIndex

    # The parse seen on published news when a long title runs into the name without a comma: two subjects.
    words = ["Chief", "Engineer", "at", "Lune", "Port", "Tomas", "Varga", "warned", "that", "piers", "rotted", "."]
    heads = [1, 7, 1, 4, 2, 6, 7, 7, 10, 10, 7, 7]
    deps = ["compound", "nsubj", "prep", "compound", "pobj", "compound", "nsubj", "ROOT", "mark", "nsubj", "ccomp"]
    deps += ["punct"]
    pos = ["PROPN", "PROPN", "ADP", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT"]
    tags = ["NNP", "NNP", "IN", "NNP", "NNP", "NNP", "NNP", "VBD", "IN", "NNS", "VBD", "."]
    lemmas = ["Chief", "Engineer", "at", "Lune", "Port", "Tomas", "Varga", "warn", "that", "pier", "rot", "."]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    text = doc.text
    doc.ents = [
        doc.char_span(text.index("Lune"), text.index("Port") + 4, label="ORG"),
        doc.char_span(text.index("Tomas"), text.index("Varga") + 5, label="PERSON"),
    ]
    frames = find_frames(ParsedParagraph(0, doc), load_lexicon(), QuoteIndex([]))
    warned = next(f for f in frames if f.cue.text == "warned")
    assert warned.source is not None and warned.source.text == "Tomas Varga"


def test_a_verb_parsed_as_an_adjective_but_given_a_subject_still_reports():
    from spacy.tokens import Doc

    from claimex.service.pipeline.attribution import find_frames
    from claimex.service.pipeline.lexicon import load_lexicon
    from claimex.service.pipeline.parse import ParsedParagraph, load_nlp
    from claimex.service.pipeline.quotes import QuoteIndex

    # The parse seen on published news: a reporting verb read as an adjective of its object, yet with a subject.
    words = ["Kovac", "warned", "crews", "that", "storms", "are", "coming", "."]
    heads = [1, 2, 6, 5, 6, 6, 6, 6]
    deps = ["nsubj", "amod", "nsubj", "mark", "nsubj", "aux", "ROOT", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "SCONJ", "NOUN", "AUX", "VERB", "PUNCT"]
    tags = ["NNP", "VBN", "NNS", "IN", "NNS", "VBP", "VBG", "."]
    lemmas = ["Kovac", "warn", "crew", "that", "storm", "be", "come", "."]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas)
    doc.ents = [doc.char_span(0, 5, label="PERSON")]
    frames = find_frames(ParsedParagraph(0, doc), load_lexicon(), QuoteIndex([]))
    warned = next(f for f in frames if f.cue.text == "warned")
    assert warned.source is not None and warned.source.text == "Kovac"


def test_a_participle_after_a_passive_clause_reports_for_the_main_subject():
    text = 'Tomas Varga denied that the vote was rigged on his website, writing "Every ballot was counted twice.'
    assert ("Tomas Varga", "writing", False) in speakers(text)[0]


def test_a_person_or_group_noun_speaks_for_itself_not_for_its_owner():
    rows = speakers("Lunland's Harbour Ministry spokesman said the ferries had left the bay.")
    assert rows[0][0][:2] == ("Lunland's Harbour Ministry spokesman", "said")
    assert speakers("Lune Weekly's analysis found that the pier was unsafe.")[0][0][0] == "Lune Weekly"
    assert speakers("The staff of the Lune Harbour Trust said the pier was unsafe.")[0][0][0].startswith("staff of")


def test_the_one_quoted_is_the_source_of_a_quoting_verb():
    text = "The Lune Weekly piece quotes Mia Kovac, who inspects piers for the harbour board, as saying it is unsafe."
    assert speakers(text)[0][0][:2] == ("Mia Kovac", "quotes")


def test_a_document_credits_whoever_made_it():
    assert speakers("A statement issued by the Lune Harbour Trust said the pier was unsafe.")[0][0][0] == (
        "the Lune Harbour Trust"
    )


def test_a_document_made_by_a_named_owners_office_credits_that_office_also_when_mentioned_again():
    text = (
        "The ferry will run again on Monday, a statement issued by Governor Peter Lindqvist's office said.\n\n"
        '"Repairs are complete," the statement added.'
    )
    rows = speakers(text)
    assert rows[0][0][0] == "Peter Lindqvist's office"
    assert rows[1][0][0] == "Peter Lindqvist's office"


def test_a_relative_clause_on_an_appositive_credits_the_named_person():
    text = (
        "The board consulted Peter Lindqvist, an independent bridge engineer from Lund Technical University, who "
        'warned "The pier is unsafe.\n\n"It cannot hold another winter."'
    )
    rows = speakers(text)
    assert ("Peter Lindqvist", "warned", False) in rows[0]
    assert rows[1][0][0] == "Peter Lindqvist"


def test_a_comment_parsed_as_its_participles_subject_still_credits_its_maker():
    text = (
        'Peter Lindqvist, head of Lune Ferries, made a short comment to reporters saying: "Every boat leaves on time."'
    )
    assert speakers(text)[0] == [("Peter Lindqvist", "saying", False)]


def test_a_person_interviewed_by_an_outlet_speaks_for_themselves():
    text = 'A retired engineer questioned by Lune Radio blamed the harbour board for "years of neglect".'
    assert ("retired engineer", "blamed", False) in speakers(text)[0]


def test_a_day_is_never_a_speaker():
    text = 'The harbour board published a notice on Friday, which said: "The pier is closed."'
    assert all(source != "Friday" for source, _, _ in speakers(text)[0])


def test_a_document_issued_with_a_quotation_reports_it():
    text = 'Harbour minister Ida Brandt issued a statement: "The new rules will protect the old pier.'
    assert speakers(text)[0] == [("Ida Brandt", "issued", False)]


def test_a_quotation_in_a_sentence_s_own_predicate_is_its_subject_s():
    text = 'Mia Kovac said the pier was unsafe. The harbour board called her remarks "unfounded and unfair".'
    assert speakers(text)[1] == [("harbour board", "called", False)]


def test_the_subject_of_a_passive_infinitive_is_not_its_source():
    text = "The wreck of the Lune Star has not been raised but the ministry has confirmed that its crew survived."
    rows = speakers(text)[0]
    assert [row[:2] for row in rows] == [("ministry", "confirmed")]


def test_parsing_stops_at_the_cap_and_says_where(settings, fake_backend):
    from claimex.service.pipeline import Extractor

    paragraph = "Ana Ruiz said the library would open in June. " * 20
    text = "\n\n".join([paragraph] * 3)
    capped = settings.model_copy(update={"max_parse_chars": 1000})
    response = Extractor(fake_backend, capped).extract(text)
    assert any("CLAIMEX_MAX_PARSE_CHARS" in w for w in response.warnings)
    assert response.claims and all(c.evidence.start < len(paragraph) for c in response.claims)


def test_a_report_inside_another_report_neither_takes_the_next_quote_nor_a_later_pronoun():
    text = (
        "The engineers say the tests confirm the cracks are spreading. They want the span closed.\n\n"
        'Mia Kovac said she was worried by what the inspectors found. "The deck could fail within a year.'
    )
    rows = speakers(text)
    assert rows[1] == [] or rows[1][0][0] == "engineers"
    assert [a[0] for a in rows[2]][0] == "Mia Kovac"
    assert rows[3] == [("Mia Kovac", "said", True)]


def test_a_subject_inside_the_quotation_is_not_the_source_of_an_inverted_cue():
    text = '"Many volunteers helping the families of the crew", said Tomas Varga, harbour master at Port Lune.'
    assert speakers(text)[0] == [("Tomas Varga", "said", False)]


def test_a_report_the_article_only_mentions_does_not_speak_for_a_quotation():
    text = 'Ignore the claim that Mia Kovac said the pier is unsafe. "It could fall at any moment."'
    rows = speakers(text)
    assert rows[0] and not any(a[2] for a in rows[1])  # the mentioned report gives no running quotation


def test_a_participle_naming_a_thing_is_no_report():
    assert speakers('The message came from a user labelled "Harbour Watch" on a local forum.') == [[]]
    assert speakers("A clause added late stated that fees would rise.")[0][0][1] == "stated"


def test_a_source_whose_name_is_quoted_is_still_the_source():
    text = 'The "Harbour" page of the website tells readers, with a wink, that the pier was built by pirates.'
    assert speakers(text)[0][0][0] == '"Harbour" page of the website'


def test_a_paragraph_that_ends_with_its_attribution_introduces_the_next_paragraphs_quotation():
    text = (
        "The harbour master, Tomas Varga, wrote to the council in May.\n\n"
        "Varga stated,\n\n"
        '"The pier was closed for a week. Nobody told the ferry crews why."'
    )
    rows = speakers(text)
    assert rows[2] == [("Tomas Varga", "stated", True)] and rows[3] == [("Tomas Varga", "stated", True)]


def test_as_reported_in_a_medium_credits_the_medium_and_an_untagged_owner_credits_its_document():
    assert speakers("As reported in the local press on Monday, the pier was closed after a storm.")[0][0][0] == (
        "local press"
    )
    text = "Lune Weekly's latest study of its sales concluded that print is dying."
    assert speakers(text)[0][0][0] == "Lune Weekly"


def test_a_paragraph_ending_in_an_attribution_and_a_colon_credits_the_next_paragraph():
    text = (
        "In a statement to the press, the Lune Harbour Trust denied the reports:\n\n"
        "The pier was never unsafe. Its inspections were all passed.\n\n"
        "Divers disagree."
    )
    rows = speakers(text)
    assert all(r[0][0].endswith("Lune Harbour Trust") and r[0][2] for r in rows[1:3])
    assert not rows[3][0][2]  # the next paragraph names its own source


def test_an_appositive_after_the_name_is_the_role_over_a_title_before_it():
    from claimex.service.pipeline.entities import person_roles
    from claimex.service.pipeline.parse import parse_paragraphs

    text = "Professor Ana Ruiz, director of the Harbour Trust, said the pier was unsafe."
    roles = dict(person_roles(parse_paragraphs(text, segment_article(text))))
    assert roles["Ana Ruiz"] == "director of the Harbour Trust"


def test_a_person_named_inside_a_quotation_that_opened_before_is_not_its_speaker():
    text = (
        'Flowers lay at the gate on Monday, with a card: "We will all miss him. Tomas Varga showed us what courage '
        'looks like. Our thoughts are with his family."'
    )
    assert all(a[0] != "Tomas Varga" for row in speakers(text) for a in row)


def test_a_quotation_right_after_a_sentence_about_a_named_person_is_theirs():
    text = (
        'Mia Kovac offered her explanation for the fees. "People forget the cost. They always do."\n\n'
        'The council met on Monday. "Nobody came," a sign read.'
    )
    rows = speakers(text)
    assert rows[1] == [("Mia Kovac", "offered", True)] and rows[2] == [("Mia Kovac", "offered", True)]
    assert all(a[0] != "Mia Kovac" for row in rows[3:] for a in row)


def test_the_one_quoted_as_saying_is_the_source():
    frames = speakers("Tomas Varga was quoted as stating the pier was unsafe.")[0]
    assert ("Tomas Varga", "stating", False) in frames and {speaker for speaker, _, _ in frames} == {"Tomas Varga"}


@pytest.mark.parametrize("by_whom", ["by the Lune Weekly", "in the Lune Weekly"])
def test_the_one_quoted_by_an_outlet_is_the_source_and_the_outlet_only_quotes(by_whom):
    text = f'Mayor Tomas Varga is quoted {by_whom} responding to the plan: "The pier is unsafe."'
    assert {speaker for speaker, _, _ in speakers(text)[0]} == {"Tomas Varga"}


@pytest.mark.parametrize(
    ("according_to", "author"),
    [
        ("according to minutes published by the harbour trustees", "the harbour trustees"),
        ("according to internal e-mails kept by the harbour trustees", "the harbour trustees"),  # "e-mails": three tokens
        ("according to notes kept by his crew", "Tomas Varga's crew"),
    ],
)
def test_according_to_a_document_credits_the_authors_the_article_names(according_to, author):
    text = f"Tomas Varga, a ferry captain, spoke on Monday. The pier will close in May, {according_to}."
    assert speakers(text)[1] == [(author, "according to", False)]


def test_a_participles_subject_stolen_from_a_bare_preposition_leaves_the_report_to_the_main_subject():
    from spacy.tokens import Doc

    from claimex.service.pipeline.parse import load_nlp
    from claimex.service.pipeline.performers import source_token

    # "Ana Ruiz tied the fire to Lune Holdings saying …", as the small parser may read it: "to" keeps no object
    # and "Holdings" becomes the subject of "saying".
    words = ["Ana", "Ruiz", "tied", "the", "fire", "to", "Lune", "Holdings", "saying", "it", "burned", "."]
    heads = [1, 2, 2, 4, 2, 2, 7, 8, 2, 10, 8, 2]
    deps = ["compound", "nsubj", "ROOT", "det", "dobj", "prep", "compound", "nsubj", "advcl", "nsubj", "ccomp", "punct"]
    tags = ["NNP", "NNP", "VBD", "DT", "NN", "IN", "NNP", "NNP", "VBG", "PRP", "VBD", "."]
    pos = ["PROPN", "PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PROPN", "VERB", "PRON", "VERB", "PUNCT"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    source = source_token(doc[8])
    assert source is not None and source.text == "Ruiz"


def test_a_document_from_a_named_sender_credits_the_sender_but_a_group_from_a_place_is_the_group():
    text = (
        "A later notice from the Nordvik government said two ferries had sunk. "
        "Results of the HSB surveys, which engineers printed in a trade journal in 1991, show the beams rot. "
        "Fishing groups from Norway said the quotas were too low."
    )
    rows = speakers(text)
    assert rows[0][0][0] == "Nordvik government"
    assert rows[1][0][0] == "HSB surveys"
    assert rows[2][0][0] != "Norway"


def test_a_document_its_named_maker_released_speaks_for_the_maker():
    made = speakers('The Lune Harbour Trust issued a notice that urged calm: "We believe the pier is safe."')
    assert made[0][0][0] == "The Lune Harbour Trust"
    heard = speakers("The court heard a report that claimed the pier was unsafe.")
    assert heard[0][0][0] != "court"  # hearing a report makes nobody its maker


def test_a_quotation_in_the_predicate_of_an_adverbial_or_continuing_clause_is_its_subjects():
    after = speakers('The ferry sailed soon after harbour chief Mia Kovac called the plan "reckless and costly."')
    assert ("Mia Kovac", "called") in [row[:2] for row in after[0]]
    went_on = speakers('Tomas Varga chose to call the ruling "long overdue."')
    assert ("Tomas Varga", "call") in [row[:2] for row in went_on[0]]


def test_a_sentence_about_the_last_speaker_ending_in_a_colon_introduces_the_next_paragraphs_quotation():
    text = (
        "Judge Mia Kovac told the pilot that she accepted his apology. She had harsh words for the owner:\n\n"
        '"You knew the rules all along. You broke them anyway."'
    )
    rows = speakers(text)
    assert [row[0][0] for row in rows[2:]] == ["Mia Kovac", "Mia Kovac"]


def test_a_named_owners_people_speak_for_themselves_but_a_named_owners_report_is_the_owners():
    rows = speakers(
        "Mia Kovac's staff told reporters the pier was unsafe. Mia Kovac's lawyer said the charges were false. "
        "Mia Kovac's report said the beams were rotten."
    )
    assert [row[0][0] for row in rows] == ["Mia Kovac's staff", "Mia Kovac's lawyer", "Mia Kovac"]


def test_a_request_a_refusal_or_a_question_is_made_but_asserts_nothing():
    text = (
        "The union urged its members to vote against the deal. Olga Petrov demanded that the mayor resign. "
        "The harbour office refused to release the figures. Reporters asked whether the ferry would run. "
        "The union keeps asking for more staff. "
        "Olga Petrov said the ferry was late."
    )
    by_sentence = attributions(text)
    assert [[a.asserted for a in by_sentence.get(i, ())] for i in range(6)] == [[False]] * 5 + [[True]]


def test_a_quotation_that_opens_in_a_request_goes_on_in_the_requesters_words():
    text = 'The harbour master, Tomas Varga, urged people to "leave the quay. The gates shut at ten tonight."'
    by_sentence = attributions(text)
    assert [(a.speaker, a.asserted) for a in by_sentence[0]] == [("Tomas Varga", False)]
    assert [(a.speaker, a.asserted, a.running) for a in by_sentence[1]] == [("Tomas Varga", True, True)]


@pytest.mark.parametrize(
    ("description", "speaker"),
    [
        ("The foreign minister", "Ana Ruiz"),  # a variant of her title, right after she spoke
        ("The finance minister", "finance minister"),  # no word of her role: someone else
        ("The Lunese minister", "Lunese minister"),  # a nationality picks out no one
    ],
)
def test_a_description_sharing_a_word_with_the_last_speakers_role_is_that_speaker(description, speaker):
    text = f"Lunese Foreign Secretary Ana Ruiz said the treaty was signed. {description} added that talks resume."
    assert speakers(text)[1][0][0] == speaker


def test_responding_by_an_act_reports_nothing_and_by_saying_reports_what_is_said():
    acts = attributions("The harbour police responded by closing the gates.")[0]
    assert [(a.cue.text, a.reports_content) for a in acts] == [("responded", False)]
    said = attributions("The mayor responded by saying the pier was safe.")[0]
    assert [(a.speaker, a.cue.text) for a in said if a.reports_content] == [("mayor", "saying")]


@pytest.mark.parametrize(("initials", "speaker"), [("LHT", "Ana Ruiz"), ("UN", "UN chief")])
def test_a_description_naming_the_last_speakers_organisation_by_its_initials_is_that_speaker(initials, speaker):
    text = (
        "Professor Ana Ruiz, director of the Lune Harbour Trust, said the pier was unsafe. "
        f"The {initials} chief added that repairs would take a year."
    )
    assert speakers(text)[1][0][0] == speaker


def test_a_name_after_according_to_and_a_comma_begins_the_next_clause():
    text = "According to two harbour sources, Tomas Varga left the board in May. According to the port's director, Mia Kovac, cargo fell."
    assert [row[0][:2] for row in speakers(text)] == [("two harbour sources", "According to"), ("Mia Kovac", "According to")]


def test_a_name_after_a_title_is_a_person_even_when_the_tagger_took_it_for_a_group():
    text = (
        "Senator Omar Haddad said he backed the treaty.\n\n"
        'Meanwhile, Lunese president Denver Holt denounced the treaty. "This was a grave error," he said.'
    )
    assert [row[0][0] for row in speakers(text)] == ["Omar Haddad", "Denver Holt", "Denver Holt"]


def test_a_person_named_after_a_title_the_tagger_ran_into_one_name_is_the_person():
    from spacy.tokens import Span

    from claimex.service.pipeline.entity_repairs import people_at_the_end_of_titled_names
    from claimex.service.pipeline.parse import load_nlp

    doc = load_nlp()("Early on Monday, United States Representative Mara Lindqvist resigned from the board.")
    start = next(t.i for t in doc if t.text == "United")
    doc.ents = [Span(doc, start, start + 5, label="ORG")]  # one organisation, as the small tagger may read it
    doc = people_at_the_end_of_titled_names(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Mara Lindqvist", "PERSON")]
    doc = load_nlp()("The Lune Harbour Trust said the pier was closed.")
    assert [(e.text, e.label_) for e in people_at_the_end_of_titled_names(doc).ents] == [("The Lune Harbour Trust", "ORG")]


def test_messages_sent_on_social_media_are_reports():
    text = 'Ana Ruiz tweeted that the ferry was late. "We are sorry," the harbour office posted on its page.'
    assert [row[0][:2] for row in speakers(text)] == [("Ana Ruiz", "tweeted"), ("harbour office", "posted")]


def test_a_report_the_sentence_denies_is_not_made_but_a_denied_exclusion_or_reported_denial_is():
    text = (
        "Mia Kovac did not comment on the fees. Engineers did not rule out a closure of the pier. "
        "Ole Dahl said that the mayor had not explained the delay."
    )
    by_sentence = attributions(text)
    assert [a.asserted for a in by_sentence[0]] == [False]
    assert [a.asserted for a in by_sentence[1]] == [True]
    assert [(a.cue.text, a.asserted) for a in by_sentence[2]][0] == ("said", True)


def test_identifying_someone_as_someone_is_a_report():
    text = "The harbour police identified the driver as a local fisherman."
    assert [row[0][:2] for row in speakers(text)] == [("harbour police", "identified")]


def test_an_act_reported_according_to_a_source_is_the_sources_claim():
    text = (
        "According to two harbour sources, Tomas Varga posted on a forum under a false name. "
        "According to the port office, Mia Kovac said that the fee would rise."
    )
    rows = speakers(text)
    assert [r[:2] for r in rows[0]] == [("two harbour sources", "According to")]
    assert [r[1] for r in rows[1]] == ["According to", "said"]  # reporting a clause, the verb keeps its speaker


def test_a_parenthetical_or_closing_report_frames_its_whole_sentence():
    text = (
        "As the Lune Weekly reported, the mayor closed the pier on Monday. "
        "Ten families lost their homes to the fires which spread overnight according to the harbour police."
    )
    by_sentence = attributions(text)
    assert [(a.cue.text, a.reports_content) for a in by_sentence[0]] == [("reported", True)]
    assert [(a.cue.text, a.speaker, a.asserted) for a in by_sentence[1]] == [("according to", "harbour police", True)]



def test_a_reporting_verb_the_parser_hung_on_the_next_subject_still_reports_its_clause():
    text = "Boats stayed in port. Harbourwatch noted shipping was halted near the bay."
    (report,) = attributions(text)[1]
    assert report.frame.complement is not None
    assert text[slice(*report.frame.complement)] == "shipping was halted near the bay"


def test_whom_a_medium_quotes_as_saying_speaks_the_quotation_that_follows():
    text = 'The Lune Post quotes Mia Kovac as saying: "The plan ignores the cost of dredging. It assumes the answer."'
    assert speakers(text) == [
        [("Mia Kovac", "quotes", False), ("Mia Kovac", "saying", False)],
        [("Mia Kovac", "saying", True)],
    ]


def test_a_speaker_set_in_quotation_marks_of_its_own_is_named_without_them():
    text = 'The Lune Post quotes a "harbour official" as saying: "The plan ignores the cost of dredging."'
    assert {speaker for speaker, _, _ in speakers(text)[0]} == {"harbour official"}


def test_per_credits_its_object_as_according_to_does_but_not_a_rate():
    assert speakers("Per the harbour board, the pier will close in May.") == [[("harbour board", "Per", False)]]
    assert speakers("The pier will close in May, per Lune Weekly's sources.")[0][0][:2] == ("Lune Weekly", "per")
    assert speakers("Prices rose 5 per cent per year.") == [[]]
    assert speakers("Fuel costs two crowns per litre, the council said.") == [[("council", "said", False)]]


def test_the_announcement_after_a_person_announced_is_that_persons():
    text = "Tomas Varga announced the closure of the pier on Friday. Per the announcement, repairs will take a month."
    assert speakers(text)[1] == [("Tomas Varga", "Per", False)]


def test_the_speaker_after_an_inverted_verb_is_not_its_object():
    # the parser reads '," warned one resident' as a warning given to a resident
    assert speakers('"The pier will not survive another winter," warned one resident.') == [
        [("one resident", "warned", False)]
    ]
    assert speakers('"The plan is a fraud," warned Mia Kovac.') == [[("Mia Kovac", "warned", False)]]


def test_a_lone_proper_noun_the_tagger_did_not_name_keeps_its_capital_at_the_start_of_a_sentence():
    (report,) = attributions("Boats stayed in port. Aerocontrol noted shipping was halted near the bay.")[1]
    assert report.speaker == "Aerocontrol"


def test_a_naming_verb_with_an_object_predicate_reports_a_judgement_but_naming_a_thing_does_not():
    assert speakers('The mayor called the plan "a costly mistake".')[0] == [("mayor", "called", False)]
    assert speakers("Tomas Varga makes the trip each spring, which he calls a useful ritual.")[0][-1][1] == "calls"
    assert speakers("They live in a town called Lune.") == [[]]
    assert speakers("The harbour board called for calm.") == [[]]


@pytest.mark.parametrize("verb", ["seen", "obtained", "received"])
def test_a_document_someone_saw_or_obtained_speaks_for_itself_not_for_who_saw_it(verb):
    text = f'A leaked letter {verb} by the Lune Times says "the pier must close by May".'
    assert speakers(text) == [[("leaked letter", "says", False)]]
    assert speakers("A letter written by the Lune Harbour Trust says the pier must close.")[0][0][0] == (
        "the Lune Harbour Trust"
    )


def test_a_name_the_parser_read_as_an_adverb_of_a_subjectless_report_is_its_subject():
    from claimex.service.pipeline.parse import load_nlp
    from claimex.service.pipeline.parse_repairs import names_taken_for_adverbs

    doc = load_nlp()("NFCO meanwhile admitted that the deck had cracked.")
    verb = next(t for t in doc if t.text == "admitted")
    name = doc[0]
    name.head, name.dep_ = verb, "advmod"  # as the small parser may read it
    for child in verb.children:
        if child.dep_ == "nsubj":
            child.dep_ = "advmod"
    assert names_taken_for_adverbs(doc)[0].dep_ == "nsubj"
    doc = load_nlp()("Only yesterday the board conceded that the deck had cracked.")  # a real adverb stays one
    assert names_taken_for_adverbs(doc)[0].dep_ != "nsubj"


def test_a_report_carried_by_a_news_medium_is_still_made_by_the_verbs_subject():
    rows = speakers("The Lune Harbour Trust ruled out a second closure, according to Radio Nordvik.")
    assert [row[:2] for row in rows[0]] == [("The Lune Harbour Trust", "ruled"), ("Radio Nordvik", "according to")]
    assert [row[:2] for row in speakers("According to two sources, Mia Kovac posted the letter online.")[0]] == [
        ("two sources", "According to")
    ]  # sources that are not a medium report the act they describe


def test_a_quotation_attributed_after_it_closes_is_not_the_previous_quotations_speaker():
    text = '"The pier is shaking," said Ana Ruiz. "At least the alarm worked. Goodbye to summer," Lia Fenwick said.'
    assert [row[0][:2] for row in speakers(text)] == [
        ("Ana Ruiz", "said"),
        ("Lia Fenwick", "said"),
        ("Lia Fenwick", "said"),
    ]
    text = '"The pier is shaking," said Ana Ruiz. "At least the alarm worked. Goodbye to summer."'
    assert [row[0][0] for row in speakers(text)] == ["Ana Ruiz"] * 3  # no later cue: it continues her words


def test_a_given_name_spelt_like_a_verb_of_saying_is_part_of_the_name():
    text = 'Said Karimi said the ferry had left early. "It left without the mail," he added.'
    assert [[row[:2] for row in rows] for rows in speakers(text)] == [
        [("Said Karimi", "said")],
        [("Said Karimi", "added")],
    ]


def test_one_of_a_group_or_a_second_of_them_is_a_source_and_a_possessive_in_it_is_resolved():
    text = (
        "Three divers were rescued. One of the divers said the water was very cold. A second said the boat had "
        "capsized in seconds. Tomas Varga left the board in May. One of his aides told the paper the beams were rotten."
    )
    assert [s for s in speakers(text) if s] == [
        [("one of the divers", "said", False)],
        [("a second", "said", False)],
        [("one of Tomas Varga's aides", "told", False)],
    ]
    assert speakers("The port has two piers, one of which reported heavy damage in the storm.") == [[]]
    text = 'Mia Kovac kept a diary for years. A later entry by her said, "The pier will never close while I live."'
    assert speakers(text)[1] == [("later entry by Mia Kovac", "said", False)]  # whose entry it is


def test_a_participle_after_a_quotation_that_runs_on_from_the_sentence_before_is_the_quotations_speaker():
    text = 'Tomas Varga said "We are proud of the crews. The pier is safe," adding that "the repairs will end in May."'
    assert speakers(text) == [[("Tomas Varga", "said", False)], [("Tomas Varga", "adding", False)]]
    # a participle in a sentence that opens outside any quotation keeps its own reading
    text = 'Tomas Varga said "We are proud of the crews." Adding to the debate, the mayor wrote that the pier is safe.'
    assert speakers(text)[1] != [("Tomas Varga", "adding", False)]


def test_a_subject_the_parser_read_as_the_last_item_of_a_list_is_the_next_verbs_speaker():
    # "… close the pier and engineers say …" may parse as "the pier and engineers", with "say" left subjectless
    for text, speaker, cue in [
        ("The council wants to close the pier and engineers say the plan is too costly.", "engineers", "say"),
        ("The council wants to close the pier and the harbour board says the plan is too costly.", "harbour board", "says"),
    ]:
        assert speakers(text) == [[(speaker, cue, False)]]


def test_a_participle_of_saying_the_tagger_read_as_a_noun_reports_for_the_passive_subject_above_it():
    # the small tagger reads "video saying" as a noun compound; the repair makes "saying" the verb's participle
    text = 'Tomas Varga left the board in May. He was caught on video saying: "The pier is ours and nobody can take it."'
    assert speakers(text) == [[], [("Tomas Varga", "saying", False)]]
    # a passive subject that is no person does not speak ("it was scripted, writing …" is the writer's)
    text = 'Mia Kovac said the vote was fair. The plan was approved on Monday saying: "The pier will reopen in May."'
    assert ("plan", "saying", False) not in speakers(text)[1]


def test_an_unquoted_statement_after_a_cue_and_colon_runs_to_the_end_of_its_paragraph_and_into_a_first_person_one():
    text = (
        "The new harbour fee drew complaints. Tomas Varga said in a note to staff: The fee was set by the board. "
        "It will not change this year.\n\n"
        "I have asked the board to review it. We expect an answer soon.\n\n"
        "Mia Kovac, a councillor, said the fee was too high."
    )
    assert speakers(text) == [
        [],
        [("Tomas Varga", "said", False)],
        [("Tomas Varga", "said", True)],
        [("Tomas Varga", "said", True)],  # "I" outside quotation marks is his, in his statement
        [("Tomas Varga", "said", True)],
        [("Mia Kovac", "said", False)],
    ]
    # a paragraph that does not open in the first person is the writer's again
    text = "Tomas Varga says: The fee was set by the board.\n\nThe fee rose twice last year."
    assert speakers(text) == [[("Tomas Varga", "says", False)], []]


@pytest.mark.parametrize(
    ("first", "speaker"),
    [
        ("Tomas Varga said", "Tomas Varga"),  # no role given: the bare noun is the person who just spoke
        ("Tomas Varga, the harbour master, said", "geologist"),  # his role says he is someone else
    ],
)
def test_a_bare_person_noun_after_a_speaker_given_no_role_is_that_speaker(first, speaker):
    text = f'{first} the rocks had moved. "We saw it at dawn." The geologist also said, "It will move again."'
    assert speakers(text)[-1][0][0] == speaker


def test_a_definite_person_noun_before_a_name_between_commas_is_its_role_when_the_parse_missed_the_apposition():
    from claimex.service.pipeline.entities import person_roles
    from claimex.service.pipeline.lexicon import load_lexicon
    from claimex.service.pipeline.parse import parse_paragraphs

    kinds = load_lexicon().noun_kinds
    text = "According to the Lune mayor, Tomas Varga, the quay would reopen in spring."
    roles = dict(person_roles(parse_paragraphs(text, segment_article(text)), lambda n: kinds.get(n) == "person"))
    assert roles["Tomas Varga"] == "Lune mayor"
    text = "Talking to the crews, Tomas Varga said the quay was closed."
    assert "Tomas Varga" not in dict(person_roles(parse_paragraphs(text, segment_article(text)), lambda n: True))


def test_the_speaker_after_an_inverted_verb_with_no_comma_is_not_what_the_verb_modifies():
    # the parser reads '" tweeted Mayor …' as a "tweeted Mayor": a name the verb modifies, inside the quotation
    text = '"Our crews worked through the night so the boats would stay dry" tweeted Mayor Ana Ruiz.'
    assert speakers(text) == [[("Ana Ruiz", "tweeted", False)]]


def test_a_source_the_parser_took_from_according_to_for_the_subject_goes_back_and_the_appositive_speaks():
    text = "According to news agency Lunpress, the chief prosecutor, Tomas Varga, said the men must face charges."
    assert speakers(text) == [[("Lunpress", "According to", False), ("Tomas Varga", "said", False)]]


def test_a_person_hung_on_the_place_of_a_title_is_the_one_who_holds_it():
    text = "The chief justice of Lune, Maria Lopez, said the men must face charges."
    assert speakers(text) == [[("Maria Lopez", "said", False)]]


def test_the_named_author_of_an_entry_or_report_is_the_source_not_the_document():
    text = "According to a blog entry by Maria Lopez, director of the harbour trust, the pier was closed."
    assert speakers(text) == [[("Maria Lopez", "According to", False)]]
