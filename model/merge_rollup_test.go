package model

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// One unit and year twice: the same figures are counted once (the later
// copy names the earlier); different figures leave every copy out, each
// naming the other and the first cells that differ.
func TestMergeSameUnitCompared(t *testing.T) {
	a := unitReport(t, "2021", "甲局", 2023, 1)
	b := unitReport(t, "2021", "乙局", 2023, 2)

	differs := unitReport(t, "2021", "甲 局", 2023, 1) // same unit by UnitKey
	_ = differs.Set("t3.new_received.natural", "999")
	_ = differs.Set("t4.review_maintain", "77")
	m := mustMerge(t, inputs(a, b, differs), MergeOptions{})
	if m.Included != 1 || m.Omitted() != 2 {
		t.Fatalf("included %d, omitted %d; want 乙局 only and both copies omitted", m.Included, m.Omitted())
	}
	name := func(id CellID) string { c, _ := a.Template().Cell(id); return c.Name() }
	first := name("t3.new_received.natural") + "：" + a.Text("t3.new_received.natural") + " ≠ 999"
	second := name("t4.review_maintain") + "：" + a.Text("t4.review_maintain") + " ≠ 77"
	u1, u3 := unitBySource(t, m, "u1.xlsx"), unitBySource(t, m, "u3.xlsx")
	if u1.Status != MergeConflict || u1.DuplicateOf != "u3.xlsx" || !strings.Contains(u1.Reason, "与u3.xlsx") ||
		!strings.Contains(u1.Reason, first+"；"+second) {
		t.Errorf("first copy: %s %q", u1.Status.Code(), u1.Reason)
	}
	if u3.Status != MergeConflict || u3.DuplicateOf != "u1.xlsx" || !strings.Contains(u3.Reason, "与u1.xlsx") ||
		!strings.Contains(u3.Reason, "（u1.xlsx ≠ 本文件）："+first) {
		t.Errorf("second copy: %s %q", u3.Status.Code(), u3.Reason)
	}
	if m.Units[0].Status != MergeConflict || m.Units[1].Status != MergeConflict {
		t.Errorf("conflicts not listed first: %s, %s", m.Units[0].Status.Code(), m.Units[1].Status.Code())
	}
	if got, want := m.Report.Value("t3.granted.natural"), b.Value("t3.granted.natural"); got != want {
		t.Errorf("roll-up %v, want 乙局's %v", got.Units(), want.Units())
	}

	// A third copy identical to the first is left out with them.
	m = mustMerge(t, inputs(a, b, differs, unitReport(t, "2021", "甲局", 2023, 1)), MergeOptions{})
	if u := unitBySource(t, m, "u4.xlsx"); u.Status != MergeConflict || !strings.Contains(u.Reason, "u1.xlsx数字相同") ||
		m.Included != 1 {
		t.Errorf("third copy: %s %q, included %d", u.Status.Code(), u.Reason, m.Included)
	}
	// Many differences: three named, the count given.
	many := unitReport(t, "2021", "甲局", 2023, 2)
	m = mustMerge(t, inputs(a, many), MergeOptions{})
	if u := unitBySource(t, m, "u2.xlsx"); strings.Count(u.Reason, " ≠ ") != 4 || !strings.Contains(u.Reason, "格；两份都未计入") {
		t.Errorf("many differences: %q", u.Reason)
	}

	// Blank and 0 add the same: the same figures.
	zero := unitReport(t, "2021", "甲局", 2023, 1)
	_ = a.Set("t4.review_pending", "")
	_ = zero.Set("t4.review_pending", "0")
	m = mustMerge(t, inputs(a, zero), MergeOptions{})
	if u := unitBySource(t, m, "u2.xlsx"); u.Status != MergeDuplicate || !strings.Contains(u.Reason, "数字相同，只计入一次") {
		t.Errorf("blank vs 0: %s %q", u.Status.Code(), u.Reason)
	}
	// The same figures in another format are the same figures.
	hybrid, err := unitReport(t, "2021", "甲局", 2023, 1).ConvertTo(mustTemplate(t, "hybrid"))
	if err != nil {
		t.Fatal(err)
	}
	m = mustMerge(t, inputs(unitReport(t, "2021", "甲局", 2023, 1), hybrid, unitReport(t, "hybrid", "乙局", 2023, 2)), MergeOptions{})
	if u := unitBySource(t, m, "u2.xlsx"); u.Status != MergeDuplicate || m.Included != 2 {
		t.Errorf("same figures in hybrid: %s %q", u.Status.Code(), u.Reason)
	}
}

func mustTemplate(t *testing.T, id string) *Template {
	t.Helper()
	tpl, ok := LookupTemplate(id)
	if !ok {
		t.Fatalf("no template %s", id)
	}
	return tpl
}

