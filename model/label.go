package model

import (
	"strings"
	"unicode"
)

// NormalizeLabel reduces a printed label to a canonical form for matching:
// no white space or line breaks (labels wrap inside cells: "商业\n企业"),
// half-width brackets, colons, commas and digits, and "1、" read as "1.".
func NormalizeLabel(s string) string {
	if normalized(s) {
		return s // the common case when matching: no copy
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u3000' || r == '\u00a0' || r == '\u200b':
			continue
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == '（':
			r = '('
		case r == '）':
			r = ')'
		case r == '：':
			r = ':'
		case r == '，':
			r = ','
		case r == '；':
			r = ';'
		case r == '．':
			r = '.'
		case r == '／':
			r = '/'
		case r == '“' || r == '”' || r == '＂' || r == '「' || r == '」':
			r = '"'
		}
		b.WriteRune(r)
	}
	out := b.String()
	// "1、属于国家秘密" → "1.属于国家秘密"
	if len(out) > 1 && out[0] >= '0' && out[0] <= '9' {
		if rest, ok := strings.CutPrefix(out[1:], "、"); ok {
			out = out[:1] + "." + rest
		}
	}
	return out
}

// normalized reports whether NormalizeLabel would return s unchanged.
func normalized(s string) bool {
	for _, r := range s {
		switch {
		case r < 0x80:
			if r <= ' ' && unicode.IsSpace(r) {
				return false
			}
		case r >= '０' && r <= '９':
			return false
		case r <= 0xff || r >= 0x1680 && r <= 0x3000: // the only non-ASCII white space (and U+200B)
			if unicode.IsSpace(r) || r == '\u200b' {
				return false
			}
		}
		switch r {
		case '（', '）', '：', '，', '；', '．', '／', '“', '”', '＂', '「', '」':
			return false
		}
	}
	if len(s) > 1 && s[0] >= '0' && s[0] <= '9' && strings.HasPrefix(s[1:], "、") {
		return false
	}
	return true
}

// stripEnumerator drops a leading "一、", "（一）", "1." so that a label
// printed without its number still matches.
func stripEnumerator(s string) string { return stripNormalized(NormalizeLabel(s)) }

// stripNormalized is stripEnumerator of a normalized label (NormalizeLabel
// gives the same text again: it need not run twice).
func stripNormalized(s string) string {
	if strings.HasPrefix(s, "(") {
		if i := strings.Index(s, ")"); i > 0 && i <= 10 && isNumeral(s[1:i]) {
			return s[i+1:]
		}
	}
	if i := strings.Index(s, "、"); i > 0 && i <= 6 && isNumeral(s[:i]) {
		return s[i+len("、"):]
	}
	if i := strings.Index(s, "."); i > 0 && i <= 2 && isNumeral(s[:i]) {
		return s[i+1:]
	}
	return s
}

func isNumeral(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789一二三四五六七八九十", r) {
			return false
		}
	}
	return true
}

// labelSet is an official label and its aliases, normalized once (the
// importer matches every cell near a table against them).
type labelSet struct {
	norms, strips []string
}

func newLabelSet(label string, aliases []string) *labelSet {
	ls := &labelSet{}
	for _, l := range append([]string{label}, aliases...) {
		ls.norms = append(ls.norms, NormalizeLabel(l))
		ls.strips = append(ls.strips, stripEnumerator(l))
	}
	return ls
}

// matches reports whether a printed label names the row or column with
// these official labels.
func (ls *labelSet) matches(printed string) bool {
	return ls.matchesNormalized(NormalizeLabel(printed))
}

// matchesNormalized is matches for p = NormalizeLabel(printed).
func (ls *labelSet) matchesNormalized(p string) bool {
	if p == "" {
		return false
	}
	for _, l := range ls.norms {
		if p == l {
			return true
		}
	}
	ps := stripNormalized(p)
	for _, l := range ls.strips {
		if ps == l && l != "" {
			return true
		}
	}
	return false
}

// Matches reports whether a printed row label names this row.
func (r *Row) Matches(printed string) bool {
	if r.labels == nil { // a row built outside a template
		return newLabelSet(r.Label, r.Aliases).matches(printed)
	}
	return r.labels.matches(printed)
}

// MatchesNormalized is Matches for a label already normalized: norm is
// NormalizeLabel of the printed text (the importer has every cell's).
func (r *Row) MatchesNormalized(norm string) bool {
	if r.labels == nil {
		return newLabelSet(r.Label, r.Aliases).matchesNormalized(norm)
	}
	return r.labels.matchesNormalized(norm)
}

// Matches reports whether a printed column head names this column.
func (c *Column) Matches(printed string) bool {
	if c.labels == nil {
		return newLabelSet(c.Label, c.Aliases).matches(printed)
	}
	return c.labels.matches(printed)
}

// MatchesNormalized is Matches for a head already normalized (see
// Row.MatchesNormalized).
func (c *Column) MatchesNormalized(norm string) bool {
	if c.labels == nil {
		return newLabelSet(c.Label, c.Aliases).matchesNormalized(norm)
	}
	return c.labels.matchesNormalized(norm)
}

// FindRow finds the row of a table (any block) that a printed label names.
func (tb *Table) FindRow(printed string) (*Block, *Row) {
	for _, b := range tb.Blocks {
		for _, r := range b.Rows {
			if r.Key != "" && r.Matches(printed) {
				return b, r
			}
		}
	}
	return nil, nil
}
