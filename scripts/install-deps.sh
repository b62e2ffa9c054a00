#!/usr/bin/env bash
# Installs the Debian packages wlwebrtc needs to build, run and test.
#   scripts/install-deps.sh [runtime|test]   (default: test, which is a superset of runtime)
# As root it runs apt-get; otherwise it prints the command to run. Idempotent and quiet when
# everything is already there.
set -euo pipefail

profile=${1:-test}

# Run time: FFmpeg 5.1 libraries (libavcodec59 is built with libx264, h264_vaapi and h264_nvenc),
# libva for VA-API probing, PipeWire client library for capture.
runtime=(
  libavcodec59 libavutil57 libswscale6 libx264-164
  libva2 libva-drm2 vainfo
  libpipewire-0.3-0
  ca-certificates
  # headless mode (session.mode = "headless", what ./build.sh run uses without a desktop): sway on the headless
  # backend, a terminal and a font for it, a private bus, PipeWire, the portals, gcc for the portal's shim (the build
  # compiles it beside the executable; without gcc the first start does), setpriv
  sway foot fonts-dejavu-core dbus-daemon dbus-bin pipewire pipewire-bin wireplumber
  xdg-desktop-portal xdg-desktop-portal-wlr gcc libc6-dev util-linux libc-bin
)

# Tests: a real headless Wayland desktop (sway + PipeWire + portal), real peers (Chromium, aiortc),
# the ffmpeg CLI as the encoder reference (python3-dbus/gi/numpy: the portal capture of the aiortc reference sender in wlwebrtc-bench wan), nftables for loss tests, gcc and the PipeWire/SPA, dma-buf and DRM headers for the
# portal shim and the struct-layout checks, GStreamer as an independent PipeWire video producer, node for the
# viewer's JavaScript unit tests (node --test), coturn as the real TURN server the ICE library's tests start,
# mutter for a headless GNOME session (its ScreenCast and RemoteDesktop D-Bus APIs; no gnome-shell needed),
# xdg-desktop-portal-gnome (+ -gtk) for GNOME's portal on that session (HeadlessGnomePortal; gdbus from libglib2.0-bin
# pre-seeds its permission store),
# wl-clipboard (wl-copy, wl-paste) as the desktop side of the clipboard tests, janus as the SFU the WHIP publisher
# publishes into, kwin-wayland (+ qtwayland5) for a headless KDE session (KWin's virtual backend), wev as the window
# that logs input.
test=(
  "${runtime[@]}"
  ffmpeg
  chromium
  sway xdg-desktop-portal xdg-desktop-portal-wlr pipewire pipewire-bin wireplumber
  dbus dbus-bin dbus-daemon
  mutter xdg-desktop-portal-gnome xdg-desktop-portal-gtk libglib2.0-bin
  gnome-shell # a headless GNOME Shell whose keymap follows org.gnome.desktop.input-sources (the keyboard-layout tests)
  kwin-wayland qtwayland5 wev
  foot wtype grim wayland-utils x11-xkb-utils libxkbcommon0
  wl-clipboard
  gcc libc6-dev linux-libc-dev libdrm-dev libpipewire-0.3-dev libspa-0.2-dev
  gstreamer1.0-pipewire gstreamer1.0-tools gstreamer1.0-plugins-base
  python3 python3-aiortc python3-av python3-dbus python3-gi python3-numpy
  nftables iproute2 procps
  nodejs
  coturn
  janus
)

case "$profile" in
  runtime) want=("${runtime[@]}") ;;
  test) want=("${test[@]}") ;;
  *) echo "usage: $0 [runtime|test]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
  echo "wlwebrtc needs these Debian packages; run as root:" >&2
  echo "  apt-get update && ${cmd[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
"${cmd[@]}" -qq >/dev/null