// The roll-up is marked with the units summed; the mark survives the JSON
// interchange, Clone and Equal.
func TestMergeMarksRollup(t *testing.T) {
	a := unitReport(t, "2021", "甲局", 2023, 1)
	other := unitReport(t, "2021", "乙局", 2022, 2) // another year: not summed
	noName := unitReport(t, "2021", "", 2023, 3)
	m := mustMerge(t, inputs(a, other, noName), MergeOptions{Unit: "某县"})
	want := []RollupUnit{{"甲局", 2023}, {"", 2023}}
	if got := m.Report.Rollup; got == nil || !got.Equal(&Rollup{Units: want}) {
		t.Fatalf("mark %+v, want %+v", got, want)
	}
	data, err := json.Marshal(m.Report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"rollup":{"units":[{"unit":"甲局","year":2023},{"unit":"","year":2023}]}`) {
		t.Errorf("JSON: %s", data)
	}
	back, err := UnmarshalReport(data)
	if err != nil || !back.Equal(m.Report) || back.Rollup == nil {
		t.Errorf("read back: %v", err)
	}
	c := m.Report.Clone()
	c.Rollup.Units[0].Unit = "改"
	if m.Report.Rollup.Units[0].Unit != "甲局" || c.Equal(m.Report) {
		t.Error("Clone shares the mark, or Equal ignores it")
	}
	if data, _ := json.Marshal(a); strings.Contains(string(data), "rollup") {
		t.Errorf("a unit's report is marked: %s", data)
	}
}

// A roll-up among the inputs is not counted and has no say in the year;
// with IncludeRollups it counts like a unit unless a unit it holds is held
// by another input.
func TestMergeRollupInputs(t *testing.T) {
	jia, yi, bing := unitReport(t, "2021", "甲局", 2023, 1), unitReport(t, "2021", "乙局", 2023, 2), unitReport(t, "2021", "丙局", 2023, 3)
	county := mustMerge(t, inputs(jia, yi), MergeOptions{Unit: "某县"}).Report
	old := mustMerge(t, inputs(unitReport(t, "2021", "丁局", 2022, 1)), MergeOptions{}).Report
	old2 := old.Clone()

	m := mustMerge(t, inputs(bing, county, old, old2), MergeOptions{})
	if m.Included != 1 || m.Report.Meta.Year != 2023 || m.Omitted() != 0 || m.Rollups() != 3 {
		t.Errorf("included %d, year %d, omitted %d, roll-ups %d", m.Included, m.Report.Meta.Year, m.Omitted(), m.Rollups())
	}
	if u := unitBySource(t, m, "u2.xlsx"); u.Status != MergeRollup || u.RollupUnits != 2 ||
		u.Reason != "这是本程序生成的汇总表（含2个单位），不计入" {
		t.Errorf("roll-up input: %s %d %q", u.Status.Code(), u.RollupUnits, u.Reason)
	}
	// A roll-up's own errors are not the merge's.
	_ = county.Set("t3.granted.natural", "99999")
	if m := mustMerge(t, inputs(bing, county), MergeOptions{}); m.Errors() != 0 || m.Units[len(m.Units)-1].Status != MergeIncluded {
		t.Errorf("skipped roll-up counted in Errors (%d) or ranked among problems", m.Errors())
	}
	county = mustMerge(t, inputs(jia, yi), MergeOptions{Unit: "某县"}).Report
	if _, err := MergeReports(inputs(county, old), MergeOptions{}); !errors.Is(err, ErrOnlyRollups) {
		t.Errorf("only roll-ups: %v", err)
	}

	// Counted on request: the sum of all three, the mark lists them.
	incl := MergeOptions{IncludeRollups: true}
	m = mustMerge(t, inputs(county, bing), incl)
	if m.Included != 2 || m.Omitted() != 0 {
		t.Fatalf("included %d, omitted %d", m.Included, m.Omitted())
	}
	id := CellID("t3.granted.natural")
	if got, want := m.Report.Value(id).Units(), jia.Value(id).Units()+yi.Value(id).Units()+bing.Value(id).Units(); got != want {
		t.Errorf("%s = %d, want %d", id, got, want)
	}
	if got := m.Report.Rollup; len(got.Units) != 3 || got.Units[0].Unit != "甲局" || got.Units[2].Unit != "丙局" {
		t.Errorf("mark %+v", got)
	}
	city := m.Report

	// Overlap with a unit's own report: the roll-up is refused, naming
	// both; the unit is counted and told.
	m = mustMerge(t, inputs(county, unitReport(t, "2021", "乙 局", 2023, 2), bing), incl)
	u := unitBySource(t, m, "u1.xlsx")
	if u.Status != MergeRollupOverlap || !strings.Contains(u.Reason, "汇总表中的“乙局”也在u2.xlsx中") || m.Included != 2 || m.Omitted() != 1 {
		t.Errorf("overlap: %s %q, included %d, omitted %d", u.Status.Code(), u.Reason, m.Included, m.Omitted())
	}
	if u := unitBySource(t, m, "u2.xlsx"); !u.Included() || !strings.Contains(u.Reason, "汇总表u1.xlsx也含本单位") {
		t.Errorf("overlapping unit: %s %q", u.Status.Code(), u.Reason)
	}
	// Overlap at depth: the city's roll-up holds the county's units.
	m = mustMerge(t, inputs(city, county, unitReport(t, "2021", "戊局", 2023, 5)), incl)
	if a, b := unitBySource(t, m, "u1.xlsx"), unitBySource(t, m, "u2.xlsx"); a.Status != MergeRollupOverlap ||
		b.Status != MergeRollupOverlap || !strings.Contains(a.Reason, "u2.xlsx") || !strings.Contains(b.Reason, "u1.xlsx") || m.Included != 1 {
		t.Errorf("roll-ups overlapping: %q / %q", a.Reason, b.Reason)
	}
	// A roll-up named like a unit is not that unit.
	m = mustMerge(t, inputs(county, unitReport(t, "2021", "某县", 2023, 3)), incl)
	if m.Included != 2 {
		t.Errorf("roll-up 某县 and the unit 某县: included %d, want 2", m.Included)
	}
	// The same roll-up twice (same 单位名称 and figures) is a plain duplicate.
	m = mustMerge(t, inputs(county, county.Clone(), bing), incl)
	if u := unitBySource(t, m, "u2.xlsx"); u.Status != MergeDuplicate || m.Included != 2 {
		t.Errorf("roll-up sent twice: %s %q", u.Status.Code(), u.Reason)
	}
}
