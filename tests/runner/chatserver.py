"""A deterministic chat-completions server on 127.0.0.1 for the runner's tests.

It speaks the part of the OpenAI protocol the runner uses (``POST /v1/chat/completions``) and
answers every item of a benchmark with its gold answer, read back from the prompt, so that the
predictions a run makes are plausible and score well. It records every request, counts requests
in flight, can answer the first requests with scripted error statuses, and can "die" after a
number of answers (closing every later connection without a response).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from leaderboard.benchmarks import Benchmark
from leaderboard.scorers.ner import default_entities

Answerer = Callable[[str], str]


@dataclass
class Seen:
    prompt: str
    authorization: str
    body: dict[str, Any]
    status: int


@dataclass
class ChatServer:
    answer: Answerer
    delay_s: float = 0.0
    failures: list[int] = field(default_factory=list)  # statuses for the first requests, in order
    die_after: int | None = None  # answers given before every connection is dropped
    port: int = 0  # 0: any free port; a restarted server passes its predecessor's
    seen: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    answered: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                server._handle(self, body)

        self._http = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._http.daemon_threads = True
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def bound_port(self) -> int:
        return int(self._http.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.bound_port}/v1"

    @property
    def prompts(self) -> list[str]:
        return [s.prompt for s in self.seen if s.status == 200]

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._http.shutdown()
        self._http.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        prompt = str(body["messages"][-1]["content"]) if body.get("messages") else ""
        authorization = handler.headers.get("Authorization", "")
        with self._lock:
            if self.die_after is not None and self.answered >= self.die_after:
                self.seen.append(Seen(prompt, authorization, body, 0))
                handler.close_connection = True
                return
            status = self.failures.pop(0) if self.failures else 200
            self.seen.append(Seen(prompt, authorization, body, status))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay_s:
                threading.Event().wait(self.delay_s)
            if handler.path != "/v1/chat/completions":
                status, payload = 404, {"error": {"message": f"no route {handler.path}"}}
            elif status != 200:
                payload = {"error": {"message": f"scripted {status}", "type": "test"}}
            else:
                text = self.answer(prompt)
                payload = {
                    "id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": len(prompt.split()), "completion_tokens": len(text.split()),
                              "total_tokens": len(prompt.split()) + len(text.split())},
                }
            data = json.dumps(payload).encode("utf-8")
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.send_header("retry-after-ms", "10")  # keeps the SDK's retries fast
            handler.end_headers()
            handler.wfile.write(data)
        finally:
            with self._lock:
                self.in_flight -= 1
                if status == 200:
                    self.answered += 1


def _after(prompt: str, marker: str, end: str | None = None) -> str:
    text = prompt.rsplit(marker, 1)[1]
    return (text.split(end, 1)[0] if end else text).strip()


def gold_answerer(benchmark: Benchmark) -> Answerer:
    """Answers each item of ``benchmark`` with its gold, found from the prompt's item part.

    Classification answers vary in form ("Positive.", '"neutral"', "negative") so that parsing
    has something to forgive.
    """
    gold = benchmark.gold_table().frame.set_index("id", drop=False)
    eval_frame = benchmark.eval_frame
    task = benchmark.task.name
    if task == "classification":
        by_text = {row["text"]: gold.loc[row["id"], "label"] for _, row in eval_frame.iterrows()}
        forms = [lambda label: label, lambda label: f"{label.capitalize()}.", lambda label: f'"{label}"']

        def classify(prompt: str) -> str:
            label = str(by_text[_after(prompt, "Text: ", "\nLabel:")])
            return forms[len(prompt) % len(forms)](label)

        return classify
    if task == "ner":
        by_tokens = {" ".join(row["tokens"]): (list(row["tokens"]), list(gold.loc[row["id"], "tags"]))
                     for _, row in eval_frame.iterrows()}

        def tag(prompt: str) -> str:
            tokens, tags = by_tokens[_after(prompt, "Tokens: ", "\nAnswer:")]
            entities = sorted(default_entities(tags), key=lambda e: e[1])
            listed = [{"text": " ".join(tokens[s : e + 1]), "type": kind} for kind, s, e in entities]
            return "```json\n" + json.dumps({"entities": listed}) + "\n```"

        return tag
    if task == "chatbot":
        by_question = {row["question"]: gold.loc[row["id"]] for _, row in eval_frame.iterrows()}

        def chat(prompt: str) -> str:
            item = by_question[_after(prompt, "Question: ")]
            answers = list(item["answers"])
            return json.dumps({"answer": answers[0] if answers else "", "sources": list(item["sources"])})

        return chat
    by_pair = {(row["document_id"], row["question"]): list(gold.loc[row["id"], "answers"])
               for _, row in eval_frame.iterrows()}

    def answer(prompt: str) -> str:
        document = _after(prompt, "=== document id: ", " ===")
        answers = by_pair[(document, _after(prompt, "Question: ", "\nAnswer:"))]
        return answers[0] if answers else "UNANSWERABLE"

    return answer
