package ui

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// mergeFixture is the App with three units' reports of 2023 — 甲局 and 乙局
// as drafts (乙局's 表三 with an error), 丙局 as a workbook — a 2022 one,
// a damaged workbook, and the 汇总 window open.
func mergeFixture(t *testing.T) (*App, *MergeView, *memDrafts, *fakeExcel, []string) {
	t.Helper()
	ds := newMemDrafts()
	jia := ds.add(draftReport(t, "甲局", 2023), false)
	bad := draftReport(t, "乙局", 2023)
	if err := bad.Set("t3.granted.natural", "360"); err != nil {
		t.Fatal(err)
	}
	yi := ds.add(bad, true)
	old := ds.add(draftReport(t, "丁局", 2022), false)
	x := newFakeExcel()
	x.files["/收件/丙局.xlsx"] = draftReport(t, "丙局", 2023)
	x.fail["/收件/坏.xlsx"] = errors.New("无法读取“坏.xlsx”：文件已损坏")
	a := newTestApp(t, ds, x)
	m := a.ShowMerge()
	t.Cleanup(func() { closeIfOpen(a, m.Win) })
	return a, m, ds, x, []string{jia, yi, old}
}

func value(t *testing.T, r *model.Report, id model.CellID) int {
	t.Helper()
	n, err := strconv.Atoi(r.Text(id))
	if err != nil {
		t.Fatalf("%s = %q", id, r.Text(id))
	}
	return n
}

// Drafts and workbooks are summed; units with errors come first, a file
// that cannot be read and a report of another year are listed but not
// counted, and the same input is never taken twice. Clicking a unit lists
// its own problems; 从汇总中移除 takes it out.
func TestMergeSumsAndLists(t *testing.T) {
	_, m, _, _, ids := mergeFixture(t)
	if !m.Create.Disabled() || !m.Export.Disabled() || !strings.HasPrefix(m.Summary.Text, "请添加要汇总的报告") {
		t.Fatalf("empty window: create on %v, summary %q", !m.Create.Disabled(), m.Summary.Text)
	}
	m.AddDrafts(ids)
	m.AddDrafts(ids[:1]) // again: ignored
	m.AddFiles([]string{"/收件/丙局.xlsx", "/收件/坏.xlsx", "/收件/丙局.xlsx"})
	m.Wait()
	if len(m.Sources) != 5 || len(m.Merge.Units) != 5 {
		t.Fatalf("%d sources, %d units", len(m.Sources), len(m.Merge.Units))
	}
	for _, want := range []string{"共5份报告，计入3份（2023年度", "1个单位的表格有错误，列在最前面", "1个文件无法读取", "2份未计入"} {
		if !strings.Contains(m.Summary.Text, want) {
			t.Errorf("summary lacks %q:\n%s", want, m.Summary.Text)
		}
	}
	if m.Summary.Importance != widget.WarningImportance {
		t.Error("the summary of a roll-up with errors is not marked")
	}
	if m.CellText(0, "单位") != "乙局" || !strings.HasPrefix(m.CellText(0, "检查"), "1个错误") {
		t.Errorf("first row %q %q", m.CellText(0, "单位"), m.CellText(0, "检查"))
	}
	rows := map[string]int{}
	for i := range m.Merge.Units {
		rows[m.CellText(i, "来源")] = i
	}
	for _, tc := range []struct{ source, col, want string }{
		{"坏.xlsx", "检查", "—"},
		{"坏.xlsx", "状态", "无法读取：无法读取“坏.xlsx”：文件已损坏"},
		{"坏.xlsx", "新收", ""},
		{"草稿：丁局 2022年度", "状态", "年度不同，未计入：报告年度为2022年度，汇总的是2023年度"},
		{"草稿：丁局 2022年度", "年度", "2022"},
		{"草稿：甲局 2023年度", "检查", "无问题"},
		{"草稿：甲局 2023年度", "状态", "已计入"},
		{"丙局.xlsx", "单位", "丙局"},
	} {
		i, ok := rows[tc.source]
		if !ok {
			t.Errorf("no row from %s (rows %v)", tc.source, rows)
			continue
		}
		if got := m.CellText(i, tc.col); got != tc.want {
			t.Errorf("%s · %s = %q, want %q", tc.source, tc.col, got, tc.want)
		}
	}
	if m.CellText(0, "没有这一列") != "" {
		t.Error("an unknown column has text")
	}
	// The sum is of the three counted units.
	id := model.CellID("t3.new_received.natural")
	r := m.Merge.Report
	var want int
	for _, s := range m.Sources[:2] {
		want += value(t, s.report, id)
	}
	want += value(t, m.Sources[3].report, id)
	if got := value(t, r, id); got != want {
		t.Errorf("新收·自然人 %d, want %d", got, want)
	}
	if m.Create.Disabled() || m.Export.Disabled() {
		t.Error("生成 or 导出 off with reports counted")
	}

	// Clicking a unit lists its own problems; 从汇总中移除 takes it out.
	m.Table.OnSelected(widget.TableCellID{Row: 0, Col: 3}) // 乙局, with the error
	got := topDialog(m.Win)
	if !strings.Contains(got, "来源：草稿：乙局 2023年度") || !strings.Contains(got, "该单位报告的检查结果") || !strings.Contains(got, "相差3") {
		t.Fatalf("unit details:\n%s", got)
	}
	test.Tap(button(t, m.Win, "从汇总中移除"))
	if len(m.Sources) != 4 || m.CellText(0, "单位") == "乙局" || strings.Contains(m.Summary.Text, "错误，列在最前面") {
		t.Errorf("after removing: %d sources, first %q", len(m.Sources), m.CellText(0, "单位"))
	}
}

