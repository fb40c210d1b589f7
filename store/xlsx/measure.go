package xlsx

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Excel sizes columns in "characters" of the default font (the width of
// "0" in 11-point Calibri, 7 px) and rows in points. Nothing in the file
// fits rows to wrapped text: Excel does not re-measure rows on load, so
// every row that wraps gets an explicit height estimated here.

// textUnits is the width of s in column units at the given font size: a
// Chinese character is about two units at 11 pt, Latin about one.
func textUnits(s string, size float64) float64 {
	var u float64
	for _, r := range s {
		switch {
		case r < 0x80:
			u += 1.05
		case r >= 0xFF61 && r <= 0xFFDC: // half-width forms
			u += 1.05
		default:
			u += 2.1
		}
	}
	return u * size / 11
}

// lines estimates how many lines text takes wrapped in a cell widthUnits
// wide; explicit line breaks start new lines.
func lines(text string, widthUnits, size float64) int {
	usable := widthUnits - 0.8 // cell padding
	if usable < 1 {
		usable = 1
	}
	n := 0
	for _, part := range strings.Split(text, "\n") {
		n += max(1, int(math.Ceil(textUnits(part, size)/usable-0.02)))
	}
	return n
}

// lineHeight is the height in points of one line of text at a font size.
// CJK faces have tall ascents; 1.35 keeps 宋体 and its substitutes unclipped.
func lineHeight(size float64) float64 { return size * 1.35 }

// rowHeight is the height of a row whose tallest cell has n lines.
func rowHeight(n int, size float64) float64 {
	return math.Ceil(float64(n)*lineHeight(size) + 4)
}

// runeChunks splits s into pieces of at most n runes.
func runeChunks(s string, n int) []string {
	if utf8.RuneCountInString(s) <= n {
		return []string{s}
	}
	var out []string
	r := []rune(s)
	for len(r) > n {
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return append(out, string(r))
}
