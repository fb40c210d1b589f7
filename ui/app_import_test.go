package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// 导入Excel: a complete file becomes a new draft, opened, with what the
// importer noticed shown in a dialog; a file that cannot be read, or a
// draft that cannot be stored, is told and makes nothing.
func TestImportFile(t *testing.T) {
	x := newFakeExcel()
	x.files["/收件/甲局.xlsx"] = draftReport(t, "甲局", 2023)
	x.notes["/收件/甲局.xlsx"] = []string{"表三·总计按各项之和填写"}
	x.fail["/收件/坏.xlsx"] = errors.New("无法读取“坏.xlsx”：文件已损坏")
	ds := newMemDrafts()
	a := newTestApp(t, ds, x)

	a.ImportFile("/收件/坏.xlsx")
	if a.LastError() != "无法读取“坏.xlsx”：文件已损坏" || len(ds.entries) != 0 {
		t.Fatalf("message %q, drafts %d", a.LastError(), len(ds.entries))
	}
	closeDialogs(a.Win)
	a.ImportFile("/收件/甲局.xlsx")
	if len(ds.entries) != 1 || a.Ed == nil || ds.entries[0].report.Meta.Unit != "甲局" {
		t.Fatalf("drafts %d, editor %v", len(ds.entries), a.Ed != nil)
	}
	if got := topDialog(a.Win); !strings.Contains(got, "导入说明：甲局.xlsx") || !strings.Contains(got, "表三·总计按各项之和填写") {
		t.Errorf("notes dialog:\n%s", got)
	}
	if a.Ed.Status.Text != "已导入 甲局.xlsx，有1条说明。" || len(a.ImportNotes) != 1 {
		t.Errorf("status %q, notes %v", a.Ed.Status.Text, a.ImportNotes)
	}

	ds.fail["CreateFrom"] = errors.New("数据文件只读")
	closeDialogs(a.Win)
	a.showHome()
	a.ImportFile("/收件/甲局.xlsx")
	if a.Ed != nil || a.LastError() != "数据文件只读" {
		t.Errorf("editor %v, message %q", a.Ed != nil, a.LastError())
	}
}

// A file that names no unit or year asks for them, prefilled with what
// it has; the draft is made with what is typed, and the importer's notes
// on what was missing give way to one saying what was filled in. A year
// that is not one is not submitted (the question stays); 取消 makes
// nothing.
func TestImportAsksUnitAndYear(t *testing.T) {
	x := newFakeExcel()
	x.notes["/收件/无名.xlsx"] = []string{"没有找到单位名称，请在基本信息中填写。", "没有找到报告年度，请在基本信息中填写。", "表二按文字识别"}
	ds := newMemDrafts()
	a := newTestApp(t, ds, x)
	for _, tc := range []struct {
		name       string
		unit       string
		year       int
		typeUnit   string
		typeYear   string
		cancel     bool
		wantAsk    string
		wantUnit   string
		wantYear   int
		wantErr    string
		wantFilled string
	}{
		{name: "both missing", typeUnit: " 乙局 ", typeYear: "2023", wantAsk: "没有找到单位名称和报告年度",
			wantUnit: "乙局", wantYear: 2023, wantFilled: "单位名称、报告年度按填写取为“乙局 2023年度”。"},
		{name: "year missing", unit: "丙局", typeYear: "２０２２", wantAsk: "没有找到报告年度",
			wantUnit: "丙局", wantYear: 2022, wantFilled: "报告年度按填写取为“丙局 2022年度”。"},
		{name: "bad year", unit: "丙局", typeYear: "去年", wantErr: "still asking"},
		{name: "cancelled", unit: "丙局", typeYear: "2022", cancel: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			closeDialogs(a.Win)
			a.showHome()
			before := len(ds.entries)
			x.files["/收件/无名.xlsx"] = draftReport(t, tc.unit, tc.year)
			a.ImportFile("/收件/无名.xlsx")
			ask := a.Asking
			if ask == nil || a.Ed != nil {
				t.Fatalf("not asked (editor %v)", a.Ed != nil)
			}
			if got := topDialog(a.Win); !strings.Contains(got, "文件“无名.xlsx”中"+tc.wantAsk) && tc.wantAsk != "" {
				t.Errorf("asks:\n%s", got)
			}
			if ask.Unit.Text != tc.unit || a.Win.Canvas().Focused() != ask.Unit {
				t.Errorf("unit prefilled %q, focus %T", ask.Unit.Text, a.Win.Canvas().Focused())
			}
			if tc.typeUnit != "" {
				ask.Unit.SetText(tc.typeUnit)
			}
			ask.Year.SetText(tc.typeYear)
			key := fyne.KeyReturn
			if tc.cancel {
				key = fyne.KeyEscape
			}
			ask.Year.TypedKey(&fyne.KeyEvent{Name: key})
			if a.Asking != nil && !tc.cancel && tc.wantErr == "" {
				t.Error("the question is still held after it was answered")
			}
			if tc.cancel || tc.wantErr != "" {
				if len(ds.entries) != before || a.Ed != nil {
					t.Errorf("made a draft (message %q)", a.LastError())
				}
				if open := a.Win.Canvas().Overlays().Top() != nil; open != (tc.wantErr != "") || (a.Asking != nil) != open {
					t.Errorf("question open %v, held %v", open, a.Asking != nil)
				}
				return
			}
			if len(ds.entries) != before+1 || a.Ed == nil {
				t.Fatalf("drafts %d (message %q)", len(ds.entries), a.LastError())
			}
			if m := ds.entries[before].report.Meta; m.Unit != tc.wantUnit || m.Year != tc.wantYear {
				t.Errorf("draft of %q %d", m.Unit, m.Year)
			}
			notes := strings.Join(a.ImportNotes, "\n")
			if strings.Contains(notes, "没有找到") || !strings.Contains(notes, "表二按文字识别") || !strings.Contains(notes, tc.wantFilled) {
				t.Errorf("notes:\n%s", notes)
			}
		})
	}
}

