"""Structural reporting cues (``quote_cues``): any verb that hands over to a quotation, on text we wrote."""

from claimex.service.pipeline.parse import load_nlp
from claimex.service.pipeline.quote_cues import hands_over_a_quotation


def _verb(text: str, word: str):
    return next(t for t in load_nlp()(text) if t.text == word)


def test_a_verb_that_introduces_issues_or_governs_a_quotation_reports_it():
    assert hands_over_a_quotation(_verb('Lena Holt tweeted, "We will be back next season."', "tweeted"))
    assert hands_over_a_quotation(_verb('Ida Brandt issued a statement: "The rules protect the pier."', "issued"))
    assert hands_over_a_quotation(_verb('The board called her remarks "unfounded and unfair".', "called"))
    # the quotation may follow the verb at once, with no comma or colon between
    assert hands_over_a_quotation(_verb('The notice on the gate reads "no boats may moor here after dark."', "reads"))


def test_a_verb_without_a_quotation_of_its_own_reports_nothing():
    assert not hands_over_a_quotation(_verb("The board closed the pier on Monday.", "closed"))
    assert not hands_over_a_quotation(_verb('The statement came after Ruiz called it "a fraud".', "came"))


def test_a_verb_right_after_the_quotation_it_completes_reports_it():
    assert hands_over_a_quotation(_verb('"The quay will reopen in May," Lena Holt continued in her letter.', "continued"))
    assert hands_over_a_quotation(_verb('"We will rebuild the pier," continued Ida Brandt.', "continued"))
    assert hands_over_a_quotation(_verb('"The boats will stay in port", she continued at the quay.', "continued"))
    # a quotation that names a thing, with no comma closing it, is no one's words
    assert not hands_over_a_quotation(_verb('"Harbour Lights" continued its run at the Lune theatre.', "continued"))


def test_a_verb_whose_own_modifiers_stand_before_the_quotation_still_introduces_it():
    assert hands_over_a_quotation(_verb('Lena Holt also reacted on the radio, "The pier was our whole life."', "reacted"))
    assert not hands_over_a_quotation(_verb("The council met on Monday to discuss the pier.", "met"))
