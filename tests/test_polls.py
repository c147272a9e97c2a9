"""Shares of respondents and the polls that counted them, on text we wrote."""

from claimex.service.pipeline.parse import parse_paragraphs
from claimex.service.pipeline.polls import named_polls
from claimex.service.pipeline.segment import segment_article

from .test_sources import speakers


def polls(text):
    return [name for _, name in named_polls(parse_paragraphs(text, segment_article(text)))]


def test_a_poll_is_named_by_its_maker_or_by_the_name_before_it():
    text = (
        "In a survey by Lune Weekly of about 2000 readers, most backed the plan. "
        "The ORB poll found the same. A survey of 300 divers found nothing."
    )
    assert polls(text) == ["Lune Weekly survey", "ORB poll"]


def test_shares_of_respondents_speak_for_the_poll_that_counted_them():
    text = (
        "In a survey by Lune Weekly of about 2000 readers, 68 percent said the pier should close. "
        "Two-thirds said the ferry was late.\n\n"
        "A quarter of the divers said the water was cold."
    )
    rows = speakers(text)
    assert [row[0][0] for row in rows[:2]] == ["Lune Weekly survey", "Lune Weekly survey"]


def test_a_share_far_from_any_poll_stays_as_written():
    text = (
        "In a survey by Lune Weekly, 68 percent said the pier should close.\n\n"
        "The council met on Monday.\n\n"
        "The tides were high.\n\n"
        "Two-thirds of the divers said the water was cold."
    )
    assert speakers(text)[3][0][0] == "two-thirds of the divers"
