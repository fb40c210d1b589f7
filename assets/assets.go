// Package assets holds the files compiled into the binary: the app icon and
// the bundled Simplified Chinese font (Noto Sans CJK SC subsets, OFL-1.1, see
// fonts/OFL.txt and fonts/make-fonts.sh). A font is bundled because Chinese
// must render on a PC with no Chinese fonts, and system fallback is not
// deterministic (Debian's Noto collection gives Japanese glyph shapes).
package assets

import _ "embed"

// Icon is the 512×512 application icon.
//
//go:embed Icon.png
var Icon []byte

// FontRegular covers Latin, punctuation and all of U+4E00–9FFF.
//
//go:embed fonts/NotoSansSC-Regular.otf
var FontRegular []byte

// FontBold covers the GB2312 hanzi; used for the app's own labels only.
//
//go:embed fonts/NotoSansSC-Bold.otf
var FontBold []byte
