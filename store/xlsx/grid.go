package xlsx

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// Scanning limits. A report fits in a few hundred rows; a sheet with more
// is scanned only this far, which also bounds the work a hostile file can
// cause.
const (
	maxScanRows = 3000
	maxScanCols = 100
)

// grid is one worksheet as read for import: raw cell texts, merged ranges
// and an index of the normalized labels. src answers what the texts do not
// say (number or text, formulas); it is the excelize sheet or the fast
// path's (see fastread.go).
type grid struct {
	src    cellSource
	name   string
	doc    bool // a document's text (a Word document, a web page), not a sheet
	rows   [][]string
	norms  [][]string   // model.NormalizeLabel of rows, "" for empty cells
	tails  [][]tailCode // tailKey of norms
	stails [][]tailCode // tailKey of stripUnitNote of norms
	merges []rect
	// cover is, for each cell of the coverRows×coverCols area the merges
	// span, 1 + the index of the first merge covering it, or 0.
	cover                []int32
	coverRows, coverCols int
	cells                []gcell     // non-empty cells, row by row
	tail                 []tailEntry // the non-empty cells by ending: sorted by code, then cell
}

// cellSource is what a grid, and the formula evaluator, ask a sheet about
// single cells. It is the excelize sheet or the fast path's (see
// fastread.go); both answer alike.
type cellSource interface {
	// isNumber reports whether the cell is stored as a number (or has no
	// type), as excelize's GetCellType says CellTypeNumber or CellTypeUnset.
	isNumber(r, c int) bool
	// kind says what the cell holds (see cellKind); for a number shown as
	// a date, also the format code it is shown with.
	kind(r, c int) (cellKind, string)
	// formula is the cell's formula as excelize's GetCellFormula gives it,
	// "" if none.
	formula(r, c int) string
	// formulaAt is the formula to evaluate and the cell it is written for:
	// a shared formula's follower gives the master's text and place, so
	// its relative references move by the distance between them.
	formulaAt(r, c int) (text string, origin pos, ok bool)
	// value is the raw text of the cell, as in the rows.
	value(r, c int) string
	// numRows and rowLen bound the cells that have a value or formula.
	numRows() int
	rowLen(r int) int
	// inRead is false for a cell of a large sheet past the part read.
	inRead(r, c int) bool
	// more reports rows past those read (a large sheet read in part).
	more() bool
	// workbook is the workbook, for references to other sheets.
	workbook() formulaBook
}

type rect struct{ r1, c1, r2, c2 int }

type gcell struct {
	p    pos
	text string
	norm string // model.NormalizeLabel(text)
}

// xlBook is a workbook opened with excelize, as the formula evaluator
// and the cell types need it.
type xlBook struct {
	f      *excelize.File
	sheets map[string]*xlSheet
	is1904 bool
	eval   *evaluator
}

func newXLBook(f *excelize.File) *xlBook {
	b := &xlBook{f: f, sheets: map[string]*xlSheet{}}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		b.is1904 = *p.Date1904
	}
	return b
}

// sheet is a sheet of the workbook with its rows read (once).
func (b *xlBook) sheet(name string) (*xlSheet, error) {
	if s, ok := b.sheets[name]; ok {
		return s, nil
	}
	rows, err := b.f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	s := &xlSheet{b: b, name: name, rows: rows}
	b.sheets[name] = s
	return s, nil
}

func (b *xlBook) sheetCells(name string) (string, cellSource, error) {
	for _, sh := range b.f.GetSheetList() {
		if strings.EqualFold(sh, name) {
			s, err := b.sheet(sh)
			if err != nil {
				return sh, nil, err
			}
			return sh, s, nil
		}
	}
	return "", nil, nil
}

func (b *xlBook) date1904() bool { return b.is1904 }

func (b *xlBook) evaluator() *evaluator {
	if b.eval == nil {
		b.eval = newEvaluator()
	}
	return b.eval
}

// xlSheet is a sheet of a workbook opened with excelize.
type xlSheet struct {
	b    *xlBook
	name string
	rows [][]string // as GetRows gives them, whole
}

func (s *xlSheet) isNumber(r, c int) bool {
	ty, err := s.b.f.GetCellType(s.name, cellName(r, c))
	return err == nil && (ty == excelize.CellTypeNumber || ty == excelize.CellTypeUnset)
}

