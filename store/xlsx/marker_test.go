package xlsx

import (
	"bytes"
	"testing"

	"nianbao/model"
)

// A roll-up's mark (model.Report.Rollup) is written into the marker sheet
// and read back by both read paths; a report that is not a roll-up reads
// back without one.
func TestRollupMarker(t *testing.T) {
	plain := seed(t)
	rollup := seed(t)
	rollup.Meta.Scope = model.ScopeRegion
	rollup.Rollup = &model.Rollup{Units: []model.RollupUnit{
		{Unit: "衢州市教育局", Year: 2022},
		{Unit: "", Year: 2022},            // a unit that gave no name still counts
		{Unit: "12345", Year: 2022},       // numeric-looking: kept as text
		{Unit: "=SUM(A1:A2)", Year: 2022}, // not a formula
		{Unit: " 柯城区（全区汇总） ", Year: 2022},
	}}
	empty := seed(t)
	empty.Rollup = &model.Rollup{Units: []model.RollupUnit{}}

	for name, r := range map[string]*model.Report{"plain": plain, "rollup": rollup, "rollup of nothing": empty} {
		for _, opts := range []ExportOptions{testOpts, {AppVersion: "test", ExportedAt: exportedAt, Breakdown: merged(t)}} {
			data := exportBytes(t, r, opts)
			back, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "汇总.xlsx"})
			if err != nil {
				t.Fatal(err)
			}
			if !info.Rollup.Equal(r.Rollup) || !back.Rollup.Equal(r.Rollup) {
				t.Errorf("%s: read back %+v / %+v, want %+v", name, info.Rollup, back.Rollup, r.Rollup)
			}
			if !back.Equal(r) {
				t.Errorf("%s: report differs:\n%s", name, diffReports(r, back))
			}
			if !sameAsExcelize(t, name, data, ImportOptions{Name: "汇总.xlsx"}) {
				t.Errorf("%s: the fast path fell back to excelize", name)
			}
		}
	}
}

// merged is a small roll-up, for its breakdown sheet.
func merged(t *testing.T) *model.Merge {
	t.Helper()
	a, b := seed(t), seed(t)
	a.Meta.Unit, b.Meta.Unit = "甲局", "乙局"
	m, err := model.MergeReports([]model.MergeInput{{Source: "甲局.xlsx", Report: a}, {Source: "乙局.xlsx", Report: b}}, model.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
