package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The whole trip on the command line: import the seed into a database,
// export it as xlsx, check the xlsx, import it again.
func TestExportCheckImportXLSX(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "drafts.db")
	if code, out, errOut := run(t, "import", "--new", "--db", db, seedJSON); code != 0 || !strings.Contains(out, "衢州市人民政府办公室 2022年度") {
		t.Fatalf("import json: %d %q %q", code, out, errOut)
	}
	book := filepath.Join(dir, "seed.xlsx")
	if code, out, errOut := run(t, "export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", book); code != 0 {
		t.Fatalf("export: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run(t, "check", book); code != 0 || out != "" {
		t.Fatalf("check xlsx: %d %q %q", code, out, errOut)
	}
	// The same unit and year again is refused, not doubled.
	if code, _, errOut := run(t, "import", "--db", db, book); code != 2 || !strings.Contains(errOut, "已经存在") {
		t.Errorf("second import: %d %q", code, errOut)
	}
	if code, _, errOut := run(t, "export", "--db", db, "--unit", "无此单位", "--year", "2022", "-o", book); code != 2 || !strings.Contains(errOut, "没有") {
		t.Errorf("export of a missing unit: %d %q", code, errOut)
	}

	// A clerk elsewhere overwrites 表四's 复议后起诉 总计 with 0 in Excel.
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	sheet, cell := findCell(t, f, "11", "复议后起诉")
	if err := f.SetCellValue(sheet, cell, 0); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(dir, "edited.xlsx")
	if err := f.SaveAs(edited); err != nil {
		t.Fatal(err)
	}
	code, out, _ := run(t, "check", edited)
	if code != 1 || !strings.Contains(out, "错误 T4-R1 表四·复议后起诉：总计=0，维持+纠正+其他+尚未审结=11") {
		t.Errorf("edited: exit %d\n%s", code, out)
	}

	// Not a report.
	junk := filepath.Join(dir, "junk.xlsx")
	os.WriteFile(junk, []byte("not a zip"), 0o644)
	if code, _, errOut := run(t, "check", junk); code != 2 || strings.Contains(errOut, "panic") {
		t.Errorf("junk: %d %q", code, errOut)
	}
}

// findCell finds the last cell holding value on the sheet whose name
// mentions 表四 (the 复议后起诉 总计 is the last 11 there).
func findCell(t *testing.T, f *excelize.File, value, _ string) (string, string) {
	t.Helper()
	for _, sh := range f.GetSheetList() {
		if !strings.Contains(sh, "表四") {
			continue
		}
		rows, _ := f.GetRows(sh)
		var at string
		for r, row := range rows {
			for c, v := range row {
				if v == value {
					at, _ = excelize.CoordinatesToCellName(c+1, r+1)
				}
			}
		}
		if at != "" {
			return sh, at
		}
	}
	t.Fatalf("no %s on a 表四 sheet: %v", value, f.GetSheetList())
	return "", ""
}
