"""A webhook receiver on 127.0.0.1 that can be switched off (503) and on again, answer with
a redirect or take its time, and records what it accepted, checking each signature with
the endpoint's secret (any of the comma-separated signatures may match)."""

import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self):
        self.secret = ""
        self.down = False
        self.redirect_to = ""  # answer 302 with this Location
        self.seconds = 0.0  # how long each answer takes
        self.accepted = []  # (delivery id, event, body) of 2xx answers, in arrival order
        self.requests = []  # (path, headers) of every request, in arrival order
        self.refused = 0
        self.bad_signatures = 0
        self.in_flight = 0
        self.most_at_once = 0
        lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.requests.append((self.path, dict(self.headers)))
                self.send_response(200)
                self.end_headers()

            def do_POST(self):
                with lock:
                    owner.in_flight += 1
                    owner.most_at_once = max(owner.most_at_once, owner.in_flight)
                try:
                    self.answer()
                finally:
                    with lock:
                        owner.in_flight -= 1

            def answer(self):
                owner.requests.append((self.path, dict(self.headers)))
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(owner.seconds)
                if not owner.signed_by_secret(self.headers, body):
                    owner.bad_signatures += 1
                    self.send_response(401)
                elif owner.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", owner.redirect_to)
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
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def signed_by_secret(self, headers, body):
        timestamp = headers["X-Firstask-Timestamp"]
        expected = (
            "sha256="
            + hmac.new(
                self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        given = headers["X-Firstask-Signature"].split(",")
        return any(hmac.compare_digest(expected, signature) for signature in given)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class Silent:
    """A receiver that accepts connections and never answers (nor reads): each delivery
    to it lasts until the deliverer gives up. Counts the connections."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self.connections = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return  # closed
            self.connections.append(connection)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.close()
        for connection in self.connections:
            connection.close()
