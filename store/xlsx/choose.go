package xlsx

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"nianbao/model"
)

// One table of each kind, or a decision the clerk sees. A hand-made
// workbook may hold a table twice: 初稿 and 定稿 sheets, last year's table
// beside this year's, a draft of 表三 on its own sheet. Every copy is found
// (the locator is run again with the copies already found blanked out), and
// one is chosen only on evidence that leaves no doubt:
//
//   - the report year: a copy whose sheet name or heading just above it
//     names another year is not this report's;
//   - a sheet named as a draft (初稿, 草稿, 旧, 备份, 模板…) loses to one
//     that is not;
//   - a copy with no value at all (a blank form) loses to one with values;
//   - copies holding the same values are one table.
//
// A copy must have at least half the rows and columns of the first found,
// heads included: a list of row labels (instructions, a table of contents)
// is not a copy.
//
// Otherwise the import is refused, naming both places. The tables chosen
// must not carry different years either: a report is never stitched
// together from two years.

// maxCopies bounds the copies looked for per table.
const maxCopies = 4

// draftWords in a sheet name mark a copy that is not the report's: a
// draft, an old copy, a blank form or a sample.
var draftWords = []string{"初稿", "草稿", "旧", "备份", "副本", "作废", "废弃", "修改前", "原稿", "模板", "样表", "示例", "空表",
	"old", "backup", "draft", "template", "sample"}

// candidate is one copy of a table.
type candidate struct {
	blocks   []*foundBlock // per block of the table; nil where not found
	found    int           // rows and columns found
	cols     int           // columns found
	g        *grid         // the sheet of its first block
	box      rect          // its blocks on g
	year     int           // the year its sheet name or heading names; -1 if they disagree
	yearFrom string        // where that year is printed
	draft    bool          // its sheet is named as a draft
	titled   bool          // the year is the report's title just above it
}

// place names a copy for the clerk: 工作表“年报”A3:J30.
func (c *candidate) place() string {
	if c.g.doc {
		// A document has no cell names the clerk can find: the copy is
		// named by the heading printed above it.
		for r := c.box.r1 - 1; r >= 0; r-- {
			if _, inTable := c.g.coverOf(r, 0); len(c.g.rows[r]) == 1 && !inTable {
				if h := strings.TrimSpace(c.g.text(r, 0)); h != "" {
					if rs := []rune(h); len(rs) > 24 {
						h = string(rs[:24]) + "…"
					}
					return c.g.name + "中“" + h + "”下的一份"
				}
			}
		}
		return c.g.name + "开头的一份"
	}
	return c.g.place(cellName(c.box.r1, c.box.c1) + ":" + cellName(c.box.r2, c.box.c2))
}

// tableYear is the year the chosen tables carry, and where it is printed.
type tableYear struct {
	year int
	from string
}

// chooseTables finds every copy of each table of loc and keeps one, or
// refuses (a *model.Failure of code CodeAmbiguous). known is the report year the
// user, 基本信息 or the title gives (0 if none). loc's blocks and missing
// list become those of the copies chosen; loc.ignored gets the others'
// places.
func chooseTables(loc *location, grids []*grid, known int, file string, info *ImportInfo) (tableYear, error) {
	tables := loc.tpl.Tables
	offs := make([]int, len(tables)+1)
	for i, tb := range tables {
		offs[i+1] = offs[i] + len(tb.Blocks)
	}
	cands := make([][]*candidate, len(tables))
	for ti := range tables {
		if c := newCandidate(loc.blocks[offs[ti]:offs[ti+1]], nil); c != nil {
			cands[ti] = append(cands[ti], c)
		}
	}
	if mayHaveCopies(loc, grids) {
		orig := make(map[*grid]*grid, len(grids))
		for _, g := range grids {
			orig[g] = g
		}
		cur, masked := loc, grids
		for range maxCopies - 1 {
			masked = maskBlocks(masked, cur.blocks, orig)
			next := locate(loc.tpl, masked, nil)
			more := false
			for ti := range tables {
				if len(cands[ti]) == 0 {
					continue
				}
				c := newCandidate(next.blocks[offs[ti]:offs[ti+1]], orig)
				if first := cands[ti][0]; c != nil && 2*c.found >= first.found && c.found >= 3 && 2*c.cols >= first.cols && c.cols > 0 {
					cands[ti] = append(cands[ti], c)
					more = true
				}
			}
			if !more {
				break
			}
			cur = next
		}
	}

	name := displayName(file)
	heads := headings{}
	chosen := make([]*candidate, len(tables))
	changed := false
	for ti, tb := range tables {
		cs := cands[ti]
		if len(cs) == 0 {
			continue
		}
		for _, c := range cs {
			c.mark(heads)
		}
		c, err := pick(tb, cs, known, name, info)
		if err != nil {
			return tableYear{}, &model.Failure{Path: file, Code: model.CodeAmbiguous, Msg: err.Error(), Err: fmt.Errorf("%s: %d copies", tb.ID, len(cs))}
		}
		chosen[ti] = c
		if c != cs[0] {
			copy(loc.blocks[offs[ti]:offs[ti+1]], c.blocks)
			changed = true
		}
		for _, o := range cs {
			if o != c {
				for _, fb := range o.blocks {
					if fb != nil {
						loc.ignored = append(loc.ignored, region{fb.g, blockRect(fb)})
					}
				}
			}
		}
	}
	if changed {
		loc.recountMissing()
	}
	return checkYears(tables, chosen, known, name, file, info)
}

