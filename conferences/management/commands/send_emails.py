"""Send the queued emails (the outbox), retrying failures: once, or as a worker with --loop.

Each round first lets other apps queue what became due by itself (the email alerts of pieces gone
live: ``delivery.outbox_round``), then sends. It refuses to start when the mail settings cannot send
at all (``delivery.mailer_problem``).
A batch that fails as a whole (the database, say) is logged and tried again after the interval:
the loop never ends on an error. It only sends mail; old rate-limit hits are forgotten by each
new submission and by ``manage.py purge_rate_limits``."""

import logging
import signal
import time

from django.core.management import BaseCommand, CommandError
from django.db import close_old_connections

from conferences.delivery import mailer_problem, send_due_emails

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Send the emails waiting in the outbox and retry failed ones (1, 2, 4 … minutes apart, at most an hour). "
        "With --loop it keeps running: run it beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, checking every --interval seconds.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between checks (default 5).")
        parser.add_argument("--limit", type=int, default=100, help="Emails per batch (default 100).")

    def handle(self, *args, loop, interval, limit, **options):
        if problem := mailer_problem():
            raise CommandError(f"Not starting: {problem} (see README, Configuration: EMAIL_*).")
        self.running = True
        if loop:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            self.stdout.write(f"Sending queued emails every {interval:g} s (Ctrl-C to stop).")
        while True:
            try:
                sent, failed = send_due_emails(limit=limit)
            except Exception:
                if not loop:
                    raise
                logger.exception("Sending the outbox failed; trying again in %g s.", interval)
                close_old_connections()
                sent = failed = 0
            if sent or failed or not loop:
                self.stdout.write(f"Sent {sent} email(s); {failed} failed and will be retried.")
            if not loop:
                return
            if sent == limit:
                continue  # more are waiting
            for _tick in range(max(1, int(interval * 10))):
                if not self.running:
                    return
                time.sleep(0.1)

    def stop(self, *args):
        self.running = False
