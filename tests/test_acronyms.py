"""Acronym definitions found in article text, and speakers named by them."""

import time

from claimex.service.pipeline.acronyms import find_acronyms, without_open_parenthesis
from tests.test_sources import speakers


def test_initials_spell_the_acronym_with_function_words_skipped():
    text = (
        "The Northern Rail Safety Board (NRSB) and the Office of Harbour Works (OHW) met the press (2024). "
        "A spokesman for the board (NR) declined."
    )
    assert find_acronyms(text) == {"NRSB": "Northern Rail Safety Board", "OHW": "Office of Harbour Works"}


def test_an_unclosed_parenthesis_is_cut_from_a_name():
    assert without_open_parenthesis("Northern Rail Safety Board (NRSB") == "Northern Rail Safety Board"
    assert without_open_parenthesis("Lune (Harbour) Trust") == "Lune (Harbour) Trust"


def test_a_later_acronym_speaker_is_the_defined_name():
    text = "The Northern Rail Safety Board (NRSB) opened an inquiry. NRSB said the brakes had failed."
    assert speakers(text)[1][0][0] == "Northern Rail Safety Board"


def test_many_parentheses_stay_linear():
    hostile = "(AB) " * 20_000 + "(A" * 20_000
    started = time.perf_counter()
    find_acronyms(hostile)
    assert time.perf_counter() - started < 2.0


def test_a_word_may_give_more_than_its_initial_to_the_acronym():
    text = "The pier operator Nordvik Ferry Company (NFCO) reported a leak. NFCO meanwhile admitted that cracks had formed."
    assert find_acronyms(text) == {"NFCO": "Nordvik Ferry Company"}
    assert speakers(text)[1][0][0] == "Nordvik Ferry Company"


def test_letters_inside_the_words_spell_a_mixed_case_or_ampersand_acronym():
    text = (
        "The Lune Institute of Tides and Currents (Lunitac) issued a warning. Northern Power and Water Company "
        "(NP&W) cut supplies. The agency (Reuters) and the ferry office (Ferry) said nothing."
    )
    assert find_acronyms(text) == {
        "Lunitac": "Lune Institute of Tides and Currents",
        "NP&W": "Northern Power and Water Company",
    }
