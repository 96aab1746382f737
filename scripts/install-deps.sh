#!/usr/bin/env bash
# Installs what building, running and testing Evidence Vault needs on Debian/Ubuntu.
# Idempotent and quiet when everything is already there.
set -euo pipefail

packages=(
  pkg-config libwayland-dev libxkbcommon-dev          # build: winit's Wayland/X11 backends
  libgl1 libegl1 libgl1-mesa-dri libx11-xcb1           # run: OpenGL (glow) through Mesa
  age sqlite3 openssh-client python3-pip               # tests: stock-tool interop (age, sqlite3, ssh-keygen, bagit.py)
  xvfb xauth xdotool imagemagick                       # tests: the real window under Xvfb, screenshots
  rclone openssh-server                                # tests: remote backups through rclone's sftp backend to a loopback sshd
  ffmpeg libheif-examples libimage-exiftool-perl       # tests: generated video/audio/HEIC, exiftool as the metadata oracle
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v bagit.py >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check bagit 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages bagit
fi
