"""Parse repairs of coordination, through the real parser and the pipeline's candidates."""

from claimex.service.pipeline.candidates import find_candidates
from claimex.service.pipeline.parse import load_nlp
from claimex.service.pipeline.parse_repairs import repaired
from claimex.service.pipeline.segment import segment_article
from claimex.service.pipeline.sources import attribute_sentences


def test_a_second_report_after_a_comma_and_and_is_the_first_reports_conjunct():
    text = "Mia Kovac said that the harbour needed new cables, and promised to act this year."
    promised = next(t for t in repaired(load_nlp()(text)) if t.text == "promised")
    assert (promised.head.text, promised.dep_) == ("said", "conj")
    sentences = segment_article(text)
    (candidate,) = find_candidates(sentences, attribute_sentences(text, sentences))
    spans = [text[a:b].strip() for a, b in candidate.units]
    assert spans[0].startswith("Mia Kovac said") and "promised" not in spans[0]
    said = candidate.attribution_for(candidate.units[0])
    assert said is not None and said.complement is not None
    assert text[said.complement[0] : said.complement[1]] == "the harbour needed new cables"


def test_a_verb_that_shares_the_clauses_subject_stays_in_the_clause():
    doc = repaired(load_nlp()("Mia Kovac said the minister resigned and promised an inquiry."))
    promised = next(t for t in doc if t.text == "promised")
    assert promised.head.text == "resigned"  # no comma: the minister promised
