#!/usr/bin/env bash
# Rebuilds the bundled CJK fonts from Debian's fonts-noto-cjk (OFL-1.1).
# Not run by the build: the outputs are committed. Needs fonts-noto-cjk and
# python3-fonttools (Debian's /usr/bin/python3).
#
# Fyne cannot use a .ttc collection (it panics), so the Simplified Chinese
# face (index 2) is extracted and subset:
#  - Regular: Latin, punctuation, symbols and the whole CJK Unified
#    Ideographs block U+4E00–9FFF, so unit and person names render (a GB2312
#    subset turns 镕 堃 喆 into ◆).
#  - Bold: the same minus most ideographs — only GB2312's 6,763 hanzi. Bold is
#    used for the app's own labels and headings only, never for typed text.
# Layout features are dropped: CJK needs no shaping and `locl` would pull in
# Japanese glyph variants.
set -euo pipefail
cd "$(dirname "$0")"
src=/usr/share/fonts/opentype/noto
py=/usr/bin/python3
common='U+0020-007E,U+00A0-00FF,U+2000-206F,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+2500-25FF,U+2600-26FF,U+2700-27BF,U+3000-303F,U+FF00-FFEF'
gb2312=$($py - <<'PY'
cps = set()
for hi in range(0xB0, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            cps.add(ord(bytes([hi, lo]).decode('gb2312')))
        except UnicodeDecodeError:
            pass
print(','.join('U+%04X' % c for c in sorted(cps)))
PY
)
for face in Regular Bold; do
  $py -c "from fontTools.ttLib import TTCollection; TTCollection('$src/NotoSansCJK-$face.ttc').fonts[2].save('/tmp/sc-$face.otf')"
done
$py -m fontTools.subset /tmp/sc-Regular.otf --unicodes="$common,U+4E00-9FFF" \
  --layout-features='' --no-hinting --desubroutinize --output-file=NotoSansSC-Regular.otf
$py -m fontTools.subset /tmp/sc-Bold.otf --unicodes="$common,$gb2312" \
  --layout-features='' --no-hinting --desubroutinize --output-file=NotoSansSC-Bold.otf
ls -l NotoSansSC-*.otf
