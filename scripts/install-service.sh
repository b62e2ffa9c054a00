#!/usr/bin/env bash
# Installs wlwebrtc as a systemd service (README: "Running as a service").
#   scripts/install-service.sh user     attach mode: a user unit streaming the desktop you log in to
#                                       (~/.local/lib/wlwebrtc, ~/.config/systemd/user/wlwebrtc.service)
#   scripts/install-service.sh system   headless mode, as root: the account wlwebrtc, /opt/wlwebrtc,
#                                       /etc/wlwebrtc/config.toml (kept if present), wlwebrtc-headless.service
#   scripts/install-service.sh uninstall-user | uninstall-system
# Both publish the server first (./build.sh --target=publish) unless artifacts/wlwebrtc exists, enable the unit and
# start it; the logs go to the journal.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
units="$repo/packaging/systemd"
published="$repo/artifacts/wlwebrtc"

render() { # render UNIT BINDIR: the unit with its install folder filled in
  sed "s|@BINDIR@|$2|g" "$units/$1"
}

publish() {
  if [ ! -x "$published/wlwebrtc" ]; then
    ./build.sh --target=publish
  fi
}

case "${1:-}" in
  user)
    publish
    bindir="$HOME/.local/lib/wlwebrtc"
    mkdir -p "$bindir" "${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user"
    cp -a "$published/." "$bindir/"
    render wlwebrtc.service "$bindir" > "${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/wlwebrtc.service"
    # on KDE Plasma, KWin's grant for the installed executable (the "kde" capture and input plugins need it)
    case "${XDG_CURRENT_DESKTOP:-}" in *KDE*) scripts/install-kde-grant.sh "$bindir/wlwebrtc" ;; esac
    systemctl --user daemon-reload
    systemctl --user enable --now wlwebrtc.service
    echo "installed: $bindir; unit wlwebrtc.service (systemctl --user status wlwebrtc; journalctl --user -u wlwebrtc -f)"
    ;;
  system)
    if [ "$(id -u)" -ne 0 ]; then
      echo "run as root: sudo $0 system" >&2
      exit 1
    fi
    scripts/install-deps.sh runtime
    publish
    if ! getent passwd wlwebrtc >/dev/null; then
      useradd --system --user-group --home-dir /var/lib/wlwebrtc --create-home --shell /bin/bash wlwebrtc
    fi
    mkdir -p /opt/wlwebrtc /etc/wlwebrtc
    cp -a "$published/." /opt/wlwebrtc/
    if [ ! -f /etc/wlwebrtc/config.toml ]; then
      install -m 0640 -g wlwebrtc "$published/config.toml" /etc/wlwebrtc/config.toml
    fi
    render wlwebrtc-headless.service /opt/wlwebrtc > /etc/systemd/system/wlwebrtc-headless.service
    systemctl daemon-reload
    systemctl enable --now wlwebrtc-headless.service
    echo "installed: /opt/wlwebrtc, /etc/wlwebrtc/config.toml; unit wlwebrtc-headless.service (systemctl status wlwebrtc-headless; journalctl -u wlwebrtc-headless -f)"
    ;;
  uninstall-user)
    systemctl --user disable --now wlwebrtc.service || true
    rm -f "${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user/wlwebrtc.service"
    systemctl --user daemon-reload
    ;;
  uninstall-system)
    systemctl disable --now wlwebrtc-headless.service || true
    rm -f /etc/systemd/system/wlwebrtc-headless.service
    systemctl daemon-reload
    echo "kept: /opt/wlwebrtc, /etc/wlwebrtc, the account wlwebrtc and /var/lib/wlwebrtc"
    ;;
  *)
    echo "usage: $0 user|system|uninstall-user|uninstall-system" >&2
    exit 2
    ;;
esac
