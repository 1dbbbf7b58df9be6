"""What an import did (or, in a dry run, would do): counts per kind, every skipped item and why,
what a newer export changed, and warnings. The command prints :meth:`Report.lines`; the admin
shows the same parts as tables."""

from collections import Counter
from dataclasses import dataclass, field

KINDS = ["article", "author", "tag", "photo", "old address"]
ACTIONS = ["created", "updated", "unchanged", "skipped"]


@dataclass
class Report:
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    updated: list[tuple[str, list[str]]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, kind, action, n=1):
        if n:
            self.counts[(kind, action)] += n

    def skip(self, kind, label, reason):
        self.count(kind, "skipped")
        self.skipped.append((label, reason))

    def warn(self, label, message):
        self.warnings.append(f"{label}: {message}" if label else message)

    @property
    def rows(self):
        """``(kind, created, updated, unchanged, skipped)`` for each kind met, ours first."""
        kinds = KINDS + sorted({kind for kind, _ in self.counts} - set(KINDS))
        return [
            (kind.replace("_", " "), *(self.counts[(kind, action)] for action in ACTIONS))
            for kind in kinds
            if any(self.counts[(kind, action)] for action in ACTIONS)
        ]

    @property
    def changes_anything(self):
        return any(self.counts[(kind, action)] for kind in KINDS for action in ("created", "updated"))

    def get(self, kind, action):
        return self.counts[(kind, action)]

    def lines(self):
        head = "Dry run: nothing was written. This import would do:" if self.dry_run else "Imported:"
        out = [head, f"  {'':<14}{'created':>9}{'updated':>9}{'unchanged':>11}{'skipped':>9}"]
        out += [f"  {kind:<14}{c:>9}{u:>9}{n:>11}{s:>9}" for kind, c, u, n, s in self.rows]
        if not self.rows:
            out.append("  nothing")
        out += [f"Note: {note}" for note in self.notes]
        if self.updated:
            out.append("Updated (what the export changed):")
            out += [f"  {label}: {', '.join(fields)}" for label, fields in self.updated]
        if self.skipped:
            out.append("Skipped:")
            out += [f"  {label}: {reason}" for label, reason in self.skipped]
        if self.warnings:
            out.append("Warnings:")
            out += [f"  {warning}" for warning in self.warnings]
        return out
