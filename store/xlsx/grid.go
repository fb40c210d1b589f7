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

// cellSource is what a grid asks its workbook about single cells.
type cellSource interface {
	// isNumber reports whether the cell is stored as a number (or has no
	// type), as excelize's GetCellType says CellTypeNumber or CellTypeUnset.
	isNumber(r, c int) bool
	// formula is the cell's formula, "" if none.
	formula(r, c int) string
	// calc computes a formula whose result the file did not store.
	calc(r, c int) (string, error)
}

type rect struct{ r1, c1, r2, c2 int }

type gcell struct {
	p    pos
	text string
	norm string // model.NormalizeLabel(text)
}

// xlSheet is a sheet of a workbook opened with excelize.
type xlSheet struct {
	f    *excelize.File
	name string
}

func (s xlSheet) isNumber(r, c int) bool {
	ty, err := s.f.GetCellType(s.name, cellName(r, c))
	return err == nil && (ty == excelize.CellTypeNumber || ty == excelize.CellTypeUnset)
}

func (s xlSheet) formula(r, c int) string {
	f, err := s.f.GetCellFormula(s.name, cellName(r, c))
	if err != nil {
		return ""
	}
	return f
}

func (s xlSheet) calc(r, c int) (string, error) {
	return s.f.CalcCellValue(s.name, cellName(r, c), excelize.Options{RawCellValue: true})
}

// readGrid reads a sheet with excelize.
func readGrid(f *excelize.File, name string) (*grid, error) {
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	mcs, err := f.GetMergeCells(name, true)
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
	return newGrid(xlSheet{f, name}, name, rows, merges), nil
}

// newGrid indexes a sheet's rows and merged ranges (0-based) for import,
// within the scanning limits. The per-row index slices share one backing
// array each, and the merge cover is a flat table: a roll-up builds
// thousands of grids.
func newGrid(src cellSource, name string, rows [][]string, merges []rect) *grid {
	if len(rows) > maxScanRows {
		rows = rows[:maxScanRows]
	}
	total := 0
	for r, row := range rows {
		if len(row) > maxScanCols {
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
