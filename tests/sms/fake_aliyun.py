"""A local fake of Alibaba Cloud SMS's HTTP API (Dysmsapi 2017-05-25, SendSms and
QuerySendDetails), in a thread.

It checks each request's ACS3-HMAC-SHA256 signature as the API documents it (canonical
request → string to sign → HMAC with the AccessKey secret), answers as the API does, and
keeps the messages it accepted. ``down`` makes it answer 503 ServiceUnavailable, as the
real one does in an outage; ``refuse`` answers a business error for those numbers.
QuerySendDetails lists a number's accepted sends of one day (Beijing time) with their OutId,
a page at a time, as the API does; ``queries`` keeps those calls.
"""

import datetime as dt
import hashlib
import hmac
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit
from zoneinfo import ZoneInfo

BEIJING = ZoneInfo("Asia/Shanghai")
ACCESS_KEY_ID = "LTAI-test-key"
ACCESS_KEY_SECRET = "test-secret-of-the-fake"
_AUTHORIZATION = re.compile(
    r"^ACS3-HMAC-SHA256 Credential=(?P<key>[^,]+),SignedHeaders=(?P<headers>[^,]+),"
    r"Signature=(?P<signature>[0-9a-f]{64})$"
)


def _canonical_query(pairs):
    encoded = sorted((quote(k, safe="~"), quote(v, safe="~")) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def expected_signature(method, path, pairs, headers, signed, payload_hash, secret):
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed)
    canonical = "\n".join(
        [method, path, _canonical_query(pairs), canonical_headers, ";".join(signed), payload_hash]
    )
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    return hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()


class FakeAliyun:
    def __init__(self):
        self.down = False
        self.refuse: set[str] = set()
        self.accepted: list[dict] = []  # the SendSms calls it took, in order
        self.accepted_at: list[dt.datetime] = []  # when (Beijing time), in the same order
        self.queries: list[dict] = []  # the QuerySendDetails calls
        self.refused_while_down = 0
        self.bad_signatures = 0
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                fake._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self):
        return f"127.0.0.1:{self.server.server_port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _answer(self, request, status, body):
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _handle(self, request):
        body = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        url = urlsplit(request.path)
        pairs = parse_qsl(url.query, keep_blank_values=True)
        query = dict(pairs)
        headers = {name.lower(): value for name, value in request.headers.items()}
        if self.down:
            with self._lock:
                self.refused_while_down += 1
            return self._answer(
                request,
                503,
                {
                    "Code": "ServiceUnavailable",
                    "Message": "The request has failed due to a temporary failure of the server.",
                    "RequestId": "fake-down",
                },
            )
        match = _AUTHORIZATION.match(headers.get("authorization", ""))
        payload_hash = hashlib.sha256(body).hexdigest()
        signed = match["headers"].split(";") if match else []
        if (
            match is None
            or match["key"] != ACCESS_KEY_ID
            or headers.get("x-acs-content-sha256") != payload_hash
            or not hmac.compare_digest(
                match["signature"],
                expected_signature(
                    "POST",
                    url.path or "/",
                    pairs,
                    headers,
                    signed,
                    payload_hash,
                    ACCESS_KEY_SECRET,
                ),
            )
        ):
            with self._lock:
                self.bad_signatures += 1
            return self._answer(
                request,
                400,
                {
                    "Code": "IncompleteSignature",
                    "Message": "The request signature does not conform to Aliyun standards.",
                    "RequestId": "fake-bad-signature",
                },
            )
        action = headers.get("x-acs-action")
        if action not in ("SendSms", "QuerySendDetails") or (
            headers.get("x-acs-version") != "2017-05-25"
        ):
            return self._answer(request, 404, {"Code": "InvalidAction.NotFound", "Message": "?"})
        if action == "QuerySendDetails":
            return self._query_send_details(request, query)
        number = query.get("PhoneNumbers", "")
        if number in self.refuse:
            return self._answer(
                request,
                200,
                {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "r"},
            )
        with self._lock:
            self.accepted.append(query)
            self.accepted_at.append(dt.datetime.now(BEIJING))
            biz_id = f"{len(self.accepted):06d}^0"
        return self._answer(
            request, 200, {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": "r"}
        )

    def _query_send_details(self, request, query):
        with self._lock:
            self.queries.append(query)
            sends = [
                (call, at.strftime("%Y-%m-%d %H:%M:%S"))
                for call, at in zip(self.accepted, self.accepted_at, strict=True)
                if call.get("PhoneNumbers") == query.get("PhoneNumber")
                and at.strftime("%Y%m%d") == query.get("SendDate")
            ]
        size = int(query.get("PageSize") or 10)
        page = int(query.get("CurrentPage") or 1)
        shown = sends[(page - 1) * size : page * size]
        return self._answer(
            request,
            200,
            {
                "Code": "OK",
                "Message": "OK",
                "RequestId": "r",
                "TotalCount": len(sends),
                "SmsSendDetailDTOs": {
                    "SmsSendDetailDTO": [
                        {
                            "PhoneNum": call["PhoneNumbers"],
                            "SendStatus": 3,
                            "ErrCode": "DELIVERED",
                            "TemplateCode": call.get("TemplateCode"),
                            "Content": "【首问测试】…",
                            "SendDate": at,
                            "ReceiveDate": at,
                            "OutId": call.get("OutId"),
                        }
                        for call, at in shown
                    ]
                },
            },
        )
