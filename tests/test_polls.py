"""Shares of respondents and the polls that counted them, on text we wrote."""

from claimex.service.pipeline.parse import parse_paragraphs
from claimex.service.pipeline.polls import named_polls
from claimex.service.pipeline.segment import segment_article

from .test_sources import speakers


def polls(text):
    return [name for _, name in named_polls(parse_paragraphs(text, segment_article(text)))]


def test_a_poll_is_named_by_its_maker_or_by_the_name_before_it():
    text = (
        "A poll by Lune Weekly of 900 readers found wide backing for the plan. "
        "The ORB survey found the same. A poll of 300 divers found nothing."
    )
    assert polls(text) == ["Lune Weekly poll", "ORB survey"]


def test_shares_of_respondents_speak_for_the_poll_that_counted_them():
    text = (
        "In a poll by Lune Weekly of 900 readers, 54 percent said the pier should close. "
        "Three-quarters said the ferry ran late.\n\n"
        "A quarter of the divers said the water was cold."
    )
    rows = speakers(text)
    assert [row[0][0] for row in rows[:2]] == ["Lune Weekly poll", "Lune Weekly poll"]


def test_a_share_far_from_any_poll_stays_as_written():
    text = (
        "In a poll by Lune Weekly, 54 percent said the pier should close.\n\n"
        "The council met on Monday.\n\n"
        "The tides were high.\n\n"
        "Three-quarters of the divers said the water was cold."
    )
    assert speakers(text)[3][0][0] == "three-quarters of the divers"
