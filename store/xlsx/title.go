package xlsx

import (
	"path/filepath"
	"strconv"
	"strings"

	"nianbao/model"
)

// The unit and year of a workbook without 基本信息 labels, from its printed
// title (model.ParseTitle): in one cell, or split over two (the unit in one
// cell and “2022年度政府信息公开工作年度报告” in the next to the right or
// below; “衢州市2022年度” above “政府信息公开工作年度报告”; the title above
// “（2022年度）”).

// titleHit is a title found on a sheet.
type titleHit struct {
	g    *grid
	at   string // where it is printed: A1, or A1、A2 when split
	text string // as printed, its parts joined by a space
	model.Title
}

// findTitles lists the titles on the sheets, in reading order.
func findTitles(grids []*grid) []titleHit {
	var out []titleHit
	for _, g := range grids {
		for _, c := range g.cells {
			if !strings.Contains(c.norm, "报告") && !strings.Contains(c.norm, "年报") {
				continue // every title ends with the report's name
			}
			t, ok := model.ParseTitle(c.text)
			if !ok {
				continue
			}
			hit := titleHit{g: g, at: cellName(c.p.r, c.p.c), text: strings.TrimSpace(c.text), Title: t}
			if t.Unit == "" || t.Year == 0 {
				g.completeTitle(c.p, &hit)
			}
			if hit.Unit != "" || hit.Year != 0 {
				out = append(out, hit)
			}
		}
	}
	return out
}

// completeTitle joins a title that lacks its unit or year with the cell
// printed before it (left, or above) or, for a year, after it (right, or
// below), keeping a join only if it reads as a title that names more.
func (g *grid) completeTitle(p pos, hit *titleHit) {
	own := g.text(p.r, p.c)
	try := func(q pos, before bool) {
		other := g.text(q.r, q.c)
		joined := own + "\n" + other
		if before {
			joined = other + "\n" + own
		}
		t, ok := model.ParseTitle(joined)
		if !ok || (hit.Unit != "" && t.Unit != hit.Unit) || (hit.Year != 0 && t.Year != hit.Year) ||
			(t.Unit == hit.Unit && t.Year == hit.Year) {
			return
		}
		hit.Title = t
		parts := [2]string{strings.TrimSpace(other), hit.text}
		at := [2]string{cellName(q.r, q.c), hit.at}
		if !before {
			parts[0], parts[1], at[0], at[1] = parts[1], parts[0], at[1], at[0]
		}
		hit.text, hit.at = parts[0]+" "+parts[1], at[0]+"、"+at[1]
	}
	for _, q := range g.neighbours(p, true) {
		if hit.Unit == "" || hit.Year == 0 {
			try(q, true)
		}
	}
	if hit.Year == 0 {
		for _, q := range g.neighbours(p, false) {
			try(q, false)
		}
	}
}

// neighbours are the filled cells next to the one at p: the nearest to its
// left on its row and the nearest above in its column (within two rows),
// or, with before false, to its right and below. Merged cells count as
// their top-left cell.
func (g *grid) neighbours(p pos, before bool) []pos {
	var out []pos
	m := g.mergeOf(p.r, p.c)
	if before {
		for x := m.c1 - 1; x >= 0 && x >= m.c1-8; x-- {
			if q := g.mergeOf(p.r, x); strings.TrimSpace(g.text(q.r1, q.c1)) != "" {
				out = append(out, pos{q.r1, q.c1})
				break
			}
		}
		for y := m.r1 - 1; y >= 0 && y >= m.r1-2; y-- {
			if q := g.mergeOf(y, p.c); strings.TrimSpace(g.text(q.r1, q.c1)) != "" {
				out = append(out, pos{q.r1, q.c1})
				break
			}
		}
		return out
	}
	for x := m.c2 + 1; x <= m.c2+8; x++ {
		if q := g.mergeOf(p.r, x); strings.TrimSpace(g.text(q.r1, q.c1)) != "" {
			out = append(out, pos{q.r1, q.c1})
			break
		}
	}
	for y := m.r2 + 1; y <= m.r2+2; y++ {
		if q := g.mergeOf(y, p.c); strings.TrimSpace(g.text(q.r1, q.c1)) != "" {
			out = append(out, pos{q.r1, q.c1})
			break
		}
	}
	return out
}

// where names a title's place for a note: 工作表“年报”A1.
func (t titleHit) where() string { return t.g.place(t.at) }

