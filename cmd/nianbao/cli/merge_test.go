package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/xlsx"
)

// unitFiles writes the seed as three units into a folder: two as xlsx, one
// as JSON.
func unitFiles(t *testing.T, edit func(i int, r *model.Report)) string {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile(seedJSON)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"甲局.xlsx", "乙局.xlsx", "丙局.json"} {
		r, err := model.UnmarshalReport(data)
		if err != nil {
			t.Fatal(err)
		}
		r.ClearStated()
		r.Meta.Unit = strings.TrimSuffix(name, filepath.Ext(name))
		r.Meta.Scope = model.ScopeAgency
		if edit != nil {
			edit(i, r)
		}
		path := filepath.Join(dir, name)
		if strings.HasSuffix(name, ".json") {
			out, _ := json.Marshal(r)
			err = os.WriteFile(path, out, 0o644)
		} else {
			err = xlsx.WriteFile(path, r, xlsx.ExportOptions{AppVersion: "test"})
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestMergeFolder(t *testing.T) {
	dir := unitFiles(t, nil)
	out := filepath.Join(t.TempDir(), "汇总.xlsx")
	code, stdout, stderr := run(t, "merge", "-o", out, "--unit", "衢州市汇总", dir)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"甲局", "乙局", "丙局", "已计入", "AGG-R1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	r, _, err := xlsx.ImportFile(out, xlsx.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	seedData, _ := os.ReadFile(seedJSON)
	seed, _ := model.UnmarshalReport(seedData)
	if got, want := r.Value("t3.new_received.natural").Units(), 3*seed.Value("t3.new_received.natural").Units(); got != want {
		t.Errorf("roll-up 新收·自然人 = %d, want %d", got, want)
	}
	if r.Meta.Scope != model.ScopeRegion || r.Meta.Unit != "衢州市汇总" {
		t.Errorf("meta %+v", r.Meta)
	}

	// --json prints the interchange format.
	code, stdout, _ = run(t, "merge", "--json", dir)
	if code != 0 {
		t.Fatalf("--json exit %d", code)
	}
	j, err := model.UnmarshalReport([]byte(stdout))
	if err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	for _, c := range r.Template().Cells() {
		if j.Value(c.ID) != r.Value(c.ID) {
			t.Errorf("--json and xlsx roll-ups differ at %s", c.ID)
		}
	}
}

func TestMergeExitCodes(t *testing.T) {
	// A unit with an error: exit 1, listed first.
	dir := unitFiles(t, func(i int, r *model.Report) {
		if i == 1 {
			_ = r.Set("t3.granted.natural", "9999")
		}
	})
	code, stdout, _ := run(t, "merge", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	lines := strings.Split(stdout, "\n")
	if len(lines) < 2 || !strings.Contains(lines[1], "乙局") {
		t.Errorf("unit with errors not first:\n%s", stdout)
	}

	// An unreadable file: still merged, exit 2, listed.
	dir = unitFiles(t, nil)
	if err := os.WriteFile(filepath.Join(dir, "坏.xlsx"), []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "merge", dir)
	if code != 2 || !strings.Contains(stdout, "无法读取") || !strings.Contains(stderr, "坏.xlsx") {
		t.Errorf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "3 个单位计入") {
		t.Errorf("readable units not merged: %s", stderr)
	}
	if code, _, _ := run(t, "merge"); code != 2 {
		t.Errorf("no files: exit %d", code)
	}
}

// When no unit is counted there is no roll-up: nothing is written, exit 2.
func TestMergeNothingCounted(t *testing.T) {
	dir := unitFiles(t, nil) // the seed: 2022, 2021 format with 表二 filled
	files := []string{filepath.Join(dir, "甲局.xlsx"), filepath.Join(dir, "丙局.json")}
	for _, args := range [][]string{
		{"--year", "2023", dir},                          // every report of another year
		append([]string{"--template", "2019"}, files...), // 表二 does not map onto 2019
		{"--json", "--year", "2023", dir},
	} {
		out := filepath.Join(t.TempDir(), "汇总.xlsx")
		code, stdout, stderr := run(t, append([]string{"merge", "-o", out}, args...)...)
		if code != 2 || !strings.Contains(stderr, "没有单位计入汇总") {
			t.Errorf("%q: exit %d, want 2\n%s\n%s", args, code, stdout, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%q: %s written with nothing counted (%v)", args, out, err)
		}
		if args[0] == "--json" {
			if strings.TrimSpace(stdout) != "" || !strings.Contains(stderr, "2022年度") {
				t.Errorf("--json with nothing counted: stdout %q, stderr %q", stdout, stderr)
			}
		} else if !strings.Contains(stdout, "未计入") {
			t.Errorf("%q: breakdown does not say why:\n%s", args, stdout)
		}
	}
}

// Units refused (other year, no year, format) give exit 1; a unit sent
// twice does not.
func TestMergeRefusedExitCode(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(r *model.Report)
		code   int
		status string
	}{
		{"other year", func(r *model.Report) { r.Meta.Year = 2021 }, 1, "年度不同，未计入"},
		{"no year", func(r *model.Report) { r.Meta.Year = 0 }, 1, "未填年度，未计入"},
		{"duplicate", func(r *model.Report) { r.Meta.Unit = "甲局" }, 0, "重复，未计入"},
	} {
		dir := unitFiles(t, func(i int, r *model.Report) {
			if i == 2 {
				tc.edit(r)
			}
		})
		code, stdout, stderr := run(t, "merge", dir)
		if code != tc.code || !strings.Contains(stdout, tc.status) || !strings.Contains(stderr, "2 个单位计入") {
			t.Errorf("%s: exit %d, want %d\n%s\n%s", tc.name, code, tc.code, stdout, stderr)
		}
	}
}

func TestMergeEmptyFolder(t *testing.T) {
	empty := t.TempDir()
	notes := t.TempDir()
	if err := os.WriteFile(filepath.Join(notes, "说明.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{empty, notes} {
		code, _, stderr := run(t, "merge", d)
		if want := "文件夹“" + d + "”中没有报告文件（.xlsx、.docx、.html、.json）"; code != 2 || !strings.Contains(stderr, want) ||
			strings.Contains(stderr, "都无法读取") {
			t.Errorf("exit %d, want 2 and %q:\n%s", code, want, stderr)
		}
	}
	// Next to a folder of reports: said, exit 2, the others merged.
	code, _, stderr := run(t, "merge", empty, unitFiles(t, nil))
	if code != 2 || !strings.Contains(stderr, "中没有报告文件（.xlsx、.docx、.html、.json）") || !strings.Contains(stderr, "3 个单位计入") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
}
