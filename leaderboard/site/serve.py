"""``leaderboard serve``: a local preview server, bound to loopback only."""

from __future__ import annotations

import errno
import functools
import http.server
from pathlib import Path

from leaderboard.errors import ServeError


def make_server(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A server on 127.0.0.1:``port`` (0: any free port); a busy port is a clean ServeError."""
    if not 0 <= port <= 65535:
        raise ServeError(f"--port {port}: a port is a number from 0 to 65535 (0: any free port)")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} is already in use (another 'leaderboard serve'?); stop it, or choose "
                f"another with --port {port + 1 if port < 65535 else 8000} (--port 0 picks a free one)"
            ) from exc
        raise ServeError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror}") from exc


def serve(directory: Path, port: int, server: http.server.ThreadingHTTPServer | None = None) -> None:
    """Serve until Ctrl-C; pass the ``server`` made before a long build to fail fast on a busy port."""
    server = server or make_server(directory, port)
    print(f"serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
