// Package xlsxtest builds workbooks the way other offices make them by
// hand in Excel or WPS — the official tables anywhere on any sheet, titles
// above them, values as numbers or text — for the tests of the packages
// that read them (the importer, the command line, the corpus of real-file
// cases). Every cell a value went to is remembered, so a test can then
// put something else there: a boolean, a date, an error, a formula.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
	"nianbao/model"
)

// Book is a workbook being built.
type Book struct {
	T testing.TB
	F *excelize.File
	// At records where each value of a table was first written.
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
	return &Book{T: t, F: f, At: map[model.CellID]Place{}}
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
		b.T.Fatal(err)
	}
}

// Merge merges (r1, c1)…(r2, c2).
func (b *Book) Merge(sheet string, r1, c1, r2, c2 int) {
	if err := b.F.MergeCell(sheet, CellName(r1, c1), CellName(r2, c2)); err != nil {
		b.T.Fatal(err)
	}
}

// Bytes is the workbook as saved.
func (b *Book) Bytes() []byte {
	var buf bytes.Buffer
	if err := b.F.Write(&buf); err != nil {
		b.T.Fatal(err)
	}
	return buf.Bytes()
}

// SaveAs writes the workbook to path.
func (b *Book) SaveAs(path string) {
	if err := b.F.SaveAs(path); err != nil {
		b.T.Fatal(err)
	}
}

// Layout says how a hand-made table is drawn. The zero value draws no
// merged cells and writes every value as text.
type Layout struct {
	Merge bool                // merge group cells as the official tables do
	Label func(string) string // the printed form of a label or head
	Value func(id model.CellID, text string) any
	// NoTotal leaves the 总计 column out entirely.
	NoTotal bool
	// SplitHeads prints 表三's applicant heads over two rows, one half
	// above the other (商业 / 企业), as flattened PDFs do.
	SplitHeads bool
}

// Numbers writes values as numbers where they are numbers.
var Numbers = Layout{Value: func(_ model.CellID, text string) any { return AsNumber(text) }}

// AsNumber is text as a number if it is one, else the text.
func AsNumber(text string) any {
	if n, err := strconv.Atoi(text); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return f
	}
	return text
}

func (l Layout) print(s string) string {
	if l.Label != nil {
		return l.Label(s)
	}
	return s
}

func (l Layout) val(r *model.Report, res *model.Result, c *model.Cell) any {
	text := r.Text(c.ID)
	if c.Derived && text == "" {
		text = res.Display(c.ID)
	}
	if l.Value != nil {
		return l.Value(c.ID, text)
	}
	return text
}

// Report draws 表二, 表三 and 表四 of rep one under the other from
// (r0, c0), values as numbers, and returns the next free row.
func (b *Book) Report(sheet string, r0, c0 int, rep *model.Report) int {
	y := b.Table2(sheet, r0, c0, rep, Numbers)
	y = b.Table3(sheet, y+1, c0, rep, Numbers)
	return b.Table4(sheet, y+1, c0, rep, Numbers)
}

// Table2 draws 表二 at (r0, c0) and returns the next free row.
func (b *Book) Table2(sheet string, r0, c0 int, rep *model.Report, l Layout) int {
	tpl, res := rep.Template(), rep.Evaluate(nil)
	tb := tpl.Table("t2")
	y := r0
	for _, blk := range tb.Blocks {
		b.Set(sheet, y, c0, l.print(blk.Caption))
		if l.Merge {
			b.Merge(sheet, y, c0, y, c0+3)
		}
		y++
		b.Set(sheet, y, c0, l.print(blk.Corner))
		for i, col := range blk.Columns {
			b.Set(sheet, y, c0+1+i, l.print(col.Label))
		}
		y++
		for _, row := range blk.Rows {
			b.Set(sheet, y, c0, l.print(row.Label))
			for i, col := range blk.Columns {
				c := tpl.CellAt(tb, row, col)
				b.put(sheet, y, c0+1+i, c, l.val(rep, res, c))
			}
			y++
		}
	}
	return y
}

