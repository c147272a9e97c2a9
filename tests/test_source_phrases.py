import pytest

from claimex.service.pipeline.source_phrases import claim_around_source_phrase

MAY = "the council met twice in May"


def around(text, source):
    """The claim around the first "according to"/"per" of a one-sentence text whose source is ``source``."""
    cue = text.find("ccording") - 1 if "ccording" in text else text.find("per ")
    source_end = text.index(source, cue) + len(source)
    return claim_around_source_phrase(text, (0, len(text)), cue, source_end)


@pytest.mark.parametrize(
    ("text", "source", "claim"),
    [
        # the clause after an opening source phrase
        ("According to the minutes, the council met twice in May.", "minutes", MAY),
        ("According to Ana Doe the council met twice in May.", "Ana Doe", MAY),
        # a source phrase after its claim leaves the words before it
        ("The council met twice in May, according to its minutes.", "minutes", "The council met twice in May"),
        ("The council met twice, according to the board's minutes.", "board", "The council met twice"),
        # a source phrase inside the clause is cut out
        ("The council, according to its minutes, met twice in May.", "minutes", "The council met twice in May"),
        (
            "The pier is, according to the harbour office, older than the town hall.",
            "harbour office",
            "The pier is older than the town hall",
        ),
        # after a conjunction, only the clause the phrase credits
        (
            "The quay was closed and according to its harbour office the ferries had stopped.",
            "harbour office",
            "the ferries had stopped",
        ),
        (
            "The quay was closed in May, according to the harbour office, and the ferries left for the south.",
            "harbour office",
            "The quay was closed in May",
        ),
    ],
)
def test_the_claim_is_the_clause_around_the_source_phrase(text, source, claim):
    assert around(text, source) == claim


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("According to Ana Doe, a clerk at the town hall, the council met twice in May.", "Ana Doe"),
        ("According to officials who were at the meeting, the council met twice in May.", "officials"),
        ("According to a note posted on the town hall's door, the council met twice in May.", "note"),
        ("According to the minutes, which the clerk kept, the council met twice in May.", "minutes"),
    ],
)
def test_words_that_describe_the_source_belong_to_the_phrase(text, source):
    assert around(text, source) == MAY


def test_a_description_after_the_claim_is_left_out_too():
    text = "The council met twice in May, according to Ana Doe, a clerk at the town hall."
    assert around(text, "Ana Doe") == "The council met twice in May"


def test_that_after_a_comma_starts_the_claim_and_a_digit_comma_splits_nothing():
    text = "According to the survey, that was the highest rent paid in the town since 1990."
    assert around(text, "survey") == "that was the highest rent paid in the town since 1990"
    text = "According to the survey, rents rose by 2,500 euros in the town."
    assert around(text, "survey") == "rents rose by 2,500 euros in the town"
