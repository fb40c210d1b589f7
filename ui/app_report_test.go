package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// openTestDraft is the App on one draft of the seed (甲局 2023), open.
func openTestDraft(t *testing.T, excel Excel) (*App, *memDrafts, string) {
	t.Helper()
	ds := newMemDrafts()
	id := ds.add(draftReport(t, "甲局", 2023), false)
	a := newTestApp(t, ds, excel)
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	return a, ds, id
}

// saveIn answers the save dialog opened over w in dir with the name it
// offers (Enter), and returns that name.
func saveIn(t *testing.T, w fyne.Window) string {
	t.Helper()
	name, ok := w.Canvas().Focused().(*keyEntry)
	if !ok {
		t.Fatalf("no file name field focused (%T):\n%s", w.Canvas().Focused(), topDialog(w))
	}
	offered := name.Text
	name.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	return offered
}

// 定稿 is refused while the report has errors; once they are fixed it is
// asked, done, and the report reopens read-only on the same cell with the
// banner saying how to change it. 解锁 needs a reason, which goes to the
// store. A store that refuses 定稿 is heard.
func TestFinaliseAndUnlock(t *testing.T) {
	a, ds, _ := openTestDraft(t, nil)
	was := a.Ed.Report().Text("t3.granted.natural")
	a.Ed.TypeCell("t3.granted.natural", "360")
	a.finalise()
	if got := topDialog(a.Win); !strings.Contains(got, "不能定稿") || !strings.Contains(got, "还有 1 个错误") {
		t.Fatalf("with an error, 定稿 says:\n%s", got)
	}
	pressDialog(a.Win, fyne.KeyEscape)
	a.Ed.TypeCell("t3.granted.natural", was)
	a.Ed.FocusCell("t3.granted.legal")
	a.finalise()
	if !strings.Contains(topDialog(a.Win), "定稿后报告变为只读") {
		t.Fatalf("定稿 asks:\n%s", topDialog(a.Win))
	}
	pressDialog(a.Win, fyne.KeyEscape) // 取消
	if ds.entries[0].info.Final {
		t.Fatal("finalised though cancelled")
	}
	a.finalise()
	pressDialog(a.Win, fyne.KeyReturn) // 定稿
	if !ds.entries[0].info.Final || !a.Ed.ReadOnly() {
		t.Fatalf("final %v, read-only %v", ds.entries[0].info.Final, a.Ed.ReadOnly())
	}
	if a.Ed.Selected() != "t3.granted.legal" {
		t.Errorf("reopened on %q", a.Ed.Selected())
	}
	if !strings.Contains(a.Banner(), "已定稿（只读）：甲局 2023年度") {
		t.Errorf("banner %q", a.Banner())
	}

	a.unlockDialog()
	pressDialog(a.Win, fyne.KeyReturn) // no reason given
	if !strings.Contains(a.LastError(), "请填写解锁原因") || !ds.entries[0].info.Final {
		t.Fatalf("unlocked without a reason (message %q)", a.LastError())
	}
	closeDialogs(a.Win)
	a.unlockDialog()
	reason := a.Win.Canvas().Focused().(*keyEntry)
	test.Type(reason, "上级退回")
	reason.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(ds.unlocked) != 1 || ds.unlocked[0] != "上级退回" || ds.entries[0].info.Final || a.Ed.ReadOnly() || a.Banner() != "" {
		t.Errorf("reasons %q, final %v, read-only %v, banner %q", ds.unlocked, ds.entries[0].info.Final, a.Ed.ReadOnly(), a.Banner())
	}

	// A store that refuses 定稿 says why and leaves the report editable.
	ds.fail["Finalise"] = errors.New("已有错误，不能定稿")
	a.finalise()
	pressDialog(a.Win, fyne.KeyReturn)
	if a.LastError() != "已有错误，不能定稿" || a.Ed.ReadOnly() {
		t.Errorf("message %q, read-only %v", a.LastError(), a.Ed.ReadOnly())
	}
}

