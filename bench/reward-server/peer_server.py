"""The Python peer for bench/reward-server: the same remote reward protocol and reward rule,
served the way a Python training stack usually serves it (standard library HTTP server, one
thread per connection). Written for this benchmark; not part of SSL4RL-TS.

    python3 bench/reward-server/peer_server.py PORT
"""

import json
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY_LIMIT = 32 * 1024 * 1024
MAX_RESPONSE_CHARS = 256 * 1024
EXACT = {"vision/rotation", "vision/position", "vision/contrastive"}
SLOTS = {"vision/jigsaw"}


def extract(text):
    at = text.rfind("assistant\n")
    if at != -1:
        text = text[at + len("assistant\n"):]
    start = text.find("<answer>")
    if start == -1:
        return None
    end = text.find("</answer>", start + 8)
    return None if end == -1 else text[start + 8:end].strip()


def as_int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def score(task, truth, text):
    answer = extract(text)
    if answer is None:
        return 0.0
    if task in EXACT:
        return 1.0 if answer == truth or answer in [t.strip() for t in truth.split(",")] else 0.0
    slots = truth.split(",")
    given = answer.split(",")
    right = 0
    for i, slot in enumerate(slots):
        a, b = as_int(slot), as_int(given[i]) if i < len(given) else None
        if a is not None and a == b:
            right += 1
    return right / len(slots)


def parse_label(label):
    if not isinstance(label, str):
        raise ValueError("label must be a string")
    if label.lstrip().startswith("{"):
        obj = json.loads(label)
        return obj["task"], obj["answer"]
    task, sep, answer = label.partition(":")
    if not sep or not task:
        raise ValueError("label must be TASK:ANSWER")
    return task, answer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, delayed ACKs add 40 ms to each.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        if length > BODY_LIMIT:
            self.rfile.read(length)
            return self.reply(413, {"error": "too large"})
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
            query, labels = body["query"], body["labels"]
            if not isinstance(query, list) or not isinstance(labels, list) or len(query) != len(labels):
                raise ValueError("query and labels must be lists of equal length")
            rewards = []
            for text, label in zip(query, labels):
                if not isinstance(text, str):
                    raise ValueError("query items must be strings")
                if len(text) > MAX_RESPONSE_CHARS:
                    return self.reply(413, {"error": "response too long"})
                task, truth = parse_label(label)
                if task not in EXACT and task not in SLOTS:
                    raise ValueError("unknown task " + task)
                rewards.append(score(task, truth, text))
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            return self.reply(400, {"error": str(error)})
        self.reply(200, {"rewards": rewards, "scores": rewards, "extra_logs": {}})


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    server.daemon_threads = True
    print("peer listening", flush=True)
    server.serve_forever()
