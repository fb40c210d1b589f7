package model

import (
	"strings"
	"unicode"
)

// NormalizeLabel reduces a printed label to a canonical form for matching:
// no white space or line breaks (labels wrap inside cells: "商业\n企业"),
// half-width brackets, colons, commas and digits, and "1、" read as "1.".
func NormalizeLabel(s string) string {
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

// stripEnumerator drops a leading "一、", "（一）", "1." so that a label
// printed without its number still matches.
func stripEnumerator(s string) string {
	s = NormalizeLabel(s)
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

// labelMatches reports whether a printed label names the row or column with
// the given official label and aliases.
func labelMatches(printed, label string, aliases []string) bool {
	p := NormalizeLabel(printed)
	if p == "" {
		return false
	}
	for _, l := range append([]string{label}, aliases...) {
		if p == NormalizeLabel(l) {
			return true
		}
	}
	ps := stripEnumerator(printed)
	for _, l := range append([]string{label}, aliases...) {
		if ls := stripEnumerator(l); ps == ls && ls != "" {
			return true
		}
	}
	return false
}

// Matches reports whether a printed row label names this row.
func (r *Row) Matches(printed string) bool { return labelMatches(printed, r.Label, r.Aliases) }

// Matches reports whether a printed column head names this column.
func (c *Column) Matches(printed string) bool { return labelMatches(printed, c.Label, c.Aliases) }

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