// guessMeta fills a unit and year the workbook does not label (基本信息):
// from its title, else (the year) from the sheets the tables are on, else
// from the file name, saying where each came from; a title that disagrees
// with a label is told. A unit or year the user gave (opts) is not guessed:
// applyGiven puts it in and compares it with what the file shows.
func guessMeta(m *model.Meta, titles []titleHit, tables tableYear, opts ImportOptions, info *ImportInfo) {
	// What was guessed is said once per source: 没有找到“单位名称”和“报告年度”，
	// 按标题“…”取为“××局”、2022年度.
	var guesses [][3]string // field, source, value
	guessed := func(field, from, value string) { guesses = append(guesses, [3]string{field, from, value}) }
	// A document (a Word document, a web page) has no 单位名称 or 报告年度
	// fields to look for: its title is where they are.
	missing := func(fields string) string { return "没有找到" + fields + "，" }
	if len(titles) > 0 && titles[0].g.doc {
		missing = func(fields string) string { return strings.NewReplacer("“", "", "”", "").Replace(fields) }
	}
	defer func() {
		if len(guesses) == 2 && guesses[0][1] == guesses[1][1] {
			g, h := guesses[0], guesses[1]
			info.warn(missing("“"+g[0]+"”和“"+h[0]+"”") + "按" + g[1] + "取为" + g[2] + "、" + h[2] + "，请核对。")
			return
		}
		for _, g := range guesses {
			info.warn(missing("“"+g[0]+"”") + "按" + g[1] + "取为" + g[2] + "，请核对。")
		}
	}()
	fileName := "文件名“" + filepath.Base(opts.Name) + "”"
	unit, unitFrom := agreedUnit(titles)
	switch {
	case m.Unit != "":
		if unit != "" && model.UnitKey(unit) != model.UnitKey(m.Unit) {
			info.warn("单位名称为“" + m.Unit + "”，但" + unitFrom + "中为“" + unit + "”，已按单位名称读取，请核对。")
		}
	case unit != "":
		m.Unit = unit
		if opts.Unit == "" {
			guessed("单位名称", unitFrom, "“"+unit+"”")
		}
	default:
		if t, ok := model.ParseTitle(baseName(opts.Name)); ok && t.Unit != "" {
			m.Unit = t.Unit
			if opts.Unit == "" {
				guessed("单位名称", fileName, "“"+t.Unit+"”")
			}
		} else if opts.Unit == "" {
			if unitFrom != "" {
				info.warn("没有找到单位名称：" + unitFrom + "，请在基本信息中填写。")
			} else {
				info.warn("没有找到单位名称，请在基本信息中填写。")
			}
		}
	}

	year, yearFrom, conflict := agreedYear(titles)
	if m.Year != 0 {
		if year != 0 && year != m.Year {
			info.warn("报告年度为" + strconv.Itoa(m.Year) + "年度，但" + yearFrom + "中为" + strconv.Itoa(year) + "年度，已按报告年度读取，请核对。")
		}
		return
	}
	if year == 0 && tables.year != 0 {
		year, yearFrom = tables.year, tables.from
	}
	if year == 0 {
		if y, ok := model.YearFromName(baseName(opts.Name)); ok {
			year, yearFrom = y, fileName
		}
	}
	switch {
	case year != 0:
		m.Year = year
		if opts.Year == 0 {
			guessed("报告年度", yearFrom, strconv.Itoa(year)+"年度")
		}
	case opts.Year != 0:
	case conflict != "":
		info.warn("没有找到报告年度：" + conflict + "，请在基本信息中填写。")
	default:
		info.warn("没有找到报告年度，请在基本信息中填写。")
	}
}

// agreedYear is the year the titles agree on and which title says it; 0
// and what disagrees if they name different years.
func agreedYear(titles []titleHit) (year int, from, conflict string) {
	var first *titleHit
	for i := range titles {
		t := &titles[i]
		if t.Year == 0 {
			continue
		}
		if first == nil {
			first = t
			continue
		}
		if t.Year != first.Year {
			return 0, "", "各标题中的年度不一致（" + first.where() + "为" + strconv.Itoa(first.Year) + "年度，" + t.where() + "为" + strconv.Itoa(t.Year) + "年度）"
		}
	}
	if first == nil {
		return 0, "", ""
	}
	return first.Year, "标题“" + first.text + "”（" + first.where() + "）", ""
}

// agreedUnit is the unit the titles agree on, and which title says it; ""
// and what disagrees if they name different units.
func agreedUnit(titles []titleHit) (unit, from string) {
	var first *titleHit
	for i := range titles {
		t := &titles[i]
		if t.Unit == "" {
			continue
		}
		if first == nil {
			first = t
			continue
		}
		if model.UnitKey(t.Unit) != model.UnitKey(first.Unit) {
			return "", "各标题中的单位不一致（" + first.where() + "为“" + first.Unit + "”，" + t.where() + "为“" + t.Unit + "”）"
		}
	}
	if first == nil {
		return "", ""
	}
	return first.Unit, "标题“" + first.text + "”（" + first.where() + "）"
}

// applyGiven puts the unit and year the user gave (ImportOptions) into the
// report, saying so where the file shows something else.
func applyGiven(m *model.Meta, opts ImportOptions, info *ImportInfo) {
	if u := strings.TrimSpace(opts.Unit); u != "" {
		if m.Unit != "" && model.UnitKey(m.Unit) != model.UnitKey(u) {
			info.warn("单位名称按指定取为“" + u + "”（文件中为“" + m.Unit + "”）。")
		}
		m.Unit = u
	}
	if y := opts.Year; y != 0 {
		if m.Year != 0 && m.Year != y {
			info.warn("报告年度按指定取为" + strconv.Itoa(y) + "年度（文件中为" + strconv.Itoa(m.Year) + "年度）。")
		}
		m.Year = y
	}
}

// baseName is a file's name without folder and extension.
func baseName(path string) string {
	b := filepath.Base(path)
	return strings.TrimSuffix(b, filepath.Ext(b))
}

// reportYear is the report year known before the tables are chosen: given
// by the user, labelled (报告年度), or the one the titles agree on; 0 if
// none.
func reportYear(opts ImportOptions, meta metaFields, titles []titleHit) int {
	switch {
	case opts.Year != 0:
		return opts.Year
	case meta.year != 0:
		return meta.year
	}
	y, _, _ := agreedYear(titles)
	return y
}
