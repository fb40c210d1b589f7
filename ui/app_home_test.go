package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
)

// The drafts list with nothing in it says how to begin, and the buttons
// that need a draft are off; 导入 is off without Excel.
func TestHomeEmpty(t *testing.T) {
	a := newTestApp(t, newMemDrafts(), nil)
	if a.Ed != nil || !a.Home.Empty.Visible() || !strings.Contains(a.Home.Empty.Text, "还没有报告") {
		t.Fatalf("home: editor %v, empty note shown %v", a.Ed != nil, a.Home.Empty.Visible())
	}
	for _, k := range []string{"open", "copy", "delete", "import"} {
		if !a.Home.Buttons[k].Disabled() {
			t.Errorf("%s is on with nothing to act on", k)
		}
	}
	if a.Win.Title() != "政务公开年报填报" {
		t.Errorf("title %q", a.Win.Title())
	}
	a.about()
	if got := topDialog(a.Win); !strings.Contains(got, "版本 9.9") || !strings.Contains(got, "/数据/年报.db") {
		t.Errorf("about says:\n%s", got)
	}
	closeDialogs(a.Win)
	a.ImportFile("/收件/甲局.xlsx")
	a.importDialog()
	if a.Ed != nil || a.Win.Canvas().Overlays().Top() != nil {
		t.Error("imported without Excel")
	}
	// 汇总… opens its own window.
	n := len(a.fa.Driver().AllWindows())
	test.Tap(a.Home.Buttons["merge"])
	ws := a.fa.Driver().AllWindows()
	if len(ws) != n+1 || ws[len(ws)-1].Title() != "汇总 — 政务公开年报填报" {
		t.Fatalf("windows %d → %d", n, len(ws))
	}
	ws[len(ws)-1].Close()
}

// The list selects the draft saved last; Enter opens it: the editor, the
// window's title, the format in the status bar, and remembered for the
// next start.
func TestHomeOpensLatest(t *testing.T) {
	ds := newMemDrafts()
	ds.add(draftReport(t, "甲局", 2022), false)
	latest := ds.add(draftReport(t, "乙局", 2023), false)
	a := newTestApp(t, ds, newFakeExcel())
	if a.Home.Empty.Visible() || len(a.Home.Items) != 2 {
		t.Fatalf("items %v", a.Home.Items)
	}
	if a.Home.Selected != latest || a.Home.Buttons["open"].Disabled() || a.Home.Buttons["import"].Disabled() {
		t.Fatalf("selected %q (want %q), 打开 off %v", a.Home.Selected, latest, a.Home.Buttons["open"].Disabled())
	}
	if a.Win.Canvas().Focused() != a.Home.List {
		t.Fatal("the list has not the keyboard")
	}
	a.Home.List.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.Ed == nil || a.Ed.Report().Meta.Unit != "乙局" {
		t.Fatal("Enter did not open the selected draft")
	}
	if a.Win.Title() != "乙局 2023年度 — 政务公开年报填报" || !strings.HasPrefix(a.Format.Text, "格式：") {
		t.Errorf("title %q, format %q", a.Win.Title(), a.Format.Text)
	}
	if got := a.fa.Preferences().String(prefLastDraft); got != latest {
		t.Errorf("last draft remembered as %q", got)
	}
	// Back to the list: the draft is closed (flushed) and forgotten.
	open := ds.open
	a.showHome()
	if a.Ed != nil || !open.closed || a.fa.Preferences().String(prefLastDraft) != "" || a.Format.Text != "" {
		t.Errorf("after 草稿列表: editor %v, closed %v", a.Ed != nil, open.closed)
	}
}

// The draft open when the program was closed is opened again at start.
func TestStartReopensLastDraft(t *testing.T) {
	ds := newMemDrafts()
	ds.add(draftReport(t, "甲局", 2022), false)
	id := ds.add(draftReport(t, "乙局", 2023), false)
	fa := test.NewTempApp(t)
	fa.Preferences().SetString(prefLastDraft, id)
	a := NewApp(fa, Deps{Drafts: ds, Dispatch: func(f func()) { f() }, Async: func(w, d func()) { w(); d() }})
	t.Cleanup(func() { delete(windowKeys, a.Win) })
	if a.Ed == nil || a.draft.Info().ID != id {
		t.Fatal("the last draft was not reopened")
	}
	// A draft that cannot be opened any more leaves the list shown.
	fa2 := test.NewTempApp(t)
	fa2.Preferences().SetString(prefLastDraft, "gone")
	b := NewApp(fa2, Deps{Drafts: ds, Dispatch: func(f func()) { f() }, Async: func(w, d func()) { w(); d() }})
	t.Cleanup(func() { delete(windowKeys, b.Win) })
	if b.Ed != nil || len(b.Home.Items) != 2 {
		t.Errorf("editor %v, items %d", b.Ed != nil, len(b.Home.Items))
	}
}

