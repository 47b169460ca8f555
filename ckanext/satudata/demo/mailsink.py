"""A local SMTP server for the demo and the tests: it keeps every message
(as an ``.eml`` file when given a folder) and prints one line per message
(to, subject). Nothing leaves the machine.

    python -m ckanext.satudata.demo.mailsink --dir .local/mail --port 8025
"""

from __future__ import annotations

import argparse
import email
import email.policy
import pathlib
import socket
import threading
import time
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class _Handler:
    def __init__(self, sink: MailSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.sink.keep(envelope.mail_from, list(envelope.rcpt_tos),
                       envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def _free_port(host: str) -> int:
    """A port free now (aiosmtpd cannot listen on port 0: it connects to
    its own port to check that it started)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class MailSink:
    """An SMTP server on ``host:port`` (0: a free port) in a thread."""

    def __init__(self, directory: str | pathlib.Path | None = None,
                 host: str = "127.0.0.1", port: int = 0, echo: bool = False) -> None:
        self.directory = pathlib.Path(directory) if directory else None
        self.echo = echo
        self.messages: list[tuple[str, list[str], EmailMessage]] = []
        self._lock = threading.Lock()
        self._count = 0
        self.controller = Controller(_Handler(self), hostname=host,
                                     port=port or _free_port(host))

    def start(self) -> MailSink:
        if self.directory:
            self.directory.mkdir(parents=True, exist_ok=True)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    @property
    def address(self) -> str:
        return f"{self.controller.hostname}:{self.controller.port}"

    def keep(self, sender: str, recipients: list[str], raw: bytes) -> None:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self._lock:
            self._count += 1
            self.messages.append((sender, recipients, message))  # type: ignore[arg-type]
            number = self._count
        if self.directory:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            (self.directory / f"{stamp}-{number:04d}.eml").write_bytes(raw)
        if self.echo:
            print(f"[mail] to {', '.join(recipients)}: {message['Subject']}",
                  flush=True)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        """Messages sent to ``address``, oldest first."""
        with self._lock:
            return [message for _, recipients, message in self.messages
                    if address in recipients]

    @staticmethod
    def text(message: EmailMessage) -> str:
        """The plain-text body of ``message``."""
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".local/mail")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()
    sink = MailSink(args.dir, args.host, args.port, echo=True).start()
    print(f"Mail: every message kept in {args.dir}/ (SMTP {sink.address})", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sink.stop()


if __name__ == "__main__":
    main()
