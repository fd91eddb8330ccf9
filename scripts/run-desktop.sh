#!/usr/bin/env bash
# Start the desktop app; on a machine without a display (a server, CI) run it on a virtual one so it still starts.
set -euo pipefail
exe="$1"; shift || true
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = "Linux" ] && command -v xvfb-run >/dev/null; then
  echo "没有图形显示器：在虚拟显示器 (Xvfb) 上启动。" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$exe" "$@"
fi
exec "$exe" "$@"
