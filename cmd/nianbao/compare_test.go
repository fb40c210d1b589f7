package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"nianbao/model"
	"nianbao/scripts/benchgen/gen"
	"nianbao/store/docx"
	"nianbao/store/xlsx"
	"nianbao/ui"
)

// TestLastYearFollowsMeta: last year's report is found by unit and year, and
// found again when the clerk corrects 单位名称 or 年度.
func TestLastYearFollowsMeta(t *testing.T) {
	db, _ := testDB(t)
	ds := draftStore{db}
	last, err := ds.Create("某某局", 2021, "")
	if err != nil {
		t.Fatal(err)
	}
	lr, _, _ := db.Load(last.ID)
	if _, err := db.Replace(last.ID, withCell(t, lr, "t3.carry_forward.natural", "7")); err != nil {
		t.Fatal(err)
	}
	cur, err := ds.Create("某某局办公室", 2022, "")
	if err != nil {
		t.Fatal(err)
	}
	a := testApp(t, db, nil)
	if err := a.OpenDraft(cur.ID); err != nil {
		t.Fatal(err)
	}
	if a.Ed.Prev() != nil {
		t.Fatal("a different unit's report taken as last year's")
	}
	a.Ed.Meta.Unit.SetText("某某局")
	if a.Ed.Prev() == nil {
		t.Fatal("last year's report not found after correcting the unit name")
	}
	a.Ed.TypeCell("t3.carried_over.natural", "5")
	if !hasRule(a.Ed.Result(), "X-R1") {
		t.Errorf("X-R1 not checked: %v", a.Ed.Result().Findings)
	}
	a.Ed.Meta.Year.SetText("2024")
	if a.Ed.Prev() != nil || hasRule(a.Ed.Result(), "X-R1") {
		t.Error("last year's report kept after the year changed")
	}
}

