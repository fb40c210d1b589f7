package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/scripts/benchgen/gen"
	"nianbao/store/xlsx"
)

// The roll-up benchmark's workbooks, at small scale: 40 units named
// unitNNNN.xlsx, the hand-made ones titled in every real form and without
// 单位名称/报告年度 labels. Each hand-made one reads its unit and year from its
// title; `nianbao merge` counts every unit and gives the generator's sums.
func TestMergeGeneratedUnits(t *testing.T) {
	const n = 40
	dir := t.TempDir()
	want, err := gen.Write(dir, n)
	if err != nil {
		t.Fatal(err)
	}

	forms := map[int]bool{}
	for i := range n {
		if gen.Own(i) {
			continue
		}
		forms[gen.TitleForm(i)] = true
		r, info, err := xlsx.ImportFile(filepath.Join(dir, gen.File(i)), xlsx.ImportOptions{})
		if err != nil {
			t.Fatalf("%s: %v", gen.File(i), err)
		}
		if r.Meta.Unit != gen.Unit(i) || r.Meta.Year != gen.Year {
			t.Errorf("%s (title form %d): unit %q, year %d; want %q, %d\n%q", gen.File(i), gen.TitleForm(i), r.Meta.Unit, r.Meta.Year, gen.Unit(i), gen.Year, info.Warnings)
		}
	}
	if len(forms) != len(gen.TitleForms) {
		t.Errorf("%d of %d title forms generated", len(forms), len(gen.TitleForms))
	}

	code, stdout, stderr := run(t, "merge", "-o", filepath.Join(t.TempDir(), "汇总.xlsx"), dir)
	if code != 0 {
		t.Fatalf("merge: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for i := range n {
		if line := lineWith(stdout, gen.File(i)); !strings.Contains(line, gen.Unit(i)) || !strings.Contains(line, "已计入") {
			t.Errorf("%s not counted as %s: %q", gen.File(i), gen.Unit(i), line)
		}
	}
	if !strings.Contains(stderr, fmt.Sprintf("汇总：%d 个单位计入（共 %d 个）", n, n)) {
		t.Errorf("stderr: %s", stderr)
	}

	code, stdout, stderr = run(t, "merge", "--json", dir)
	if code != 0 {
		t.Fatalf("merge --json: exit %d\n%s", code, stderr)
	}
	got, err := model.UnmarshalReport([]byte(stdout))
	if err != nil {
		t.Fatal(err)
	}
	cells := func(r *model.Report) map[string]any {
		data, _ := json.Marshal(r)
		var m struct{ Cells map[string]any }
		_ = json.Unmarshal(data, &m)
		return m.Cells
	}
	g, w := cells(got), cells(want)
	if len(w) == 0 || len(g) != len(w) {
		t.Errorf("%d cells rolled up, generator has %d", len(g), len(w))
	}
	for id, v := range w {
		if fmt.Sprint(g[id]) != fmt.Sprint(v) {
			t.Errorf("%s = %v, generator's sum %v", id, g[id], v)
		}
	}
}

// lineWith is the line of s that mentions sub.
func lineWith(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}
