#!/usr/bin/env bash
# The main job, offline: builds SkillShell, makes a 60 s 1080p sample clip, and asks the
# shell (on its embedded local studio, no account, no network) to compress it under 10 MB
# for Discord. The result lands in ./demo/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The main job needs no speech recogniser; the tests install it.
bash scripts/install-deps.sh --no-speech
swift build --product skillshell
mkdir -p demo
clip=demo/sample-1080p-60s.mp4
if [ ! -s "$clip" ]; then
  echo "demo: generating a 60 s 1080p sample clip with sound..."
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" -f lavfi -i "sine=frequency=440" \
    -t 60 -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac -b:a 160k -shortest "$clip"
fi
cd demo
"$root/.build/debug/skillshell" --skills-dir "$root/Skills" < "$root/examples/compress-for-discord.txt"
result=$(ls -t sample-1080p-60s-discord*.mp4 | head -1)
size=$(stat -c %s "$result")
echo
echo "demo: $(pwd)/$result is $size bytes (limit 10,000,000): $(ffprobe -v error -show_entries stream=codec_name,width,height -of csv=p=0 "$result" | tr '\n' ' ')"
[ "$size" -le 10000000 ]