// TestFromLastYearWorkbook: 以去年为底稿 from an xlsx made elsewhere — the
// new draft carries 结转 into 上年结转, is compared with the workbook, and
// shows last year's figures in its cells.
func TestFromLastYearWorkbook(t *testing.T) {
	db, dir := testDB(t)
	prev := model.NewReport(model.TemplateForYear(2021))
	prev.Meta = model.Meta{Unit: "某某县人民政府", Year: 2021, Scope: model.ScopeGovernment}
	for id, v := range map[string]string{"t3.new_received.natural": "40", "t3.granted.natural": "30",
		"t3.carry_forward.natural": "10", "t3.new_received.legal": "3", "t3.granted.legal": "3"} {
		withCell(t, prev, id, v)
	}
	book := filepath.Join(dir, "2021年报.xlsx")
	if err := xlsx.WriteFile(book, prev, xlsx.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	a := testApp(t, db, excel{"test"})
	a.FromLastYearFile(book)
	if a.Ed == nil {
		t.Fatal("no draft opened")
	}
	r := a.Ed.Report()
	if r.Meta.Year != 2022 || r.Meta.Unit != "某某县人民政府" || r.Text("t3.carried_over.natural") != "10" {
		t.Errorf("new draft: %+v, carried over %q", r.Meta, r.Text("t3.carried_over.natural"))
	}
	if a.Ed.Prev() == nil || !a.Ed.Comparing() {
		t.Fatal("not compared with the workbook")
	}
	if got := a.Ed.PrevShown("t3.new_received.natural"); got != "上年 40" {
		t.Errorf("last year's figure shown as %q", got)
	}
	// Typing a tenfold figure raises X-R4 on the total; an error in 上年结转 X-R1.
	a.Ed.TypeCell("t3.new_received.natural", "400")
	a.Ed.TypeCell("t3.carried_over.natural", "9")
	var got []string
	for _, f := range a.Ed.Result().Findings {
		if strings.HasPrefix(f.Rule, "X-") {
			got = append(got, f.Rule+" "+f.Cells[0])
		}
	}
	want := "X-R1 t3.carried_over.natural X-R4 t3.new_received.total"
	if strings.Join(got, " ") != want {
		t.Errorf("cross-year findings %q, want %q", got, want)
	}
	if _, ok := a.Ed.HasOutline("t3.new_received.total"); !ok {
		t.Error("the jump is not outlined")
	}
	a.Ed.FocusCell("t3.new_received.natural")
	if !strings.Contains(a.Ed.Hint.Text, "（上年 40）") {
		t.Errorf("hint %q does not give last year's figure", a.Ed.Hint.Text)
	}
	a.Ed.ShowPrev(false)
	if p := a.Ed.PrevShown("t3.new_received.natural"); p != "" {
		t.Errorf("hidden comparison still shows %q", p)
	}
	a.Quit()
}

func withCell(t *testing.T, r *model.Report, id, v string) *model.Report {
	t.Helper()
	if err := r.Set(id, v); err != nil {
		t.Fatal(err)
	}
	return r
}

func hasRule(res *model.Result, rule string) bool {
	for _, f := range res.Findings {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// A workbook without 年度 cannot be a base for next year: the clerk is told
// so in Chinese (not "程序内部错误"), and no draft is made.
func TestFromLastYearWorkbookWithoutYear(t *testing.T) {
	db, dir := testDB(t)
	prev := model.NewReport(model.TemplateForYear(2021))
	prev.Meta = model.Meta{Unit: "某某县人民政府"}
	withCell(t, prev, "t3.new_received.natural", "40")
	book := filepath.Join(dir, "无年度.xlsx")
	if err := xlsx.WriteFile(book, prev, xlsx.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	a := testApp(t, db, excel{"test"})
	a.FromLastYearFile(book)
	if a.Ed != nil {
		t.Error("a draft was made from a workbook without a year")
	}
	if msg := a.LastError(); !strings.Contains(msg, "年度") || strings.Contains(msg, "内部错误") {
		t.Errorf("message %q", msg)
	}
}

// The last-year lookup runs off the UI thread as 单位名称 is typed: an
// answer that comes after a later lookup's is not taken.
func TestLastYearLookupLatestWins(t *testing.T) {
	db, _ := testDB(t)
	ds := draftStore{db}
	if _, err := ds.Create("某某局", 2021, ""); err != nil {
		t.Fatal(err)
	}
	cur, err := ds.Create("某某局办公室", 2022, "")
	if err != nil {
		t.Fatal(err)
	}
	type job struct{ work, done func() }
	var jobs []job
	a := ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: ds, UserMessage: userMessage, Dispatch: drop,
		Async: func(work, done func()) { jobs = append(jobs, job{work, done}) }})
	if err := a.OpenDraft(cur.ID); err != nil {
		t.Fatal(err)
	}
	a.Ed.Meta.Unit.SetText("某某局")  // finds last year's
	a.Ed.Meta.Unit.SetText("某某局办") // finds nothing
	if len(jobs) != 2 {
		t.Fatalf("%d lookups started, want 2", len(jobs))
	}
	if a.Ed.Prev() != nil {
		t.Fatal("a lookup's answer taken before it came")
	}
	// The later lookup answers first, then the earlier, stale one.
	for _, j := range []job{jobs[1], jobs[0]} {
		j.work()
		j.done()
	}
	if a.Ed.Prev() != nil {
		t.Error("the answer to a stale lookup (某某局) was taken for 某某局办")
	}
}

// A report file is read off the UI thread: until the read is done the
// status bar names the file and nothing is opened; a file for last year
// read while another draft was opened goes to no draft.
func TestFileReadOffUIThread(t *testing.T) {
	db, dir := testDB(t)
	if _, err := gen.Write(dir, 2); err != nil {
		t.Fatal(err)
	}
	type job struct{ work, done func() }
	var jobs []job
	a := ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: draftStore{db}, Excel: excel{"test"}, UserMessage: userMessage, Dispatch: drop,
		Async: func(work, done func()) { jobs = append(jobs, job{work, done}) }})
	path := filepath.Join(dir, gen.File(0))
	a.ImportFile(path)
	if len(jobs) != 1 || a.Ed != nil {
		t.Fatalf("%d jobs queued, editor open %v: the file was read on the UI thread", len(jobs), a.Ed != nil)
	}
	if !strings.Contains(a.Busy.Text, gen.File(0)) {
		t.Errorf("status bar %q while reading", a.Busy.Text)
	}
	jobs[0].work()
	jobs[0].done()
	if a.Ed == nil || a.Busy.Text != "" {
		t.Fatalf("after the read: editor open %v, status %q, last message %q", a.Ed != nil, a.Busy.Text, a.LastError())
	}
	first := a.Ed

	// 选择上年报告 for the open draft, then another draft opened before the
	// file is read: last year's report is not put on the wrong draft.
	a.UsePrevFile(filepath.Join(dir, gen.File(1)))
	other, err := draftStore{db}.Create("别的局", 2023, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.OpenDraft(other.ID); err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs[1:] {
		j.work()
		j.done()
	}
	if a.Ed == first || a.Ed.Prev() != nil {
		t.Error("last year's report was put on a draft opened after it was chosen")
	}
}

// Export writes the report as it stood when 保存 was pressed, off the UI
// thread: typing meanwhile changes the draft, not the file being written.
func TestExportOffUIThread(t *testing.T) {
	db, dir := testDB(t)
	type job struct{ work, done func() }
	var jobs []job
	a := ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: draftStore{db}, Excel: excel{"test"}, UserMessage: userMessage, Dispatch: drop,
		Async: func(work, done func()) { jobs = append(jobs, job{work, done}) }})
	info, err := draftStore{db}.Create("某某局", 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.OpenDraft(info.ID); err != nil {
		t.Fatal(err)
	}
	a.Ed.TypeCell("t2.license.decisions", "5")
	path := filepath.Join(dir, "导出.xlsx")
	n := len(jobs)
	a.ExportTo(path)
	if len(jobs) != n+1 || !strings.Contains(a.Busy.Text, "导出.xlsx") {
		t.Fatalf("export not queued off the UI thread (%d jobs, status %q)", len(jobs)-n, a.Busy.Text)
	}
	a.Ed.TypeCell("t2.license.decisions", "6") // while the file is written
	jobs[n].work()
	jobs[n].done()
	if a.Busy.Text != "" || !strings.Contains(a.Ed.Status.Text, "已导出") {
		t.Errorf("after the export: status bar %q, editor %q, last message %q", a.Busy.Text, a.Ed.Status.Text, a.LastError())
	}
	r, _, err := excel{"test"}.Import(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Text("t2.license.decisions"); got != "5" {
		t.Errorf("exported %q, want the 5 standing when 保存 was pressed", got)
	}
}

// Files dropped on the window: a report (here a Word document) is
// imported and opened; a picture and a folder are named with why not.
func TestDroppedFiles(t *testing.T) {
	db, dir := testDB(t)
	a := testApp(t, db, excel{"test"})
	doc := filepath.Join(dir, "某某局2023年政府信息公开工作年度报告.docx")
	r := model.NewReport(model.TemplateForYear(2023))
	r.Meta.Unit, r.Meta.Year = "某某局", 2023
	if err := r.Set("t2.license.decisions", "12"); err != nil {
		t.Fatal(err)
	}
	if err := docx.WriteFile(doc, r); err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(dir, "照片.png")
	os.WriteFile(png, []byte("x"), 0o600)
	a.Dropped([]string{doc, png, dir})
	if a.Ed == nil || a.Ed.Report().Text("t2.license.decisions") != "12" || a.Ed.Report().Meta.Unit != "某某局" {
		t.Fatalf("the dropped document was not imported and opened (last message %q)", a.LastError())
	}
	if msg := a.LastError(); !strings.Contains(msg, "照片.png（不是年报文件）") || !strings.Contains(msg, "汇总") {
		t.Errorf("message %q", msg)
	}
}