// Table3 draws 表三 at (r0, c0): three header rows, three label columns.
func (b *Book) Table3(sheet string, r0, c0 int, rep *model.Report, l Layout) int {
	tpl, res := rep.Template(), rep.Evaluate(nil)
	tb := tpl.Table("t3")
	blk := tb.Blocks[0]
	b.Set(sheet, r0, c0, l.print(blk.Corner))
	if l.Merge {
		b.Merge(sheet, r0, c0, r0+2, c0+2)
	}
	cols := blk.Columns
	if l.NoTotal {
		cols = cols[:len(cols)-1]
	}
	x0 := c0 + 3
	b.Set(sheet, r0, x0, l.print("申请人情况"))
	b.Set(sheet, r0+1, x0, l.print("自然人"))
	b.Set(sheet, r0+1, x0+1, l.print("法人或其他组织"))
	for i, col := range cols[1:] {
		if col.Key == "total" {
			b.Set(sheet, r0+1, x0+1+i, l.print(col.Label))
			continue
		}
		if l.SplitHeads {
			label := []rune(col.Label)
			b.Set(sheet, r0+2, x0+1+i, string(label[:len(label)/2]))
			b.Set(sheet, r0+3, x0+1+i, string(label[len(label)/2:]))
			continue
		}
		b.Set(sheet, r0+2, x0+1+i, l.print(col.Label))
	}
	if l.Merge {
		b.Merge(sheet, r0, x0, r0, x0+len(cols)-1)
		b.Merge(sheet, r0+1, x0+1, r0+1, x0+5)
	}
	y := r0 + 3
	if l.SplitHeads {
		y++
	}
	// The row labels as the official layout places them: groups merged
	// down the rows they cover, a label across the label columns left.
	lay := tb.Layout()
	body := lay.Blocks[0].Body
	for _, sl := range lay.Slots {
		if sl.Row < body || sl.Role != model.RoleGroup && sl.Role != model.RoleLabel {
			continue
		}
		r, c := y+sl.Row-body, c0+sl.Col
		b.Set(sheet, r, c, l.print(sl.Text))
		if l.Merge && (sl.RowSpan > 1 || sl.ColSpan > 1) {
			b.Merge(sheet, r, c, r+sl.RowSpan-1, c+sl.ColSpan-1)
		}
	}
	rows := blk.Rows
	for j, row := range rows {
		for i, col := range cols {
			c := tpl.CellAt(tb, row, col)
			b.put(sheet, y+j, x0+i, c, l.val(rep, res, c))
		}
	}
	return y + len(rows)
}

// Table4 draws 表四 at (r0, c0): three header rows and one row of values.
func (b *Book) Table4(sheet string, r0, c0 int, rep *model.Report, l Layout) int {
	tpl, res := rep.Template(), rep.Evaluate(nil)
	tb := tpl.Table("t4")
	blk := tb.Blocks[0]
	b.Set(sheet, r0, c0, l.print("行政复议"))
	b.Set(sheet, r0, c0+5, l.print("行政诉讼"))
	b.Set(sheet, r0+1, c0+5, l.print("未经复议直接起诉"))
	b.Set(sheet, r0+1, c0+10, l.print("复议后起诉"))
	if l.Merge {
		b.Merge(sheet, r0, c0, r0, c0+4)
		b.Merge(sheet, r0, c0+5, r0, c0+14)
		b.Merge(sheet, r0+1, c0+5, r0+1, c0+9)
		b.Merge(sheet, r0+1, c0+10, r0+1, c0+14)
	}
	for i, col := range blk.Columns {
		hr := r0 + 2
		if i < 5 {
			hr = r0 + 1
			if l.Merge {
				b.Merge(sheet, hr, c0+i, hr+1, c0+i)
			}
		}
		b.Set(sheet, hr, c0+i, l.print(col.Label))
		c := tpl.CellAt(tb, blk.Rows[0], col)
		b.put(sheet, r0+3, c0+i, c, l.val(rep, res, c))
	}
	return r0 + 4
}

func (b *Book) put(sheet string, r, c int, cell *model.Cell, v any) {
	b.Set(sheet, r, c, v)
	if _, seen := b.At[cell.ID]; !seen {
		b.At[cell.ID] = Place{sheet, r, c}
	}
}

// ReplaceCell rewrites, in the saved workbook at path, the <c> element of
// cell ref in the sheet part (e.g. "xl/worksheets/sheet1.xml") with xml:
// for what excelize cannot write, such as an error value (t="e") or a
// formula with its cached result.
func ReplaceCell(t testing.TB, path, part, ref, xml string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			found = re.Match(data)
			data = re.ReplaceAll(data, []byte(xml))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Fatalf("no cell %s in %s of %s", ref, part, path)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
