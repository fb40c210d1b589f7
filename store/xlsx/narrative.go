package xlsx

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"nianbao/model"
)

// The narrative sheet holds the free-text sections (前言, 一、总体情况,
// 五、六 and their parts) in reading order. Columns:
//
//	A (hidden) | B (narrow)    | C (wide)
//	key / flag | section title | one paragraph per row
//
// A title in B overflows into the empty C of its row. Column A lets our own
// files come back exactly: the section's key on its title row, and on a
// paragraph row "续" (continues the previous row: a long paragraph is split
// so no row exceeds Excel's height limit) or "空行" (an empty paragraph,
// which a reader would otherwise drop at the end of a section).
const (
	narrKeyPrefix = "key:"
	flagCont      = "续"
	flagEmpty     = "空行"

	paraChunk = 600 // runes per row: about 17 lines in column C, under the 409-point row limit
)

var narrWidths = []float64{6, 3, 86}

func (x *exporter) narrativeSheet() *sheetOut {
	s := newSheet(sheetNarrative)
	s.fitHeight = 0
	s.footer = x.footer()
	for c, w := range narrWidths {
		s.width(c, w)
	}
	s.hidden[0] = true
	st := x.st

	s.area(0, 1, 0, 2, x.reportTitle(), st.title)
	s.height(0, rowHeight(lines(x.reportTitle(), narrWidths[1]+narrWidths[2], sizeTitle), sizeTitle))
	y := 2
	var walk func(ns []*model.Narrative, top bool)
	walk = func(ns []*model.Narrative, top bool) {
		for _, n := range ns {
			text := x.r.Narrative[n.Key]
			if top || text != "" {
				s.put(y, 0, narrKeyPrefix+n.Key, st.key)
				s.put(y, 1, n.Title, st.paraTitle)
				s.height(y, 26)
				y++
				if text != "" {
					for _, line := range strings.Split(text, "\n") {
						for i, chunk := range runeChunks(line, paraChunk) {
							switch {
							case i > 0:
								s.put(y, 0, flagCont, st.key)
							case line == "":
								s.put(y, 0, flagEmpty, st.key)
							}
							s.put(y, 2, nilIfEmpty(chunk), st.para)
							s.height(y, rowHeight(lines(chunk, narrWidths[2], sizeText), sizeText))
							y++
						}
					}
				}
			}
			walk(n.Parts, false)
		}
	}
	walk(x.r.Template().Narrative, true)
	return s
}

