package xlsx

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// A workbook's cells given as plain text grids, as a Word document or a web
// page gives its tables, read to the same report as the workbook by its
// labels: the one locator serves every kind of file.
func TestImportGridsAsWorkbook(t *testing.T) {
	for name, r := range roundTripCases(t) {
		t.Run(name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(exportBytes(t, r, testOpts)))
			if err != nil {
				t.Fatal(err)
			}
			var grids []model.TextGrid
			for _, sh := range f.GetSheetList() {
				if visible, _ := f.GetSheetVisible(sh); !visible || sh == sheetMarker {
					continue
				}
				rows, err := f.GetRows(sh)
				must(t, err)
				g := model.TextGrid{Name: sh, Rows: rows}
				mcs, err := f.GetMergeCells(sh)
				must(t, err)
				for _, mc := range mcs {
					c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
					c2, r2, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
					g.Merges = append(g.Merges, model.CellRange{Row1: r1 - 1, Col1: c1 - 1, Row2: r2 - 1, Col2: c2 - 1})
				}
				grids = append(grids, g)
			}
			back, info, err := ImportGrids(grids, ImportOptions{Name: "年报.docx"})
			if err != nil {
				t.Fatal(err)
			}
			if info.Own || info.Template != r.Template() {
				t.Errorf("info: own=%v template=%s (%s)", info.Own, info.Template.ID, info.Detected)
			}
			want := r.Clone()
			for _, c := range r.Template().Cells() {
				if c.Derived && !r.Stated(c.ID) {
					must(t, want.SetStated(c.ID, r.Evaluate(nil).Display(c.ID)))
				}
			}
			if !back.Equal(want) {
				t.Errorf("text grids read differently:\n%s", diffReports(want, back))
			}
		})
	}
}

// Nothing to read is refused like an empty workbook, never a panic.
func TestImportGridsEmpty(t *testing.T) {
	for _, grids := range [][]model.TextGrid{nil, {{Name: "网页"}}, {{Name: "x", Rows: [][]string{{"", "表三"}}, Merges: []model.CellRange{{Row1: -1, Col2: 5, Row2: 5}, {Row1: 3, Col1: 3, Row2: 1, Col2: 1}, {Row2: 1 << 30, Col2: 1 << 30}}}}} {
		_, _, err := ImportGrids(grids, ImportOptions{Name: "空.html"})
		if model.ErrorCodeOf(err) != model.CodeNotReport {
			t.Errorf("%v: %v", grids, err)
		}
	}
}