// 修改历史 lists the changes newest first; 恢复 brings back the state after
// the one selected (through the store) and reopens the draft. A 定稿
// report cannot be restored.
func TestHistoryDialog(t *testing.T) {
	a, ds, id := openTestDraft(t, nil)
	at := time.Date(2024, 2, 1, 10, 0, 0, 0, time.Local)
	ds.history[id] = []Revision{
		{Seq: 1, Time: at, Author: "张三", What: "表三·自然人：12 → 15"},
		{Seq: 2, Time: at.Add(time.Hour), Author: "李四", What: "基本信息·单位名称"},
	}
	a.historyDialog()
	got := topDialog(a.Win)
	if !strings.Contains(got, "共 2 条修改记录") {
		t.Fatalf("history says:\n%s", got)
	}
	first := strings.Index(got, "李四  基本信息")
	second := strings.Index(got, "张三  表三")
	if first < 0 || second < 0 || first > second {
		t.Errorf("not newest first:\n%s", got)
	}
	restore := button(t, a.Win, "恢复到所选修改之后的状态")
	test.Tap(restore) // nothing selected: nothing done
	if len(ds.restored) != 0 {
		t.Fatal("restored with nothing selected")
	}
	for _, o := range test.LaidOutObjects(a.Win.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.List); ok {
			l.Select(1) // 张三's change
		}
	}
	old := ds.open
	test.Tap(restore)
	if len(ds.restored) != 1 || ds.restored[0] != 1 || !old.closed || ds.open == old || a.Ed == nil {
		t.Errorf("restored %v, closed %v, reopened %v", ds.restored, old.closed, ds.open != old)
	}

	ds.entries[0].info.Final = true
	a.reopen()
	a.historyDialog()
	if !button(t, a.Win, "恢复到所选修改之后的状态").Disabled() {
		t.Error("恢复 offered on a 定稿 report")
	}
	closeDialogs(a.Win)
	ds.fail["History"] = errors.New("无法读取修改历史")
	a.historyDialog()
	if a.LastError() != "无法读取修改历史" {
		t.Errorf("message %q", a.LastError())
	}
}

// 检查勾稽关系 counts the problems and says what to do; 转到下一个问题 goes
// through the findings in the panel's order, round again at the end.
func TestCheckNowAndNextProblem(t *testing.T) {
	a, _, _ := openTestDraft(t, nil)
	a.CheckNow()
	if got := topDialog(a.Win); !strings.Contains(got, "0 个错误，0 个警告，0 个提示。") || !strings.Contains(got, "勾稽关系全部相符") {
		t.Errorf("clean report:\n%s", got)
	}
	pressDialog(a.Win, fyne.KeyReturn)
	a.nextProblem() // nothing to go to
	a.Ed.TypeCell("t3.granted.natural", "360")
	a.CheckNow()
	if got := topDialog(a.Win); !strings.Contains(got, "1 个错误，1 个警告") || !strings.Contains(got, "逐条改正") {
		t.Errorf("with an error:\n%s", got)
	}
	pressDialog(a.Win, fyne.KeyReturn)
	// Each goes to its place: a cell, or the sentence of the text.
	fs := a.Ed.Result().Findings
	for i := range len(fs) + 1 {
		a.nextProblem()
		f := fs[i%len(fs)]
		if e := a.Ed.Narrative[f.Narrative]; e != nil {
			if a.Win.Canvas().Focused() != e {
				t.Errorf("step %d: %s, the text %q has not the focus", i, f.Rule, f.Narrative)
			}
		} else if a.Ed.Selected() != f.Cells[0] {
			t.Errorf("step %d on %q, want %q (%s)", i, a.Ed.Selected(), f.Cells[0], f.Rule)
		}
	}
}

