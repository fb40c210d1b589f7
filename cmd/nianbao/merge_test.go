package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"nianbao/model"
	"nianbao/store/xlsx"
)

// TestMergeWindow drives the 汇总 window: two drafts, a workbook from
// another office, a damaged file and the same unit twice; the unit whose
// table is wrong is listed first, the roll-up is the cell-wise sum and
// becomes a draft of scope 本行政区域汇总.
func TestMergeWindow(t *testing.T) {
	db, dir := testDB(t)
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

	a := testApp(t, db, excel{"test"})
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

// gatedExcel holds every import until the gate opens.
type gatedExcel struct {
	excel
	gate chan struct{}
}

func (g gatedExcel) Import(path string) (*model.Report, []string, error) {
	<-g.gate
	return g.excel.Import(path)
}

// 清空 while files are still being read: they do not come back afterwards.
func TestMergeClearWhileReading(t *testing.T) {
	db, dir := testDB(t)
	r := model.NewReport(model.TemplateForYear(2023))
	r.Meta = model.Meta{Unit: "丙局", Year: 2023}
	book := filepath.Join(dir, "丙局.xlsx")
	if err := xlsx.WriteFile(book, r, xlsx.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	g := gatedExcel{excel{"test"}, make(chan struct{})}
	a := testApp(t, db, g)
	m := a.ShowMerge()
	m.AddFiles([]string{book})
	m.Clear()
	close(g.gate)
	m.Wait()
	if len(m.Sources) != 0 || m.Merge != nil {
		t.Errorf("cleared list has %d sources after the read finished", len(m.Sources))
	}
	m.AddFiles([]string{book}) // and the same file can be added again
	m.Wait()
	if len(m.Sources) != 1 {
		t.Errorf("re-added file: %d sources", len(m.Sources))
	}
}

// A folder is searched like `nianbao merge` does: subfolders too, .json
// reports as well as workbooks.
func TestMergeFolder(t *testing.T) {
	db, dir := testDB(t)
	units := filepath.Join(dir, "各单位")
	os.MkdirAll(filepath.Join(units, "乡镇"), 0o700)
	for i, name := range []string{"甲局", "乙镇"} {
		r := model.NewReport(model.TemplateForYear(2023))
		r.Meta = model.Meta{Unit: name, Year: 2023}
		withCell(t, r, "t3.new_received.natural", "3")
		withCell(t, r, "t3.granted.natural", "3")
		if i == 0 {
			if err := xlsx.WriteFile(filepath.Join(units, name+".xlsx"), r, xlsx.ExportOptions{}); err != nil {
				t.Fatal(err)
			}
			continue
		}
		data, _ := r.MarshalJSON()
		os.WriteFile(filepath.Join(units, "乡镇", name+".json"), data, 0o600)
	}
	os.WriteFile(filepath.Join(units, "~$甲局.xlsx"), []byte("lock"), 0o600)
	a := testApp(t, db, excel{"test"})
	m := a.ShowMerge()
	m.AddFolder(units)
	m.Wait()
	if m.Merge == nil || m.Merge.Included != 2 || m.Merge.Result.Value("t3.new_received.natural") != 6 {
		t.Fatalf("folder roll-up: %+v", m.Merge)
	}
}
