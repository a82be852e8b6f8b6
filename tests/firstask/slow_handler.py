"""A slow outbox handler for the kill tests: workers load it with ``--include``.

It writes "start n" when it begins and "end n" when its work is done; a worker killed in
between leaves the message pending, and the next delivery writes "end n" once."""

import time
from pathlib import Path

from firstask import outbox

TOPIC = "tests.slow"


@outbox.handler(TOPIC)
def deliver(message):
    log = Path(message.payload["log"])
    with log.open("a") as out:
        out.write(f"start {message.payload['n']}\n")
    time.sleep(message.payload.get("seconds", 2))
    with log.open("a") as out:
        out.write(f"end {message.payload['n']}\n")
