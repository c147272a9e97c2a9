"""The reporting-verb and hedge lexicons load from their cited data files."""

import pytest

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.lexicon import CONTESTING, load_lexicon, spelling_variants


def test_lexicon_names_its_sources_and_maps_verbs_to_hedges():
    from importlib import resources

    header = resources.files("claimex.service.pipeline").joinpath("data", "reporting_verbs.tsv").read_text()
    assert "VerbNet 3.4" in header and "LICENCE" in header
    lexicon = load_lexicon()
    assert lexicon.verb_hedge("say") is HedgeLevel.certain
    assert lexicon.verb_hedge("believe") is HedgeLevel.probable
    assert lexicon.verb_hedge("speak", "out") is HedgeLevel.certain
    assert lexicon.verb_hedge("eat") is None and lexicon.verb_hedge("call") is None
    assert lexicon.hedges[("may",)] is HedgeLevel.possible and ("would",) not in lexicon.hedges


def test_noun_kinds_come_from_wordnet_with_its_licence():
    from importlib import resources

    header = resources.files("claimex.service.pipeline").joinpath("data", "noun_kinds.tsv").read_text()
    assert "WordNet 3.0" in header and "Princeton University" in header and "LICENCE" in header
    kinds = load_lexicon().noun_kinds
    assert kinds["spokesman"] == "person" and kinds["ministry"] == "group" and kinds["report"] == "communication"
    assert kinds["photo"] == "other" and kinds["damage"] == "other"


def test_only_verbs_that_present_their_clause_as_true_are_assertive():
    lexicon = load_lexicon()
    assert all(lexicon.asserts(v) for v in ("say", "report", "find", "warn", "admit", "announce"))
    assert not any(lexicon.asserts(v) for v in ("deny", "dispute", "reject", "believe"))


def test_verbs_of_saying_verbnet_lacks_come_from_wordnet_communication_verbs_with_a_that_clause():
    from importlib import resources

    header = resources.files("claimex.service.pipeline").joinpath("data", "reporting_verbs.tsv").read_text()
    assert "verb frame 26" in header and "verb.communication" in header
    lexicon = load_lexicon()
    assert lexicon.verb_hedge("point", "out") is HedgeLevel.certain
    assert all(lexicon.verb_hedge(v) is HedgeLevel.certain for v in ("concede", "stress", "vow", "counter"))
    assert lexicon.verb_hedge("forecast") is HedgeLevel.probable
    assert lexicon.verb_hedge("ignore") is None and lexicon.verb_hedge("pray") is None  # reviewed out


def test_contesting_verbs_are_reporting_verbs_that_do_not_assert_their_clause():
    lexicon = load_lexicon()
    assert {"deny", "dispute", "reject"} <= CONTESTING
    assert all(lexicon.verb_hedge(lemma) is not None and not lexicon.asserts(lemma) for lemma in CONTESTING)


@pytest.mark.parametrize(
    ("word", "variants"),
    [
        ("Centre", ("centre", "center")),
        ("theater", ("theater", "theatre")),
        ("organisation", ("organisation", "organization")),
        ("defense", ("defense", "defence")),
        ("officer", ("officer",)),
        ("board", ("board",)),
    ],
)
def test_spelling_variants_pair_british_and_american_endings_only(word, variants):
    assert spelling_variants(word) == variants


def test_verbs_that_characterise_their_object_are_verbnets_characterize_class():
    lexicon = load_lexicon()
    assert all(lexicon.characterises(v) for v in ("describe", "portray", "depict", "praise"))
    assert not any(lexicon.characterises(v) for v in ("say", "tell", "announce", "warn"))