// newCandidate makes a copy of a table from its blocks as found, on the
// original grids (orig maps a blanked-out grid to its sheet; nil: the
// blocks are on the original grids). nil if no block was found.
func newCandidate(blocks []*foundBlock, orig map[*grid]*grid) *candidate {
	c := &candidate{blocks: slices.Clone(blocks)}
	for i, fb := range c.blocks {
		if fb == nil {
			continue
		}
		if orig != nil {
			o := *fb
			o.g = orig[fb.g] // the same cells: only other copies were blanked
			fb, c.blocks[i] = &o, &o
		}
		c.found += len(fb.rowAt) + len(fb.colAt)
		c.cols += len(fb.colAt)
		r := blockRect(fb)
		switch {
		case c.g == nil:
			c.g, c.box = fb.g, r
		case fb.g == c.g:
			c.box = rect{min(c.box.r1, r.r1), min(c.box.c1, r.c1), max(c.box.r2, r.r2), max(c.box.c2, r.c2)}
		}
	}
	if c.g == nil {
		return nil
	}
	return c
}

// blockRect is the cells a found block covers.
func blockRect(fb *foundBlock) rect {
	return rect{fb.top, fb.left, fb.bottom, max(fb.right, fb.left)}
}

// mark reads what the copy's sheet name and the heading just above it say:
// a year, a draft.
func (c *candidate) mark(hs headings) {
	sheetYear, _ := model.YearFromName(c.g.name)
	headYear, headAt, headText := hs.headingYear(c.g, c.box)
	switch {
	case sheetYear != 0 && headYear != 0 && sheetYear != headYear:
		c.year = -1
		c.yearFrom = "工作表名“" + c.g.name + "”与" + headAt + "的“" + headText + "”"
	case headYear != 0:
		c.year, c.yearFrom = headYear, c.g.place(headAt)+"的“"+headText+"”"
		_, c.titled = model.ParseTitle(headText)
	case sheetYear != 0:
		c.year, c.yearFrom = sheetYear, "工作表名“"+c.g.name+"”"
	}
	lower := strings.ToLower(c.g.name)
	for _, w := range draftWords {
		if strings.Contains(lower, w) {
			c.draft = true
		}
	}
}

// headings are the lines naming a year (model.YearOfHeading) on each
// sheet, in reading order, found once per workbook.
type headings map[*grid][]heading

type heading struct {
	p    pos
	year int
	text string
}

func (hs headings) of(g *grid) []heading {
	if h, ok := hs[g]; ok {
		return h
	}
	var out []heading
	for _, c := range g.cells {
		if !strings.Contains(c.text, "年") {
			continue
		}
		if y, ok := model.YearOfHeading(c.text); ok {
			out = append(out, heading{c.p, y, strings.TrimSpace(c.text)})
		}
	}
	hs[g] = out
	return out
}

