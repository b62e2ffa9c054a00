#!/usr/bin/env bash
# Installs KWin's grant for wlwebrtc (packaging/kde/wlwebrtc.desktop): without it KWin hides the protocols the "kde"
# capture and input plugins use, and `wlwebrtc --list-plugins` says so.
#   scripts/install-kde-grant.sh [EXECUTABLE]   (default: ~/.local/lib/wlwebrtc/wlwebrtc, where install-service.sh
#                                                user puts it, else artifacts/wlwebrtc/wlwebrtc)
#   scripts/install-kde-grant.sh uninstall
# Writes ${XDG_DATA_HOME:-~/.local/share}/applications/wlwebrtc.desktop for the user who runs the server.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${XDG_DATA_HOME:-$HOME/.local/share}/applications/wlwebrtc.desktop"

if [ "${1:-}" = uninstall ]; then
  rm -f "$target"
  echo "removed $target"
  exit 0
fi

exe=${1:-}
if [ -z "$exe" ]; then
  for candidate in "$HOME/.local/lib/wlwebrtc/wlwebrtc" "$(pwd)/artifacts/wlwebrtc/wlwebrtc"; do
    if [ -x "$candidate" ]; then exe=$candidate; break; fi
  done
fi
if [ -z "$exe" ] || [ ! -x "$exe" ]; then
  echo "no wlwebrtc executable found; give its path: $0 /path/to/wlwebrtc" >&2
  exit 1
fi

# KWin compares with /proc/PID/exe, which has every symbolic link resolved
exe=$(readlink -f "$exe")
mkdir -p "$(dirname "$target")"
sed "s|@EXEC@|$exe|g" packaging/kde/wlwebrtc.desktop > "$target"
echo "installed $target (Exec=$exe); restart wlwebrtc so that KWin sees the grant"
