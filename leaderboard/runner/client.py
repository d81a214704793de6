"""Chat completions through the official ``openai`` SDK, its errors turned into ``RunError``.

Retries are the SDK's own: ``max_retries`` attempts more on connection errors, timeouts, 408,
409, 429 and 5xx answers, with exponential backoff (0.5 s doubling up to 8 s, with jitter) or the
server's ``retry-after`` when it sends one. ``openai`` is imported here only, so that the core
package never needs it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from leaderboard.errors import RunError, RunnerUnavailable


@dataclass(frozen=True)
class Completion:
    text: str
    usage: dict[str, int]
    latency_s: float  # wall time of the call, retries included
    finish_reason: str | None
    model: str | None


def host_of(base_url: str) -> str:
    """``https://api.openai.com/v1`` -> ``api.openai.com``; the port is kept, credentials never."""
    parts = urlsplit(base_url)
    host = parts.hostname or base_url
    return f"{host}:{parts.port}" if parts.port else host


class ChatClient:
    """One SDK client shared by the worker threads (the SDK's sync client is thread-safe)."""

    def __init__(self, base_url: str, api_key: str, *, max_retries: int, timeout: float) -> None:
        try:
            import openai
        except ImportError:
            raise RunnerUnavailable("openai") from None
        self._openai = openai
        self._api_key = api_key
        self.host = host_of(base_url)
        self._client = openai.OpenAI(api_key=api_key, base_url=base_url, max_retries=max_retries, timeout=timeout)

    def _redacted(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def complete(self, *, model: str, messages: list[dict[str, str]], temperature: float,
                 max_tokens: int, item_id: str) -> Completion:
        openai = self._openai
        start = time.perf_counter()
        try:
            response = self._client.chat.completions.create(
                model=model, messages=messages, temperature=temperature, max_tokens=max_tokens  # type: ignore[arg-type]
            )
        except openai.APIStatusError as exc:
            raise RunError(self._redacted(
                f"{self.host} answered HTTP {exc.status_code} for item '{item_id}': {_message(exc)}"
            )) from None
        except openai.APITimeoutError:
            raise RunError(f"{self.host} did not answer item '{item_id}' in time (see --timeout)") from None
        except openai.APIConnectionError as exc:
            raise RunError(self._redacted(f"cannot reach {self.host} for item '{item_id}': {exc}")) from None
        except openai.OpenAIError as exc:
            raise RunError(self._redacted(f"{self.host}, item '{item_id}': {exc}")) from None
        latency = time.perf_counter() - start
        if not response.choices:
            raise RunError(f"{self.host} returned no choices for item '{item_id}'")
        choice = response.choices[0]
        usage = response.usage
        counts = {
            "prompt_tokens": int(getattr(usage, "prompt_tokens", 0) or 0),
            "completion_tokens": int(getattr(usage, "completion_tokens", 0) or 0),
        }
        return Completion(choice.message.content or "", counts, latency, choice.finish_reason, response.model)


def _message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])[:300]
        if isinstance(error, str):
            return error[:300]
    return str(getattr(exc, "message", exc))[:300]