// Ctrl+Z / Ctrl+Y from the menu undo and redo the report's edits (and the
// undo is saved); in a dialog's field they go to the field.
func TestMenuUndoRedo(t *testing.T) {
	a, ds, _ := openTestDraft(t, nil)
	was := a.Ed.Report().Text("t3.granted.natural")
	a.Ed.TypeCell("t3.granted.natural", "400")
	a.undoRedo(false)
	if a.Ed.Shown("t3.granted.natural") != was || ds.entries[0].report.Text("t3.granted.natural") != was {
		t.Errorf("after 撤销: shown %q, saved %q, want %q", a.Ed.Shown("t3.granted.natural"), ds.entries[0].report.Text("t3.granted.natural"), was)
	}
	a.undoRedo(true)
	if a.Ed.Shown("t3.granted.natural") != "400" || ds.entries[0].report.Text("t3.granted.natural") != "400" {
		t.Errorf("after 重做: shown %q", a.Ed.Shown("t3.granted.natural"))
	}
	a.unlockDialog() // not final: nothing
	a.NewDraftDialog()
	field := a.Win.Canvas().Focused().(*keyEntry)
	test.Type(field, "丙局")
	a.undoRedo(false)
	if a.Ed.Shown("t3.granted.natural") != "400" {
		t.Error("Ctrl+Z in a dialog's field undid the report")
	}
}

// 导出Excel offers the report's name and writes it where chosen; without
// a report open it says to open one; a failed write is told. 备份数据文件到…
// hands the chosen path to the store.
func TestExportAndBackupDialogs(t *testing.T) {
	x := newFakeExcel()
	a, ds, _ := openTestDraft(t, x)
	dir := t.TempDir()
	lastDirs[a.Win] = dir
	t.Cleanup(func() { delete(lastDirs, a.Win) })
	a.exportDialog()
	name := saveIn(t, a.Win)
	path := filepath.Join(dir, "甲局2023年度政府信息公开工作年度报告.xlsx")
	if name != filepath.Base(path) || x.exported[path] == nil {
		t.Fatalf("offered %q, exported %v", name, x.exported)
	}
	if x.exported[path].Text("t3.granted.natural") != a.Ed.Report().Text("t3.granted.natural") {
		t.Error("exported another report")
	}
	if a.Ed.Status.Text != "已导出："+path {
		t.Errorf("status %q", a.Ed.Status.Text)
	}
	x.fail[path] = errors.New("文件被 Excel 占用")
	a.exportDialog()
	saveIn(t, a.Win)
	pressDialog(a.Win, fyne.KeyReturn) // 替换 the file already there
	if a.LastError() != "文件被 Excel 占用" {
		t.Errorf("message %q", a.LastError())
	}
	closeDialogs(a.Win)

	// 备份数据文件到… hands the chosen path to the store and says where.
	a.backupDialog()
	name = saveIn(t, a.Win)
	if !strings.HasPrefix(name, "年报数据备份-") || len(ds.backups) != 1 || ds.backups[0] != filepath.Join(dir, name) {
		t.Fatalf("offered %q, backups %v", name, ds.backups)
	}
	if !strings.Contains(topDialog(a.Win), "已备份到："+ds.backups[0]) {
		t.Errorf("says:\n%s", topDialog(a.Win))
	}
	closeDialogs(a.Win)
	a.showHome()
	a.exportDialog()
	if !strings.Contains(topDialog(a.Win), "请先打开一份报告") {
		t.Errorf("with no report:\n%s", topDialog(a.Win))
	}
}

