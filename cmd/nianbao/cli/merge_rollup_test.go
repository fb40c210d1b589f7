package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/docx/docxtest"
	"nianbao/store/reportfile"
	"nianbao/store/xlsx"
)

func seedValue(t *testing.T, id model.CellID) int64 {
	t.Helper()
	return seedReport(t).Value(id).Units()
}

func readBack(t *testing.T, path string) *model.Report {
	t.Helper()
	r, _, err := reportfile.Read(path, reportfile.Given{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func rollupUnits(r *model.Report) string {
	if r.Rollup == nil {
		return "<not a roll-up>"
	}
	var names []string
	for _, u := range r.Rollup.Units {
		names = append(names, u.Unit)
	}
	return strings.Join(names, " ")
}

// A roll-up the program wrote is marked; found among the inputs of the next
// roll-up it is listed as skipped and not counted, so rolling up the same
// folder again does not double the totals.
func TestMergeSkipsOwnRollup(t *testing.T) {
	dir := unitFiles(t, nil)
	outDir := t.TempDir()
	natural := seedValue(t, "t3.new_received.natural")
	for _, ext := range []string{".xlsx", ".json"} {
		out := filepath.Join(outDir, "汇总"+ext)
		if code, stdout, stderr := run(t, "merge", "-o", out, "--unit", "某市", dir); code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		r := readBack(t, out)
		if got := rollupUnits(r); got != "丙局 乙局 甲局" { // the files' order
			t.Errorf("%s marks units %q", ext, got)
		}
		// The clerk drops it into the folder and rolls up again.
		copyFile(t, out, filepath.Join(dir, "汇总"+ext))
	}
	out := filepath.Join(outDir, "再次汇总.xlsx")
	code, stdout, stderr := run(t, "merge", "-o", out, dir)
	if code != 0 {
		t.Errorf("exit %d, want 0 (a skipped roll-up is not a unit left out)\n%s\n%s", code, stdout, stderr)
	}
	for _, ext := range []string{".xlsx", ".json"} {
		want := "跳过 " + filepath.Join(dir, "汇总"+ext) + "：这是本程序生成的汇总表（含3个单位），不计入"
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stderr, "3 个单位计入（共 3 个；跳过 2 个汇总表）") || !strings.Contains(stdout, "汇总表，不计入") {
		t.Errorf("summary:\n%s\n%s", stdout, stderr)
	}
	r := readBack(t, out)
	if got := r.Value("t3.new_received.natural").Units(); got != 3*natural {
		t.Errorf("新收·自然人 = %d, want %d (three units, the roll-ups not counted)", got, 3*natural)
	}
	if got := rollupUnits(r); got != "丙局 乙局 甲局" {
		t.Errorf("second roll-up marks units %q", got)
	}

	// check says what it is.
	_, _, stderr = run(t, "check", filepath.Join(dir, "汇总.xlsx"))
	if !strings.Contains(stderr, "这是本程序生成的汇总表（含3个单位）") {
		t.Errorf("check does not say it is a roll-up:\n%s", stderr)
	}
	_, _, stderr = run(t, "check", filepath.Join(dir, "甲局.xlsx"))
	if strings.Contains(stderr, "汇总表") {
		t.Errorf("check calls a unit's report a roll-up:\n%s", stderr)
	}

	// Only roll-ups: nothing to count, exit 2, and the way out is named.
	only := filepath.Join(dir, "汇总.xlsx")
	code, _, stderr = run(t, "merge", "-o", filepath.Join(outDir, "x.xlsx"), only)
	if code != 2 || !strings.Contains(stderr, "--include-rollups") {
		t.Errorf("only a roll-up: exit %d\n%s", code, stderr)
	}
}

// --include-rollups counts a lower level's roll-up, at any depth, unless a
// unit it holds is also held by another input: then it is refused, naming
// both, and the exit code says a unit was left out.
func TestMergeIncludeRollups(t *testing.T) {
	units := unitFiles(t, nil) // 甲局, 乙局 (xlsx), 丙局 (json)
	work := t.TempDir()
	natural := seedValue(t, "t3.new_received.natural")
	county := filepath.Join(work, "县汇总.xlsx")
	if code, _, stderr := run(t, "merge", "-o", county, "--unit", "某县", filepath.Join(units, "甲局.xlsx"), filepath.Join(units, "乙局.xlsx")); code != 0 {
		t.Fatalf("county: exit %d\n%s", code, stderr)
	}
	bing := filepath.Join(units, "丙局.json")

	// Without the flag: skipped, with the hint.
	code, _, stderr := run(t, "merge", county, bing)
	if code != 0 || !strings.Contains(stderr, "--include-rollups") || !strings.Contains(stderr, "1 个单位计入") {
		t.Errorf("without the flag: exit %d\n%s", code, stderr)
	}

	city := filepath.Join(work, "市汇总.json")
	code, _, stderr = run(t, "merge", "--include-rollups", "-o", city, "--unit", "某市", county, bing)
	if code != 0 || !strings.Contains(stderr, "2 个单位计入") {
		t.Fatalf("with the flag: exit %d\n%s", code, stderr)
	}
	r := readBack(t, city)
	if got := r.Value("t3.new_received.natural").Units(); got != 3*natural {
		t.Errorf("city 新收·自然人 = %d, want %d", got, 3*natural)
	}
	if got := rollupUnits(r); got != "甲局 乙局 丙局" {
		t.Errorf("city roll-up holds %q, want the county's units and 丙局", got)
	}

	// A unit of the county's roll-up sent again on its own: refused.
	jia := filepath.Join(units, "甲局.xlsx")
	code, stdout, stderr := run(t, "merge", "--include-rollups", county, jia)
	if code != 1 || !strings.Contains(stderr, "未计入 "+county+"：汇总表中的“甲局”也在"+jia+"中") ||
		!strings.Contains(stdout, "汇总表与其他报告重叠") {
		t.Errorf("overlap with a unit: exit %d\n%s\n%s", code, stdout, stderr)
	}
	// Two levels down: the city's roll-up holds 甲局 through the county's.
	// Both refused, so nothing is counted: exit 2.
	code, _, stderr = run(t, "merge", "--include-rollups", city, county)
	if code != 2 || !strings.Contains(stderr, "未计入 "+city) || !strings.Contains(stderr, "未计入 "+county) {
		t.Errorf("overlap of roll-ups: exit %d\n%s", code, stderr)
	}
}

// -o naming an input, or a file in an input folder, is refused before
// anything is read: exit 2, nothing written.
func TestMergeOutputIsInput(t *testing.T) {
	dir := unitFiles(t, nil)
	jia, yi := filepath.Join(dir, "甲局.xlsx"), filepath.Join(dir, "乙局.xlsx")
	bad := filepath.Join(t.TempDir(), "坏.xlsx") // read, it would be reported
	os.WriteFile(bad, []byte("not a workbook"), 0o644)
	before, _ := os.ReadFile(jia)
	link := filepath.Join(t.TempDir(), "链接.xlsx")
	haveLink := os.Symlink(jia, link) == nil
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"same path", []string{"-o", jia, jia, yi, bad}, "就是要汇总的文件"},
		{"other spelling", []string{"-o", filepath.Join(dir, ".", "甲局.xlsx"), jia, bad}, "就是要汇总的文件"},
		{"link", []string{"-o", link, jia, bad}, "就是要汇总的文件"},
		{"file in the folder", []string{"-o", jia, dir, bad}, "在要汇总的文件夹"},
		{"new file in the folder", []string{"-o", filepath.Join(dir, "汇总.xlsx"), dir, bad}, "在要汇总的文件夹"},
	} {
		if tc.name == "link" && !haveLink {
			continue
		}
		code, stdout, stderr := run(t, append([]string{"merge"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "无法读取") || stdout != "" {
			t.Errorf("%s: exit %d, want 2 and %q, nothing read\n%s\n%s", tc.name, code, tc.want, stdout, stderr)
		}
		if now, _ := os.ReadFile(jia); !bytes.Equal(now, before) {
			t.Fatalf("%s: an input was overwritten", tc.name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "汇总.xlsx")); !os.IsNotExist(err) {
		t.Errorf("roll-up written into the input folder (%v)", err)
	}
}

// Every file of a folder that is not read is listed on stderr with why; a
// spreadsheet to be saved as .xlsx makes the exit code 1 (most likely a
// unit left out), other files do not change it.
func TestMergeListsSkippedFiles(t *testing.T) {
	dir := unitFiles(t, nil)
	for _, name := range []string{"扫描件.pdf", "照片.png", "~$甲局.xlsx", ".DS_Store"} {
		os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644)
	}
	// A cover letter: a Word document with no table of the report.
	os.WriteFile(filepath.Join(dir, "说明.docx"), docxtest.Build(docxtest.P("关于报送2023年度政府信息公开工作年度报告的说明")), 0o644)
	code, stdout, stderr := run(t, "merge", dir)
	for _, want := range []string{
		"跳过 " + filepath.Join(dir, "说明.docx") + "：其中没有年度报告的表格（说明、报送函等），未计入",
		"跳过 " + filepath.Join(dir, "扫描件.pdf") + "：PDF 文件中的表格无法可靠读取",
		"跳过 " + filepath.Join(dir, "照片.png") + "：不是年报文件",
		"跳过“" + dir + "”中的2个临时或隐藏文件",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 0 || !strings.Contains(stderr, "3 个单位计入") {
		t.Errorf("exit %d, want 0: these files are not reports\n%s\n%s", code, stdout, stderr)
	}

	os.WriteFile(filepath.Join(dir, "丁局.xls"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "戊局.et"), []byte("x"), 0o644)
	code, _, stderr = run(t, "merge", dir)
	want := "跳过 " + filepath.Join(dir, "丁局.xls") + "：旧版 Excel 格式（.xls），请用 Excel 或 WPS 另存为 .xlsx 后再汇总"
	if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, "2 个文件须另存为 .xlsx 或 .docx，未读取") {
		t.Errorf("exit %d, want 1 and %q:\n%s", code, want, stderr)
	}
}

// One unit sent twice: identical copies are counted once, naming both
// files; copies whose figures differ are both left out, naming both files
// and the first cells that differ, exit 1.
func TestMergeUnitSentTwice(t *testing.T) {
	natural := seedValue(t, "t3.new_received.natural")
	dir := unitFiles(t, func(i int, r *model.Report) {
		if i == 2 {
			r.Meta.Unit = "甲局" // 丙局.json is 甲局 again, same figures
		}
	})
	code, stdout, stderr := run(t, "merge", dir)
	if code != 0 || !strings.Contains(stdout, "与"+filepath.Join(dir, "丙局.json")+"是同一单位、同一年度，数字相同，只计入一次") ||
		!strings.Contains(stdout, "重复，未计入  "+filepath.Join(dir, "甲局.xlsx")) {
		t.Errorf("identical copies: exit %d\n%s\n%s", code, stdout, stderr)
	}

	dir = unitFiles(t, func(i int, r *model.Report) {
		if i == 2 {
			r.Meta.Unit = "甲局"
			_ = r.Set("t3.new_received.natural", "900")
			_ = r.Set("t3.carry_forward.natural", "") // keeps the copy's own tables consistent enough
		}
	})
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, stdout, stderr = run(t, "merge", "-o", out, dir)
	jia, bing := filepath.Join(dir, "甲局.xlsx"), filepath.Join(dir, "丙局.json")
	tpl, _ := model.LookupTemplate("2021")
	c, _ := tpl.Cell("t3.new_received.natural")
	diff := c.Name() + "：900 ≠ " + itoa(natural)
	for _, want := range []string{
		// 丙局.json comes first in the folder
		"未计入 " + bing + "：与" + jia + "是同一单位、同一年度，但数字不同（本文件 ≠ " + jia + "）：" + diff,
		"未计入 " + jia + "：与" + bing + "是同一单位、同一年度，但数字不同（" + bing + " ≠ 本文件）：" + diff,
		"1 个单位计入（共 3 个，2 个未计入",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 1 || !strings.Contains(stdout, "重复报送且数字不同") {
		t.Errorf("exit %d, want 1\n%s", code, stdout)
	}
	if got := readBack(t, out).Value("t3.new_received.natural").Units(); got != natural {
		t.Errorf("新收·自然人 = %d, want %d (乙局 only)", got, natural)
	}
	if _, _, err := xlsx.ImportFile(out, xlsx.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
}