// headingYear is the year of the nearest heading line above a table
// (2022年度, 附：2021年度数据, the report's title) printed over its columns
// or the two left of them, where headings often start: its year (-1 if
// one row names two), cell and text. Other tables in between do not stop
// the search: a year heading at the top of a column of tables is theirs.
func (hs headings) headingYear(g *grid, box rect) (int, string, string) {
	year, row, at, text := 0, -1, "", ""
	lines := hs.of(g)
	for i := len(lines) - 1; i >= 0; i-- {
		h := lines[i]
		if h.p.r >= box.r1 {
			continue
		}
		if row >= 0 && h.p.r < row {
			break // the nearest row with a year is done
		}
		if m := g.mergeOf(h.p.r, h.p.c); m.c2 < box.c1-2 || m.c1 > box.c2 {
			continue
		}
		if year != 0 && h.year != year {
			return -1, cellName(h.p.r, h.p.c), h.text
		}
		year, row, at, text = h.year, h.p.r, cellName(h.p.r, h.p.c), h.text
	}
	return year, at, text
}

// pick chooses one copy of a table (see the top of this file), noting the
// choice and why each other copy was not used; the error's text is the
// clerk's message.
func pick(tb *model.Table, cs []*candidate, known int, name string, info *ImportInfo) (*candidate, error) {
	if len(cs) == 1 {
		if c := cs[0]; c.draft {
			info.warn(tb.Short + "取自" + c.place() + "，工作表名称表明是草稿、旧稿或样表，请核对。")
		}
		return cs[0], nil
	}
	why := map[*candidate]string{} // copies set aside, and why
	left := cs
	// The report year.
	if known != 0 {
		var same []*candidate
		for _, c := range left {
			switch {
			case c.year == 0 || c.year == known:
				same = append(same, c)
			case c.year < 0:
				why[c] = "年度不一致：" + c.yearFrom
			default:
				why[c] = fmt.Sprintf("标明是%d年度，不是报告年度%d年度", c.year, known)
			}
		}
		if len(same) == 0 {
			return nil, fmt.Errorf("%s中的%s都不是%d年度的：%s。请核对文件，或删去不用的表格后再导入", name, tb.Short, known, listPlaces(cs, true))
		}
		left = same
	} else {
		years := map[int]bool{}
		for _, c := range left {
			if c.year != 0 {
				years[c.year] = true
			}
		}
		if len(years) > 1 {
			return nil, fmt.Errorf("%s中有不同年度的%s：%s，而文件中没有“报告年度”，无法确定用哪一份。请在文件中填写“报告年度”，或删去不用的表格后再导入", name, tb.Short, listPlaces(cs, true))
		}
	}
	// Drafts.
	var final []*candidate
	for _, c := range left {
		if !c.draft {
			final = append(final, c)
		}
	}
	if len(final) > 0 && len(final) < len(left) {
		for _, c := range left {
			if c.draft {
				why[c] = "工作表名称表明是草稿、旧稿或样表"
			}
		}
		left = final
	}
	// Blank forms.
	var filled []*candidate
	for _, c := range left {
		if !c.blank() {
			filled = append(filled, c)
		}
	}
	if len(filled) > 0 && len(filled) < len(left) {
		for _, c := range left {
			if c.blank() {
				why[c] = "表中没有填写任何数字"
			}
		}
		left = filled
	}
	chosen := left[0]
	for _, c := range left[1:] {
		if !sameValues(chosen, c) {
			hint := "请删去不用的表格（或在工作表名称中注明年度、“草稿”）后再导入"
			if chosen.g.doc {
				hint = "请删去不用的一份后再导入"
			}
			return nil, fmt.Errorf("%s中有%d份%s：%s，数值不同，无法确定用哪一份。%s", name, len(left), tb.Short, listPlaces(left, false), hint)
		}
		why[c] = "数值与之相同"
	}
	var others []string
	for _, c := range cs {
		if c != chosen {
			others = append(others, c.place()+"（"+why[c]+"）")
		}
	}
	info.warn(fmt.Sprintf("%s有%d份：按%s读取，未用%s。", tb.Short, len(cs), chosen.place(), strings.Join(others, "、")))
	return chosen, nil
}

// listPlaces names copies for a message, with the years they carry.
func listPlaces(cs []*candidate, years bool) string {
	var out []string
	for _, c := range cs {
		s := c.place()
		switch {
		case years && c.year > 0:
			s += "（" + strconv.Itoa(c.year) + "年度，见" + c.yearFrom + "）"
		case years && c.year < 0:
			s += "（年度不一致：" + c.yearFrom + "）"
		case years:
			s += "（未标明年度）"
		}
		out = append(out, s)
	}
	if len(out) == 2 {
		return out[0] + "和" + out[1]
	}
	return strings.Join(out, "、")
}

