package xlsx

import (
	"testing"

	"nianbao/model"
	"nianbao/store/xlsx/xlsxtest"
)

// Hand-made workbooks, built the way other offices build them in Excel or
// WPS: tables anywhere, merged or not, labels wrapped or in variant
// wording, zeros written as "-", units in cells.

type book struct{ *xlsxtest.Book }

// layout says how a hand-made table is drawn (xlsxtest.Layout).
type layout = xlsxtest.Layout

func newBook(t testing.TB, sheets ...string) *book { return &book{xlsxtest.New(t, sheets...)} }

// set writes v at 0-based (r, c): strings as text, ints and floats as
// numbers.
func (b *book) set(sheet string, r, c int, v any) { b.Set(sheet, r, c, v) }

func (b *book) merge(sheet string, r1, c1, r2, c2 int) { b.Merge(sheet, r1, c1, r2, c2) }

func (b *book) bytes() []byte { return b.Bytes() }

func (b *book) table2(sheet string, r0, c0 int, rep *model.Report, l layout) int {
	return b.Table2(sheet, r0, c0, rep, l)
}

func (b *book) table3(sheet string, r0, c0 int, rep *model.Report, l layout) int {
	return b.Table3(sheet, r0, c0, rep, l)
}

func (b *book) table4(sheet string, r0, c0 int, rep *model.Report, l layout) int {
	return b.Table4(sheet, r0, c0, rep, l)
}