// 导出汇总Excel writes the roll-up and its breakdown, never over one of
// the files being rolled up; 生成汇总草稿 makes it a draft, opened; both
// need the roll-up's unit first.
func TestMergeExportAndCreate(t *testing.T) {
	a, m, ds, x, ids := mergeFixture(t)
	if err := m.ExportTo("/发出/汇总.xlsx"); err == nil || err.Error() != "请填写汇总单位名称。" {
		t.Fatalf("no unit: %v", err)
	}
	m.Unit.SetText("某县")
	if err := m.ExportTo("/发出/汇总.xlsx"); err == nil || err.Error() != "没有可以汇总的报告。" {
		t.Fatalf("nothing added: %v", err)
	}
	m.AddDrafts(ids[:1])
	m.AddFiles([]string{"/收件/丙局.xlsx"})
	m.Wait()
	if err := m.ExportTo("/收件/丙局.xlsx"); err == nil || !strings.Contains(err.Error(), "不能写入正在汇总的文件") || x.exported["/收件/丙局.xlsx"] != nil {
		t.Fatalf("over an input: %v", err)
	}
	x.fail["/发出/坏.xlsx"] = errors.New("磁盘已满")
	if err := m.ExportTo("/发出/坏.xlsx"); err == nil || err.Error() != "磁盘已满" {
		t.Errorf("failed write: %v", err)
	}
	dir := t.TempDir()
	lastDirs[m.Win] = dir
	t.Cleanup(func() { delete(lastDirs, m.Win) })
	m.exportDialog()
	name := saveIn(t, m.Win)
	path := filepath.Join(dir, name)
	if name != "某县2023年度政府信息公开工作年度报告（汇总）.xlsx" || x.exported[path] == nil || x.merged[path] != m.Merge {
		t.Fatalf("offered %q, exported %v", name, x.exported)
	}
	if x.exported[path].Meta.Unit != "某县" || !strings.Contains(topDialog(m.Win), "已导出（含“分单位情况”工作表）") {
		t.Errorf("unit %q, says:\n%s", x.exported[path].Meta.Unit, topDialog(m.Win))
	}
	closeDialogs(m.Win)
	m.Unit.SetText("")
	m.exportDialog()
	if !strings.Contains(topDialog(m.Win), "请填写汇总单位名称") {
		t.Errorf("no unit:\n%s", topDialog(m.Win))
	}
	closeDialogs(m.Win)

	// 生成汇总草稿 needs the unit too; it then stores the sum as a new
	// draft, opens it in the main window and closes the 汇总 window.
	m.CreateDraft()
	if !strings.Contains(topDialog(m.Win), "请填写汇总单位名称") || len(ds.entries) != 3 {
		t.Fatalf("without a unit:\n%s", topDialog(m.Win))
	}
	closeDialogs(m.Win)
	m.Unit.SetText(" 某县（全县汇总） ")
	ds.fail["CreateFrom"] = errors.New("数据文件只读")
	m.CreateDraft()
	if !strings.Contains(topDialog(m.Win), "数据文件只读") {
		t.Fatalf("store refused:\n%s", topDialog(m.Win))
	}
	closeDialogs(m.Win)
	delete(ds.fail, "CreateFrom")
	m.CreateDraft()
	if a.Ed == nil || a.Ed.Report().Meta.Unit != "某县（全县汇总）" || len(ds.entries) != 4 {
		t.Fatalf("editor %v, drafts %d", a.Ed != nil, len(ds.entries))
	}
	if a.Ed.Status.Text != "已生成汇总草稿：2份报告逐格相加，合计自动计算；文字部分请另行撰写。" {
		t.Errorf("status %q", a.Ed.Status.Text)
	}
	id := model.CellID("t3.new_received.natural")
	if got, want := value(t, ds.entries[3].report, id), value(t, m.Sources[0].report, id)+value(t, m.Sources[1].report, id); got != want {
		t.Errorf("saved 新收·自然人 %d, want %d", got, want)
	}
}