// 以去年的Excel为底稿: next year's draft from last year's workbook, opened
// and compared with it; a workbook that cannot be read is told.
func TestFromLastYearFile(t *testing.T) {
	x := newFakeExcel()
	last := draftReport(t, "甲局", 2022)
	x.files["/收件/甲局2022.xlsx"] = last
	x.fail["/收件/坏.xlsx"] = errors.New("文件已损坏")
	ds := newMemDrafts()
	a := newTestApp(t, ds, x)
	a.FromLastYearFile("/收件/坏.xlsx")
	if a.LastError() != "文件已损坏" || len(ds.entries) != 0 {
		t.Fatalf("message %q", a.LastError())
	}
	closeDialogs(a.Win)
	a.FromLastYearFile("/收件/甲局2022.xlsx")
	if a.Ed == nil || len(ds.entries) != 1 {
		t.Fatalf("nothing opened (message %q)", a.LastError())
	}
	r := a.Ed.Report()
	if r.Meta.Unit != "甲局" || r.Meta.Year != 2023 || r.Text("t3.carried_over.natural") != last.Text("t3.carry_forward.natural") {
		t.Errorf("made %q %d, 上年结转 %q", r.Meta.Unit, r.Meta.Year, r.Text("t3.carried_over.natural"))
	}
	if a.Ed.Prev() == nil || !a.Ed.Comparing() || !strings.HasPrefix(a.Ed.Status.Text, "已以 甲局2022.xlsx 为底稿新建2023年度报告") {
		t.Errorf("comparing %v, status %q", a.Ed.Comparing(), a.Ed.Status.Text)
	}
	if got, want := a.Ed.PrevShown("t3.new_received.natural"), "上年 "+last.Text("t3.new_received.natural"); got != want {
		t.Errorf("cell shows %q, want %q", got, want)
	}
}

// Last year's report from a workbook: a report of another year or unit
// is used, with the difference pointed out.
func TestUsePrevFileNotesMismatch(t *testing.T) {
	x := newFakeExcel()
	x.files["/收件/乙局2020.xlsx"] = draftReport(t, "乙局", 2020)
	x.fail["/收件/坏.xlsx"] = errors.New("文件已损坏")
	a, _, _ := openTestDraft(t, x)
	a.UsePrevFile("/收件/坏.xlsx")
	if a.LastError() != "文件已损坏" || a.Ed.Prev() != nil {
		t.Fatalf("message %q", a.LastError())
	}
	a.UsePrevFile("/收件/乙局2020.xlsx")
	st := a.Ed.Status.Text
	if a.Ed.Prev() == nil || !strings.Contains(st, "上年报告：乙局2020.xlsx") ||
		!strings.Contains(st, "注意：它是2020年度的，不是2022年度") || !strings.Contains(st, "单位名称与本报告不同（乙局）") {
		t.Errorf("status %q", st)
	}
}