func (s *xlSheet) kind(r, c int) (cellKind, string) {
	ref := cellName(r, c)
	ty, err := s.b.f.GetCellType(s.name, ref)
	if err != nil {
		return kindNumber, ""
	}
	switch ty {
	case excelize.CellTypeBool:
		return kindBool, ""
	case excelize.CellTypeDate:
		return kindDate, ""
	case excelize.CellTypeError:
		return kindError, ""
	case excelize.CellTypeFormula:
		if s.value(r, c) == "" && s.formula(r, c) != "" {
			return kindFormulaText, ""
		}
		return kindText, ""
	case excelize.CellTypeNumber, excelize.CellTypeUnset:
	default:
		return kindText, ""
	}
	xf, err := s.b.f.GetCellStyle(s.name, ref)
	if err != nil || xf == 0 {
		return kindNumber, ""
	}
	st, err := s.b.f.GetStyle(xf)
	if err != nil || st == nil {
		return kindNumber, ""
	}
	var code string
	var ok bool
	if st.CustomNumFmt != nil {
		code, ok = dateFormat(-1, *st.CustomNumFmt, true)
	} else {
		code, ok = builtinDateFmt(st.NumFmt)
	}
	if ok {
		return kindDateNum, code
	}
	return kindNumber, ""
}

func (s *xlSheet) formula(r, c int) string {
	f, err := s.b.f.GetCellFormula(s.name, cellName(r, c))
	if err != nil {
		return ""
	}
	return f
}

func (s *xlSheet) formulaAt(r, c int) (string, pos, bool) {
	f := s.formula(r, c)
	return f, pos{r, c}, f != ""
}

func (s *xlSheet) value(r, c int) string {
	if r < 0 || r >= len(s.rows) || c < 0 || c >= len(s.rows[r]) {
		return ""
	}
	return s.rows[r][c]
}

func (s *xlSheet) numRows() int          { return len(s.rows) }
func (s *xlSheet) rowLen(r int) int      { return len(s.rows[r]) }
func (s *xlSheet) inRead(r, c int) bool  { return true }
func (s *xlSheet) more() bool            { return false }
func (s *xlSheet) workbook() formulaBook { return s.b }

// readGrid reads a sheet with excelize.
func readGrid(b *xlBook, name string) (*grid, error) {
	s, err := b.sheet(name)
	if err != nil {
		return nil, err
	}
	mcs, err := b.f.GetMergeCells(name, true)
	if err != nil {
		return nil, err
	}
	var merges []rect
	for _, mc := range mcs {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		merges = append(merges, rect{r1 - 1, c1 - 1, r2 - 1, c2 - 1})
	}
	return newGrid(s, name, s.rows, merges), nil
}

// newGrid indexes a sheet's rows and merged ranges (0-based) for import,
// within the scanning limits. The per-row index slices share one backing
// array each, and the merge cover is a flat table: a roll-up builds
// thousands of grids.
func newGrid(src cellSource, name string, rows [][]string, merges []rect) *grid {
	if len(rows) > maxScanRows {
		rows = rows[:maxScanRows]
	}
	total, copied := 0, false
	for r, row := range rows {
		if len(row) > maxScanCols {
			if !copied { // the source keeps its rows whole, for formulas
				rows, copied = slices.Clone(rows), true
			}
			rows[r] = row[:maxScanCols]
		}
		total += len(rows[r])
	}
	g := &grid{src: src, name: name, rows: rows, norms: make([][]string, len(rows)),
		tails: make([][]tailCode, len(rows)), stails: make([][]tailCode, len(rows))}
	norms, tls, stls := make([]string, total), make([]tailCode, total), make([]tailCode, total)
	g.cells = make([]gcell, 0, total)
	for r, row := range rows {
		n := len(row)
		g.norms[r], g.tails[r], g.stails[r] = norms[:n:n], tls[:n:n], stls[:n:n]
		norms, tls, stls = norms[n:], tls[n:], stls[n:]
		for c, text := range row {
			if strings.TrimSpace(text) == "" {
				continue
			}
			norm := model.NormalizeLabel(text)
			tk := tailKey(norm)
			g.norms[r][c], g.tails[r][c], g.stails[r][c] = norm, tk, tailKey(stripUnitNote(norm))
			g.cells = append(g.cells, gcell{p: pos{r, c}, text: text, norm: norm})
		}
	}
	g.tail = make([]tailEntry, len(g.cells))
	for i, c := range g.cells {
		g.tail[i] = tailEntry{g.tails[c.p.r][c.p.c], int32(i)}
	}
	slices.SortFunc(g.tail, func(a, b tailEntry) int {
		if a.k != b.k {
			return cmp.Compare(a.k, b.k)
		}
		return int(a.cell - b.cell)
	})
	for _, mc := range merges {
		if mc.r1 >= maxScanRows || mc.c1 >= maxScanCols {
			continue
		}
		m := rect{mc.r1, mc.c1, min(mc.r2, maxScanRows-1), min(mc.c2, maxScanCols-1)}
		if m.r2 < m.r1 || m.c2 < m.c1 {
			continue
		}
		g.merges = append(g.merges, m)
		g.coverRows, g.coverCols = max(g.coverRows, m.r2+1), max(g.coverCols, m.c2+1)
	}
	if len(g.merges) > 0 {
		g.cover = make([]int32, g.coverRows*g.coverCols)
		for i, m := range g.merges {
			for r := m.r1; r <= m.r2; r++ {
				for c := m.c1; c <= m.c2; c++ {
					if k := r*g.coverCols + c; g.cover[k] == 0 { // the first merge listed wins
						g.cover[k] = int32(i + 1)
					}
				}
			}
		}
	}
	return g
}

