#!/usr/bin/env bash
# The console's browser test drives Debian's Chromium (/usr/bin/chromium) with playwright-core; it
# never downloads a browser. Installs the Debian package when it is missing and we may (root).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium (Debian package) for the console's browser test ..." >&2
  { apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; } >&2
  exit 0
fi
echo "The console's browser test needs Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
exit 1