// readNarrative finds the narrative sections outside the tables: our own
// layout by the keys in its hidden column, any other by section titles
// (一、总体情况 … as printed, or a variant with the same number and key word:
// 五、存在的问题及改进措施). A section's text is the rows below its title up
// to the next title or table, one paragraph per row.
//
// A document (a Word document, a web page: doc) is read as printed: the
// preface is the text between the report's title and the first section;
// a section or part titled exactly as the format titles it, a section
// also without its number (Word's automatic numbering: 总体情况), is that
// section or part; the signature at the end (the unit, the date) is no
// section's text.
func readNarrative(grids []*grid, regions []region, tpl *model.Template, doc bool) (text map[string]string, signed string) {
	nodes := map[string]*model.Narrative{}
	var all []*model.Narrative
	var walk func([]*model.Narrative, bool)
	walk = func(ns []*model.Narrative, top bool) {
		for _, n := range ns {
			nodes[n.Key] = n
			if top {
				all = append(all, n)
			}
			walk(n.Parts, false)
		}
	}
	walk(tpl.Narrative, true)
	topKeys := titleKeysOf(all)
	partByTitle := map[string]string{} // documents: a part's exact title → its key
	if doc {
		// A heading numbered by Word's automatic numbering has no “一、” in
		// its text: a section's exact title without its number is it too.
		for i, n := range all {
			if k := topKeys[i]; k.num != "" {
				partByTitle[strings.TrimPrefix(k.norm, k.num)] = n.Key
			}
		}
		for _, n := range all {
			for _, p := range n.Parts {
				if t := normOf(p.Title); t != "" {
					partByTitle[t] = p.Key
				}
			}
		}
	}
	tableKeys := make([]titleKey, len(tpl.Tables))
	for i, tb := range tpl.Tables {
		tableKeys[i] = newTitleKey(tb.Title)
	}

	out := map[string]string{}
	for _, g := range grids {
		var titles []title
		stops := map[int]bool{}
		for _, rg := range regions {
			if rg.g == g {
				for r := rg.r1; r <= rg.r2; r++ {
					stops[r] = true
				}
			}
		}
		// Our own layout names its sections by key; then only those are
		// titles (a paragraph reading “（一）主动公开” stays text).
		keyed := false
		for _, c := range g.cells {
			if key, ok := strings.CutPrefix(c.text, narrKeyPrefix); ok && nodes[key] != nil {
				keyed = true
				break
			}
		}
		for i := 0; i < len(g.cells); i++ {
			c := g.cells[i]
			if stops[c.p.r] && !isTitleRow(titles, c.p.r) {
				continue
			}
			if key, ok := strings.CutPrefix(c.text, narrKeyPrefix); ok && nodes[key] != nil {
				// The title is the next filled cell of the row.
				tp := pos{c.p.r, c.p.c + 1}
				if i+1 < len(g.cells) && g.cells[i+1].p.r == c.p.r {
					tp = g.cells[i+1].p
				}
				titles = append(titles, title{g, tp, key, c.p.c})
				stops[c.p.r] = true
				for i+1 < len(g.cells) && g.cells[i+1].p.r == c.p.r {
					i++ // the rest of the row is the title
				}
				continue
			}
			if keyed || isTitleRow(titles, c.p.r) {
				continue
			}
			if key := narrativeTitle(c.norm, all, topKeys); key != "" {
				titles = append(titles, title{g, c.p, key, -1})
				stops[c.p.r] = true
				continue
			}
			if key := partByTitle[normOf(c.text)]; key != "" {
				titles = append(titles, title{g, c.p, key, -1})
				stops[c.p.r] = true
				continue
			}
			for _, k := range tableKeys {
				if k.matches(c.norm) {
					stops[c.p.r] = true
				}
			}
		}
		if doc && len(titles) > 0 {
			if key := prefaceKey(tpl); key != "" {
				if _, done := out[key]; !done {
					if text := preface(g, titles[0].p.r, stops); text != "" {
						out[key] = text
					}
				}
			}
		}
		for i, t := range titles {
			if _, done := out[t.key]; done {
				continue
			}
			var paras []string
			// Text beside the title on its own row (a hand-made layout).
			for x := g.mergeOf(t.p.r, t.p.c).c2 + 1; x < len(g.rows[t.p.r]); x++ {
				if s := g.text(t.p.r, x); strings.TrimSpace(s) != "" && t.flagCol < 0 {
					paras = append(paras, s)
					break
				}
			}
			for r := t.p.r + 1; r < len(g.rows) && !stops[r]; r++ {
				flag := ""
				if t.flagCol >= 0 {
					flag = g.text(r, t.flagCol)
				}
				para := ""
				for x := t.p.c; x < len(g.rows[r]); x++ {
					if s := g.text(r, x); s != "" {
						para = s
						break
					}
				}
				switch {
				case flag == flagCont && len(paras) > 0:
					paras[len(paras)-1] += para
				case flag == flagEmpty:
					paras = append(paras, "")
				case strings.TrimSpace(para) != "":
					paras = append(paras, para)
				}
			}
			if doc && i == len(titles)-1 {
				paras, signed = dropSignature(paras)
			}
			out[t.key] = strings.Join(paras, "\n")
		}
	}
	return out, signed
}

// prefaceKey is the key of the format's untitled preface, "" if it has none.
func prefaceKey(tpl *model.Template) string {
	for _, n := range tpl.Narrative {
		if n.Place == model.PlacePreface {
			return n.Key
		}
	}
	return ""
}

