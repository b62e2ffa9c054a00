#!/bin/sh
# Soak (issue 11): viewer join/leave cycles against the real server while another viewer plays, in turn a WHEP viewer
# that plays and leaves, a WebSocket viewer that plays and leaves, a WHEP session left or deleted mid-handshake, and a
# WebSocket that offers and vanishes. Reports the server's RSS, threads, fds and UDP sockets after warm-up and at the
# end, and the playing viewer's longest gap between decoded frames. CI runs the same with 100 cycles (Hostile tests).
#
#   bench/soak.sh [--cycles N]      (default 1000; about 1 s a cycle)
set -eu
cycles=1000
while [ $# -gt 0 ]; do
    case "$1" in
        --cycles)
            [ $# -ge 2 ] || { echo "bench soak: --cycles needs a value" >&2; exit 2; }
            case "$2" in ''|*[!0-9]*) echo "bench soak: --cycles must be a number, got '$2'" >&2; exit 2;; esac
            [ "$2" -ge 20 ] || { echo "bench soak: --cycles must be at least 20" >&2; exit 2; }
            cycles=$2; shift 2;;
        *) echo "bench soak: unknown argument $1. Usage: bench/soak.sh [--cycles N]" >&2; exit 2;;
    esac
done
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/tests/WlWebRtc.Hostile.Tests" -c Release
HOSTILE_SOAK_CYCLES=$cycles exec dotnet test "$root/tests/WlWebRtc.Hostile.Tests" -c Release --no-build \
    --filter "FullyQualifiedName~SoakTests" --logger "console;verbosity=detailed"
