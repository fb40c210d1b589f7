package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/docx/docxtest"
	"nianbao/store/xlsx"
)

// The 汇总 window treats a folder as `nianbao merge` does: a roll-up this
// program wrote is listed and not counted unless 计入下级汇总表 is ticked,
// the files not read are listed with why, the roll-up it exports (and a
// draft made from it) is marked, and it will not export over an input.
func TestMergeWindowRollupsAndSkippedFiles(t *testing.T) {
	db, dir := testDB(t)
	unit := func(name string, n string) *model.Report {
		r := model.NewReport(model.TemplateForYear(2023))
		r.Meta = model.Meta{Unit: name, Year: 2023}
		withCell(t, r, "t3.new_received.natural", n)
		withCell(t, r, "t3.granted.natural", n)
		return r
	}
	units := filepath.Join(dir, "各单位")
	os.MkdirAll(units, 0o700)
	for name, n := range map[string]string{"甲局": "1", "乙局": "2"} {
		if err := xlsx.WriteFile(filepath.Join(units, name+".xlsx"), unit(name, n), xlsx.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	// A county's roll-up of 丙局 and 丁局, as its 导出汇总Excel wrote it.
	county, err := model.MergeReports([]model.MergeInput{{Source: "丙局.xlsx", Report: unit("丙局", "4")},
		{Source: "丁局.xlsx", Report: unit("丁局", "8")}}, model.MergeOptions{Unit: "某县"})
	if err != nil {
		t.Fatal(err)
	}
	if err := (excel{"test"}).ExportMerge(filepath.Join(units, "某县汇总.xlsx"), county.Report, county); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"旧表.xls", "~$甲局.xlsx"} {
		os.WriteFile(filepath.Join(units, name), []byte("x"), 0o600)
	}
	os.WriteFile(filepath.Join(units, "说明.docx"), docxtest.Build(docxtest.P("关于报送年度报告的说明")), 0o600)

	a := testApp(t, db, excel{"test"})
	m := a.ShowMerge()
	m.AddFolder(units)
	m.Wait()
	mg := m.Merge
	if mg == nil || mg.Included != 2 || mg.Report.Value("t3.new_received.natural").Units() != 3 {
		t.Fatalf("merge %+v: want 甲局 and 乙局 only", mg)
	}
	rows, _ := m.Table.Length()
	if rows != 3+3 {
		t.Errorf("%d rows, want 3 reports and 3 files not read", rows)
	}
	var texts []string
	for r := range rows {
		texts = append(texts, m.CellText(r, "来源")+" | "+m.CellText(r, "状态"))
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		"某县汇总.xlsx | 汇总表，不计入：这是本程序生成的汇总表（含2个单位），不计入",
		"旧表.xls | 未读取：旧版 Excel 格式（.xls），请用 Excel 或 WPS 另存为 .xlsx 后再汇总",
		"说明.docx | 未读取：其中没有年度报告的表格（说明、报送函等），未计入",
		"各单位 | 未读取：1个临时或隐藏文件",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("list lacks %q:\n%s", want, all)
		}
	}
	for _, want := range []string{"共2份报告，计入2份", "1份是本程序生成的汇总表，不计入", "文件夹中有3项未读取", "1个表格文件须用 Excel 或 WPS 另存为 .xlsx"} {
		if !strings.Contains(m.Summary.Text, want) {
			t.Errorf("summary lacks %q: %s", want, m.Summary.Text)
		}
	}

	// Ticked: the county's roll-up counts, its units are in the mark.
	m.Rollups.SetChecked(true)
	if mg := m.Merge; mg.Included != 3 || mg.Report.Value("t3.new_received.natural").Units() != 15 {
		t.Fatalf("with roll-ups: included %d, 新收 %d", mg.Included, mg.Report.Value("t3.new_received.natural").Units())
	}
	m.Unit.SetText("某市")

	// Not over an input, not into the folder rolled up.
	jia := filepath.Join(units, "甲局.xlsx")
	before, _ := os.ReadFile(jia)
	if err := m.ExportTo(jia); err == nil || !strings.Contains(err.Error(), "在要汇总的文件夹") {
		t.Errorf("export over an input: %v", err)
	}
	if now, _ := os.ReadFile(jia); !bytes.Equal(now, before) {
		t.Fatal("an input was overwritten")
	}
	out := filepath.Join(dir, "某市汇总.xlsx")
	if err := m.ExportTo(out); err != nil {
		t.Fatal(err)
	}
	_, info, err := xlsx.ImportFile(out, xlsx.ImportOptions{})
	if err != nil || info.Rollup == nil || len(info.Rollup.Units) != 4 {
		t.Fatalf("exported roll-up: %v, mark %+v", err, info)
	}

	// A draft made from the roll-up keeps the mark in the database, and its
	// export (the main window's 导出Excel) is marked too.
	m.CreateDraft()
	infos, _ := db.List()
	var id string
	for _, d := range infos {
		if d.Unit == "某市" {
			id = d.ID
		}
	}
	stored, _, err := db.Load(id)
	if err != nil || stored.Rollup == nil || len(stored.Rollup.Units) != 4 {
		t.Fatalf("stored roll-up draft: %v, mark %+v", err, stored)
	}
	again := filepath.Join(dir, "草稿导出.xlsx")
	if err := (excel{"test"}).Export(again, stored); err != nil {
		t.Fatal(err)
	}
	if _, info, err := xlsx.ImportFile(again, xlsx.ImportOptions{}); err != nil || !info.Rollup.Equal(stored.Rollup) {
		t.Errorf("export of the draft: %v, mark %+v", err, info.Rollup)
	}

	// The exported roll-up added as an input: now it cannot be written over.
	m.AddFiles([]string{out})
	m.Wait()
	if err := m.ExportTo(out); err == nil || !strings.Contains(err.Error(), "就是要汇总的文件") {
		t.Errorf("export over an added file: %v", err)
	}
	a.Quit()
}