// 发布网页 first lists what would be wrong on the page (a sentence of the
// text that disagrees with the tables); 返回修改 writes nothing, 仍然生成
// writes it; a clean report is written at once.
func TestPublishDialog(t *testing.T) {
	a, _, _ := openTestDraft(t, nil)
	a.publishDialog()
	if !strings.Contains(topDialog(a.Win), "请先打开一份报告") {
		t.Fatalf("without Publish:\n%s", topDialog(a.Win))
	}
	closeDialogs(a.Win)

	var wrote []string
	a.deps.Publish = func(path string, r *model.Report) error {
		wrote = append(wrote, path)
		return nil
	}
	dir := t.TempDir()
	lastDirs[a.Win] = dir
	t.Cleanup(func() { delete(lastDirs, a.Win) })
	a.publishDialog()
	saveIn(t, a.Win)
	page := filepath.Join(dir, "甲局2023年度政府信息公开工作年度报告.html")
	if len(wrote) != 1 || wrote[0] != page || a.Ed.Status.Text != "已生成网页："+page {
		t.Fatalf("wrote %v, status %q", wrote, a.Ed.Status.Text)
	}

	a.Ed.TypeCell("t3.granted.natural", "360") // the text's 543 no longer matches
	a.publishDialog()
	got := topDialog(a.Win)
	if !strings.Contains(got, "网页上会有 2 处与表格不符或有错误") || !strings.Contains(got, "予以公开和部分公开543件") {
		t.Fatalf("warns:\n%s", got)
	}
	pressDialog(a.Win, fyne.KeyReturn) // Enter goes back too
	if len(wrote) != 1 || a.Win.Canvas().Overlays().Top() != nil {
		t.Fatalf("wrote %v after 返回修改", wrote)
	}
	a.publishDialog()
	test.Tap(button(t, a.Win, "仍然生成网页…"))
	saveIn(t, a.Win)
	pressDialog(a.Win, fyne.KeyReturn) // 替换
	if len(wrote) != 2 {
		t.Errorf("wrote %v after 仍然生成网页", wrote)
	}
}

// The menus carry the shortcuts the key help lists; 打开日志文件夹 is
// there only with a log folder.
func TestMenuShortcuts(t *testing.T) {
	a := newTestApp(t, newMemDrafts(), nil)
	keys := map[string]fyne.KeyName{}
	var labels []string
	for _, m := range a.menu().Items {
		for _, it := range m.Items {
			labels = append(labels, it.Label)
			if sc, ok := it.Shortcut.(interface{ Key() fyne.KeyName }); ok {
				keys[it.Label] = sc.Key()
			}
		}
	}
	a.keysHelp()
	help := topDialog(a.Win)
	for label, k := range keys {
		if !strings.Contains(help, "Ctrl+"+string(k)) {
			t.Errorf("%s has Ctrl+%s, which the key help does not list", label, k)
		}
	}
	if len(keys) < 8 || strings.Contains(strings.Join(labels, " "), "打开日志文件夹") {
		t.Errorf("shortcuts %v, items %v", keys, labels)
	}
	a.deps.LogFolder = t.TempDir()
	found := false
	for _, it := range a.menu().Items[3].Items {
		found = found || it.Label == "打开日志文件夹"
	}
	if !found {
		t.Error("no 打开日志文件夹 with a log folder")
	}
}

// 转到下一个问题 goes on from a problem in the text to the one after it,
// not back to the first (a sentence has no cell to find it by).
func TestNextProblemFromText(t *testing.T) {
	a, _, _ := openTestDraft(t, nil)
	a.Ed.Narrative["overview"].SetText("本年度共收到政府信息公开申请999件。")
	a.Ed.Narrative["problems"].SetText("全年办理行政复议888件。")
	a.Ed.TypeCell("t3.granted.natural", "360")
	fs := a.Ed.Result().Findings
	texts := 0
	for _, f := range fs {
		if f.Narrative != "" {
			texts++
		}
	}
	if texts < 2 || len(fs) < 3 {
		t.Fatalf("want two problems in the text and one in the tables, got %d of %d: %v", texts, len(fs), fs)
	}
	for i := range 2*len(fs) + 1 {
		a.nextProblem()
		f := fs[i%len(fs)]
		if !a.stillAt(f) {
			t.Fatalf("step %d: not at %s %s (%q)", i, f.Rule, f.Key, f.Narrative)
		}
	}
}