// A folder adds its report files; the files it does not read are listed
// after the units with why (a spreadsheet to save as .xlsx marked), and
// clicking one says so. 清空 starts again. 添加草稿… offers the drafts not
// yet added.
func TestMergeFolderDraftsAndClear(t *testing.T) {
	_, m, ds, x, ids := mergeFixture(t)
	x.folder["/收件"] = []string{"/收件/丙局.xlsx"}
	x.skipped["/收件"] = []SkippedFile{
		{Path: "/收件/戊局.xls", Reason: "旧版 Excel 文件", Convert: true},
		{Path: "/收件/说明.docx", Reason: "不是年报文件"},
	}
	m.AddFolder("/空")
	if !strings.Contains(topDialog(m.Win), "文件夹“/空”中没有年报文件（.xlsx、.docx、.html、.json）") {
		t.Errorf("empty folder:\n%s", topDialog(m.Win))
	}
	closeDialogs(m.Win)
	m.AddFolder("/收件")
	m.Wait()
	m.AddFolder("/收件") // again: its skipped files are not listed twice
	if len(m.Merge.Units) != 1 || len(m.Skipped) != 2 {
		t.Fatalf("units %d, skipped %d", len(m.Merge.Units), len(m.Skipped))
	}
	if !strings.Contains(m.Summary.Text, "文件夹中有2项未读取（列在最后），其中1个表格文件须用 Excel 或 WPS 另存为 .xlsx 后再汇总。") {
		t.Errorf("summary %q", m.Summary.Text)
	}
	if m.CellText(1, "来源") != "戊局.xls" || m.CellText(1, "状态") != "未读取：旧版 Excel 文件" || m.CellText(2, "单位") != "" {
		t.Errorf("skipped row %q %q", m.CellText(1, "来源"), m.CellText(1, "状态"))
	}
	if _, imp := m.cell(1, len(mergeCols)-1); imp != widget.WarningImportance {
		t.Error("a spreadsheet to convert is not marked")
	}
	if rows, cols := m.Table.Length(); rows != 3 || cols != len(mergeCols) {
		t.Errorf("table %d×%d", rows, cols)
	}
	m.Table.OnSelected(widget.TableCellID{Row: 2, Col: 0})
	if got := topDialog(m.Win); !strings.Contains(got, "/收件/说明.docx\n不是年报文件") {
		t.Errorf("clicking a skipped file:\n%s", got)
	}
	closeDialogs(m.Win)

	x.fail["/坏盘"] = errors.New("无法读取文件夹")
	m.AddFolder("/坏盘")
	if !strings.Contains(topDialog(m.Win), "无法读取文件夹") {
		t.Errorf("unreadable folder:\n%s", topDialog(m.Win))
	}
	closeDialogs(m.Win)

	m.Clear()
	if m.Merge != nil || len(m.Sources) != 0 || len(m.Skipped) != 0 || !m.Create.Disabled() || m.Summary.Text != "请添加要汇总的报告。" {
		t.Errorf("after 清空: merge %v, summary %q", m.Merge != nil, m.Summary.Text)
	}

	// 添加草稿… offers the drafts not yet added, the newest year first
	// and 定稿 marked; 全选 and 添加 add them all.
	m.AddDrafts(ids[:1])
	m.chooseDrafts()
	var group *widget.CheckGroup
	for _, o := range test.LaidOutObjects(m.Win.Canvas().Overlays().Top()) {
		if g, ok := o.(*widget.CheckGroup); ok {
			group = g
		}
	}
	if group == nil {
		t.Fatalf("no check boxes:\n%s", topDialog(m.Win))
	}
	if strings.Join(group.Options, "|") != "乙局 2023年度（已定稿）|丁局 2022年度" {
		t.Fatalf("offered %q", group.Options)
	}
	test.Tap(button(t, m.Win, "全选"))
	test.Tap(button(t, m.Win, "添加"))
	if len(m.Sources) != 3 {
		t.Fatalf("%d sources after 添加", len(m.Sources))
	}
	m.chooseDrafts()
	if !strings.Contains(topDialog(m.Win), "数据文件中没有可添加的草稿") {
		t.Errorf("all added:\n%s", topDialog(m.Win))
	}
	closeDialogs(m.Win)
	ds.fail["List"] = errors.New("数据文件已损坏")
	m.chooseDrafts()
	if !strings.Contains(topDialog(m.Win), "数据文件已损坏") {
		t.Errorf("list failed:\n%s", topDialog(m.Win))
	}
}

