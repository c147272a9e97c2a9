from claimex.service.pipeline.source_phrases import claim_around_source_phrase


def around(text, source):
    """The claim around the first "according to"/"per" of a one-sentence text whose source is ``source``."""
    cue = text.find("ccording") - 1 if "ccording" in text else text.find("per ")
    source_end = text.index(source, cue) + len(source)
    return claim_around_source_phrase(text, (0, len(text)), cue, source_end)


def test_the_clause_after_an_opening_source_phrase_is_the_claim():
    assert (
        around("According to the minutes, the council met twice in May.", "minutes") == "the council met twice in May"
    )
    assert around("According to Ana Doe the council met twice in May.", "Ana Doe") == "the council met twice in May"


def test_a_source_phrase_after_its_claim_leaves_the_words_before_it():
    assert (
        around("The council met twice in May, according to its minutes.", "minutes") == "The council met twice in May"
    )
    assert around("The council met twice, according to the board's minutes.", "board") == "The council met twice"


def test_a_source_phrase_inside_the_clause_is_cut_out():
    text = "The council, according to its minutes, met twice in May."
    assert around(text, "minutes") == "The council met twice in May"
    text = "The pier is, according to the harbour office, older than the town hall."
    assert around(text, "harbour office") == "The pier is older than the town hall"


def test_after_a_conjunction_only_the_clause_the_phrase_credits_is_the_claim():
    text = "The quay was closed and according to its harbour office the ferries had stopped."
    assert around(text, "harbour office") == "the ferries had stopped"
    text = "The quay was closed in May, according to the harbour office, and the ferries left for the south."
    assert around(text, "harbour office") == "The quay was closed in May"


def test_descriptions_of_the_source_belong_to_the_phrase():
    text = "According to Ana Doe, a clerk at the town hall, the council met twice in May."
    assert around(text, "Ana Doe") == "the council met twice in May"
    text = "According to officials who were at the meeting, the council met twice in May."
    assert around(text, "officials") == "the council met twice in May"
    text = "According to a note posted on the town hall's door, the council met twice in May."
    assert around(text, "note") == "the council met twice in May"
    text = "The council met twice in May, according to Ana Doe, a clerk at the town hall."
    assert around(text, "Ana Doe") == "The council met twice in May"


def test_which_after_a_comma_describes_the_source_that_starts_the_claim_and_a_digit_comma_splits_nothing():
    text = "According to the minutes, which the clerk kept, the council met twice in May."
    assert around(text, "minutes") == "the council met twice in May"
    text = "According to the survey, that was the highest rent paid in the town since 1990."
    assert around(text, "survey") == "that was the highest rent paid in the town since 1990"
    text = "According to the survey, rents rose by 2,500 euros in the town."
    assert around(text, "survey") == "rents rose by 2,500 euros in the town"
