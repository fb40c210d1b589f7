// Package xlsxtest builds workbooks the way other offices make them by
// hand in Excel or WPS — the official tables anywhere on any sheet, titles
// above them, values as numbers or text — for the tests of the packages
// that read them (the importer, the command line, the corpus of real-file
// cases). Every cell a value went to is remembered, so a test can then
// put something else there: a boolean, a date, an error, a formula.
package xlsxtest

import (
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
	"nianbao/model"
)

// Book is a workbook being built.
type Book struct {
	t testing.TB
	F *excelize.File
	// At records where each value of a table was written: "Sheet!B7".
	At map[model.CellID]Place
}

// Place is a cell of a sheet, 0-based.
type Place struct {
	Sheet string
	R, C  int
}

// Name is the place in A1 form, without the sheet.
func (p Place) Name() string { return CellName(p.R, p.C) }

// New starts a workbook with the given sheets, in order.
func New(t testing.TB, sheets ...string) *Book {
	f := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
	}
	return &Book{t: t, F: f, At: map[model.CellID]Place{}}
}

// CellName is the A1 name of 0-based (r, c).
func CellName(r, c int) string {
	n, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return n
}

// Set writes v at (r, c): strings as text, numbers as numbers, a bool as
// a boolean cell.
func (b *Book) Set(sheet string, r, c int, v any) {
	if err := b.F.SetCellValue(sheet, CellName(r, c), v); err != nil {
		b.t.Fatal(err)
	}
}

// Merge merges (r1, c1)…(r2, c2).
func (b *Book) Merge(sheet string, r1, c1, r2, c2 int) {
	if err := b.F.MergeCell(sheet, CellName(r1, c1), CellName(r2, c2)); err != nil {
		b.t.Fatal(err)
	}
}

// SaveAs writes the workbook to path.
func (b *Book) SaveAs(path string) {
	if err := b.F.SaveAs(path); err != nil {
		b.t.Fatal(err)
	}
}

// value is a report cell's value as an office types it: a number as a
// number, a computed total as its sum.
func value(r *model.Report, res *model.Result, c *model.Cell) any {
	text := r.Text(c.ID)
	if c.Derived && text == "" {
		text = res.Display(c.ID)
	}
	if n, err := strconv.Atoi(text); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return f
	}
	return text
}

// Report draws 表二, 表三 and 表四 of rep one under the other from
// (r0, c0) and returns the next free row.
func (b *Book) Report(sheet string, r0, c0 int, rep *model.Report) int {
	y := b.Table2(sheet, r0, c0, rep)
	y = b.Table3(sheet, y+1, c0, rep)
	return b.Table4(sheet, y+1, c0, rep)
}

// Table2 draws 表二 at (r0, c0) and returns the next free row.
func (b *Book) Table2(sheet string, r0, c0 int, rep *model.Report) int {
	tpl, res := rep.Template(), rep.Evaluate(nil)
	tb := tpl.Table("t2")
	y := r0
	for _, blk := range tb.Blocks {
		b.Set(sheet, y, c0, blk.Caption)
		y++
		b.Set(sheet, y, c0, blk.Corner)
		for i, col := range blk.Columns {
			b.Set(sheet, y, c0+1+i, col.Label)
		}
		y++
		for _, row := range blk.Rows {
			b.Set(sheet, y, c0, row.Label)
			for i, col := range blk.Columns {
				c := tpl.CellAt(tb, row, col)
				b.put(sheet, y, c0+1+i, c, value(rep, res, c))
			}
			y++
		}
	}
	return y
}

// Table3 draws 表三 at (r0, c0): three head rows, three label columns,
// the groups merged as printed. It returns the next free row.
func (b *Book) Table3(sheet string, r0, c0 int, rep *model.Report) int {
	tpl, res := rep.Template(), rep.Evaluate(nil)
	tb := tpl.Table("t3")
	blk := tb.Blocks[0]
	b.Set(sheet, r0, c0, blk.Corner)
	b.Merge(sheet, r0, c0, r0+2, c0+2)
	x0 := c0 + 3
	b.Set(sheet, r0, x0, "申请人情况")
	b.Set(sheet, r0+1, x0, "自然人")
	b.Set(sheet, r0+1, x0+1, "法人或其他组织")
	for i, col := range blk.Columns[1:] {
		if col.Key == "total" {
			b.Set(sheet, r0+1, x0+1+i, col.Label)
			continue
		}
		b.Set(sheet, r0+2, x0+1+i, col.Label)
	}
	b.Merge(sheet, r0, x0, r0, x0+len(blk.Columns)-1)
	b.Merge(sheet, r0+1, x0+1, r0+1, x0+5)
	y := r0 + 3
	for j, row := range blk.Rows {
		for k, g := range row.Groups {
			if j == 0 || !samePrefix(blk.Rows[j-1].Groups, row.Groups, k+1) {
				b.Set(sheet, y+j, c0+k, g)
			}
		}
		b.Set(sheet, y+j, c0+len(row.Groups), row.Label)
		for i, col := range blk.Columns {
			c := tpl.CellAt(tb, row, col)
			b.put(sheet, y+j, x0+i, c, value(rep, res, c))
		}
	}
	return y + len(blk.Rows)
}

// Table4 draws 表四 at (r0, c0): three head rows and one row of values.
func (b *Book) Table4(sheet string, r0, c0 int, rep *model.Report) int {
	tpl, res := rep.Template(), rep.Evaluate(nil)
	tb := tpl.Table("t4")
	blk := tb.Blocks[0]
	b.Set(sheet, r0, c0, "行政复议")
	b.Set(sheet, r0, c0+5, "行政诉讼")
	b.Set(sheet, r0+1, c0+5, "未经复议直接起诉")
	b.Set(sheet, r0+1, c0+10, "复议后起诉")
	b.Merge(sheet, r0, c0, r0, c0+4)
	b.Merge(sheet, r0, c0+5, r0, c0+14)
	b.Merge(sheet, r0+1, c0+5, r0+1, c0+9)
	b.Merge(sheet, r0+1, c0+10, r0+1, c0+14)
	for i, col := range blk.Columns {
		hr := r0 + 2
		if i < 5 {
			hr = r0 + 1
			b.Merge(sheet, hr, c0+i, hr+1, c0+i)
		}
		b.Set(sheet, hr, c0+i, col.Label)
		c := tpl.CellAt(tb, blk.Rows[0], col)
		b.put(sheet, r0+3, c0+i, c, value(rep, res, c))
	}
	return r0 + 4
}

func (b *Book) put(sheet string, r, c int, cell *model.Cell, v any) {
	b.Set(sheet, r, c, v)
	if _, seen := b.At[cell.ID]; !seen {
		b.At[cell.ID] = Place{sheet, r, c}
	}
}

func samePrefix(a, b []string, n int) bool {
	if len(a) < n || len(b) < n {
		return false
	}
	for i := range n {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
