"""Speaker resolution: mentions in attribution frames turned into the canonical speakers the article names.

One pass over the article in order keeps the people, organisations, groups and documents last mentioned
(outside quotations), so that a pronoun source ("he said") resolves to the nearest compatible person before it,
never to a name that occurs only inside someone's quote; a definite description ("the company", "the report",
"the engineer") names what it describes; a surname, a misspelt surname or a defined acronym names the full name.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from claimex.service.pipeline.acronyms import find_acronyms, without_open_parenthesis
from claimex.service.pipeline.attribution import Frame
from claimex.service.pipeline.descriptions import DescriptionReading
from claimex.service.pipeline.entities import (
    by_noun,
    coordinated_pairs,
    document_makers,
    entities_by_kind,
    organisation_descriptions,
    person_roles,
)
from claimex.service.pipeline.genders import PRONOUN_GENDER, pronoun_genders
from claimex.service.pipeline.lexicon import DOCUMENT_KINDS, load_lexicon, spelling_variants
from claimex.service.pipeline.mentions import Mention
from claimex.service.pipeline.names import (
    OrganisationNames,
    canonical_people,
    contains_in_order,
    misspelt_full_name_of,
    misspelt_surname_of,
    name_words,
    named_in_full,
)
from claimex.service.pipeline.parse import ParsedParagraph
from claimex.service.pipeline.polls import named_polls
from claimex.service.pipeline.quotes import QuoteIndex

_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_HONORIFIC_NAME = re.compile(r"\b(?:Mr|Ms|Mrs|Dr|Prof)\.?[ \t]+([A-Z][\w’'-]+)")
_GROUP_PRONOUNS = frozenset({"they", "them"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
_THING_PRONOUNS = frozenset({"it"})
# Capitalised words after a lower-case word or a comma: proper nouns, whose capital is not the sentence's.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")  # linear: one newline, then blanks, then one newline
_WORD = re.compile(r"[^\W\d_][\w’'-]*")  # a word of the article, for how often it spells a name
_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][\w’'-]*")


class ResolvedSpeaker(NamedTuple):
    """Who a frame credits: the canonical name (None when nobody), whether a named person, and their role."""

    name: str | None
    is_person: bool
    role: str | None


def speaker_resolver(article: str, paragraphs: list[ParsedParagraph], quotes: QuoteIndex) -> SpeakerResolver:
    """A resolver primed with the article's people, their pronoun genders and roles, and its acronyms.

    Args:
        article: The article text.
        paragraphs: Its parsed paragraphs.
        quotes: Its quotation spans (names inside quotations are quoted, not sources).

    Returns:
        The resolver, ready for the article's frames in order.

    """
    entities = [e for e in entities_by_kind(paragraphs) if not quotes.contains(e[1])]
    surnames = {m.group(1) for m in _HONORIFIC_NAME.finditer(article)}
    people = canonical_people(
        [
            text
            for text, _, label, _ in entities
            if label == "PERSON" or (label == "ORG" and name_words(text)[-1:] and name_words(text)[-1] in surnames)
        ],
        Counter(_WORD.findall(article)),
    )
    resolver = SpeakerResolver(entities, people, _MID_SENTENCE_CAPITAL.findall(article))
    resolver.paragraph_starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(article))]
    resolver.acronyms = find_acronyms(article)
    lexicon = load_lexicon()
    resolver.makers = by_noun(document_makers(paragraphs, lexicon.names_a_document))
    resolver.named_by_head = by_noun(
        [
            (offset, variant, text.removeprefix("The ").removeprefix("the "))
            for text, offset, label, _ in entities
            if label in {"ORG", "FAC"} and text.split()[-1][:1].isupper()
            for variant in spelling_variants(text.split()[-1])
        ]
    )
    resolver.introduced = by_noun(
        organisation_descriptions(paragraphs, lambda noun: lexicon.noun_kinds.get(noun) == "group")
    )
    resolver.polls = named_polls(paragraphs)
    resolver.pairs = coordinated_pairs(article, entities, resolver.fullest)
    resolver.genders = pronoun_genders(paragraphs, quotes, resolver.people, resolver.fullest)
    for name, role in person_roles(paragraphs, lambda noun: lexicon.noun_kinds.get(noun) == "person"):
        resolver.roles.setdefault(resolver.fullest(name), role)
    return resolver


class SpeakerResolver(DescriptionReading):
    """Turns mentions into canonical speakers, remembering who was mentioned last (in article order).

    Feed it the article's frames in order (``resolve``): each answer depends on what came before.
    """

    def __init__(self, entities: list[tuple[str, int, str, bool]], people: list[str], proper: list[str]) -> None:
        self._proper = frozenset(proper)
        self._entities = entities
        self.organisations = OrganisationNames(entities)
        self._named = frozenset(word for text, _, label, _ in entities if label != "PROPN" for word in text.split())
        self._next = 0
        self.people = people
        self.recent_people: list[str] = []
        self.genders: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.acronyms: dict[str, str] = {}
        self.last_group: str | None = None
        self.last_organisation: str | None = None
        self.last_org_speaker: tuple[int, str] | None = None  # (offset, name) of the organisation that spoke last
        self.last_person_speaker: tuple[int, str] | None = None
        self.paragraph_starts: list[int] = [0]
        self.last_document: str | None = None
        self.described: dict[str, str] = {}  # "company" → the organisation "the company" named before
        self.makers: dict[str, list[tuple[int, str]]] = {}  # "resolution" → [(offset, "Lune City Council")]
        self.introduced: dict[str, list[tuple[int, str]]] = {}  # "airline" → [(offset, "Nordvik Air")]
        self.named_by_head: dict[str, list[tuple[int, str]]] = {}  # "trust" → [(offset, "Lune Harbour Trust")]
        self.polls: list[tuple[int, str]] = []  # [(offset, "Lune Weekly survey")]
        self.pairs: list[tuple[int, str]] = []  # [(offset, "Ana Ruiz and Tomas Varga")]: two names joined by "and"
        self.reporters: dict[str, tuple[int, str]] = {}  # "state" → (offset, "Mia Kovac"): who last stated
        self.noun_kinds = load_lexicon().noun_kinds

    def _saw_person(self, name: str) -> None:
        if name in self.recent_people:
            self.recent_people.remove(name)
        self.recent_people.append(name)

    def _person_for(self, pronoun: str) -> str | None:
        """The latest person whose known gender (if any) agrees with the pronoun.

        A one-word name of no known gender that is no part of a longer name in the article ("according to
        Dunmore", tagged a person) is taken only when no other person agrees: a person's name comes whole first.
        """
        wanted = PRONOUN_GENDER.get(pronoun)
        weak = None
        for name in reversed(self.recent_people):
            if wanted is None or self.genders.get(name) in {None, wanted}:
                if self._unsure_person(name):
                    weak = weak or name
                    continue
                return name
        return weak

    def _unsure_person(self, name: str) -> bool:
        """A one-word name with no known gender that is no part of a longer name: maybe no person at all."""
        return self.genders.get(name) is None and " " not in name and not self._is_surname(name)

    def _advance(self, offset: int) -> None:
        while self._next < len(self._entities) and self._entities[self._next][1] < offset:
            text, _, label, main_subject = self._entities[self._next]
            # "Varga" tagged as a place, or not tagged at all, is still Varga when Varga is someone's surname.
            person = label == "PERSON" or (self._is_known_person(text) if label != "PROPN" else self._is_surname(text))
            if person and main_subject:
                self._saw_person(self.fullest(text))
            elif label == "ORG" and not person:
                self.last_organisation = self._organisation(text)  # "it reported": "LHT" is its full name
            self._next += 1

    def fullest(self, name: str) -> str:
        """The fullest form of a person's name that the article uses ("Varga" → "Tomas Varga")."""
        words = name_words(name)
        matches = [p for p in self.people if contains_in_order(p.split(), words)]
        if len(words) == 1 and all(len(p.split()) == 1 for p in matches):
            matches = misspelt_surname_of(words[0], self.people) or matches
        elif len(words) == 1 and (named := [p for p in matches if len(p.split()) > 1]):
            # a surname several people share: the first of them the article named in full
            matches = [p for p in named if p.split()[0] == named[0].split()[0]]
        elif len(words) > 1 and not matches:
            matches = misspelt_full_name_of(words, self.people)  # "Ana Holis" after "Ana Hollis"
        return max(matches, key=lambda p: len(p.split())) if matches else " ".join(words) or name

    def resolve(self, frame: Frame, *, remember: bool = True) -> ResolvedSpeaker:
        """The frame's speaker; ``remember`` lets it become the antecedent of later pronouns and descriptions."""
        mention = frame.source
        self._advance(frame.cue.start if mention is None else min(mention.start, frame.cue.start))
        speaker, is_person = self._speaker_of(mention)
        if remember and speaker is not None and mention is not None and mention.describes:
            self.described[mention.describes] = speaker  # "a statement issued by X" … "the statement explained"
        if remember and speaker is not None and frame.cue.lemma:
            self.reporters[frame.cue.lemma] = (frame.cue.start, speaker)
        if remember and speaker is not None:
            if is_person:
                self._saw_person(speaker)
                if mention is not None:
                    self.last_person_speaker = (mention.start, speaker)
                if len(speaker.split()) > 1 and speaker not in self.people:
                    self.people.append(speaker)  # a name the tagger missed: later surnames and misspellings find it
            elif mention is not None and mention.kind == "organisation":
                self.last_organisation = speaker
                self.last_org_speaker = (mention.start, speaker)
            elif mention is not None and mention.plural:
                self.last_group = speaker
            last_word = speaker.split()[-1]
            if not is_person and last_word[:1].isupper() and self._kind(last_word) in DOCUMENT_KINDS:
                self.last_document = speaker
        role = self.roles.get(speaker) if is_person and speaker is not None else None
        return ResolvedSpeaker(speaker, is_person, role)

    def _speaker_of(self, mention: Mention | None) -> tuple[str | None, bool]:
        if mention is None:
            return None, False
        if mention.kind == "pronoun":
            word = mention.text.casefold()
            if mention.antecedent is not None:
                speaker, is_person = self._speaker_of(mention.antecedent)
                wanted = PRONOUN_GENDER.get(word)
                if speaker is not None and (
                    not is_person or (self.genders.get(speaker) in {None, wanted} and not self._unsure_person(speaker))
                ):
                    return speaker, is_person
            if word in _PERSON_PRONOUNS:
                person = self._person_for(word)
                return person, person is not None
            if word in _GROUP_PRONOUNS:
                return self.last_group or self.last_organisation, False
            if word in _THING_PRONOUNS:
                return self.last_organisation, False
            return None, False  # "I", "we", "you" outside quotations: the writer, not a source
        if mention.kind == "share":
            return self._poll_before(mention.start) or mention.text[:1].lower() + mention.text[1:], False
        part, of, whole = mention.text.partition(" of ")
        owner, _, owned = whole.partition(" ")
        if of and owned and mention.kind == "group" and owner.casefold() in _POSSESSIVE_PRONOUNS:
            whose = self._owner_of(owner.casefold())  # "one of his aides" → "one of Anton Weiss's aides"
            return (f"{part} of {whose}'s {owned}" if whose else mention.text), False
        made, by, maker = mention.text.partition(" by ")
        if by and maker.casefold() in {"him", "her"} and (whose := self._person_for(maker.casefold())):
            first = made.split()[0]  # "A later entry by her" → "later entry by Mia Kovac"
            common = first not in self._proper and first not in self._named
            return f"{first.lower() if common else first}{made[len(first):]} by {whose}", False
        owner, _, owned = mention.text.partition(" ")
        if owned and owner.casefold() in _POSSESSIVE_PRONOUNS:  # "his family" → "Anton Weiss's family"
            whose = self._owner_of(owner.casefold())
            if whose and self._kind(owned.split()[-1]) in DOCUMENT_KINDS:
                return whose, owner.casefold() in {"his", "her"}  # "his criticism centred on …": his words
            named = self._person_named_as(owner, owned, whose)
            if named is not None:
                return named, True  # "his daughter said" after "his daughter Ana Ruiz": she is named
            return (f"{whose}'s {owned}" if whose else mention.text), False
        if mention.text in self.acronyms:
            return self.acronyms[mention.text], False  # "NFCO said", tagged a person: the body it stands for
        titled = self._person_by_role(mention) if mention.definite and not mention.plural else None
        if titled is not None:
            return titled, True  # "the Harbour Commissioner said" → the person introduced with that title
        if mention.kind == "person" or self._is_known_person(mention.text):
            in_full = mention.kind == "person" or named_in_full(mention.text)  # else a title and a surname: "Dr Kovac"
            return self.fullest(mention.text if in_full else name_words(mention.text)[-1]), True
        described = self._described(mention)
        if described is not None:
            return described
        first, *rest = mention.text.split()
        common = all(w.islower() for w in rest if w[:1].isalpha())
        if (
            first[:1].isupper()
            and not first.isupper()
            and first not in self._proper
            and first not in self._named  # "France said", "French officials said": a name keeps its capital
            and common
            and mention.kind == "group"
        ):
            return first.lower() + mention.text[len(first) :], False  # "Officials said": a sentence-initial capital
        name = without_open_parenthesis(mention.text)
        return (self._organisation(name) if mention.kind in {"organisation", "group"} else name), False

    def _owner_of(self, possessive: str) -> str | None:
        """Whom a possessive pronoun refers to: a person for "his"/"her", else the group or organisation."""
        if possessive in {"his", "her"}:
            return self._person_for(possessive)
        if possessive == "their":
            return self.last_group or self.last_organisation
        return self.last_organisation

    def _organisation(self, name: str) -> str:
        """An organisation's fullest name: what its acronym stands for, or the longer name a single word shortens."""
        if name in self.acronyms:
            return self.acronyms[name]
        return (self.organisations.shortened(name) if " " not in name else None) or name

    def _is_surname(self, word: str) -> bool:
        return any(len(p.split()) > 1 and p.split()[-1] == word for p in self.people)

    def _is_known_person(self, text: str) -> bool:
        """A capitalised mention whose words all belong to one person named in the article (NER said ORG)."""
        words = name_words(text)
        if not words or not all(w[:1].isupper() for w in words):
            return False
        # The head word decides ("Dr Kovac" is Mia Kovac): titles before it need not be in the name.
        if any(contains_in_order(p.split(), words[-1:]) for p in self.people):
            return True
        return len(words) == 1 and bool(misspelt_surname_of(words[0], self.people))
