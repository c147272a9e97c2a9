"""Which pronoun each person takes: from an honorific, the given name, or how the article refers to them.

"She said" must not land on a man named last; the genders here let the resolver skip people a pronoun cannot mean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.names import name_words
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.quotes import QuoteIndex

if TYPE_CHECKING:
    from spacy.tokens import Token

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "ms": "f", "ms.": "f", "mrs": "f", "mrs.": "f"}


def pronoun_genders(
    paragraphs: list[ParsedParagraph], quotes: QuoteIndex, people: list[str], fullest: Callable[[str], str]
) -> dict[str, str]:
    """Which pronoun the article uses for each person: "m" (he) or "f" (she), by canonical name.

    An honorific before the name ("Ms Kovac") decides first, then the given name (``given_names.tsv``), then a
    sentence that names exactly one person and refers to someone with pronouns of one gender only.

    Args:
        paragraphs: The parsed paragraphs.
        quotes: The quotation spans (names and pronouns inside a quotation are quoted, not narrated).
        people: The article's people by canonical name.
        fullest: A name as written → its canonical (fullest) form.

    Returns:
        Genders by canonical name; a person the article gives no evidence for is absent.

    """
    by_honorific: dict[str, str] = {}
    by_sentence: dict[str, str] = {}
    for paragraph in paragraphs:
        for sentence in paragraph.doc.sents:
            named = {
                fullest(e.text)
                for e in sentence.ents
                if e.label_ == "PERSON"
                and not quotes.contains(paragraph.offset + e.start_char)
                and not _a_source_only(e.root)
            }
            for entity in sentence.ents:
                before = paragraph.doc[entity.start - 1].lower_ if entity.start > 0 else ""
                if entity.label_ == "PERSON" and before in _HONORIFIC_GENDER:
                    by_honorific.setdefault(fullest(entity.text), _HONORIFIC_GENDER[before])
            heads = {e.root.head.i for e in sentence.ents if e.label_ == "PERSON" and e.root.dep_ in _SUBJECT_DEPS}
            seen = {
                PRONOUN_GENDER[t.lower_]
                for t in sentence
                if t.lower_ in PRONOUN_GENDER
                and not quotes.contains(paragraph.offset + t.idx)
                and not _co_argument(t, heads)
            }
            if len(named) == 1 and len(seen) == 1:
                by_sentence.setdefault(next(iter(named)), next(iter(seen)))
    given_names = load_lexicon().given_names
    by_given_name = {
        name: given_names[words[0].casefold()]
        for name in people
        if len(words := name_words(name)) > 1 and words[0].casefold() in given_names
    }
    return {**by_sentence, **by_given_name, **by_honorific}


_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _a_source_only(name: Token) -> bool:
    """Whether a name is the object of "according to" (or "per"): the clause it frames is about someone else."""
    head = name.head
    return name.dep_ == "pobj" and (head.lower_ == "to" and head.head.lower_ == "according" or head.lower_ == "per")
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj"})


def _co_argument(pronoun: Token, subject_heads: set[int]) -> bool:
    """Whether a pronoun is an object of a verb whose subject is a named person ("Kovac told her").

    A plain pronoun cannot mean its own verb's subject (that would take "herself"), so it says nothing of the
    subject's gender.
    """
    head = pronoun.head
    if pronoun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif pronoun.dep_ not in _OBJECT_DEPS:
        return False
    return head.i in subject_heads
