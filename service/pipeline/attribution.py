"""Attribution frames from the parse: which cue reports, and which mention in the article is its source.

A frame is a reporting verb from the lexicon (or "according to", "per") outside any quotation, with its source:
``performers`` finds the word for whoever performs the verb (its subject, a passive's agent, the subject a
participle or conjunct inherits, …), ``mentions`` reads the noun phrase that word stands for, and ``resolve``
turns mentions into canonical speakers. Inversions ('"…," said X') and the object of "according to" are read here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.assertion import asserted, speaks
from claimex.service.pipeline.clauses import (
    attributing_per,
    coordinated_clauses,
    finite_complement,
    judged_as,
    names_as,
    reports_content,
    states_through_its_object,
    within_according_to,
)
from claimex.service.pipeline.hedges import IMPERSONAL
from claimex.service.pipeline.lexicon import Lexicon, load_lexicon
from claimex.service.pipeline.light_verbs import makes_plain
from claimex.service.pipeline.mentions import ENTITY_KINDS, Mention, entity_mention, entity_of, mention_of
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.performers import has_own_subject, nobody, source_token
from claimex.service.pipeline.quote_cues import hands_over_a_quotation
from claimex.service.pipeline.quotes import QuoteIndex

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass(frozen=True)
class Cue:
    """A reporting verb or phrase (offsets into the article) and the verb's lemma ("" for a phrase)."""

    text: str
    start: int
    end: int
    lemma: str = ""

    @property
    def prepositional(self) -> bool:
        """Whether the cue is a preposition that credits its object ("according to X", "per X")."""
        return self.text.casefold() in {"according to", "per"}


@dataclass(frozen=True)
class Frame:
    """One reporting cue with its source (None when the parse names nobody, e.g. a passive "it was said")."""

    cue: Cue
    source: Mention | None
    hedge: HedgeLevel
    asserted: bool = True
    speaks: bool = True  # the source's own words even when nothing is asserted ("urged crews to leave: …")
    main: bool = True
    complement: tuple[int, int] | None = None
    root: bool = False
    clauses: tuple[tuple[int, int], ...] = ()
    reports_content: bool = True
    impersonal: bool = False  # "it was alleged that …": nobody is credited, so nobody may be guessed
    judges: bool = False  # "described the plan as a fraud", "called it a fraud": a judgement of its object


