"""Speaker labels (``speaker_labels``): a paragraph that opens 'Name: "…"', on text we wrote."""

from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences


def _credited(text):
    sentences = segment_article(text)
    by_sentence = attribute_sentences(text, sentences).by_sentence
    return [[(a.speaker, a.running) for a in by_sentence.get(s.index, [])] for s in sentences]


def test_the_quotation_after_a_paragraphs_name_label_is_that_persons_every_sentence_of_it():
    text = (
        "The letters were read out at the inquiry.\n\n"
        'Harbour Master Mia Kovac: "The pier is safe. He admits that the beams were checked twice! '
        'We open in May."\n\n'
        'Mayor Tomas Varga: "I agree with her. The pier is safe."'
    )
    assert _credited(text) == [
        [],
        [("Mia Kovac", False)],
        [("Mia Kovac", True)],  # a cue inside the quotation does not make "he" its speaker
        [("Mia Kovac", True)],
        [("Tomas Varga", False)],
        [("Tomas Varga", True)],
    ]


def test_a_colon_after_a_verb_or_before_plain_words_is_no_label():
    assert _credited('Mia Kovac: the pier is safe and will open in May.') == [[]]
    credited = _credited('The harbour master Mia Kovac said: "The pier is safe and will open in May."')
    assert credited == [[("Mia Kovac", False)]]  # the verb's own frame, not a label


def test_a_label_whose_name_the_tagger_missed_still_names_the_person_from_a_given_name_on():
    text = 'The letters were read out at the inquiry.\n\nHarbour Master Ana Ruiz: "The pier is safe. We open in May."'
    assert _credited(text) == [[], [("Ana Ruiz", False)], [("Ana Ruiz", True)]]
