#!/bin/sh
# Regenerates the CJK font subset the share images are drawn with
# (assets/fonts/README.md says what is in it and why). Needs Debian's
# fonts-noto-cjk and fonttools (apt-get install -y fonts-noto-cjk fonttools);
# CI and the app do not: the subset is committed.
#
#   sh scripts/font-subset.sh        # from the repository root
#
# Run it again when a name, a demo text or a message brings a hanzi outside
# the subset (the share image draws a missing character as an empty box):
# add it to assets/fonts/extra-characters.txt first.
set -eu
cd "$(dirname "$0")/.."

noto=/usr/share/fonts/opentype/noto
out=assets/fonts
# The collection's third face is Noto Sans CJK SC (JP, KR, SC, TC, HK, then the Mono faces).
face=2
# Debian's pyftsubset runs on Debian's Python; a python3 earlier on PATH (pyenv) may not have fontTools.
pyftsubset=${PYFTSUBSET:-/usr/bin/pyftsubset}
for tool in "$pyftsubset" python3; do
  command -v "$tool" >/dev/null || { echo "font-subset: $tool not found (apt-get install -y fonttools)" >&2; exit 1; }
done
[ -f "$noto/NotoSansCJK-Bold.ttc" ] || { echo "font-subset: $noto not found (apt-get install -y fonts-noto-cjk)" >&2; exit 1; }

text=$(mktemp)
trap 'rm -f "$text"' EXIT

# The characters: printable ASCII and Latin-1, general punctuation, CJK
# symbols and punctuation, full-width forms, all of GB2312 (its 6,763 hanzi
# and 682 symbols), name characters GB2312 lacks (assets/fonts/
# extra-characters.txt), and every non-ASCII character of the demo data and
# the messages (a rare hanzi in a demo name, a curly quote in a message).
python3 - "$text" <<'PY'
import glob, sys
chars = set(chr(c) for c in range(0x20, 0x7F))
chars |= set(chr(c) for c in range(0xA0, 0x100))
chars |= set(chr(c) for c in range(0x2010, 0x2028)) | set(chr(c) for c in range(0x2030, 0x203F))
chars |= set(chr(c) for c in range(0x3000, 0x3040))
chars |= set(chr(c) for c in range(0xFF01, 0xFF5F)) | set(chr(c) for c in range(0xFFE0, 0xFFE7))
chars |= set("\u2190\u2191\u2192\u2193\u2605\u2606\u25cf\u25cb\u2116\u2103")
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
for path in ["assets/fonts/extra-characters.txt"] + sorted(glob.glob("app/demo/*.ts") + glob.glob("app/i18n/messages/*.ts")):
    with open(path, encoding="utf-8") as f:
        chars |= {c for c in f.read() if ord(c) > 0x7F}
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("".join(sorted(chars)))
print(f"font-subset: {len(chars)} characters asked for")
PY

for weight in Regular Bold; do
  # No hinting (the images are drawn at 20 px and more, as outlines), every
  # name record kept (the copyright and the licence notice go with the font),
  # the default OpenType features (kerning for Latin, vertical forms).
  "$pyftsubset" "$noto/NotoSansCJK-$weight.ttc" --font-number=$face \
    --text-file="$text" --no-hinting --name-IDs='*' --name-languages='*' \
    --output-file="$out/NotoSansSC-$weight-subset.otf"
  echo "font-subset: $out/NotoSansSC-$weight-subset.otf $(wc -c <"$out/NotoSansSC-$weight-subset.otf") bytes"
done