// 选择上年报告 offers the earlier drafts, the likeliest first (the same
// unit the year before, then any unit that year, then older ones), never
// this one or a later one; choosing one compares with it; 不与上年对比
// drops it. 与上年对比 asks when there is none and otherwise toggles.
func TestChoosePrev(t *testing.T) {
	ds := newMemDrafts()
	id := ds.add(draftReport(t, "甲局", 2023), false)
	ds.add(draftReport(t, "甲局", 2021), false)
	ds.add(draftReport(t, "乙局", 2022), false)
	ds.add(draftReport(t, "甲局", 2022), false)
	ds.add(draftReport(t, "甲局", 2024), false)
	a := newTestApp(t, ds, nil)
	a.toggleCompare()
	if !strings.Contains(topDialog(a.Win), "请先打开一份报告") {
		t.Fatal("与上年对比 with no report open")
	}
	closeDialogs(a.Win)
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	// Opening found 甲局 2022 by itself; drop it to choose by hand.
	a.Ed.SetPrev(nil)
	a.toggleCompare() // no last year: asks
	list := dialogList(t, a.Win)
	var titles []string
	for i := range list.Length() {
		o := list.CreateItem()
		list.UpdateItem(i, o)
		titles = append(titles, o.(*widget.Label).Text)
	}
	if strings.Join(titles, "|") != "甲局 2022年度|乙局 2022年度|甲局 2021年度" {
		t.Fatalf("offered %q", titles)
	}
	if !button(t, a.Win, "从Excel文件读入…").Disabled() {
		t.Error("从Excel文件读入 offered without Excel")
	}
	list.Select(1)
	if a.Ed.Prev() == nil || a.Ed.Prev().Meta.Unit != "乙局" || !a.Ed.Comparing() {
		t.Fatalf("prev %v", a.Ed.Prev())
	}
	if st := a.Ed.Status.Text; !strings.HasPrefix(st, "上年报告：乙局 2022年度（草稿）") || !strings.Contains(st, "单位名称与本报告不同") {
		t.Errorf("status %q", st)
	}
	a.toggleCompare()
	if a.Ed.Comparing() || a.Ed.PrevShown("t3.new_received.natural") != "" {
		t.Error("与上年对比 did not hide last year's figures")
	}
	a.toggleCompare()
	if !a.Ed.Comparing() {
		t.Error("与上年对比 did not show them again")
	}
	a.choosePrev()
	test.Tap(button(t, a.Win, "不与上年对比"))
	if a.Ed.Prev() != nil || a.Ed.Comparing() || a.Ed.Status.Text != "已取消与上年对比。" {
		t.Errorf("prev %v, status %q", a.Ed.Prev() != nil, a.Ed.Status.Text)
	}
	// Chosen by hand: typing the unit no longer looks it up.
	a.Ed.Meta.Unit.SetText("甲局 ")
	if a.Ed.Prev() != nil {
		t.Error("a hand-made choice was overridden by the lookup")
	}
	ds.fail["Load"] = errors.New("草稿已损坏")
	a.choosePrev()
	dialogList(t, a.Win).Select(0)
	if a.LastError() != "草稿已损坏" {
		t.Errorf("message %q", a.LastError())
	}
}

// Typing 单位名称 and 报告年度 looks up that unit's report of the year
// before among the drafts, and compares with it; a unit with none drops
// the comparison.
func TestLastYearFollowsMeta(t *testing.T) {
	ds := newMemDrafts()
	id := ds.add(draftReport(t, "丙局", 2023), false)
	ds.add(draftReport(t, "丁局", 2022), false)
	a := newTestApp(t, ds, nil)
	if err := a.OpenDraft(id); err != nil {
		t.Fatal(err)
	}
	if a.Ed.Prev() != nil {
		t.Fatal("丙局 has no 2022 report")
	}
	a.Ed.Meta.Unit.SetText("丁局")
	if a.Ed.Prev() == nil || a.Ed.Prev().Meta.Unit != "丁局" {
		t.Fatal("丁局 2022 not found as 单位名称 was typed")
	}
	if ds.entries[0].report.Meta.Unit != "丁局" {
		t.Errorf("unit saved as %q", ds.entries[0].report.Meta.Unit)
	}
	a.Ed.Meta.Year.SetText("2025")
	if a.Ed.Prev() != nil {
		t.Error("a year with no report before it kept the comparison")
	}
}

// dialogList is the list of the window's topmost dialog.
func dialogList(t *testing.T, w fyne.Window) *widget.List {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if l, ok := o.(*widget.List); ok {
			return l
		}
	}
	t.Fatalf("no list in the dialog:\n%s", topDialog(w))
	return nil
}
