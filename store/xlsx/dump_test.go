package xlsx

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dump renders a workbook as text for golden files: per sheet its
// visibility, page setup, protection, column widths, merges, every filled
// cell (value, ƒ formula, "in" when unlocked), validations and comments. It
// reads with plain excelize, as another program would (GetCellValue, no
// recalculation), showing a merged range once.
func dump(t testing.TB, data []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	calc, _ := f.GetCalcProps()
	fmt.Fprintf(&b, "fullCalcOnLoad=%v\n", calc.FullCalcOnLoad != nil && *calc.FullCalcOnLoad)
	for _, sh := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sh)
		fmt.Fprintf(&b, "\n== %s visible=%v\n", sh, visible)
		pl, _ := f.GetPageLayout(sh)
		if pl.Size != nil {
			fmt.Fprintf(&b, "page: size=%d %s fit=%dx%d\n", *pl.Size, *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
		}
		if p, err := f.GetSheetProtection(sh); err == nil && p.SelectLockedCells {
			fmt.Fprintf(&b, "protected (no password)\n")
		}
		if panes, _ := f.GetPanes(sh); panes.Freeze {
			fmt.Fprintf(&b, "freeze: %s\n", panes.TopLeftCell)
		}
		rows, _ := f.GetRows(sh, excelize.Options{RawCellValue: true})
		maxCol := 0
		for _, r := range rows {
			maxCol = max(maxCol, len(r))
		}
		var widths []string
		for c := range maxCol {
			w, _ := f.GetColWidth(sh, colName(c))
			widths = append(widths, fmt.Sprintf("%s=%.4g", colName(c), w))
		}
		fmt.Fprintf(&b, "cols: %s\n", strings.Join(widths, " "))
		mcs, _ := f.GetMergeCells(sh, true)
		var merges []string
		inner := map[string]bool{} // merged cells other than the top-left
		for _, m := range mcs {
			merges = append(merges, m.GetStartAxis()+":"+m.GetEndAxis())
			cells, _ := rangeCells(m.GetStartAxis() + ":" + m.GetEndAxis())
			for _, c := range cells[1:] {
				inner[c] = true
			}
		}
		slices.Sort(merges)
		fmt.Fprintf(&b, "merges: %s\n", strings.Join(merges, " "))
		for r := range len(rows) + 1 {
			for c := range maxCol {
				ref := cellName(r, c)
				if inner[ref] {
					continue
				}
				v, _ := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				fm, _ := f.GetCellFormula(sh, ref)
				if v == "" && fm == "" {
					continue
				}
				line := ref + " = " + strings.ReplaceAll(v, "\n", `\n`)
				if len([]rune(line)) > 90 {
					line = string([]rune(line)[:90]) + "…"
				}
				if fm != "" {
					line += "  ƒ " + fm
				}
				if id, _ := f.GetCellStyle(sh, ref); id != 0 {
					if st, _ := f.GetStyle(id); st != nil && st.Protection != nil && !st.Protection.Locked {
						line += "  in"
					}
				}
				b.WriteString(line + "\n")
			}
		}
		dvs, _ := f.GetDataValidations(sh)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s %s %s: %s\n", dv.Type, dv.Operator, dv.Formula1, dv.Sqref)
		}
		cs, _ := f.GetComments(sh)
		for _, c := range cs {
			fmt.Fprintf(&b, "comment %s: %s\n", c.Cell, c.Text)
		}
	}
	return []byte(b.String())
}

func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name
}
