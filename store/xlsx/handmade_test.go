package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
	"nianbao/model"
)

// Hand-made workbooks, built the way other offices build them in Excel or
// WPS: tables anywhere, merged or not, labels wrapped or in variant
// wording, zeros written as "-", units in cells.

type book struct {
	t testing.TB
	f *excelize.File
}

func newBook(t testing.TB, sheets ...string) *book {
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
	return &book{t, f}
}

// set writes v at 0-based (r, c): strings as text, ints and floats as
// numbers.
func (b *book) set(sheet string, r, c int, v any) {
	if err := b.f.SetCellValue(sheet, cellName(r, c), v); err != nil {
		b.t.Fatal(err)
	}
}

func (b *book) merge(sheet string, r1, c1, r2, c2 int) {
	if err := b.f.MergeCell(sheet, cellName(r1, c1), cellName(r2, c2)); err != nil {
		b.t.Fatal(err)
	}
}

func (b *book) bytes() []byte {
	var buf bytes.Buffer
	if err := b.f.Write(&buf); err != nil {
		b.t.Fatal(err)
	}
	return buf.Bytes()
}

// layout says how a hand-made table is drawn.
type layout struct {
	merge   bool                // merge group cells as the official tables do
	label   func(string) string // the printed form of a label or head
	value   func(id model.CellID, text string) any
	noTotal bool // leave the 总计 column out entirely
	// splitHeads prints 表三's applicant heads over two rows, one half
	// above the other (商业 / 企业), as flattened PDFs do.
	splitHeads bool
}

func (l layout) print(s string) string {
	if l.label != nil {
		return l.label(s)
	}
	return s
}

func (l layout) val(r *model.Report, c *model.Cell) any {
	text := r.Text(c.ID)
	if c.Derived && text == "" {
		text = r.Evaluate(nil).Display(c.ID)
	}
	if l.value != nil {
		return l.value(c.ID, text)
	}
	return text
}

// table2 draws 表二 of r's template at (r0, c0) and returns the next free row.
func (b *book) table2(sheet string, r0, c0 int, rep *model.Report, l layout) int {
	tb := rep.Template().Table("t2")
	y := r0
	for _, blk := range tb.Blocks {
		b.set(sheet, y, c0, l.print(blk.Caption))
		if l.merge {
			b.merge(sheet, y, c0, y, c0+3)
		}
		y++
		b.set(sheet, y, c0, l.print(blk.Corner))
		for i, col := range blk.Columns {
			b.set(sheet, y, c0+1+i, l.print(col.Label))
		}
		y++
		for _, row := range blk.Rows {
			b.set(sheet, y, c0, l.print(row.Label))
			for i, col := range blk.Columns {
				c, _ := rep.Template().Cell("t2." + row.Key + "." + col.Key)
				b.set(sheet, y, c0+1+i, l.val(rep, c))
			}
			y++
		}
	}
	return y
}

// table3 draws 表三 at (r0, c0): three header rows, three label columns.
func (b *book) table3(sheet string, r0, c0 int, rep *model.Report, l layout) int {
	tpl := rep.Template()
	blk := tpl.Table("t3").Blocks[0]
	b.set(sheet, r0, c0, l.print(blk.Corner))
	if l.merge {
		b.merge(sheet, r0, c0, r0+2, c0+2)
	}
	cols := blk.Columns
	if l.noTotal {
		cols = cols[:len(cols)-1]
	}
	x0 := c0 + 3
	b.set(sheet, r0, x0, l.print("申请人情况"))
	b.set(sheet, r0+1, x0, l.print("自然人"))
	b.set(sheet, r0+1, x0+1, l.print("法人或其他组织"))
	for i, col := range cols[1:] {
		if col.Key == "total" {
			b.set(sheet, r0+1, x0+1+i, l.print(col.Label))
			continue
		}
		if l.splitHeads {
			label := []rune(col.Label)
			b.set(sheet, r0+2, x0+1+i, string(label[:len(label)/2]))
			b.set(sheet, r0+3, x0+1+i, string(label[len(label)/2:]))
			continue
		}
		b.set(sheet, r0+2, x0+1+i, l.print(col.Label))
	}
	if l.merge {
		b.merge(sheet, r0, x0, r0, x0+len(cols)-1)
		b.merge(sheet, r0+1, x0+1, r0+1, x0+5)
	}
	y := r0 + 3
	if l.splitHeads {
		y++
	}
	rows := blk.Rows
	for j, row := range rows {
		for k, g := range row.Groups {
			if j == 0 || !samePrefix(rows[j-1].Groups, row.Groups, k+1) {
				b.set(sheet, y+j, c0+k, l.print(g))
				if l.merge {
					e := groupRun(rows, j, k+1)
					if e > j {
						b.merge(sheet, y+j, c0+k, y+e, c0+k)
					}
				}
			}
		}
		b.set(sheet, y+j, c0+len(row.Groups), l.print(row.Label))
		if l.merge && len(row.Groups) < 2 {
			b.merge(sheet, y+j, c0+len(row.Groups), y+j, c0+2)
		}
		for i, col := range cols {
			c, _ := tpl.Cell("t3." + row.Key + "." + col.Key)
			b.set(sheet, y+j, x0+i, l.val(rep, c))
		}
	}
	return y + len(rows)
}

// table4 draws 表四 at (r0, c0): three header rows and one row of values.
func (b *book) table4(sheet string, r0, c0 int, rep *model.Report, l layout) int {
	tpl := rep.Template()
	cols := tpl.Table("t4").Blocks[0].Columns
	b.set(sheet, r0, c0, l.print("行政复议"))
	b.set(sheet, r0, c0+5, l.print("行政诉讼"))
	b.set(sheet, r0+1, c0+5, l.print("未经复议直接起诉"))
	b.set(sheet, r0+1, c0+10, l.print("复议后起诉"))
	if l.merge {
		b.merge(sheet, r0, c0, r0, c0+4)
		b.merge(sheet, r0, c0+5, r0, c0+14)
		b.merge(sheet, r0+1, c0+5, r0+1, c0+9)
		b.merge(sheet, r0+1, c0+10, r0+1, c0+14)
	}
	for i, col := range cols {
		hr := r0 + 2
		if i < 5 {
			hr = r0 + 1
			if l.merge {
				b.merge(sheet, hr, c0+i, hr+1, c0+i)
			}
		}
		b.set(sheet, hr, c0+i, l.print(col.Label))
		c, _ := tpl.Cell("t4." + col.Key)
		b.set(sheet, r0+3, c0+i, l.val(rep, c))
	}
	return r0 + 4
}