def find_frames(paragraph: ParsedParagraph, lexicon: Lexicon, quotes: QuoteIndex) -> list[Frame]:
    """Every reporting frame of one parsed paragraph, in order.

    Args:
        paragraph: The parsed paragraph.
        lexicon: Reporting verbs.
        quotes: The article's quotation spans (a verb inside a quotation is quoted, not reporting).

    Returns:
        The frames, in article order.

    """
    frames = [
        Frame(Cue(m.group(), paragraph.offset + m.start(), paragraph.offset + m.end()), None, HedgeLevel.speculative)
        for m in IMPERSONAL.finditer(paragraph.doc.text)
        if not quotes.contains(paragraph.offset + m.start())
    ]
    doc = paragraph.doc
    for token in doc:
        start, end = paragraph.char_span(token.idx, token.idx + len(token.text))
        if quotes.contains(start):
            continue
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            to = doc[token.i + 1]
            cue = Cue(f"{token.text} {to.text}", start, paragraph.offset + to.idx + len(to.text))
            # a hyphenated noun ("e-mails") can parse as three objects ("e", "-", "mails"): the noun is the last
            objects = [c for c in to.children if c.dep_ == "pobj" and not c.is_punct]
            source = mention_of(objects[-1], paragraph) if objects else None
            frames.append(Frame(cue, source, HedgeLevel.certain, asserted=asserted(token)))
            continue
        if attributing_per(token):  # "per the statement, …": as "according to"
            source_word = next(c for c in token.children if c.dep_ == "pobj")
            cue = Cue(token.text, start, end)
            frames.append(Frame(cue, mention_of(source_word, paragraph), HedgeLevel.certain, asserted=asserted(token)))
            continue
        if token.pos_ != "VERB" or (token.dep_ in {"amod", "compound"} and not has_own_subject(token)):
            continue  # "an informed public": an adjective, unless the parse gave it a subject ("X warned crews")
        if token.tag_ == "VBN" and token.dep_ == "acl" and not any(c.dep_ == "agent" for c in token.children):
            continue  # "the items added to the bill": a participle naming a thing, no report by anyone
        if not token.is_sent_start and token.text[:1].isupper() and not token.text.isupper():
            continue  # a capitalised word mid-sentence is part of a name ("the Says Foundation"), not a verb
        if token.ent_type_ == "PERSON" and token.i + 1 < len(token.doc) and token.nbor().ent_iob_ == "I":
            continue  # the first word of a person's name ("Said Ahmed, a witness, said …"), not a verb
        particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
        if within_according_to(token):
            continue  # "According to two sources, X posted online …": X's act is what the sources report
        hedge = lexicon.verb_hedge(token.lemma_.casefold(), particle)
        if hedge is None and hands_over_a_quotation(token):
            hedge = HedgeLevel.certain  # "X continued: “…”": any verb that introduces a quotation reports it
        if hedge is None and states_through_its_object(token):
            hedge = HedgeLevel.certain  # "X shared her confidence that the pier would reopen": the noun reports
        if hedge is None and makes_plain(token):
            hedge = HedgeLevel.certain  # "X made clear that …": the light verb states its clause
        if hedge is None and names_as(token):
            hedge = HedgeLevel.certain  # "X called the plan a fraud": a judgement of the plan
        if hedge is None:
            continue
        performer = source_token(token)
        if performer is not None and nobody(performer):
            continue  # "None of the ministers would confirm it": no one reports anything
        source = mention_of(performer, paragraph) if performer is not None else None
        if source is None and token.tag_ == "VBG" and token.dep_ != "ROOT":
            source = _participle_source(token, paragraph)
        quoted = _quoted_source(token, paragraph)
        if quoted is not None:
            source = quoted  # "the report quotes Mia Kovac as saying …": Kovac's words, relayed
        inside = performer is not None and quotes.contains(_start_of(performer, paragraph))
        if inside and source is not None and not _set_apart(source, quotes):
            source = _inverted_source(token, paragraph)  # quoted words never report
        if source is not None and source.kind == "pronoun":
            source = replace(source, antecedent=_subject_of_the_report_before(token, source, paragraph, quotes))
        if source is None and not any(c.dep_ == "ccomp" for c in token.children):
            continue  # nobody reports and nothing is reported ("he was shown the new plans")
        cue = Cue(token.text, start, end, token.lemma_.casefold())
        frames.append(
            Frame(
                cue,
                source,
                hedge,
                asserted=asserted(token),
                speaks=speaks(token),
                main=token.dep_ not in {"acl", "relcl"},
                complement=finite_complement(token, paragraph),
                root=token.dep_ == "ROOT",
                clauses=coordinated_clauses(token, paragraph),
                reports_content=reports_content(token),
                impersonal=any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in token.children),
                judges=names_as(token) or judged_as(token),
            )
        )
    return sorted(frames, key=lambda f: f.cue.start)


def _quoted_source(verb: Token, paragraph: ParsedParagraph) -> Mention | None:
    """Whom a quoting verb quotes ("quotes Mia Kovac", "quoting the news agency"): the words are theirs."""
    if verb.lemma_.casefold() != "quote":
        return None
    quoted = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return mention_of(quoted, paragraph) if quoted is not None else None


def _subject_of_the_clause_around(verb: Token) -> Token | None:
    """The subject of the clause the report's own clause leans on, if any, before the report.

    The clause it reports before it ("…, they said"), the clause it is an adverbial of ("… when he said"), or an
    adverbial clause that opens it ("After Kovac left, she said").
    """
    reported = [c for c in verb.children if c.dep_ == "ccomp" and c.i < verb.i]
    clause: Token | None
    if reported:
        clause = reported[-1]
    elif verb.dep_ == "advcl" and verb.head.i < verb.i:
        clause = verb.head
    else:
        clause = next((c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i), None)
    if clause is None:
        return None
    return next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)