// sameValues reports whether two copies of a table hold the same text in
// every cell either has (formulas without a value compared as written).
func sameValues(a, b *candidate) bool {
	for i := range a.blocks {
		fa, fb := a.blocks[i], b.blocks[i]
		if (fa == nil) != (fb == nil) {
			return false
		}
		if fa == nil {
			continue
		}
		for _, row := range fa.b.Rows {
			for _, col := range fa.b.Columns {
				if cellText(fa, row, col) != cellText(fb, row, col) {
					return false
				}
			}
		}
	}
	return true
}

// blank reports whether a copy holds no value in any cell that is not a
// total (a blank form's totals may show 0).
func (c *candidate) blank() bool {
	for _, fb := range c.blocks {
		if fb == nil {
			continue
		}
		for _, row := range fb.b.Rows {
			for _, col := range fb.b.Columns {
				if len(row.Sum) == 0 && len(col.Sum) == 0 && cellText(fb, row, col) != "" {
					return false
				}
			}
		}
	}
	return true
}

// cellText is what a found block holds at a row and column: the value, or
// its formula if it has no value; "" where the block has no such cell.
func cellText(fb *foundBlock, row *model.Row, col *model.Column) string {
	y, ok := fb.rowAt[row]
	cp, ok2 := fb.colAt[col]
	if !ok || !ok2 {
		return ""
	}
	text, at := fb.g.cellValue(y, cp.x0, cp.x1)
	if text == "" {
		if f := fb.g.formula(at); f != "" {
			return "=" + f
		}
	}
	return strings.TrimSpace(text)
}

// checkYears refuses tables of different years, and tells of a table whose
// year is not the report's; it returns the year the tables carry.
func checkYears(tables []*model.Table, chosen []*candidate, known int, name, file string, info *ImportInfo) (tableYear, error) {
	var ty tableYear
	var first *candidate
	var firstTable *model.Table
	fail := func(msg string) (tableYear, error) {
		return tableYear{}, &model.Failure{Path: file, Code: model.CodeAmbiguous, Msg: msg, Err: errors.New("tables of different years")}
	}
	for ti, c := range chosen {
		if c == nil || c.year == 0 {
			continue
		}
		tb := tables[ti]
		if c.year < 0 {
			return fail(fmt.Sprintf("%s中%s（%s）的年度不一致：%s。请改正后再导入", name, tb.Short, c.place(), c.yearFrom))
		}
		if known != 0 && c.year != known && !c.titled {
			// The report year wins, as over a title (guessMeta says so).
			info.warn(fmt.Sprintf("%s（%s）标明是%d年度（见%s），与报告年度%d年度不符，请核对是否用错了表格。", tb.Short, c.place(), c.year, c.yearFrom, known))
		}
		if first == nil {
			first, firstTable = c, tb
			ty = tableYear{c.year, c.yearFrom}
			continue
		}
		if c.year != first.year {
			return fail(fmt.Sprintf("%s中的表格不是同一年度的：%s在%s（%d年度，见%s），%s在%s（%d年度，见%s）。不能把不同年度的表格拼成一份报告，请删去或改正后再导入",
				name, firstTable.Short, first.place(), first.year, first.yearFrom, tb.Short, c.place(), c.year, c.yearFrom))
		}
	}
	return ty, nil
}