// 新建报告: the unit and year typed make the draft, which opens; a year
// that is not one is refused with a message and makes nothing.
func TestNewDraftDialog(t *testing.T) {
	ds := newMemDrafts()
	a := newTestApp(t, ds, nil)
	for _, tc := range []struct {
		name, unit, year string
		tpl              int // index in the format select; 0 = by year
		wantErr          string
		wantTpl          string
	}{
		{name: "by year", unit: "  丙局 ", year: "2023", wantTpl: model.TemplateForYear(2023).ID},
		{name: "format chosen", unit: "丁局", year: "2020", tpl: 1, wantTpl: model.Templates()[0].ID},
		{name: "bad year", unit: "戊局", year: "二〇二三年度吧", wantErr: "年"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			closeDialogs(a.Win)
			a.showHome()
			before := len(ds.entries)
			a.NewDraftDialog()
			unit, ok := a.Win.Canvas().Focused().(*keyEntry)
			if !ok {
				t.Fatalf("focus on %T, not the unit field", a.Win.Canvas().Focused())
			}
			test.Type(unit, tc.unit)
			var year *keyEntry
			var tplSel interface{ SetSelectedIndex(int) }
			for _, o := range test.LaidOutObjects(a.Win.Canvas().Overlays().Top()) {
				switch o := o.(type) {
				case *keyEntry:
					if o != unit {
						year = o
					}
				case interface{ SetSelectedIndex(int) }:
					tplSel = o
				}
			}
			if year == nil || tplSel == nil {
				t.Fatal("no year field or format select")
			}
			if year.Text != itoa(time.Now().Year()-1) {
				t.Errorf("year prefilled %q", year.Text)
			}
			year.SetText(tc.year)
			tplSel.SetSelectedIndex(tc.tpl)
			unit.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			if tc.wantErr != "" {
				if len(ds.entries) != before || !strings.Contains(a.LastError(), tc.wantErr) {
					t.Errorf("drafts %d, message %q", len(ds.entries), a.LastError())
				}
				return
			}
			if len(ds.entries) != before+1 || a.Ed == nil {
				t.Fatalf("drafts %d, editor %v, message %q", len(ds.entries), a.Ed != nil, a.LastError())
			}
			r := a.Ed.Report()
			if r.Meta.Unit != strings.TrimSpace(tc.unit) || itoa(r.Meta.Year) != tc.year || r.Template().ID != tc.wantTpl {
				t.Errorf("made %q %d %s", r.Meta.Unit, r.Meta.Year, r.Template().ID)
			}
		})
	}
}

// 复制, 删除 (asked first, into the recycle bin) and 回收站 → 恢复.
func TestDraftsListCopyDeleteRestore(t *testing.T) {
	ds := newMemDrafts()
	id := ds.add(draftReport(t, "甲局", 2023), false)
	a := newTestApp(t, ds, nil)
	a.Home.trash()
	if !strings.Contains(topDialog(a.Win), "回收站是空的") {
		t.Errorf("empty bin says:\n%s", topDialog(a.Win))
	}
	pressDialog(a.Win, fyne.KeyEscape)

	a.Home.List.Select(0)
	test.Tap(a.Home.Buttons["copy"])
	if len(a.Home.Items) != 2 || a.Home.Items[1].Unit != "甲局" {
		t.Fatalf("after 复制: %v", a.Home.Items)
	}
	a.Home.List.Select(0)
	test.Tap(a.Home.Buttons["delete"])
	if !strings.Contains(topDialog(a.Win), "回收站") || len(a.Home.Items) != 2 {
		t.Fatal("删除 did not ask first")
	}
	pressDialog(a.Win, fyne.KeyReturn) // 删除
	if len(a.Home.Items) != 1 || a.Home.Items[0].ID == id {
		t.Fatalf("after 删除: %v", a.Home.Items)
	}
	if !a.Home.Buttons["delete"].Disabled() {
		t.Error("删除 still on with nothing selected")
	}

	a.Home.trash()
	sel := findSelect(t, a.Win)
	if len(sel.Options) != 1 || sel.Options[0] != "甲局 2023年度" {
		t.Fatalf("bin lists %v", sel.Options)
	}
	sel.SetSelectedIndex(0)
	pressDialog(a.Win, fyne.KeyReturn) // 恢复
	if len(a.Home.Items) != 2 {
		t.Errorf("after 恢复: %v", a.Home.Items)
	}
}

