"""Mentions (``mentions``): the noun phrase a source word stands for, on text we wrote."""

import pytest
from spacy.tokens import Span

from claimex.service.pipeline.mentions import mention_of
from claimex.service.pipeline.parse import ParsedParagraph, load_nlp
from tests.test_sources import speakers


def test_a_name_the_tagger_ran_over_a_comma_is_cut_to_the_subject():
    doc = load_nlp()("Speaking on Lune Radio's Harbour Hour, Varga said the pier was unsafe.")
    start = next(t.i for t in doc if t.text == "Harbour")
    subject = next(t for t in doc if t.text == "Varga")
    doc.ents = [Span(doc, start, subject.i + 1, label="ORG")]  # "Harbour Hour, Varga", as the small model may tag it
    mention = mention_of(subject, ParsedParagraph(0, doc))
    assert mention is not None and mention.text == "Varga"


def test_a_name_after_a_title_is_a_person_even_when_the_tagger_missed_it():
    from tests.test_sources import speakers

    text = (
        "Regional Minister for Fisheries Matteo Ferrandi warned that the cod quota would be cut. "
        "Minister Ana Holm disagreed. Ferrandi said the boats were ready. He added that the cost had doubled."
    )
    rows = speakers(text)
    assert rows[0][0][0] == "Matteo Ferrandi"
    assert rows[3][0][0] == "Matteo Ferrandi"


def test_a_date_after_a_description_is_when_it_spoke_not_part_of_who():
    from tests.test_sources import speakers

    text = 'At the meeting, the elderly mayor on Friday stated, "The budget is balanced."'
    assert speakers(text)[0][0][0] == "elderly mayor"


def test_a_title_the_tagger_took_for_an_organisation_credits_the_person_named_after_it():
    doc = load_nlp()("Lune's Harbour Commissioner, Captain Mia Kovac, said the pier was unsafe.")
    title = next(t for t in doc if t.text == "Commissioner")
    person = next(t for t in doc if t.text == "Kovac")
    doc.ents = [Span(doc, 0, title.i + 1, label="ORG"), Span(doc, person.i - 1, person.i + 1, label="PERSON")]
    mention = mention_of(title, ParsedParagraph(0, doc))
    assert mention is not None and (mention.text, mention.kind) == ("Mia Kovac", "person")
    doc = load_nlp()("The Lune Harbour Trust, the port's owner, said the pier was unsafe.")  # no person named
    trust = next(t for t in doc if t.text == "Trust")
    doc.ents = [Span(doc, 1, trust.i + 1, label="ORG")]
    assert mention_of(trust, ParsedParagraph(0, doc)).text == "Lune Harbour Trust"


def test_a_relative_pronoun_the_parser_left_unattached_refers_to_the_noun_before_its_comma():
    from tests.test_pipeline_stages import units_of
    from tests.test_sources import speakers

    text = "The storm hit at midnight, according to forecasters, who said winds reached 100 kilometres an hour."
    assert [row[:2] for row in speakers(text)[0]] == [("forecasters", "according to"), ("forecasters", "said")]
    assert units_of(text) == [
        "The storm hit at midnight, according to forecasters",
        ", who said winds reached 100 kilometres an hour.",
    ]


def test_a_name_the_tagger_cut_after_of_is_joined_to_the_name_that_follows():
    from claimex.service.pipeline.entity_repairs import names_cut_at_a_joining_word

    doc = load_nlp()("The National Office of Harbour Works closed the pier.")
    doc.ents = [Span(doc, 1, 4, label="ORG"), Span(doc, 4, 6, label="PERSON")]  # as the small model may tag it
    assert [(e.text, e.label_) for e in names_cut_at_a_joining_word(doc).ents] == [
        ("National Office of Harbour Works", "ORG")
    ]
    doc = load_nlp()("Mia Kovac and Tomas Varga closed the pier.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="PERSON")]
    assert len(names_cut_at_a_joining_word(doc).ents) == 2  # two names joined by a free-standing "and" stay two


def test_a_person_titled_after_an_organisations_name_is_found_where_the_parser_hung_it_on_the_organisation():
    from spacy.tokens import Doc

    from claimex.service.pipeline.phrase_names import titled_person_after

    # the parse a dash inside a name can give: the organisation's first word is the subject, the person its appositive
    words = ["Nordic", "Sea", "–", "Salt", "Bank", "president", "Lena", "Holt", "said", "rates", "fell", "."]
    heads = [1, 8, 1, 4, 5, 7, 7, 1, 8, 10, 8, 8]
    deps = ["compound", "nsubj", "punct", "compound", "compound", "compound", "compound", "appos", "ROOT", "nsubj"]
    deps += ["ccomp", "punct"]
    pos = ["PROPN"] * 5 + ["NOUN", "PROPN", "PROPN", "VERB", "NOUN", "VERB", "PUNCT"]
    doc = Doc(load_nlp().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=[w.lower() for w in words])
    doc.ents = [Span(doc, 0, 5, label="ORG"), Span(doc, 6, 8, label="PERSON")]
    person = titled_person_after(doc.ents[0], doc[1])
    assert person is not None and person.text == "Lena Holt"
    doc[5].lemma_ = "harbour"  # a word between that names no person: the organisation stays the subject
    assert titled_person_after(doc.ents[0], doc[1]) is None


def test_a_person_given_a_name_in_the_phrase_is_that_name():
    from tests.test_sources import speakers

    text = (
        '"The harbour is finished," said a nurse using the alias Mara. '
        "A fisherman named Tomas Varga said the pier was closed. "
        '"We were not told," said a teacher called Ana Ruiz. '
        "A driver using the company van said the road was blocked."
    )
    rows = speakers(text)
    assert [row[0][0] for row in rows] == ["Mara", "Tomas Varga", "Ana Ruiz", "driver"]


@pytest.mark.parametrize(
    "text",
    [
        "The delegate to the Lune Regional Assembly, Maria Gonzalez, told reporters the vote was fair.",
        "The chairman of the Lune Harbour Trust, Maria Gonzalez, said the vote was fair.",
    ],
)
def test_a_name_closing_a_titles_complement_is_the_titled_person(text):
    assert speakers(text)[0][0][0] == "Maria Gonzalez"  # the parser hangs the name on the complement's last noun
