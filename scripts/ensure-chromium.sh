#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
# Install it when missing; fail loudly when that is impossible, so the tests never skip.
set -euo pipefail
# A runner without Debian's package (GitHub's Ubuntu images) names its browser in LEADERBOARD_CHROMIUM.
if [ -n "${LEADERBOARD_CHROMIUM:-}" ]; then
  [ -x "$LEADERBOARD_CHROMIUM" ] && exit 0
  echo "error: LEADERBOARD_CHROMIUM=$LEADERBOARD_CHROMIUM is not an executable" >&2
  exit 1
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null; }
  exit 0
fi
if command -v sudo >/dev/null; then
  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium
  exit 0
fi
echo "error: /usr/bin/chromium is missing; install Debian's chromium package (apt-get install chromium)" >&2
exit 1
