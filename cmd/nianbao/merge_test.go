package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
	"nianbao/store"
	"nianbao/store/xlsx"
	"nianbao/ui"
)

// TestMergeWindow drives the 汇总 window: two drafts, a workbook from
// another office, a damaged file and the same unit twice; the unit whose
// table is wrong is listed first, the roll-up is the cell-wise sum and
// becomes a draft of scope 本行政区域汇总.
func TestMergeWindow(t *testing.T) {
	fa := test.NewTempApp(t)
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "drafts.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	unit := func(name string, cells map[string]string) *model.Report {
		r := model.NewReport(model.TemplateForYear(2023))
		r.Meta = model.Meta{Unit: name, Year: 2023, Scope: model.ScopeAgency}
		for id, v := range cells {
			withCell(t, r, id, v)
		}
		return r
	}
	good := map[string]string{"t3.new_received.natural": "10", "t3.granted.natural": "8", "t3.carry_forward.natural": "2"}
	var ids []string
	for _, r := range []*model.Report{
		unit("甲局", good),
		unit("乙局", map[string]string{"t3.new_received.natural": "5", "t3.granted.natural": "3"}), // 5 ≠ 3: T3-R1
	} {
		d, err := db.CreateFrom(r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	book := filepath.Join(dir, "丙局.xlsx")
	if err := xlsx.WriteFile(book, unit("丙局", map[string]string{"t3.new_received.legal": "4", "t3.granted.legal": "4", "t4.review_maintain": "1"}), xlsx.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "甲局（重报）.xlsx")
	if err := xlsx.WriteFile(again, unit("甲局", good), xlsx.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "坏文件.xlsx")
	if err := os.WriteFile(broken, []byte("not a workbook"), 0o600); err != nil {
		t.Fatal(err)
	}

	a := ui.NewApp(fa, ui.Deps{Drafts: drafts{db}, Excel: excel{"test"}, UserMessage: userMessage, Dispatch: drop})
	m := a.ShowMerge()
	m.AddDrafts(ids)
	m.AddFiles([]string{book, again, broken, book}) // book twice: added once
	m.Wait()
	if len(m.Sources) != 5 {
		t.Fatalf("%d sources, want 5", len(m.Sources))
	}
	mg := m.Merge
	if mg == nil || mg.Included != 3 {
		t.Fatalf("merge %+v: want 3 units summed", mg)
	}
	// Problems first: 乙局's own error and the unreadable file.
	first := []string{mg.Units[0].Source, mg.Units[1].Source}
	if !strings.Contains(strings.Join(first, " "), "乙局") || !strings.Contains(strings.Join(first, " "), "坏文件.xlsx") {
		t.Errorf("first rows %q: want 乙局 and 坏文件", first)
	}
	var status []string
	for _, u := range mg.Units {
		status = append(status, u.Source+"="+u.Status.Code())
	}
	if !strings.Contains(strings.Join(status, " "), "甲局（重报）.xlsx=duplicate") {
		t.Errorf("duplicate not flagged: %v", status)
	}
	if !strings.Contains(m.Summary.Text, "计入3份") || !strings.Contains(m.Summary.Text, "1个单位的表格有错误") ||
		!strings.Contains(m.Summary.Text, "1个文件无法读取") {
		t.Errorf("summary %q", m.Summary.Text)
	}

	if p := os.Getenv("NIANBAO_SHOT"); p != "" {
		m.Win.Resize(fyne.NewSize(1280, 520))
		f, _ := os.Create(p)
		png.Encode(f, m.Win.Canvas().Capture())
		f.Close()
	}
	// Creating the draft needs a name.
	m.CreateDraft()
	if a.Ed != nil {
		t.Fatal("roll-up created without a name")
	}
	m.Unit.SetText("某市（全市汇总）")
	m.CreateDraft()
	if a.Ed == nil {
		t.Fatal("no roll-up draft opened")
	}
	r := a.Ed.Report()
	// The roll-up as the 导出汇总Excel button writes it reads back the same.
	out := filepath.Join(dir, "汇总.xlsx")
	if err := (excel{"test"}).ExportMerge(out, r, m.Merge); err != nil {
		t.Fatal(err)
	}
	if back, _, err := (excel{}).Import(out); err != nil || !back.Equal(r) {
		t.Errorf("exported roll-up reads back different (err %v)", err)
	}
	if r.Meta.Scope != model.ScopeRegion || r.Meta.Unit != "某市（全市汇总）" || r.Meta.Year != 2023 {
		t.Errorf("roll-up meta %+v", r.Meta)
	}
	res := a.Ed.Result()
	for id, want := range map[string]int64{"t3.new_received.natural": 15, "t3.new_received.legal": 4,
		"t3.new_received.total": 19, "t3.granted.total": 15, "t4.review_total": 1} {
		if got := res.Value(id); got != want {
			t.Errorf("roll-up %s = %d, want %d", id, got, want)
		}
	}
	a.Quit()
}

func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"b.xlsx", "a.XLSX", "~$a.xlsx", "c.xls", "d.json"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o600)
	}
	os.Mkdir(filepath.Join(dir, "sub.xlsx"), 0o700)
	got, err := ui.ReportFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	if strings.Join(names, " ") != "a.XLSX b.xlsx" {
		t.Errorf("ReportFiles = %v", names)
	}
}
