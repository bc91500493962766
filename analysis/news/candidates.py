"""A candidate fact: words of an article, where they stand, and what they say in normal units."""
from __future__ import annotations

from dataclasses import asdict, dataclass

KINDS = ("quantity", "percent", "money", "date", "vessel", "port", "grade", "person", "organisation", "status")


@dataclass(frozen=True)
class Candidate:
    """One finding. `start`/`end` are character offsets of `text` in the article body; `value`
    is normalised (a quantity in `unit`: masses in t or t/year, oil in bbl or bbl/day, gas in
    m3, m3/year or cf/day, areas in acre, lengths in km; a percent as a number; money as a
    number with the ISO currency code in `unit`); a range gives one candidate per end, `range`
    "low" or "high"; a person's `role` is the office the article gives them; `target` is the
    table and column it would fill ("cargo_reports.vessel"); `confidence` is between 0 and 1."""

    kind: str
    text: str
    start: int
    end: int
    value: float | str
    unit: str | None = None
    range: str | None = None
    precision: str | None = None
    role: str | None = None
    target: str | None = None
    confidence: float = 0.5

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of candidate {self.kind!r}; one of: {', '.join(KINDS)}")

    def as_json(self) -> dict:
        """The candidate as the command prints it, empty fields left out."""
        return {k: v for k, v in asdict(self).items() if v is not None}
