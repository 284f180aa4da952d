#!/usr/bin/env bash
# Installs the Debian packages SkillShell needs, only those that are missing:
# ffmpeg (the local studio renders with it), libcurl and libedit headers (the C libraries the
# shell links), pkg-config (how SwiftPM finds them), tmux (the terminal tests), DejaVu fonts
# and a CJK font (text overlays and captions), PocketSphinx with its US English model (captions
# from speech, offline) and espeak-ng (speech for the caption tests).
set -euo pipefail
need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libcurl 2>/dev/null || need+=(libcurl4-openssl-dev)
pkg-config --exists libedit 2>/dev/null || need+=(libedit-dev)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v pocketsphinx_continuous >/dev/null 2>&1 || need+=(pocketsphinx)
[ -d /usr/share/pocketsphinx/model/en-us ] || need+=(pocketsphinx-en-us)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
