"""The editors' and reviewers' admin for conferences, one module per subject.

Editors (the "Editors" group) run calls (``calls``), assign reviewers, decide in bulk with a
preview of the emails and export CSV (``abstracts``), edit the email templates and watch the
outbox (``outbox``), and read letters and simulations (``contributions``). Reviewers (the
"Reviewers" group) see only the reviews assigned to them, never one of their own abstracts,
and no author names, affiliations or emails when the conference reviews blind (``reviews``).
Pages and fragments are templates under templates/admin/conferences/.
"""

from . import abstracts, calls, contributions, outbox, reviews

__all__ = ["abstracts", "calls", "contributions", "outbox", "reviews"]
