"""An attribution: a reporting frame of a sentence with the speaker the article credits."""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimex.schemas.claims import HedgeLevel
from claimex.service.pipeline.attribution import Cue, Frame


@dataclass(frozen=True)
class Attribution:
    """A reporting frame of a sentence with its resolved speaker.

    The frame's own facts (cue, hedge, whether it is asserted, its reported clause …) are read through from
    ``frame``: see ``attribution.Frame``.

    Attributes:
        frame: The frame (for a running quote, the frame of the quotation's cue, in another sentence).
        speaker: The canonical speaker, or None when the article credits nobody.
        is_person: True for a named person.
        role: The speaker's role as the parse finds it (a title or an appositive by a mention of the name).
        running: True when the sentence is part of a quotation attributed elsewhere.

    """

    frame: Frame
    speaker: str | None
    is_person: bool
    role: str | None = None
    running: bool = False

    @property
    def cue(self) -> Cue:
        """The reporting verb or phrase."""
        return self.frame.cue

    @property
    def hedge(self) -> HedgeLevel:
        """The hedge the cue itself implies."""
        return self.frame.hedge

    @property
    def asserted(self) -> bool:
        """False when the report is only mentioned (a noun clause, an instruction, not yet made)."""
        return self.frame.asserted

    @property
    def main(self) -> bool:
        """False for a cue in a clause that modifies a noun ("in remarks carried by Lune Weekly")."""
        return self.frame.main

    @property
    def complement(self) -> tuple[int, int] | None:
        """Offsets of the cue's reported finite clause ("said the cables were worn"), if any."""
        return self.frame.complement

    @property
    def root(self) -> bool:
        """True when the cue is its sentence's main verb."""
        return self.frame.root

    @property
    def clauses(self) -> tuple[tuple[int, int], ...]:
        """The reported clause's parts when "and"/"but" joins finite clauses; empty otherwise."""
        return self.frame.clauses

    @property
    def reports_content(self) -> bool:
        """False when the cue only narrates an act of speaking ("testified before the court")."""
        return self.frame.reports_content


def as_running(attribution: Attribution) -> Attribution:
    """The attribution of a sentence that continues the source's words: asserted even when the cue asked."""
    return replace(attribution, frame=replace(attribution.frame, asserted=True), running=True)
