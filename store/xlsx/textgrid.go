package xlsx

import (
	"fmt"

	"nianbao/model"
)

// ImportGrids reads a report from documents that are not workbooks, given
// as text grids (a Word document, a web page: see model.TextGrid), with
// the same label-based locator, checks and messages as a workbook. Cells
// hold text only: no formulas, no types; a number is what the text says.
// opts.Name names the file in messages.
func ImportGrids(grids []model.TextGrid, opts ImportOptions) (rep *model.Report, info *ImportInfo, err error) {
	defer func() {
		if p := recover(); p != nil {
			rep, info = nil, nil
			err = panicError(opts.Name, "无法读取"+displayName(opts.Name)+"：文件格式异常", model.CodeCorrupt, p)
		}
	}()
	return importWorkbook(newTextBook(grids), opts)
}

// textBook is a workbook of text grids: every sheet visible, every cell
// text.
type textBook struct {
	sheets []*textSheet
}

func newTextBook(grids []model.TextGrid) *textBook {
	b := &textBook{}
	seen := map[string]int{}
	for _, g := range grids {
		name := g.Name
		if seen[name]++; seen[name] > 1 {
			name = fmt.Sprintf("%s（%d）", name, seen[name])
		}
		s := &textSheet{b: b, name: name, rows: g.Rows}
		for _, m := range g.Merges {
			if m.Row1 < 0 || m.Col1 < 0 || m.Row2 < m.Row1 || m.Col2 < m.Col1 {
				continue
			}
			s.merges = append(s.merges, rect{m.Row1, m.Col1, m.Row2, m.Col2})
		}
		b.sheets = append(b.sheets, s)
	}
	return b
}

func (b *textBook) sheetList() []bookSheet {
	out := make([]bookSheet, len(b.sheets))
	for i, s := range b.sheets {
		out[i] = bookSheet{s.name, true}
	}
	return out
}

func (b *textBook) find(name string) *textSheet {
	for _, s := range b.sheets {
		if s.name == name {
			return s
		}
	}
	return nil
}

func (b *textBook) rows(name string) ([][]string, error) {
	if s := b.find(name); s != nil {
		return s.rows, nil
	}
	return nil, nil
}

func (b *textBook) grid(name string) (*grid, error) {
	s := b.find(name)
	if s == nil {
		return newGrid(&textSheet{b: b, name: name}, name, nil, nil), nil
	}
	g := newGrid(s, name, s.rows, s.merges)
	g.doc = true
	return g, nil
}

// The formula book of a text book: no formula ever refers to it.
func (b *textBook) sheetCells(name string) (string, cellSource, error) {
	if s := b.find(name); s != nil {
		return s.name, s, nil
	}
	return "", nil, nil
}
func (b *textBook) date1904() bool        { return false }
func (b *textBook) evaluator() *evaluator { return newEvaluator() }

// textSheet is one text grid as a cell source.
type textSheet struct {
	b      *textBook
	name   string
	rows   [][]string
	merges []rect
}

func (s *textSheet) isNumber(r, c int) bool           { return false }
func (s *textSheet) kind(r, c int) (cellKind, string) { return kindText, "" }
func (s *textSheet) formula(r, c int) string          { return "" }
func (s *textSheet) formulaAt(r, c int) (string, pos, bool) {
	return "", pos{}, false
}
func (s *textSheet) value(r, c int) string {
	if r < len(s.rows) && c < len(s.rows[r]) {
		return s.rows[r][c]
	}
	return ""
}
func (s *textSheet) numRows() int          { return len(s.rows) }
func (s *textSheet) rowLen(r int) int      { return len(s.rows[r]) }
func (s *textSheet) inRead(r, c int) bool  { return true }
func (s *textSheet) more() bool            { return false }
func (s *textSheet) workbook() formulaBook { return s.b }
