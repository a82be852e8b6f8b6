"""A mail backend whose worker dies right after the first mail was handed over, before
the outbox could mark it sent (the mail is written first, as a mail server accepts it)."""

import os
import signal
from pathlib import Path

from django.core.mail.backends import filebased


class EmailBackend(filebased.EmailBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        died = Path(self.file_path) / "worker-died"
        if not died.exists():
            died.write_text("killed after the first mail")
            os.kill(os.getpid(), signal.SIGKILL)
        return sent
