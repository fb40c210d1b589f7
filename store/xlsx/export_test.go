package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

func TestExportGolden(t *testing.T) {
	golden(t, "seed-quzhou-2022.dump", dump(t, exportBytes(t, seed(t), testOpts)))
}

// A reader that does not recalculate (plain GetCellValue) sees every total,
// and each total is also a SUM formula.
func TestExportTotalsReadWithoutRecalculation(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *model.Report
	}{
		{"seed", seed(t)},
		{"seed without stated totals", func() *model.Report { r := seed(t); r.ClearStated(); return r }()},
		{"2019", sample2019(t)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := exportBytes(t, tc.r, testOpts)
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			res := tc.r.Evaluate(nil)
			at := cellPositions(t, data)
			n := 0
			for _, c := range tc.r.Template().Cells() {
				if !c.Derived {
					continue
				}
				p, ok := at[c.ID]
				if !ok {
					t.Fatalf("%s not found in the export", c.ID)
				}
				got, err := f.GetCellValue(p.sheet, p.ref)
				if err != nil {
					t.Fatal(err)
				}
				if want := res.Display(c.ID); got != want {
					t.Errorf("%s at %s!%s = %q, want %q", c.ID, p.sheet, p.ref, got, want)
				}
				if fm, _ := f.GetCellFormula(p.sheet, p.ref); !strings.HasPrefix(fm, "SUM(") {
					t.Errorf("%s at %s!%s has formula %q", c.ID, p.sheet, p.ref, fm)
				}
				if ty, _ := f.GetCellType(p.sheet, p.ref); ty != excelize.CellTypeUnset && ty != excelize.CellTypeNumber {
					t.Errorf("%s cached as type %v, want a number", c.ID, ty)
				}
				n++
			}
			if n == 0 {
				t.Fatal("no totals checked")
			}
		})
	}
	// Fixed addresses of the official layout, independent of the locator.
	data := exportBytes(t, seed(t), testOpts)
	f, _ := excelize.OpenReader(bytes.NewReader(data))
	defer f.Close()
	for _, tc := range []struct{ sheet, ref, want string }{
		{"表三", "J6", "835"}, {"表三", "J29", "849"}, {"表三", "D29", "834"}, {"表三", "J30", "9"},
		{"表四", "E6", "187"}, {"表四", "J6", "28"}, {"表四", "O6", "11"},
	} {
		if got, _ := f.GetCellValue(tc.sheet, tc.ref); got != tc.want {
			t.Errorf("%s!%s = %q, want %q", tc.sheet, tc.ref, got, tc.want)
		}
	}
	if calc, _ := f.GetCalcProps(); calc.FullCalcOnLoad == nil || !*calc.FullCalcOnLoad {
		t.Error("fullCalcOnLoad not set")
	}
}

type sheetRef struct{ sheet, ref string }

// cellPositions finds where each cell of a report is in an exported
// workbook, with the importer's locator.
func cellPositions(t testing.TB, data []byte) map[model.CellID]sheetRef {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var grids []*grid
	b := newXLBook(f)
	for _, sh := range f.GetSheetList() {
		g, err := readGrid(b, sh)
		if err != nil {
			t.Fatal(err)
		}
		grids = append(grids, g)
	}
	loc := chooseTemplate(grids, nil, metaFields{}, &ImportInfo{})
	if loc == nil {
		t.Fatal("no template found")
	}
	cells := map[cellKey]*model.Cell{}
	for _, c := range loc.tpl.Cells() {
		cells[cellKey{c.Row, c.Col}] = c
	}
	out := map[model.CellID]sheetRef{}
	for _, fb := range loc.blocks {
		if fb == nil {
			continue
		}
		for row, y := range fb.rowAt {
			for col, cp := range fb.colAt {
				out[cells[cellKey{row, col}].ID] = sheetRef{fb.g.name, cellName(y, cp.x0)}
			}
		}
	}
	return out
}

// Inputs are unlocked and validated; labels and totals are locked; the
// table sheets are protected without a password.
func TestExportInputsAndProtection(t *testing.T) {
	r := sample2019(t)
	data := exportBytes(t, r, testOpts)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	at := cellPositions(t, data)
	validated := map[string]string{} // sheet!ref → type
	for _, sh := range []string{"表二", "表三", "表四"} {
		p, err := f.GetSheetProtection(sh)
		if err != nil || !p.SelectUnlockedCells {
			t.Errorf("%s not protected: %+v %v", sh, p, err)
		}
		dvs, _ := f.GetDataValidations(sh)
		for _, dv := range dvs {
			for _, rg := range strings.Fields(dv.Sqref) {
				cells, err := rangeCells(rg)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cells {
					validated[sh+"!"+c] = dv.Type + " " + dv.Operator + " " + dv.Formula1
				}
			}
		}
	}
	for _, c := range r.Template().Cells() {
		p := at[c.ID]
		id, _ := f.GetCellStyle(p.sheet, p.ref)
		st, _ := f.GetStyle(id)
		locked := st == nil || st.Protection == nil || st.Protection.Locked
		dv := validated[p.sheet+"!"+p.ref]
		if c.Derived {
			if !locked || dv != "" {
				t.Errorf("total %s: locked=%v validation=%q", c.ID, locked, dv)
			}
			continue
		}
		want := "whole greaterThanOrEqual 0"
		switch c.Kind.Type {
		case model.Signed:
			want = "whole between -2147483647"
		case model.Amount:
			want = "decimal greaterThanOrEqual 0"
		}
		if locked || dv != want {
			t.Errorf("input %s at %s: locked=%v validation=%q, want %q", c.ID, p.ref, locked, dv, want)
		}
	}
}

func rangeCells(rg string) ([]string, error) {
	from, to, ok := strings.Cut(rg, ":")
	if !ok {
		return []string{rg}, nil
	}
	c1, r1, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return nil, err
	}
	c2, r2, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return nil, err
	}
	var out []string
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			out = append(out, cellName(r-1, c-1))
		}
	}
	return out, nil
}

// A total an imported file stated wrongly is kept as stated, without a
// formula, and explained in a comment; the cover lists the finding.
func TestExportStatedTotalThatDisagrees(t *testing.T) {
	r := seed(t)
	if err := r.SetStated("t4.review_total", "0"); err != nil {
		t.Fatal(err)
	}
	data := exportBytes(t, r, testOpts)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("表四", "E6"); v != "0" {
		t.Errorf("E6 = %q, want the stated 0", v)
	}
	if fm, _ := f.GetCellFormula("表四", "E6"); fm != "" {
		t.Errorf("E6 has formula %q", fm)
	}
	cs, _ := f.GetComments("表四")
	if len(cs) != 1 || !strings.Contains(cs[0].Text, "各项之和为187") {
		t.Errorf("comments: %+v", cs)
	}
	rows, _ := f.GetRows(sheetCover)
	found := false
	for _, row := range rows {
		found = found || strings.Contains(strings.Join(row, "|"), "T4-R1")
	}
	if !found {
		t.Error("cover does not list the T4-R1 finding")
	}
}

func TestExportNil(t *testing.T) {
	var buf bytes.Buffer
	if err := Export(&buf, nil, testOpts); err == nil {
		t.Fatal("no error for a nil report")
	}
}
