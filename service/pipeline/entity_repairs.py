"""Entity repairs: names the small English model's tagger cut or mislabelled, put right before any report is read.

A name cut at a joining word ("National Office of" + "Harbour Works") is one name; a name after a person's title
that the tagger called a place or an organisation ("Lunese president Denver Holt") is a person, also when the tagger
ran the title into the name ("Lune Harbour Commissioner Ana Ruiz" as one organisation).
``parse_repairs.repaired`` runs these first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.speakers import TITLE_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Doc


_JOINING_WORDS = frozenset({"of", "for", "and", "on"})


def names_cut_at_a_joining_word(doc: Doc) -> Doc:
    """Join a name the tagger cut after "of", "for" or "and" to the name that follows it.

    "the National Office of Harbour Works" may come back as "National Office of" (an organisation) and "Harbour
    Works" (anything): a name does not end in a joining word, so the two are one, with the first one's label.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such names joined.

    """
    from spacy.tokens import Span

    entities = list(doc.ents)
    joined: list[Span] = []
    for entity in entities:
        last = joined[-1] if joined else None
        if last is not None and last[-1].lower_ in _JOINING_WORDS and last.end == entity.start:
            joined[-1] = Span(doc, last.start, entity.end, label=last.label_)
        else:
            joined.append(entity)
    if len(joined) != len(entities):
        doc.ents = joined
    return doc


_MISTAKABLE_FOR_A_PERSON = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


def people_after_titles(doc: Doc) -> Doc:
    """Relabel as a person a name the tagger took for a place or group right after a person's title.

    "Lunese president Denver Holt" may come back with "Denver Holt" as an organisation; a title or a noun that
    WordNet files as a person ("president", "spokesman"), modifying a name of two to four proper nouns, makes
    it a person, for every later stage at once.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, its entities relabelled where a title says so.

    """
    from spacy.tokens import Span

    kinds = load_lexicon().noun_kinds
    entities = list(doc.ents)
    changed = False
    for k, entity in enumerate(entities):
        if entity.label_ not in _MISTAKABLE_FOR_A_PERSON or not 2 <= len(entity) <= 4 or entity.start == 0:
            continue
        if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in entity):
            continue
        title = doc[entity.start - 1]
        is_title = title.text in TITLE_WORDS or (
            title.pos_ == "NOUN" and kinds.get(title.lemma_.casefold()) == "person"
        )
        if is_title and entity.start <= title.head.i < entity.end:
            entities[k] = Span(doc, entity.start, entity.end, label="PERSON")
            changed = True
    if changed:
        doc.ents = entities
    return doc


def people_at_the_end_of_titled_names(doc: Doc) -> Doc:
    """Cut a person's name off a name the tagger ran over a title ("Lune Harbour Commissioner Ana Ruiz" as one group).

    The name is the last two or three capitalised words after the span's last title (a title word, or a noun
    WordNet files as a person: "Commissioner", "Representative"), when the first of them is a given name (the census lists of ``given_names.tsv``); the words before it name where the person serves,
    not who speaks.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such people tagged on their own.

    """
    from spacy.tokens import Span

    lexicon = load_lexicon()
    given_names, kinds = lexicon.given_names, lexicon.noun_kinds
    entities = list(doc.ents)
    changed = False
    for k, entity in enumerate(entities):
        if entity.label_ not in _MISTAKABLE_FOR_A_PERSON or len(entity) < 3:
            continue
        titles = [t.i for t in entity if t.text in TITLE_WORDS or kinds.get(t.lower_) == "person"]
        start = titles[-1] + 1 if titles else entity.end
        name = doc[start : entity.end]
        if not 2 <= len(name) <= 3 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            continue
        if name[0].lower_ in given_names:
            entities[k] = Span(doc, start, entity.end, label="PERSON")
            changed = True
    if changed:
        doc.ents = entities
    return doc

