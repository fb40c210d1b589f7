package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printed is the whole report as it is printed and published: the title,
// the preface, 一 to 六 with the tables where the template places them,
// and the signature. The web page and the Word document both draw this one
// order (and each table from its Layout), so they never disagree on what
// a report prints.
type Printed struct {
	Title     string
	Preface   []Para
	Sections  []PrintedSection
	Signature []string // the unit and the date, at the end; none without a date
}

// A PrintedSection is one of 一 to 六: a heading, then paragraphs (with
// the part headings) or a table.
type PrintedSection struct {
	Heading string
	Paras   []Para
	Table   *Table // set for 二、三、四: the table printed under the heading
}

// A Para is one paragraph of printed text.
type Para struct {
	Text    string
	Heading bool // a part heading (（一）主动公开) or a line that reads as one
}

// ReportTitle is the report's printed title:
// 衢州市人民政府办公室2022年政府信息公开工作年度报告.
func ReportTitle(r *Report) string {
	t := "政府信息公开工作年度报告"
	if y := r.Meta.Year; y > 0 {
		t = strconv.Itoa(y) + "年" + t
	}
	return strings.TrimSpace(r.Meta.Unit) + t
}

// Printed lays r out as printed. Where each section goes is template data
// (Narrative.Place): the preface untitled under the title, the sections
// before the tables (一), the tables (二、三、四), the sections after them
// (五、六). Parts numbered like （一）主动公开 are printed headings; other
// parts (六's 信息处理费) are printed as their section's text.
func (r *Report) Printed() Printed {
	tpl := r.Template()
	p := Printed{Title: ReportTitle(r)}
	tablesDone := false
	addTables := func() {
		for _, tb := range tpl.Tables {
			p.Sections = append(p.Sections, PrintedSection{Heading: tb.Title, Table: tb})
		}
		tablesDone = true
	}
	for _, n := range tpl.Narrative {
		if n.Place == PlacePreface {
			p.Preface = append(p.Preface, Paragraphs(r.Narrative[n.Key])...)
			continue
		}
		if !tablesDone && n.Place == PlaceAfterTables {
			addTables()
		}
		s := PrintedSection{Heading: n.Title, Paras: Paragraphs(r.Narrative[n.Key])}
		for _, part := range n.Parts {
			ps := Paragraphs(r.Narrative[part.Key])
			if len(ps) == 0 {
				continue
			}
			if PrintedHeading(part) {
				s.Paras = append(s.Paras, Para{Text: part.Title, Heading: true})
			}
			s.Paras = append(s.Paras, ps...)
		}
		p.Sections = append(p.Sections, s)
	}
	if !tablesDone {
		addTables()
	}
	if date := ChineseDate(r.Meta.Date); date != "" {
		p.Signature = []string{strings.TrimSpace(r.Meta.Unit), date}
	}
	return p
}

// PrintedHeading reports whether a part's title is printed as a heading:
// parts numbered like （一）主动公开 are.
func PrintedHeading(part *Narrative) bool { return strings.HasPrefix(part.Title, "（") }

// Paragraphs splits a text into its lines. A short line numbered like
// （一） or (一) with no full stop is a sub-heading the clerk typed.
func Paragraphs(text string) []Para {
	var out []Para
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		out = append(out, Para{Text: line, Heading: isSubHeading(line)})
	}
	return out
}

func isSubHeading(line string) bool {
	if utf8.RuneCountInString(line) > 40 || strings.ContainsAny(line, "。；;") {
		return false
	}
	for _, open := range []string{"（", "("} {
		if rest, ok := strings.CutPrefix(line, open); ok {
			num, _, found := strings.Cut(rest, map[string]string{"（": "）", "(": ")"}[open])
			return found && num != "" && strings.Trim(num, "一二三四五六七八九十") == ""
		}
	}
	return false
}

// ParseDate reads a 成文日期 as stored (2023-03-01): year, month, day.
func ParseDate(s string) (y, m, d int, ok bool) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return 0, 0, 0, false
		}
		n[i] = v
	}
	return n[0], n[1], n[2], true
}

// ChineseDate prints a 成文日期 as the signature does: 2023-03-01 is
// 2023年3月1日; anything else is "".
func ChineseDate(s string) string {
	y, m, d, ok := ParseDate(s)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, d)
}

// ParseChineseDate reads a date as a signature writes it — 2023年1月20日,
// ２０２３年１月２０日 or 二〇二三年一月二十日 — into a 成文日期 as stored
// (2023-01-20).
func ParseChineseDate(s string) (string, bool) {
	s = strings.Join(strings.Fields(s), "")
	ys, rest, ok1 := strings.Cut(s, "年")
	ms, rest, ok2 := strings.Cut(rest, "月")
	ds, rest, ok3 := strings.Cut(rest, "日")
	if !ok1 || !ok2 || !ok3 || rest != "" {
		return "", false
	}
	y, ok := digitsYear(ys)
	m, okm := smallNumber(ms)
	d, okd := smallNumber(ds)
	if !ok || !okm || !okd || !ValidYear(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), true
}

// chineseDigit is a digit as dates write it: 0–9, full-width, 〇 to 九.
func chineseDigit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	if i := strings.IndexRune("〇一二三四五六七八九", r); i >= 0 {
		return utf8.RuneCountInString("〇一二三四五六七八九"[:i]), true
	}
	if r == '零' {
		return 0, true
	}
	return 0, false
}

// digitsYear reads a year written digit by digit (2023, 二〇二三).
func digitsYear(s string) (int, bool) {
	n, count := 0, 0
	for _, r := range s {
		d, ok := chineseDigit(r)
		if !ok {
			return 0, false
		}
		n, count = n*10+d, count+1
	}
	return n, count == 4
}

// smallNumber reads a month or day: 1–2 digits, or 一 … 三十一.
func smallNumber(s string) (int, bool) {
	if n, err := strconv.Atoi(strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + r - '０'
		}
		return r
	}, s)); err == nil {
		return n, true
	}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		d, ok := chineseDigit(rs[0])
		return d, ok && d > 0
	case len(rs) == 2 && rs[0] == '十':
		d, ok := chineseDigit(rs[1])
		return 10 + d, ok && d > 0
	case len(rs) == 2 && rs[1] == '十':
		d, ok := chineseDigit(rs[0])
		return d * 10, ok && d > 1
	case len(rs) == 3 && rs[1] == '十':
		t, ok1 := chineseDigit(rs[0])
		d, ok2 := chineseDigit(rs[2])
		return t*10 + d, ok1 && ok2 && t > 1 && d > 0
	}
	return 0, false
}
