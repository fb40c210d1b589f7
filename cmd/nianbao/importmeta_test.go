package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/scripts/benchgen/gen"
)

// A workbook that names no unit or year is not refused: the GUI asks for
// them, prefilled with what the file gives, and imports it.
func TestImportAsksUnitYear(t *testing.T) {
	db, dir := testDB(t)
	if _, err := gen.Write(dir, 8); err != nil {
		t.Fatal(err)
	}
	// Unit 7 is hand-made, titled in A1; without the title it names
	// nothing but its year, in the file name.
	f, err := excelize.OpenFile(filepath.Join(dir, gen.File(7)))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(f.GetSheetList()[0], "A1", ""); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "年报2023.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}

	a := testApp(t, db, excel{"test"})
	a.ImportFile(path)
	ask := a.Asking
	if ask == nil || a.Ed != nil {
		t.Fatalf("no question asked (editor open: %v, last message %q)", a.Ed != nil, a.LastError())
	}
	if ask.Unit.Text != "" || ask.Year.Text != "2023" {
		t.Errorf("prefilled %q, %q; want the year from the file name", ask.Unit.Text, ask.Year.Text)
	}
	ask.Unit.SetText("某某局")
	ask.Form.Submit()
	if a.Ed == nil {
		t.Fatalf("no draft opened (%q)", a.LastError())
	}
	m := a.Ed.Report().Meta
	if m.Unit != "某某局" || m.Year != 2023 || a.Ed.Report().Text("t3.new_received.natural") == "" {
		t.Errorf("imported %+v", m)
	}
	if s := strings.Join(a.ImportNotes, "\n"); !strings.Contains(s, "单位名称按填写取为“某某局 2023年度”") || strings.Contains(s, "没有找到单位名称") {
		t.Errorf("status %q", s)
	}
	list, _ := draftStore{db}.List()
	if len(list) != 1 || list[0].Unit != "某某局" {
		t.Errorf("drafts %+v", list)
	}
}
