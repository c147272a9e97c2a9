"""The reporting-verb and hedge lexicons: data files with their sources named, loaded once.

``data/reporting_verbs.tsv`` lists the verbs of saying, telling, believing, indicating and judging from VerbNet
classes (the file's header names the classes, the release and its licence); ``data/hedges.tsv`` lists hedging
expressions from a published hedge list (named in its header). No entry exists because one article uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from claimex.schemas.claims import HedgeLevel

_SUFFIXES = ("s", "es", "ed", "d", "ing")


@dataclass(frozen=True)
class Lexicon:
    """Reporting verbs (lemma → the hedge the verb itself implies) and hedge expressions (words → level).

    Attributes:
        verbs: Single-word verb lemmas, lower case.
        phrasal: Verb + particle lemmas ("point out") as (verb, particle) → hedge.
        hedges: Hedge expressions as tuples of lower-case words → level.

    """

    verbs: dict[str, HedgeLevel]
    phrasal: dict[tuple[str, str], HedgeLevel]
    hedges: dict[tuple[str, ...], HedgeLevel]

    def verb_hedge(self, lemma: str, particle: str | None = None) -> HedgeLevel | None:
        """The hedge a reporting verb implies, or None when the lemma is not a reporting verb."""
        if particle is not None and (lemma, particle) in self.phrasal:
            return self.phrasal[(lemma, particle)]
        return self.verbs.get(lemma)

    def may_be_reporting_form(self, word: str, irregular: dict[str, str]) -> bool:
        """Whether a surface word could be a form of a reporting verb (a cheap filter before parsing).

        Args:
            word: A word as written.
            irregular: Irregular verb forms → lemma (spaCy's lemmatizer exception table).

        """
        lowered = word.casefold()
        if lowered in self.verbs or irregular.get(lowered) in self.verbs:
            return True
        for suffix in _SUFFIXES:
            stem = lowered[: -len(suffix)] if lowered.endswith(suffix) else None
            if stem and (stem in self.verbs or stem + "e" in self.verbs or stem[:-1] + "y" in self.verbs):
                return True
            if stem and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in self.verbs:
                return True  # doubled consonant: "admitted" → "admit"
        return False


def _rows(name: str) -> list[list[str]]:
    text = resources.files("claimex.service.pipeline").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read both data files once per process."""
    verbs: dict[str, HedgeLevel] = {}
    phrasal: dict[tuple[str, str], HedgeLevel] = {}
    for row in _rows("reporting_verbs.tsv"):
        lemma, hedge = row[0].strip().casefold(), HedgeLevel(row[2].strip() if len(row) > 2 else "certain")
        words = lemma.split()
        if len(words) == 2:
            phrasal[(words[0], words[1])] = hedge
        elif len(words) == 1:
            verbs.setdefault(lemma, hedge)
    hedges = {tuple(row[0].strip().casefold().split()): HedgeLevel(row[1].strip()) for row in _rows("hedges.tsv")}
    return Lexicon(verbs=verbs, phrasal=phrasal, hedges=hedges)


def irregular_verb_forms(nlp: Any) -> dict[str, str]:
    """Irregular verb forms → lemma, from the spaCy lemmatizer's exception table (e.g. "told" → "tell")."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    except (KeyError, ValueError):
        return {}
    return {form: lemmas[0] for form, lemmas in table.items() if lemmas}