def _subject_of_the_report_before(
    verb: Token, pronoun: Mention, paragraph: ParsedParagraph, quotes: QuoteIndex
) -> Mention | None:
    """The subject of the clause a trailing "…, they said" reports, when the pronoun can stand for it.

    "Harbour inspectors shut the quay, they said": the pronoun of an attribution that follows its clause most likely
    means that clause's subject (a person for he/she, a group or organisation for they and it), not whoever was
    named last. So does a pronoun in a clause joined to another with its own subject ("Varga misled them when he
    said …", "After Kovac visited the quay, she said …"). The resolver takes it when the person's pronoun gender
    does not disagree. Never a subject inside a quotation.
    """
    subject = _subject_of_the_clause_around(verb)
    if subject is None or not (subject.ent_type_ in ENTITY_KINDS or _can_speak(subject)):
        return None  # "Prices will rise, they said": prices say nothing
    if quotes.contains(_start_of(subject, paragraph)):
        return None  # '"Even Karl agrees," she said': a name inside the quotation is quoted, not the speaker
    mention = mention_of(subject, paragraph)
    if mention is None or mention.kind == "pronoun":
        return None
    word = pronoun.text.casefold()
    if word in {"he", "she"}:
        return mention if mention.kind == "person" else None
    if word in {"they", "we"}:
        return (
            mention
            if mention.kind in {"group", "organisation"} and (mention.plural or mention.kind == "group")
            else None
        )
    if word == "it":
        return mention if mention.kind == "organisation" or (mention.kind == "group" and not mention.plural) else None
    return None


def _can_speak(noun: Token) -> bool:
    """Whether a common noun names people or an organisation (its WordNet kind is person or group)."""
    return noun.pos_ == "NOUN" and load_lexicon().noun_kinds.get(noun.lemma_.casefold()) in {"person", "group"}


def _participle_source(participle: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The named source of a participle whose own parse gives it none, taken from the nearest verb above with one.

    "X criticized Y for the toll saying, …" (the parse made "toll" the subject of "saying") and "X denied that it
    was rigged, writing …" (the verb above is a passive) both report for X. A group or thing is not taken.
    """
    # "she was filmed saying: …": a passive verb's subject, a person, is who was heard saying it
    sources = (
        source_token(a) or next((c for c in a.children if c.dep_ == "nsubjpass" and _a_person(c)), None)
        for a in participle.ancestors
        if a.pos_ in {"VERB", "AUX"}
    )
    head = next((t for t in sources if t is not None), None)
    mention = mention_of(head, paragraph) if head is not None else None
    return mention if mention is not None and mention.kind != "group" else None


def _a_person(token: Token) -> bool:
    return token.lower_ in {"he", "she"} or token.ent_type_ == "PERSON"


def _set_apart(source: Mention, quotes: QuoteIndex) -> bool:
    """Whether the only quotation marks around the source are its own ('quotes a "harbour official" as saying').

    Such a source is still the speaker; one inside quoted words ('"The pier is unsafe," said …' parsed with "pier"
    as the subject) is not.
    """
    around = quotes.overlapping(source.start, source.end)
    return bool(around) and all(q.start >= source.start - 1 and q.end <= source.end + 1 for q in around)


def _start_of(token: Token, paragraph: ParsedParagraph) -> int:
    return paragraph.char_span(token.idx, token.idx + len(token.text))[0]


def _inverted_source(verb: Token, paragraph: ParsedParagraph) -> Mention | None:
    """The name right after the verb in an inversion ('"…," said Tomas Varga').

    Used when the parse took the verb's subject from inside the quotation.
    """
    doc = verb.doc
    if verb.i + 1 < len(doc):
        entity = entity_of(doc[verb.i + 1])
        if entity is not None and entity.start == verb.i + 1 and entity.label_ in ENTITY_KINDS:
            return entity_mention(entity, paragraph)
    return None
