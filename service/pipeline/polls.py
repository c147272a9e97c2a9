"""Polls: a share of respondents speaks for the poll that counted them.

"In a poll by Lune Weekly of 900 readers, 54 percent said the pier should close; half said the ferry ran late.": the
shares are what the survey found, so LABELLING.md credits the survey ("the study found …": the study as the
article names it). A share is a subject the tagger reads as a percentage, or as a number standing as a noun
("two-thirds", "half"). A poll is a noun of the WordNet 3.0 synsets for polling: poll.n.01 ("poll", "opinion
poll", "canvass"), survey.n.01 and census.n.01, named by its maker ("a poll by Lune Weekly" → "Lune Weekly
poll") or by a name before it ("the ORB survey").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from claimex.service.pipeline.parse import ParsedParagraph

POLL_NOUNS = frozenset({"poll", "canvass", "survey", "census"})
_MAKER_ENTITIES = frozenset({"ORG", "PERSON", "NORP", "GPE"})


def is_share(token: Token) -> bool:
    """Whether a subject is a share of people counted by a poll ("54 percent", "90%", "three-quarters", "half")."""
    return token.ent_type_ == "PERCENT" or (token.ent_type_ == "CARDINAL" and token.pos_ == "NOUN")


def named_polls(paragraphs: list[ParsedParagraph]) -> list[tuple[int, str]]:
    """The polls the article names, in order: (article offset, name).

    Args:
        paragraphs: The parsed paragraphs.

    Returns:
        One row per named poll: "a poll by Lune Weekly" → "Lune Weekly poll", "the ORB survey" → "ORB survey".
        A poll the article does not name ("a survey of 3000 people") is left out.

    """
    found: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        for token in paragraph.doc:
            if token.pos_ == "NOUN" and token.lemma_.casefold() in POLL_NOUNS:
                name = _poll_name(token)
                if name is not None:
                    found.append((paragraph.offset + token.idx, name))
    return found


def _poll_name(poll: Token) -> str | None:
    doc = poll.doc
    for prep in poll.children:
        if prep.dep_ == "prep" and prep.lower_ == "by":
            maker = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if maker is not None and maker.ent_type_ in _MAKER_ENTITIES:
                entity = next(e for e in doc.ents if e.start <= maker.i < e.end)
                name = entity.text[4:] if entity.text.lower().startswith("the ") else entity.text
                return f"{name} {poll.text}"
    names = [c for c in poll.lefts if c.dep_ in {"compound", "poss"} and c.pos_ == "PROPN"]
    if names:
        first = min(t.i for c in names for t in c.subtree)
        return doc[first : poll.i + 1].text.removesuffix("'s").strip()
    return None
