#!/usr/bin/env bash
# Builds skillshell for release (Swift standard library linked in, so the binary runs without a
# Swift toolchain) and installs it with its shell completions and man page.
#
#   scripts/install.sh [PREFIX]     PREFIX defaults to ~/.local
#
# Installs PREFIX/bin/skillshell, PREFIX/share/man/man1/skillshell.1 and completions for bash,
# zsh and fish under PREFIX/share. The two shipped skills are built into the binary, so it
# works from any folder. ffmpeg must be installed to render (scripts/install-deps.sh).
set -euo pipefail

prefix="${1:-$HOME/.local}"
case "$prefix" in
    /*) ;;
    *) prefix="$PWD/$prefix" ;;
esac
cd "$(dirname "$0")/.."

say() { printf '%s\n' "$*"; }

say "Building skillshell (release, static Swift standard library); the first build takes several minutes..."
swift build -c release --static-swift-stdlib --product skillshell
binary="$(swift build -c release --static-swift-stdlib --show-bin-path)/skillshell"

say "Building the man page generator (swift-argument-parser's generate-manual)..."
swift build --product generate-manual
generator="$(swift build --show-bin-path)/generate-manual"

bin_dir="$prefix/bin"
man_dir="$prefix/share/man/man1"
bash_dir="$prefix/share/bash-completion/completions"
zsh_dir="$prefix/share/zsh/site-functions"
fish_dir="$prefix/share/fish/vendor_completions.d"
mkdir -p "$bin_dir" "$man_dir" "$bash_dir" "$zsh_dir" "$fish_dir"

# Copy beside the destination, then rename: a running skillshell is never half overwritten.
install -m 0755 "$binary" "$bin_dir/.skillshell.new"
mv -f "$bin_dir/.skillshell.new" "$bin_dir/skillshell"
say "installed $bin_dir/skillshell"

"$bin_dir/skillshell" --generate-completion-script bash > "$bash_dir/skillshell"
"$bin_dir/skillshell" --generate-completion-script zsh > "$zsh_dir/_skillshell"
"$bin_dir/skillshell" --generate-completion-script fish > "$fish_dir/skillshell.fish"
say "installed completions: $bash_dir/skillshell, $zsh_dir/_skillshell, $fish_dir/skillshell.fish"

# The manual's date is the last commit's, so reinstalling the same version gives the same page.
date="$(git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)"
"$generator" "$bin_dir/skillshell" --date "$date" --output-directory "$man_dir"
say "installed $man_dir/skillshell.1"

say ""
say "skillshell $("$bin_dir/skillshell" --version) is installed. Try: skillshell skills"
case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) say "Note: $bin_dir is not on your PATH; add it, for example: export PATH=\"$bin_dir:\$PATH\"" ;;
esac
command -v ffmpeg > /dev/null || say "Note: ffmpeg is not installed; rendering needs it (scripts/install-deps.sh installs it)."