// preface is a document's text between the report's title and its first
// section (row first), one paragraph per row: tables, the lines a web
// page prints under a title (发布时间：…，来源：…) left out.
func preface(g *grid, first int, stops map[int]bool) string {
	start := -1
	for r := 0; r < first && r < len(g.rows); r++ {
		for c := range g.rows[r] {
			if t, ok := model.ParseTitle(g.text(r, c)); ok && (t.Unit != "" || t.Year != 0) {
				start = r
			}
		}
	}
	if start < 0 {
		return "" // no title: what comes first is not known to be a preface
	}
	var paras []string
	for r := start + 1; r < first; r++ {
		if stops[r] || len(g.rows[r]) != 1 { // a table's row, not a paragraph
			continue
		}
		if p := strings.TrimSpace(g.text(r, 0)); p != "" && !pageChrome(p) {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n")
}

// pageChrome: a short "label：value" line (发布时间：2023-01-20, 来源：…,
// 索引号：…) or a page's tools (字号 大 中 小, 打印本页), not the report's text.
func pageChrome(p string) bool {
	if strings.Contains(p, "字号") || strings.Contains(p, "打印本页") || strings.Contains(p, "关闭窗口") {
		return true
	}
	if longerThan(p, 60) {
		return false
	}
	i := strings.IndexAny(p, "：:")
	return i > 0 && !longerThan(p[:i], 6) && !strings.ContainsAny(p, "。；")
}

// dropSignature takes the signature off the end of a document's last
// section: a date line (2023年1月20日, 二〇二三年一月二十日) and the unit
// line above it.
// It returns the date as written.
func dropSignature(paras []string) (rest []string, date string) {
	n := len(paras)
	if n == 0 || !signatureDate.MatchString(strings.TrimSpace(paras[n-1])) {
		return paras, ""
	}
	date = strings.TrimSpace(paras[n-1])
	n--
	if n > 0 {
		if u := strings.TrimSpace(paras[n-1]); !longerThan(u, 30) && !strings.ContainsAny(u, "。；，,") {
			n--
		}
	}
	return paras[:n], date
}

var signatureDate = regexp.MustCompile(`^[0-9０-９〇零一二三四五六七八九]{4}\s*年\s*[0-9０-９一二三四五六七八九十]{1,3}\s*月\s*[0-9０-９一二三四五六七八九十]{1,3}\s*日$`)

type title struct {
	g       *grid
	p       pos // the title cell
	key     string
	flagCol int // our hidden key/flag column, or -1
}

func isTitleRow(titles []title, r int) bool {
	for _, t := range titles {
		if t.p.r == r {
			return true
		}
	}
	return false
}

// narrativeTitle returns the key of the top-level section a cell's text
// titles, if any: its exact title, or the numbered title in other words.
// Parts (（一）主动公开…) are not looked for in other people's files: their
// sub-headings vary freely and stay in the section's text. keys are
// titleKeysOf(top).
func narrativeTitle(norm string, top []*model.Narrative, keys []titleKey) string {
	if longerThan(norm, 40) {
		return ""
	}
	for i, n := range top {
		if keys[i].matches(norm) {
			return n.Key
		}
	}
	return ""
}

// titleKey is an official title made ready for matching printed ones.
type titleKey struct {
	norm   string // normOf(official)
	num    string // its numbered heading with the 、 (五、); "" if it has none
	first2 string // the first two characters after it
}

func newTitleKey(official string) titleKey {
	k := titleKey{norm: normOf(official)}
	if num, rest, ok := strings.Cut(k.norm, "、"); ok {
		if r := []rune(rest); len(r) >= 2 {
			k.num, k.first2 = num+"、", string(r[:2])
		}
	}
	return k
}

func titleKeysOf(ns []*model.Narrative) []titleKey {
	out := make([]titleKey, len(ns))
	for i, n := range ns {
		out[i] = newTitleKey(n.Title)
	}
	return out
}

// matches: the exact title, or looseTitle.
func (k titleKey) matches(norm string) bool { return norm == k.norm || k.loose(norm) }

// loose is looseTitle: same numbered heading (五、) and, after it, the first
// two characters of the official wording somewhere in the printed one —
// 五、政府信息公开工作存在的主要问题及改进情况 for 五、存在的主要问题及改进情况.
func (k titleKey) loose(norm string) bool {
	if k.num == "" || longerThan(norm, 40) {
		return false
	}
	printed, ok := strings.CutPrefix(norm, k.num)
	return ok && strings.Contains(printed, k.first2)
}

// longerThan reports whether s has more than n runes, counting only when
// its length in bytes leaves a doubt.
func longerThan(s string, n int) bool {
	return len(s) > n && utf8.RuneCountInString(s) > n
}
