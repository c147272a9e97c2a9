"""Name forms: the words of a person's name, its fullest form, misspellings, and organisations' short names.

Articles misspell a name they gave in full earlier ("Lindqivst" for "Lindqvist", "Nrodvik" for "Nordvik") and shorten an
organisation to its first word; these functions say which name such a form stands for, or nobody when it is unsure.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from claimex.service.pipeline.lexicon import load_lexicon
from claimex.service.pipeline.speakers import TITLE_WORDS

_MIN_FUZZY_LETTERS = 5
_MIN_FUZZY_RATIO = 0.85
MAX_FUZZY_CANDIDATES = 64


def name_words(name: str) -> list[str]:
    """A name's words without a title before it, stray punctuation or a possessive "'s"."""
    words = name.split()
    while len(words) > 1 and words[0] in TITLE_WORDS:
        words = words[1:]  # "Councillor Ana Ruiz" → "Ana Ruiz": the title is a role, not part of the name
    words = [w.strip(".,;:’'\"“”") for w in words]
    if words and words[-1].casefold() in {"s", "’s", "'s"}:
        words = words[:-1]
    return [w.removesuffix("’s").removesuffix("'s") for w in words if w]


def named_in_full(name: str) -> bool:
    """Whether a name opens with a given name (census list) before more words: "Mia Lund Kovac", not "Dr Kovac"."""
    words = name_words(name)
    return len(words) > 1 and words[0].casefold() in load_lexicon().given_names


def contains_in_order(haystack: list[str], needle: list[str]) -> bool:
    """Whether every word of ``needle`` occurs in ``haystack`` in the same order (case-insensitive)."""
    it = iter(h.casefold() for h in haystack)
    return bool(needle) and all(n.casefold() in it for n in needle)


def canonical_people(names: list[str], words: Counter[str] | None = None) -> list[str]:
    """Distinct person names as the article writes them, possessives and stray punctuation removed.

    Args:
        names: Every mention of a person in article order, repeats included.
        words: How often the article writes each word (by default, counted over ``names``).

    Returns:
        One name per person. Two full names with the same given names whose surnames differ by a misspelling
        ("Ana Hollis", "Ana Holis") are one person, under the surname the article writes more often (the first
        on a tie).

    """
    cleaned = [c for c in (" ".join(name_words(name)) for name in names) if c and c[:1].isupper()]
    surnames = words if words is not None else Counter(c.split()[-1] for c in cleaned)
    seen: dict[str, str] = {}  # each name as first met → the spelling kept for that person
    by_given: dict[tuple[str, ...], list[str]] = {}  # given names → full names met with them, so each name is
    for name in cleaned:  # compared with its namesakes only, not with everyone
        if name in seen:
            continue
        *given, surname = name.split()
        namesakes = by_given.setdefault(tuple(given), []) if given else []
        # At most MAX_FUZZY_CANDIDATES namesakes each: a list of thousands of one given name stays linear.
        same = next((n for n in namesakes[:MAX_FUZZY_CANDIDATES] if misspells(surname, n.split()[-1])), None)
        kept = name if same is None else seen[same]
        seen[name] = kept
        if kept != name and surnames[surname] > surnames[kept.split()[-1]]:
            for first in [first for first, spelling in seen.items() if spelling == kept]:
                seen[first] = name
        if given:
            namesakes.append(name)
    return list(dict.fromkeys(seen.values()))


def misspelt_full_name_of(words: list[str], people: list[str]) -> list[str]:
    """The people whose full name ``words`` gives with the same given names but a misspelt surname."""
    *given, surname = words
    if not given:
        return []
    return [p for p in people if p.split()[:-1] == given and misspells(surname, p.split()[-1])]


def misspelt_surname_of(word: str, people: list[str]) -> list[str]:
    """The one person whose surname ``word`` misspells ("Lindqivst" for "Peter Lindqvist"), else nobody.

    Articles misspell a name they gave in full earlier; a misspelling (``_misspells``) is taken only when exactly
    one surname qualifies.
    """
    near = {p for p in people if len(p.split()) > 1 and misspells(word, p.split()[-1])}
    return sorted(near) if len({p.split()[-1] for p in near}) == 1 else []


def misspells(word: str, name: str) -> bool:
    """A near spelling of a name: five letters or more, the same initial, and a difflib ratio ≥ 0.85.

    Or one pair of neighbouring letters swapped ("Nrodvik" for "Nordvik"), the commonest single typing error.
    """
    word, name = word.casefold(), name.casefold()
    if len(word) < _MIN_FUZZY_LETTERS or word[:1] != name[:1]:
        return False
    swapped = len(word) == len(name) and [i for i, (a, b) in enumerate(zip(word, name, strict=True)) if a != b]
    if swapped and len(swapped) == 2 and swapped[1] == swapped[0] + 1:
        i = swapped[0]
        return word[i] == name[i + 1] and word[i + 1] == name[i]
    matcher = SequenceMatcher(None, word, name)  # the cheap upper bounds first, as difflib.get_close_matches does
    return (
        matcher.real_quick_ratio() >= _MIN_FUZZY_RATIO
        and matcher.quick_ratio() >= _MIN_FUZZY_RATIO
        and matcher.ratio() >= _MIN_FUZZY_RATIO
    )


class OrganisationNames:
    """The article's longer organisation names, and the one a single word shortens or misspells.

    Names are indexed by their first word, and first words by length: a word is compared only with first words it
    could misspell (one letter more or less), at most ``MAX_FUZZY_CANDIDATES`` of them, and each word once.
    """

    def __init__(self, entities: list[tuple[str, int, str, bool]]) -> None:
        self._by_first: dict[str, set[str]] = {}
        self._first_words: dict[int, set[str]] = {}
        for text, _, label, _ in entities:
            if label == "ORG" and len(text.split()) > 1:
                first = text.split()[0]
                self._by_first.setdefault(first, set()).add(text)
                self._first_words.setdefault(len(first), set()).add(first)
        self._named_by_word: dict[str, str | None] = {}

    def shortened(self, word: str) -> str | None:
        """The one longer name whose first word this word is, or misspells ("Nrodvik" → "Nordvik Ferries …")."""
        if not word[:1].isupper():
            return None
        if word not in self._named_by_word:
            buckets = [self._first_words.get(size, set()) for size in (len(word) - 1, len(word), len(word) + 1)]
            # An article does not name that many similar organisations; past the cap only exact first words count.
            firsts = [f for b in buckets for f in b] if sum(map(len, buckets)) <= MAX_FUZZY_CANDIDATES else []
            # "Russia" is no misspelling of "Russian"
            near = {f for f in firsts if misspells(word, f) and not f.casefold().startswith(word.casefold())}
            names = set(self._by_first.get(word, ())).union(*(self._by_first[f] for f in near))
            self._named_by_word[word] = names.pop() if len(names) == 1 else None
        return self._named_by_word[word]