// mayHaveCopies reports whether the labels of some table of loc are
// printed again outside the tables found: for at least half of its row
// labels (表四: column heads), and two. Cheap, so the locator is run again
// only for workbooks that may hold a second copy.
func mayHaveCopies(loc *location, grids []*grid) bool {
	rects := map[*grid][]rect{}
	for _, fb := range loc.blocks {
		if fb != nil {
			rects[fb.g] = append(rects[fb.g], blockRect(fb))
		}
	}
	outside := func(keys []tailCode, match func(string) bool) bool {
		for _, g := range grids {
			for _, k := range keys {
				for _, e := range g.withTail(k) {
					c := &g.cells[e.cell]
					if !inRects(rects[g], c.p) && match(c.norm) {
						return true
					}
				}
			}
		}
		return false
	}
	i := 0
	for _, tb := range loc.tpl.Tables {
		blocks := loc.blocks[i : i+len(tb.Blocks)]
		i += len(tb.Blocks)
		if !slices.ContainsFunc(blocks, func(fb *foundBlock) bool { return fb != nil }) {
			continue
		}
		labels, again := 0, 0
		for _, b := range tb.Blocks {
			k := keysOf(b)
			if k.labeled {
				for ri, row := range b.Rows {
					if row.Label == "" {
						continue
					}
					labels++
					if outside(k.rowTails[ri], row.MatchesNormalized) {
						again++
					}
				}
				continue
			}
			for ci, col := range b.Columns {
				labels++
				if outside(k.colTails[ci], col.MatchesNormalized) {
					again++
				}
			}
		}
		if again >= 2 && 2*again >= labels {
			return true
		}
	}
	return false
}

func inRects(rs []rect, p pos) bool {
	for _, r := range rs {
		if p.r >= r.r1 && p.r <= r.r2 && p.c >= r.c1 && p.c <= r.c2 {
			return true
		}
	}
	return false
}

// maskBlocks returns the grids with the cells of the found blocks blanked
// out, so the locator finds the next copy; orig learns each new grid's
// sheet.
func maskBlocks(grids []*grid, blocks []*foundBlock, orig map[*grid]*grid) []*grid {
	rects := map[*grid][]rect{}
	for _, fb := range blocks {
		if fb != nil {
			rects[fb.g] = append(rects[fb.g], blockRect(fb))
		}
	}
	out := make([]*grid, len(grids))
	for i, g := range grids {
		out[i] = g
		if rs := rects[g]; len(rs) > 0 {
			out[i] = g.masked(rs)
			orig[out[i]] = orig[g]
		}
	}
	return out
}

// masked is a copy of g with the cells in rs blank.
func (g *grid) masked(rs []rect) *grid {
	m := *g
	m.rows = slices.Clone(g.rows)
	m.norms = slices.Clone(g.norms)
	m.tails = slices.Clone(g.tails)
	m.stails = slices.Clone(g.stails)
	for r := range g.rows {
		cloned := false
		for c := range g.rows[r] {
			if !inRects(rs, pos{r, c}) {
				continue
			}
			if !cloned {
				m.rows[r], m.norms[r] = slices.Clone(g.rows[r]), slices.Clone(g.norms[r])
				m.tails[r], m.stails[r] = slices.Clone(g.tails[r]), slices.Clone(g.stails[r])
				cloned = true
			}
			m.rows[r][c], m.norms[r][c], m.tails[r][c], m.stails[r][c] = "", "", 0, 0
		}
	}
	index := make([]int32, len(g.cells))
	m.cells = make([]gcell, 0, len(g.cells))
	for i, c := range g.cells {
		index[i] = -1
		if !inRects(rs, c.p) {
			index[i] = int32(len(m.cells))
			m.cells = append(m.cells, c)
		}
	}
	m.tail = make([]tailEntry, 0, len(m.cells))
	for _, e := range g.tail { // still sorted: by code, then by cell
		if j := index[e.cell]; j >= 0 {
			m.tail = append(m.tail, tailEntry{e.k, j})
		}
	}
	return &m
}

// recountMissing lists the tables, rows and columns missing from loc's
// blocks, as locate does, after other copies were chosen.
func (loc *location) recountMissing() {
	loc.missing, loc.absent = nil, nil
	i := 0
	for _, tb := range loc.tpl.Tables {
		fbs := loc.blocks[i : i+len(tb.Blocks)]
		i += len(tb.Blocks)
		if !slices.ContainsFunc(fbs, func(fb *foundBlock) bool { return fb != nil }) {
			loc.absent = append(loc.absent, tb)
			loc.missing = append(loc.missing, tb.Short+"（"+tb.Title+"）")
			continue
		}
		for j, fb := range fbs {
			if fb == nil {
				name := tb.Short
				if b := tb.Blocks[j]; b.Caption != "" {
					name += "·" + b.Caption
				}
				loc.missing = append(loc.missing, name)
				continue
			}
			loc.missing = append(loc.missing, fb.missing...)
		}
	}
}