// 以去年为底稿 on a selected draft opens next year's draft made from it;
// a failure is told.
func TestDraftsListFromLastYear(t *testing.T) {
	ds := newMemDrafts()
	r := draftReport(t, "甲局", 2022)
	ds.add(r, true)
	a := newTestApp(t, ds, nil)
	a.Home.List.Select(0)
	test.Tap(a.Home.Buttons["next"])
	if a.Ed == nil {
		t.Fatalf("nothing opened: %q", a.LastError())
	}
	got := a.Ed.Report()
	if got.Meta.Unit != "甲局" || got.Meta.Year != 2023 {
		t.Errorf("opened %q %d", got.Meta.Unit, got.Meta.Year)
	}
	carried := r.Text("t3.carry_forward.natural")
	if carried == "" || got.Text("t3.carried_over.natural") != carried {
		t.Errorf("上年结转 %q, last year carried forward %q", got.Text("t3.carried_over.natural"), carried)
	}

	ds.fail["Open"] = errors.New("数据文件已损坏")
	a.showHome()
	a.Home.List.Select(0)
	a.Home.open()
	if a.Ed != nil || a.LastError() != "数据文件已损坏" {
		t.Errorf("editor %v, message %q", a.Ed != nil, a.LastError())
	}
}

// A data file that can only be read: the banner says so, and every draft
// opens read-only. A failed daily backup stays in the banner.
func TestBannerReadOnlyAndBackup(t *testing.T) {
	ds := newMemDrafts()
	ds.readOnly = true
	id := ds.add(draftReport(t, "甲局", 2023), false)
	a := newTestApp(t, ds, nil)
	if !strings.Contains(a.Banner(), "只读：数据文件 /数据/年报.db 不能写入") {
		t.Errorf("banner %q", a.Banner())
	}
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	if !a.Ed.ReadOnly() {
		t.Error("a draft of a read-only file is editable")
	}
	a.ShowBackupFailure("磁盘已满")
	if !strings.Contains(a.Banner(), "备份失败：磁盘已满") {
		t.Errorf("banner %q", a.Banner())
	}
}

// The save status follows the open draft's commits; a notice from a draft
// closed meanwhile changes nothing.
func TestSaveStatusFollowsCommits(t *testing.T) {
	ds := newMemDrafts()
	id := ds.add(draftReport(t, "甲局", 2023), false)
	other := ds.add(draftReport(t, "乙局", 2023), false)
	a := newTestApp(t, ds, nil)
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	first := ds.open
	first.onSaved(time.Date(2024, 3, 1, 14, 5, 9, 0, time.UTC), nil)
	if a.Saved.Text != "已保存 14:05:09" {
		t.Errorf("status %q", a.Saved.Text)
	}
	first.onSaved(time.Time{}, errors.New("磁盘已满，无法保存"))
	if a.Saved.Text != "保存失败！" || a.LastError() != "磁盘已满，无法保存" {
		t.Errorf("status %q, message %q", a.Saved.Text, a.LastError())
	}
	closeDialogs(a.Win)
	if err := a.OpenDraft(other); err != nil {
		t.Fatal(err)
	}
	first.onSaved(time.Date(2024, 3, 1, 15, 0, 0, 0, time.UTC), nil)
	if a.Saved.Text != "" {
		t.Errorf("a closed draft's notice shown: %q", a.Saved.Text)
	}
}

// Edits that cannot be committed on closing are not lost: the report is
// rescued to a file and the clerk told where; if that fails too, told to
// export. Quitting then stays on the drafts list.
func TestCloseFailureRescues(t *testing.T) {
	ds := newMemDrafts()
	id := ds.add(draftReport(t, "甲局", 2023), false)
	a := newTestApp(t, ds, nil)
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	a.Ed.TypeCell("t3.granted.natural", "400")
	ds.fail["Close"] = errors.New("数据文件已被移走")
	a.Quit()
	if a.Ed != nil || len(ds.rescued) != 1 || ds.rescued[0].Text("t3.granted.natural") != "400" {
		t.Fatalf("editor %v, rescued %d", a.Ed != nil, len(ds.rescued))
	}
	if msg := a.LastError(); !strings.Contains(msg, "数据文件已被移走") || !strings.Contains(msg, "未保存的内容已另存为：/数据/年报-未保存.json") {
		t.Errorf("message %q", msg)
	}
	closeDialogs(a.Win)
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	ds.fail["Rescue"] = errors.New("文件夹不可写")
	a.showHome()
	if msg := a.LastError(); !strings.Contains(msg, "另存也失败了：文件夹不可写") || !strings.Contains(msg, "导出Excel") {
		t.Errorf("message %q", msg)
	}
}
