"""An e-mail backend for worker subprocesses: a slow SMTP conversation written to files.

For each message it first leaves a `sending-*` marker, then waits
WLSCC_TEST_MAIL_DELAY seconds (the SMTP conversation), then writes `<uuid>.eml` (the server
accepted the message). A worker killed during the wait has sent nothing, as with a real SMTP
server that never got the end of DATA.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ["WLSCC_TEST_MAIL_DIR"])
        delay = float(os.environ.get("WLSCC_TEST_MAIL_DELAY", "0"))
        for message in email_messages:
            name = uuid.uuid4().hex
            (directory / f"sending-{name}").touch()
            time.sleep(delay)
            (directory / f"{name}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
