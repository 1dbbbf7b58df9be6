"""Forget the rate-limit hits that no longer count (older than ``SUBMISSION_RATE_WINDOW``)."""

from django.core.management import BaseCommand

from conferences import ratelimit


class Command(BaseCommand):
    help = (
        "Forget the stored submission counts (hashed addresses) older than the rate-limit window. "
        "Each new submission already forgets its own sender's; run this daily to forget addresses that never "
        "came back."
    )

    def handle(self, *args, **options):
        forgotten = ratelimit.purge()
        self.stdout.write(f"Forgot {forgotten} rate-limit hit(s) older than the window.")
