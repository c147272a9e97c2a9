"""Parse repairs: the small English model's known misreadings of reports, put right once for every stage.

Each repair reads one parsed paragraph and changes labels or heads in place. The names the tagger cut or
mislabelled come first (``entity_repairs``); then a reporting verb hung on the next clause's subject, a report
read as the complement of the clause it reports, an inverted speaker read as an object or as what its verb
modifies, a name read as an adverb, a subject read as the last item of a list (``conjunct_repairs``), a second
report read as part of the first one's clause (``conjunct_repairs``), a participle of saying read as a noun, and
the source of "according to" read as the next verb's subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimex.service.pipeline.conjunct_repairs import (
    reports_taken_for_conjoined_clauses,
    subjects_taken_for_conjuncts,
    verbs_of_saying,
)
from claimex.service.pipeline.entity_repairs import (
    names_cut_at_a_joining_word,
    people_after_titles,
    people_at_the_end_of_titled_names,
)
from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.light_verbs import clauses_made_plain

if TYPE_CHECKING:

    from spacy.tokens import Doc, Token


def repaired(doc: Doc) -> Doc:
    """The parse with the small model's known misreadings of reports put right (each repair below).

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, repaired in place.

    """
    doc = people_at_the_end_of_titled_names(people_after_titles(names_cut_at_a_joining_word(doc)))
    doc = reports_taken_for_complements(reports_taken_for_modifiers(participles_taken_for_nouns(doc)))
    doc = speakers_taken_for_objects(doc)
    doc = subjects_taken_for_conjuncts(names_taken_for_adverbs(doc))
    doc = reports_taken_for_conjoined_clauses(clauses_made_plain(doc))
    return sources_taken_for_subjects(doc)


_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def reports_taken_for_modifiers(doc: Doc) -> Doc:
    """Re-attach a reporting verb that the parser made a modifier of the next clause's subject.

    With no "that", the small parser may read "the agency noted shipping was halted" as a "noted shipping" that
    was halted, leaving "noted" with a subject of its own but no clause. A verb of saying (the lexicon's) with
    a past or present tense and a subject before it cannot modify a noun, so it becomes the head again and the
    clause whose subject it hung on becomes its reported clause, for every later stage at once.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such verbs re-attached.

    """
    verbs = load_lexicon().verbs
    for token in doc:
        if token.tag_ not in _FINITE or token.dep_ not in {"amod", "compound"}:
            continue
        if token.lemma_.casefold() not in verbs or not any(c.dep_ == "nsubj" and c.i < token.i for c in token.children):
            continue
        noun = token.head
        clause = noun.head
        if noun.i <= token.i or noun.dep_ not in _SUBJECTS or clause.pos_ not in {"VERB", "AUX"} or clause.i < noun.i:
            continue
        _report_above(token, clause)
        for stop in [c for c in clause.rights if c.dep_ == "punct" and c.i == clause.right_edge.i]:
            stop.head = token  # the sentence's full stop belongs to the main verb, as the parser attaches it
    return doc


def _report_above(report: Token, clause: Token) -> None:
    """Put the report in the clause's place in the tree, with the clause as its reported complement."""
    if clause.dep_ == "ROOT":
        report.head, report.dep_ = report, "ROOT"
    else:
        report.head, report.dep_ = clause.head, clause.dep_
    clause.head, clause.dep_ = report, "ccomp"


_OBJECTS = frozenset({"ccomp", "xcomp", "dobj"})


def reports_taken_for_complements(doc: Doc) -> Doc:
    """Make a report the head again when the parser made it a complement of the clause after its comma.

    "Lune Radio reported in May, 62 shops had closed" may come back with "closed" as the root and "reported" as
    its complement: the reverse of what was said. A verb of saying (the lexicon's) with its own subject and no
    clause or object of its own, whose words end right before a comma after which its head has a subject, is
    the head.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such reports made heads of their clauses.

    """
    for token in verbs_of_saying(doc):
        clause = token.head
        after = token.right_edge.i + 1
        if token.dep_ != "ccomp" or clause.i <= token.i or after >= len(doc) or doc[after].text != ",":
            continue
        if any(c.dep_ in _OBJECTS for c in token.children) or not any(c.dep_ == "nsubj" for c in token.children):
            continue
        if not any(c.dep_ in _SUBJECTS and c.i > after for c in clause.children):
            continue
        _report_above(token, clause)
    return doc


_CLOSING_MARKS = frozenset({'"', "”", "’", "'"})


def speakers_taken_for_objects(doc: Doc) -> Doc:
    """Make the speaker of an inverted report after a quotation the subject the parser took for an object.

    In '"…," warned one resident' English puts the subject after the verb; the small parser often reads it as the
    verb's object ("warned one resident"), leaving the report with no speaker. A verb of saying (the lexicon's)
    that directly follows a closing quotation mark (or mark and comma), has no subject and has an object after it
    is such an inversion. With no comma ('"…" tweeted Mayor Ana Ruiz') the parser may instead read the verb as
    a modifier of the name after it: the verb becomes the sentence's head, the name its subject and the quoted
    clause its complement.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such objects made subjects.

    """
    for token in verbs_of_saying(doc):
        if token.i < 1:
            continue
        before = doc[token.i - 1]
        if before.text == "," and token.i > 1:
            before = doc[token.i - 2]
        if before.text not in _CLOSING_MARKS or any(c.dep_ in _SUBJECTS for c in token.children):
            continue
        if token.dep_ in {"amod", "compound"} and token.head.i > token.i and token.head.pos_ == "PROPN":
            name = token.head
            while name.dep_ == "compound" and name.head.i > name.i:
                name = name.head  # "Mayor" in "Mayor Ana Ruiz": the name's head word is the subject
            _make_head_of_its_sentence(token, subject=name)
            continue
        obj = next((c for c in token.children if c.dep_ == "dobj" and c.i > token.i), None)
        if obj is not None:
            obj.dep_ = "nsubj"
    return doc


def _make_head_of_its_sentence(verb: Token, subject: Token) -> None:
    """Make the verb its sentence's root, with the given subject and the old root as its reported clause."""
    root = verb.sent.root
    for word in [c for c in subject.children if c.i < verb.i]:
        word.head = root  # quoted words the parser hung on the name go back to the quotation
    verb.head, verb.dep_ = verb, "ROOT"
    subject.head, subject.dep_ = verb, "nsubj"
    if root.i != verb.i and root.i < verb.i:
        root.head, root.dep_ = verb, "ccomp"


_NAMED = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def names_taken_for_adverbs(doc: Doc) -> Doc:
    """Make a name the parser read as an adverb of a subjectless verb of saying its subject.

    "Nordco meanwhile admitted that …" may come back with "Nordco" as an adverb and no subject: a name (a named entity or
    a proper noun) that stands first before a verb of saying (the lexicon's) with no subject is that verb's
    subject, for every later stage at once.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such names made subjects.

    """
    for token in verbs_of_saying(doc):
        if any(c.dep_ in _SUBJECTS for c in token.children):
            continue
        first = next(iter(token.lefts), None)
        if first is None or first.dep_ not in {"advmod", "npadvmod"} or not first.is_sent_start:
            continue
        if first.ent_type_ in _NAMED or first.pos_ == "PROPN":
            first.dep_ = "nsubj"
    return doc


_OPENING_MARKS = frozenset('"“')


def participles_taken_for_nouns(doc: Doc) -> Doc:
    """Make a participle of saying that the tagger read as a noun a verb again, with the clause's verb as its head.

    In 'she was filmed on video saying: "…"' or 'wrote about the vote saying, "…"' the small tagger may read
    "saying" as a noun ("video saying"), so nothing reports the quotation. An "-ing" word whose verb is a verb of
    saying (the lexicon's), right before a colon or comma and an opening quotation mark, is that verb's
    participle: it modifies the nearest verb above it, whose subject is its speaker.

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such participles made verbs.

    """
    verbs = load_lexicon().verbs
    for token in doc:
        if token.pos_ not in {"NOUN", "PROPN"} or not token.lower_.endswith("ing") or token.i + 2 >= len(doc):
            continue
        if doc[token.i + 1].text not in {",", ":"} or doc[token.i + 2].text[:1] not in _OPENING_MARKS:
            continue
        stem = token.lower_[:-3]
        verb = next((v for v in (stem, f"{stem}e", stem[:-1]) if v in verbs), None)
        head = token.head
        while head.pos_ not in {"VERB", "AUX"} and head.head.i != head.i:
            head = head.head
        if verb is None or head.pos_ not in {"VERB", "AUX"} or head.i > token.i:
            continue
        token.pos_, token.tag_, token.lemma_ = "VERB", "VBG", verb
        token.head, token.dep_ = head, "advcl"
    return doc


def sources_taken_for_subjects(doc: Doc) -> Doc:
    """Give back to "according to" the source the parser made the subject of the verb after it.

    "According to news agency Lunpress, the chief prosecutor, Tomas Varga, said …" may come back with "to" empty,
    "Lunpress" as the subject of "said" and the prosecutor as its appositive. A subject that opens right after an
    empty "according to" is that phrase's object, and its first appositive after a comma is the verb's subject
    (a later one names that appositive again).

    Args:
        doc: A parsed paragraph.

    Returns:
        The same document, such sources and subjects put back.

    """
    for to in doc:
        if to.lower_ != "to" or to.head.lower_ != "according" or any(c.dep_ == "pobj" for c in to.children):
            continue
        verb = to.head.head
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.left_edge.i == to.i + 1), None)
        appositives = [c for c in subject.children if c.dep_ == "appos"] if subject is not None else []
        if subject is None or not appositives or doc[appositives[0].left_edge.i - 1].text != ",":
            continue
        speaker, *others = appositives
        subject.head, subject.dep_ = to, "pobj"
        speaker.head, speaker.dep_ = verb, "nsubj"
        for other in others:
            other.head = speaker
    return doc