// A roll-up this program wrote is not counted unless 计入下级汇总表 is
// ticked (as merge --include-rollups).
func TestMergeRollupsOptIn(t *testing.T) {
	_, m, ds, _, ids := mergeFixture(t)
	in := []model.MergeInput{{Source: "a", Report: draftReport(t, "戊乡", 2023)}, {Source: "b", Report: draftReport(t, "己乡", 2023)}}
	sub, err := model.MergeReports(in, model.MergeOptions{Unit: "某镇"})
	if err != nil {
		t.Fatal(err)
	}
	rollup := ds.add(sub.Report, false)
	m.AddDrafts([]string{ids[0], rollup})
	row := 0
	for i := range m.Merge.Units {
		if strings.Contains(m.CellText(i, "来源"), "某镇") {
			row = i
		}
	}
	if !strings.HasPrefix(m.CellText(row, "状态"), "汇总表，不计入") || m.Merge.Included != 1 || !strings.Contains(m.Summary.Text, "1份是本程序生成的汇总表") {
		t.Fatalf("status %q, included %d, summary %q", m.CellText(row, "状态"), m.Merge.Included, m.Summary.Text)
	}
	m.Rollups.SetChecked(true)
	if m.Merge.Included != 2 {
		t.Errorf("with 计入下级汇总表: %d counted (%q)", m.Merge.Included, m.CellText(row, "状态"))
	}
}
