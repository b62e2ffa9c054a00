#!/usr/bin/env bash
# Set-up and build entry point for a fresh Debian/Ubuntu machine with the .NET 10 SDK.
#   ./build.sh run     install what the server needs, publish, run the server (Ctrl+C stops it); without
#                      WAYLAND_DISPLAY it runs a headless desktop of its own (WLWEBRTC_SESSION__MODE=headless)
#   ./build.sh test    install what the tests need, build, run every test
#   ./build.sh [--target=publish|pack|bench|build] [cake options]
set -euo pipefail
cd "$(dirname "$0")"

case "${1:-}" in
  run)  shift; profile=runtime; set -- --target=run "$@"
        # no desktop here (a server, a VM, a container, ssh): the server starts a headless one of its own
        if [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${WLWEBRTC_SESSION__MODE:-}" ]; then
          export WLWEBRTC_SESSION__MODE=headless
          echo "WAYLAND_DISPLAY is not set: starting a headless desktop of its own (session.mode = headless)" >&2
        fi ;;
  test) shift; profile=test; set -- --target=test "$@" ;;
  *)    profile=${WLWEBRTC_DEPS:-none} ;;
esac

if [ "$profile" != none ]; then
  scripts/install-deps.sh "$profile"
fi

dotnet tool restore >/dev/null
exec dotnet cake build.cake "$@"
