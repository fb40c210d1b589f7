package model

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// seedReport reads the published Quzhou 2022 report (flattened text with "|"
// between cells) by its printed labels: typed cells are set, the printed
// totals are kept as stated totals. It returns the report and the printed
// value of every derived cell.
func seedReport(t testing.TB) (*Report, map[CellID]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seed-quzhou-2022.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tpl := TemplateForYear(2022)
	r := NewReport(tpl)
	r.Meta = Meta{Unit: "衢州市人民政府办公室", Year: 2022, Scope: ScopeRegion, Date: "2023-03-01",
		IndexNo: "11330800002618015K/2023-136875", Publisher: "市政府办公室"}
	printed := map[CellID]string{}
	put := func(c *Cell, text string) {
		if c.Derived {
			printed[c.ID] = text
			if err := r.SetStated(c.ID, text); err != nil {
				t.Fatalf("%s: %v", c.ID, err)
			}
		} else if err := r.Set(c.ID, text); err != nil {
			t.Fatalf("%s = %q: %v", c.ID, text, err)
		}
	}

	var table *Table
	section := ""
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		for _, tb := range tpl.Tables {
			if line == tb.Title {
				table = tb
			}
		}
		for _, h := range []string{"一、总体情况", "五、", "六、"} {
			if strings.HasPrefix(line, h) {
				table, section = nil, h
			}
		}
		if table == nil {
			if section != "" && !strings.HasPrefix(line, section) && line != "" {
				key := map[string]string{"一、总体情况": "overview", "五、": "problems", "六、": "other"}[section]
				r.Narrative[key] = strings.TrimSpace(r.Narrative[key] + "\n" + line)
			}
			continue
		}
		var cells []string
		for _, c := range strings.Split(line, "|") {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		// Trailing numbers, and the label just before them.
		i := len(cells)
		for i > 0 && isNumber(cells[i-1]) {
			i--
		}
		nums := cells[i:]
		if len(nums) == 0 {
			continue
		}
		if table.ID == "t4" {
			b := table.Blocks[0]
			if len(nums) != len(b.Columns) {
				t.Fatalf("表四 has %d numbers", len(nums))
			}
			for j, col := range b.Columns {
				c, _ := tpl.Cell(cellID("t4", "", col.Key))
				put(c, nums[j])
			}
			continue
		}
		b, row := table.FindRow(cells[i-1])
		if row == nil {
			t.Fatalf("%s: no row for label %q", table.Short, cells[i-1])
		}
		if len(nums) != len(b.Columns) {
			t.Fatalf("%s %s: %d numbers, want %d", table.Short, row.Key, len(nums), len(b.Columns))
		}
		for j, col := range b.Columns {
			c, _ := tpl.Cell(cellID(table.ID, row.Key, col.Key))
			put(c, nums[j])
		}
	}
	return r, printed
}

func isNumber(s string) bool {
	_, err := Kind{Type: Amount, Unit: "万元"}.Parse(s)
	return err == nil
}

func TestSeedGolden(t *testing.T) {
	r, printed := seedReport(t)
	tpl := r.Template()

	// Every typed cell of the three tables was read.
	for _, c := range tpl.Cells() {
		if !c.Derived && r.Value(c.ID).IsBlank() {
			t.Errorf("%s not read from the seed", c.ID)
		}
	}
	// 25 total-column cells + 6 （七）总计 cells + 3 表四 totals were printed.
	if len(printed) != 34 {
		t.Errorf("read %d printed totals, want 34", len(printed))
	}

	res := r.Evaluate(nil)
	if res.Errors != 0 || res.Warnings != 0 {
		for _, f := range res.Findings {
			t.Log(f)
		}
		t.Fatalf("seed: %d errors, %d warnings; want none", res.Errors, res.Warnings)
	}
	// The totals computed from the typed cells equal those printed.
	for id, want := range printed {
		c, _ := tpl.Cell(id)
		if got := c.Kind.FormatUnits(res.Computed(id)); got != want {
			t.Errorf("%s computed %s, printed %s", id, got, want)
		}
	}
	for id, want := range map[CellID]int64{
		"t3.new_received.total":     835,
		"t3.total_processed.total":  849,
		"t3.carry_forward.total":    9,
		"t4.review_total":           187,
		"t4.lit_direct_total":       28,
		"t4.lit_after_review_total": 11,
	} {
		if got := res.Computed(id); got != want {
			t.Errorf("%s = %d, want %d", id, got, want)
		}
	}
	if got := r.Text("t2.fee.amount"); got != "32146" {
		t.Errorf("fee = %q", got)
	}

	// The same report with the stated totals dropped computes the same and
	// still has no findings.
	clean := r.Clone()
	clean.ClearStated()
	if res := clean.Evaluate(nil); len(res.Findings) != 0 {
		t.Errorf("without stated totals: %v", res.Findings)
	}

	// Golden interchange file.
	got, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "seed-quzhou-2022.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("interchange JSON differs from %s (run go test -update and review the diff)", golden)
	}
	back, err := UnmarshalReport(want)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(r) {
		t.Error("golden JSON does not read back to the same report")
	}
}
