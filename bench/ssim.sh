# What the bench scripts share: SSIM measured the same way for every encoder.
# Sourced by bench/compress and bench/presets.

ssim() { # OUTPUT SOURCE
  # At the source's size AND frame rate: the output is scaled up and its frames repeated to the
  # source's rate, so lost detail and dropped frames both count. Both sides in 4:2:0, the format
  # Discord plays (a 4:4:4 source would otherwise favour a 4:4:4 output that many clients cannot
  # play). Frames are then sampled by index, every Nth, identically on both sides.
  local size rate step
  size=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=s=x:p=0 "$2")
  rate=$(ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate -of csv=p=0 "$2")
  # An odd step, so a 30 fps output is also compared on the 60 fps frames it dropped.
  step=$(python3 -c "n,d='$rate'.split('/'); s=max(1, round(int(n)/int(d)/15)); print(s + 1 if s % 2 == 0 else s)")
  ffmpeg -hide_banner -nostats -i "$1" -i "$2" -lavfi \
    "[0:v]scale=${size/x/:}:flags=bicubic,format=yuv420p,fps=$rate,select='not(mod(n\,$step))',setpts=N/TB,setsar=1[a];[1:v]format=yuv420p,select='not(mod(n\,$step))',setpts=N/TB,setsar=1[b];[a][b]ssim=shortest=1" -f null - 2>&1 \
    | sed -n 's/.*All:\([0-9.]*\).*/\1/p' | tail -1
}
