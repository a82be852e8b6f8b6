"""A webhook receiver on 127.0.0.1 that can be switched off (503) and on again, and
records what it accepted, checking each signature with the endpoint's secret."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self):
        self.secret = ""
        self.down = False
        self.accepted = []  # (delivery id, event, body) of 2xx answers, in arrival order
        self.refused = 0
        self.bad_signatures = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                timestamp = self.headers["X-Firstask-Timestamp"]
                expected = (
                    "sha256="
                    + hmac.new(
                        owner.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
                    ).hexdigest()
                )
                if not hmac.compare_digest(expected, self.headers["X-Firstask-Signature"]):
                    owner.bad_signatures += 1
                    self.send_response(401)
                elif owner.down:
                    owner.refused += 1
                    self.send_response(503)
                else:
                    owner.accepted.append(
                        (
                            int(self.headers["X-Firstask-Delivery"]),
                            self.headers["X-Firstask-Event"],
                            json.loads(body),
                        )
                    )
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
