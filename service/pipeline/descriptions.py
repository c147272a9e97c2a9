"""What a description stands for: "the harbour commissioner", "the company", "the report", "54 percent".

A definite description names someone the article introduced: the person given that role, the person who just
spoke when it shares a word of their role, the organisation or document named with that noun before (or that
spoke last), and a share of respondents the poll that counted them (see ``polls``). ``resolve`` mixes these
readings into its resolver; the article facts they read are the resolver's.
"""

from __future__ import annotations

from bisect import bisect_right

from claimex.service.pipeline.entities import latest_named
from claimex.service.pipeline.lexicon import DOCUMENT_KINDS, spelling_variants
from claimex.service.pipeline.mentions import Mention

_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "for", "in", "to"})


def plain_words(text: str) -> list[str]:
    """A phrase's words in lower case, without a possessive "'s" ("the Trust's chair" → the, trust, chair)."""
    return text.casefold().replace("’s", " ").replace("'s", " ").split()


_PAIR_WORDS = frozenset({"pair", "duo", "both", "two", "parties"})
_MIN_STEM = 4  # "say" → "saying" is no document; "state" → "statement", "claim" → "claim" are


class DescriptionReading:
    """The resolver's readings of descriptions, over the article facts and the speakers it has seen so far."""

    roles: dict[str, str]
    recent_people: list[str]
    last_person_speaker: tuple[int, str] | None
    last_org_speaker: tuple[int, str] | None
    last_document: str | None
    paragraph_starts: list[int]
    acronyms: dict[str, str]
    described: dict[str, str]
    makers: dict[str, list[tuple[int, str]]]
    introduced: dict[str, list[tuple[int, str]]]
    named_by_head: dict[str, list[tuple[int, str]]]
    polls: list[tuple[int, str]]
    pairs: list[tuple[int, str]]
    reporters: dict[str, tuple[int, str]]
    noun_kinds: dict[str, str]

    def _poll_before(self, offset: int) -> str | None:
        """The poll named last before the offset, in the same or the previous paragraph."""
        at = bisect_right(self.polls, (offset, ""))
        if not at:
            return None
        named_at, name = self.polls[at - 1]
        return name if self._paragraphs_apart(named_at, offset) <= 1 else None

    def _paragraphs_apart(self, earlier: int, later: int) -> int:
        """How many paragraph breaks lie between two article offsets."""
        return bisect_right(self.paragraph_starts, later) - bisect_right(self.paragraph_starts, earlier)

    def _kind(self, word: str) -> str | None:
        return self.noun_kinds.get(word.casefold())

    def _person_by_role(self, mention: Mention) -> str | None:
        """The person whose role holds every word of a definite description ("the harbour commissioner").

        The latest person seen speaking comes first, then everyone else the article gave a role. A description
        headed by a word WordNet files as something other than a person ("the company") is no person.
        """
        words = plain_words(mention.text)
        if not words or self._kind(words[-1]) not in {None, "person"}:
            return None
        seen = list(reversed(self.recent_people))
        spoke = set(seen)
        for name in seen + [p for p in self.roles if p not in spoke]:
            role = set(plain_words(self.roles.get(name, "")))
            if role and role.issuperset(words):
                return name
        return self._last_speaker_sharing_a_role_word(mention)

    def _person_named_as(self, owner: str, owned: str, whose: str | None) -> str | None:
        """The one person the article introduced as this relation ("his daughter" → "his daughter Ana Ruiz").

        A role counts when it ends in the relation's noun and is owned by the same pronoun ("his daughter") or by
        the person the pronoun stands for ("Tom Ruiz's daughter"). Two such people ("his son" twice) name no one.
        """
        words = plain_words(owned)
        if len(words) != 1 or self._kind(words[0]) != "person":
            return None
        owners = {owner.casefold(), *plain_words(whose or "")}
        found = {
            name
            for name, role in self.roles.items()
            if (role_words := plain_words(role))[-1:] == words and owners & set(role_words[:-1])
        }
        return found.pop() if len(found) == 1 else None

    def _last_speaker_sharing_a_role_word(self, mention: Mention) -> str | None:
        """The person who spoke last, nearby, when a lower-case modifier of the description is in their role.

        "Foreign Secretary Ana Ruiz said …" then "the foreign minister added …": the same person named by a
        variant of her title. Only the latest person speaking, in the same or the previous paragraph, and only
        lower-case words or acronyms: a capitalised modifier is mostly a nationality or a place ("the Russian
        envoy"), which picks out no one. A bare person noun ("the geologist also said") is that person too when
        the article gave them no role to contradict it.
        """
        if self.last_person_speaker is None:
            return None
        spoke_at, name = self.last_person_speaker
        if self._paragraphs_apart(spoke_at, mention.start) > 1:
            return None
        written = self.roles.get(name, "")
        role = set(self._spelt_out(written.split()))
        modifiers = [w for w in mention.text.split()[:-1] if w.islower() or w.isupper()]
        if set(self._spelt_out(modifiers)) - _FUNCTION_WORDS & role:
            return name
        if not written and len(mention.text.split()) == 1:
            return name
        initials = "".join(w[0] for w in written.split() if w[:1].isupper())  # "the LHT chief": Lune Harbour Trust
        return name if any(len(w) > 1 and w.isupper() and w in initials for w in modifiers) else None

    def _spelt_out(self, words: list[str]) -> list[str]:
        """Plain lower-case words, each acronym the article defines replaced by what it stands for."""
        return [plain for word in words for plain in plain_words(self.acronyms.get(word, word))]

    def _org_speaker_in_paragraph_of(self, offset: int) -> str | None:
        if self.last_org_speaker is None:
            return None
        spoke_at, name = self.last_org_speaker
        same = self._paragraphs_apart(spoke_at, offset) == 0
        return name if same else None

    def _named_with_head(self, noun: str, before: int) -> str | None:
        """The organisation last named with this noun as its last word: "the centre" after "the Lune Flood Watch Center"."""
        found = [latest_named(self.named_by_head, variant, before) for variant in spelling_variants(noun)]
        return next((name for name in found if name is not None), None)

    def _reporter_named_by(self, noun: str, offset: int) -> str | None:
        """Who made the report a noun names after its verb: "the statement" after "Mia Kovac stated …".

        The noun must be the verb's own word or built on it (state → statement, announce → announcement), and the
        report made in the same or the previous paragraph.
        """
        made = [
            (at, speaker)
            for verb, (at, speaker) in self.reporters.items()
            if len(stem := verb.removesuffix("e")) >= _MIN_STEM and noun.startswith(stem) and at < offset
        ]
        at, speaker = max(made, default=(0, None))
        return speaker if speaker is not None and self._paragraphs_apart(at, offset) <= 1 else None

    def _pair_named_before(self, mention: Mention) -> str | None:
        """The two names a pair word stands for ("the pair", "both nations", "the two ministers").

        They are the last two named together with "and", in the same or the two paragraphs before.
        """
        words = plain_words(mention.text)
        if not 1 <= len(words) <= 2 or words[0] not in _PAIR_WORDS:
            return None
        at = bisect_right(self.pairs, (mention.start, ""))
        if not at:
            return None
        named_at, names = self.pairs[at - 1]
        return names if self._paragraphs_apart(named_at, mention.start) <= 2 else None

    def _described(self, mention: Mention) -> tuple[str, bool] | None:
        """What a definite description stands for, or None when the mention is none or nothing fits.

        "the company" → the organisation that spoke last (or that "the company" named before), "the report" → the
        document that spoke last, "the pathologist" → the person the article gave that role.
        """
        paired = self._pair_named_before(mention)
        if paired is not None:
            return paired, False
        if not mention.definite or mention.plural or len(mention.text.split()) != 1:
            return None
        noun = mention.text.casefold()
        kind = self._kind(noun)
        if kind == "person":
            return None  # a role no person was given ("the pathologist" matched one in _person_by_role)
        if kind == "group":
            # An organisation the article named with this noun ("the ministry" after "the Ministry of Health"), else
            # the one that spoke last in the same paragraph: "the government said" paragraphs after a charity spoke
            # is the government (measured on dev: taking any earlier organisation was worse).
            found = (
                self.described.get(noun)
                or latest_named(self.introduced, noun, mention.start)
                or self._org_speaker_in_paragraph_of(mention.start)
            )
        elif kind in DOCUMENT_KINDS:
            found = (
                self.described.get(noun)
                or latest_named(self.makers, noun, mention.start)
                or self._reporter_named_by(noun, mention.start)
                or self.last_document
            )
        else:
            found = None
        found = found or self._named_with_head(noun, mention.start)
        if found is None:
            return None
        self.described[noun] = found
        return found, False