type tailEntry struct {
	k    tailCode
	cell int32 // index in cells
}

// withTail lists the cells whose text ends as k, in reading order.
func (g *grid) withTail(k tailCode) []tailEntry {
	i, _ := slices.BinarySearchFunc(g.tail, k, func(e tailEntry, k tailCode) int { return cmp.Compare(e.k, k) })
	j := i
	for j < len(g.tail) && g.tail[j].k == k {
		j++
	}
	return g.tail[i:j]
}

// coverOf is the merged range covering (r, c), if any.
func (g *grid) coverOf(r, c int) (int, bool) {
	if r < 0 || r >= g.coverRows || c < 0 || c >= g.coverCols {
		return 0, false
	}
	m := g.cover[r*g.coverCols+c]
	return int(m) - 1, m != 0
}

// tailKey is the last two runes of a normalized label. Two labels can only
// match (model.Row.Matches: equal, or equal once the enumerator 一、（一）1.
// is stripped) if they end alike, so candidates are looked up by it. It is
// a number, as the locator compares it for every cell near every table: the
// count of runes and each rune (a byte that is not UTF-8 as 0x110000+byte),
// so different endings never share a code.
type tailCode uint64

func tailKey(norm string) tailCode {
	var k tailCode
	i := len(norm)
	for n := 0; n < 2 && i > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(norm[:i])
		if r == utf8.RuneError && size == 1 {
			r = 0x110000 + rune(norm[i-1])
		}
		i -= size
		k |= tailCode(r)<<(21*n) | 1<<(42+n)
	}
	return k
}

// norm is the normalized text of a cell ("" outside the sheet).
func (g *grid) norm(r, c int) string {
	if r < 0 || r >= len(g.norms) || c < 0 || c >= len(g.norms[r]) {
		return ""
	}
	return g.norms[r][c]
}

// normOf is model.NormalizeLabel of a template's text (labels, titles),
// remembered: the importer asks for the same few hundred strings for
// every file, from several goroutines in a roll-up.
func normOf(s string) string {
	if v, ok := normCache.Load(s); ok {
		return v.(string)
	}
	n := model.NormalizeLabel(s)
	normCache.Store(s, n)
	return n
}

var normCache sync.Map

// tails is the set of label endings a row or column can match (see
// tailKey); a cell whose ending is not in it cannot name it.
func tails(labels ...string) tailSet {
	var out tailSet
	for _, l := range labels {
		n := normOf(l)
		for _, k := range []tailCode{tailKey(n), tailKey(stripUnitNote(n))} {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// tailSet is a few label endings: a list is quicker to search than a map.
type tailSet []tailCode

func (ts tailSet) has(k tailCode) bool { return slices.Contains(ts, k) }

// text is the raw text of a cell ("" outside the sheet).
func (g *grid) text(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return g.rows[r][c]
}

// shown is what a cell shows: a merged range shows its top-left cell.
func (g *grid) shown(r, c int) string {
	if m, ok := g.coverOf(r, c); ok {
		return g.text(g.merges[m].r1, g.merges[m].c1)
	}
	return g.text(r, c)
}

// normShown is model.NormalizeLabel(g.shown(r, c)), from the index.
func (g *grid) normShown(r, c int) string {
	if m, ok := g.coverOf(r, c); ok {
		return g.norm(g.merges[m].r1, g.merges[m].c1)
	}
	return g.norm(r, c)
}

// mergeOf returns the merged range starting at (r, c), or the cell itself.
func (g *grid) mergeOf(r, c int) rect {
	if m, ok := g.coverOf(r, c); ok {
		return g.merges[m]
	}
	return rect{r, c, r, c}
}

// stripUnitNote drops a trailing parenthesised note that mentions a unit,
// so "本年收费金额（单位：元）" can match the column 本年收费金额.
func stripUnitNote(norm string) string {
	if !strings.HasSuffix(norm, ")") {
		return norm
	}
	i := strings.LastIndex(norm, "(")
	if i <= 0 {
		return norm
	}
	inner := norm[i:]
	if strings.Contains(inner, "单位") || strings.Contains(inner, "元") || strings.Contains(inner, "件") {
		return norm[:i]
	}
	return norm
}

// place names cells for the clerk: 工作表“年报”A1 in a workbook; in a
// document, whose rows and columns the clerk never sees, only the
// document (Word文档, 网页).
func (g *grid) place(cells string) string {
	if g.doc {
		return g.name
	}
	return "工作表“" + g.name + "”" + cells
}
