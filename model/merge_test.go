package model

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// unitReport makes a consistent report of template id for a unit: every
// typed cell filled with a pattern that depends on seed, and 表三's 结转
// set so that T3-R1 holds in every column.
func unitReport(t testing.TB, id, unit string, year, seed int) *Report {
	t.Helper()
	tpl, ok := LookupTemplate(id)
	if !ok {
		t.Fatalf("no template %s", id)
	}
	r := NewReport(tpl)
	r.Meta = Meta{Unit: unit, Year: year, Scope: ScopeAgency}
	for i, c := range tpl.Cells() {
		if c.Derived || c.Row.Key == "carry_forward" {
			continue
		}
		n := (i*7 + seed*13) % 11
		if c.Row.Key == "new_received" {
			n += 300 // enough to cover every result row
		}
		text := strconv.Itoa(n)
		if c.Kind.Type == Amount {
			text += "." + strconv.Itoa(seed%10) + "5"
		}
		if err := r.Set(c.ID, text); err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
	}
	balanceT3(t, r)
	return r
}

// balanceT3 sets 结转下年度 = 新收 + 上年结转 − （七）总计 in every column.
func balanceT3(t testing.TB, r *Report) {
	t.Helper()
	res := r.Evaluate(nil)
	for _, c := range r.Template().Table("t3").Blocks[0].Columns {
		if len(c.Sum) > 0 {
			continue
		}
		want := res.Computed("t3.new_received."+c.Key) + res.Computed("t3.carried_over."+c.Key) -
			res.Computed("t3.total_processed."+c.Key)
		if err := r.Set("t3.carry_forward."+c.Key, strconv.FormatInt(want, 10)); err != nil {
			t.Fatal(err)
		}
	}
}

func inputs(rs ...*Report) []MergeInput {
	var in []MergeInput
	for i, r := range rs {
		in = append(in, MergeInput{Source: "u" + strconv.Itoa(i+1) + ".xlsx", Report: r})
	}
	return in
}

func mustMerge(t *testing.T, in []MergeInput, opts MergeOptions) *Merge {
	t.Helper()
	m, err := MergeReports(in, opts)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func unitBySource(t *testing.T, m *Merge, src string) MergeUnit {
	t.Helper()
	for _, u := range m.Units {
		if u.Source == src {
			return u
		}
	}
	t.Fatalf("no unit %s in the breakdown", src)
	return MergeUnit{}
}

func TestMergeIsCellwiseSum(t *testing.T) {
	rs := []*Report{
		unitReport(t, "2021", "甲局", 2023, 1),
		unitReport(t, "2021", "乙局", 2023, 2),
		unitReport(t, "2021", "丙镇", 2023, 3),
	}
	// A blank cell in one unit counts as nothing; a cell blank in all
	// units stays blank in the roll-up.
	for _, r := range rs {
		_ = r.Set("t4.review_pending", "")
	}
	_ = rs[1].Set("t2.rules.issued", "")
	m := mustMerge(t, inputs(rs...), MergeOptions{Unit: "某县汇总"})
	if m.Included != 3 || m.Report.Template().ID != "2021" {
		t.Fatalf("included %d, template %s", m.Included, m.Report.Template().ID)
	}
	if got := m.Report.Meta; got.Scope != ScopeRegion || got.Year != 2023 || got.Unit != "某县汇总" {
		t.Errorf("meta %+v", got)
	}
	for _, c := range m.Report.Template().Cells() {
		var want int64
		filled := false
		for _, r := range rs {
			if c.Derived {
				want += r.Evaluate(nil).Computed(c.ID)
				filled = true
			} else if v := r.Value(c.ID); !v.IsBlank() {
				want += v.Units()
				filled = true
			}
		}
		if c.Derived {
			if got := m.Result.Value(c.ID); got != want {
				t.Errorf("total %s = %d, want %d", c.ID, got, want)
			}
			continue
		}
		got := m.Report.Value(c.ID)
		if got.IsBlank() == filled || got.Units() != want {
			t.Errorf("%s = %v (blank %v), want %d (filled %v)", c.ID, got.Units(), got.IsBlank(), want, filled)
		}
	}
	if m.Result.Errors != 0 || m.Errors() != 0 {
		t.Errorf("consistent units gave errors: %v", m.Result.Findings)
	}
	var fig Figures
	for _, u := range m.Units {
		fig.NewReceived += u.Figures.NewReceived
		fig.Processed += u.Figures.Processed
	}
	if fig.NewReceived != m.Result.Value("t3.new_received.total") || fig.Processed != m.Result.Value("t3.total_processed.total") {
		t.Errorf("figures %+v do not add up to the roll-up", fig)
	}
}

func TestMergeRulesAndErrorsFirst(t *testing.T) {
	good1 := unitReport(t, "2021", "甲局", 2023, 1)
	bad := unitReport(t, "2021", "乙局", 2023, 2)
	good2 := unitReport(t, "2021", "丙局", 2023, 3)
	// 乙局's 自然人 column no longer balances (T3-R1), by 5.
	v := bad.Value("t3.new_received.natural").Units()
	_ = bad.Set("t3.new_received.natural", strconv.FormatInt(v+5, 10))
	m := mustMerge(t, inputs(good1, bad, good2), MergeOptions{})
	if m.Included != 3 {
		t.Fatalf("a unit with errors is still summed; included %d", m.Included)
	}
	if m.Units[0].Source != "u2.xlsx" || m.Units[0].Errors == 0 {
		t.Fatalf("unit with errors not listed first: %+v", m.Units[0])
	}
	if m.Units[1].Source != "u1.xlsx" || m.Units[2].Source != "u3.xlsx" {
		t.Errorf("others not in input order: %s %s", m.Units[1].Source, m.Units[2].Source)
	}
	found := false
	for _, f := range m.Result.Findings {
		if f.Rule == "T3-R1" && f.Key == "T3-R1.natural" && strings.Contains(f.Message, "相差5") {
			found = true
		}
	}
	if !found {
		t.Errorf("T3-R1 not evaluated on the roll-up: %v", m.Result.Findings)
	}
	if m.Errors() < 2 {
		t.Errorf("Errors() = %d, want the roll-up's and the unit's", m.Errors())
	}
}

func TestMergeDuplicateFlagged(t *testing.T) {
	a := unitReport(t, "2021", "甲 局（本级）", 2023, 1)
	b := unitReport(t, "2021", "乙局", 2023, 2)
	again := unitReport(t, "2021", "甲局(本级)", 2023, 1) // same unit, same numbers
	m := mustMerge(t, inputs(a, b, again), MergeOptions{})
	if m.Included != 2 {
		t.Fatalf("included %d, want 2", m.Included)
	}
	u := unitBySource(t, m, "u3.xlsx")
	if u.Status != MergeDuplicate || u.DuplicateOf != "u1.xlsx" || !strings.Contains(u.Reason, "u1.xlsx") ||
		!strings.Contains(u.Reason, "只计入一次") || m.Omitted() != 0 {
		t.Errorf("duplicate not flagged: %+v", u)
	}
	want := a.Value("t3.granted.natural").Units() + b.Value("t3.granted.natural").Units()
	if got := m.Report.Value("t3.granted.natural").Units(); got != want {
		t.Errorf("duplicate counted: %d, want %d", got, want)
	}
	// The same unit in another year is not a duplicate, it is refused.
	other := unitReport(t, "2021", "甲局（本级）", 2022, 1)
	m = mustMerge(t, inputs(a, b, other), MergeOptions{})
	if u := unitBySource(t, m, "u3.xlsx"); u.Status != MergeOtherYear || !strings.Contains(u.Reason, "2022年度") {
		t.Errorf("other year: %+v", u)
	}
}

func TestMergeUnreadableListed(t *testing.T) {
	a := unitReport(t, "2021", "甲局", 2023, 1)
	in := append(inputs(a), MergeInput{Source: "坏.xlsx", Err: errors.New("“坏.xlsx”已损坏")})
	m := mustMerge(t, in, MergeOptions{})
	if u := m.Units[0]; u.Source != "坏.xlsx" || u.Status != MergeUnreadable || u.Reason != "“坏.xlsx”已损坏" || u.Errors != 1 {
		t.Errorf("unreadable: %+v", u)
	}
	if m.Included != 1 {
		t.Errorf("included %d", m.Included)
	}
	if _, err := MergeReports(in[1:], MergeOptions{}); !errors.Is(err, ErrNothingToMerge) {
		t.Errorf("nothing readable: %v", err)
	}
}

func TestMergeMixedTemplates(t *testing.T) {
	r21 := unitReport(t, "2021", "甲局", 2023, 1)
	rHy := unitReport(t, "hybrid", "乙局", 2023, 2)
	sixRows := []CellID{"t3.other_no_correction.legal", "t3.other_no_fee.legal", "t3.other_other.legal"}

	// 2021 + hybrid: the hybrid format takes both exactly.
	m := mustMerge(t, inputs(r21, rHy), MergeOptions{})
	if m.Report.Template().ID != "hybrid" || m.Included != 2 {
		t.Fatalf("template %s, included %d", m.Report.Template().ID, m.Included)
	}
	want := rHy.Value("t3.other.legal").Units()
	for _, id := range sixRows {
		want += r21.Value(id).Units()
	}
	if got := m.Report.Value("t3.other.legal").Units(); got != want {
		t.Errorf("（六） = %d, want the three 2021 rows + hybrid = %d", got, want)
	}
	if got, w := m.Report.Value("t2.normative.valid").Units(), r21.Value("t2.normative.valid").Units()+rHy.Value("t2.normative.valid").Units(); got != w {
		t.Errorf("表二 = %d, want %d", got, w)
	}
	if u := unitBySource(t, m, "u1.xlsx"); !strings.Contains(u.Reason, "（六）其他处理") {
		t.Errorf("mapping not explained: %q", u.Reason)
	}
	if m.Result.Errors != 0 {
		t.Errorf("mapped roll-up has errors: %v", m.Result.Findings)
	}

	// 2021 → 2019: 表三 maps (three rows into one), 表二 does not.
	tpl19, _ := LookupTemplate("2019")
	noT2 := unitReport(t, "2021", "丙局", 2020, 3)
	for _, c := range noT2.Template().Cells() {
		if c.Table.ID == "t2" && !c.Derived {
			_ = noT2.Set(c.ID, "")
		}
	}
	withT2 := unitReport(t, "2021", "丁局", 2020, 4)
	r19 := unitReport(t, "2019", "戊局", 2020, 5)
	m = mustMerge(t, inputs(r19, noT2, withT2), MergeOptions{Template: tpl19})
	if m.Included != 2 {
		t.Fatalf("included %d, want 2019 and the 2021 unit without 表二", m.Included)
	}
	want = r19.Value("t3.other.legal").Units()
	for _, id := range sixRows {
		want += noT2.Value(id).Units()
	}
	if got := m.Report.Value("t3.other.legal").Units(); got != want {
		t.Errorf("2021→2019 （六） = %d, want %d", got, want)
	}
	u := unitBySource(t, m, "u3.xlsx")
	if u.Status != MergeNoMapping || !strings.Contains(u.Reason, "表二") || !strings.Contains(u.Reason, "无法准确换算") {
		t.Errorf("2021 表二 into 2019: %+v", u)
	}

	// 2019 → 2021: the single （六） row cannot be split.
	tpl21, _ := LookupTemplate("2021")
	r19 = unitReport(t, "2019", "戊局", 2023, 5)
	for _, c := range r19.Template().Cells() {
		if c.Table.ID == "t2" && !c.Derived {
			_ = r19.Set(c.ID, "")
		}
	}
	m = mustMerge(t, inputs(r21, r19), MergeOptions{Template: tpl21})
	u = unitBySource(t, m, "u2.xlsx")
	if u.Status != MergeNoMapping || !strings.Contains(u.Reason, "（六）其他处理") {
		t.Errorf("2019 （六） into 2021: %+v", u)
	}
	// Left to choose, 2021 and 2019 units pick the format most of them fit.
	m = mustMerge(t, inputs(r21, unitReport(t, "2021", "己局", 2023, 6), r19), MergeOptions{})
	if m.Report.Template().ID != "2021" || m.Included != 2 {
		t.Errorf("default template %s, included %d", m.Report.Template().ID, m.Included)
	}
}

func TestMergeAggregateNote(t *testing.T) {
	m := mustMerge(t, inputs(unitReport(t, "2021", "甲局", 2023, 1), unitReport(t, "2021", "乙局", 2023, 2)), MergeOptions{})
	if len(m.Notes) != 1 || m.Notes[0].Rule != "AGG-R1" || m.Notes[0].Severity != Info ||
		!strings.Contains(m.Notes[0].Message, "重复计算") || len(m.Notes[0].Cells) != 2 {
		t.Errorf("notes %+v", m.Notes)
	}
}

func TestConvertTo(t *testing.T) {
	r := unitReport(t, "2021", "甲局", 2023, 1)
	_ = r.Set("t3.granted.natural", "12x")
	hy, _ := LookupTemplate("hybrid")
	c, err := r.ConvertTo(hy)
	if err != nil {
		t.Fatal(err)
	}
	if raw, bad := c.Invalid("t3.granted.natural"); !bad || raw != "12x" {
		t.Errorf("invalid text lost: %q %v", raw, bad)
	}
	if c.Evaluate(nil).Computed("t3.total_processed.total") != r.Evaluate(nil).Computed("t3.total_processed.total") {
		t.Error("（七）总计 changed by the conversion")
	}
	if _, err := c.ConvertTo(r.Template()); err == nil {
		t.Error("hybrid （六） split into 2021 rows")
	}
}

// Reports without a year (hand-made workbooks often lack it) do not vote on
// the roll-up's year: they are refused and say why.
func TestMergeNoYear(t *testing.T) {
	a := unitReport(t, "2021", "甲局", 2023, 1)
	none1 := unitReport(t, "2021", "乙局", 0, 2)
	none2 := unitReport(t, "2021", "丙局", 0, 3)
	for _, opts := range []MergeOptions{{}, {Year: 2023}} {
		m := mustMerge(t, inputs(none1, none2, a), opts)
		if m.Report.Meta.Year != 2023 || m.Included != 1 {
			t.Fatalf("opts %+v: year %d, included %d; want 2023 and 甲局 alone", opts, m.Report.Meta.Year, m.Included)
		}
		for _, src := range []string{"u1.xlsx", "u2.xlsx"} {
			u := unitBySource(t, m, src)
			if u.Status.Code() != "no_year" || u.Included() || !strings.Contains(u.Reason, "报告未填年度") ||
				strings.Contains(u.Reason, "空（未填）") {
				t.Errorf("opts %+v: %s: status %s, reason %q", opts, src, u.Status.Code(), u.Reason)
			}
		}
		if u := unitBySource(t, m, "u3.xlsx"); !u.Included() {
			t.Errorf("甲局 not summed: %+v", u)
		}
		if m.Omitted() != 2 {
			t.Errorf("omitted %d, want the two units without a year", m.Omitted())
		}
	}
	// Nothing tells the year: a plain Chinese error, shown as it is.
	_, err := MergeReports(inputs(none1, none2), MergeOptions{})
	if err == nil || !strings.Contains(err.Error(), "年度") || errors.Unwrap(err) != nil {
		t.Fatalf("no year anywhere: err %v", err)
	}
	if !strings.ContainsFunc(err.Error(), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("error not in Chinese: %q", err)
	}
	// Given a year, the same inputs merge to nothing (every unit refused).
	m := mustMerge(t, inputs(none1, none2), MergeOptions{Year: 2023})
	if m.Included != 0 {
		t.Errorf("included %d units without a year", m.Included)
	}
}

// A unit whose first copy is refused is summed from its next copy, not
// counted zero times.
func TestMergeDuplicateOfRefusedCopy(t *testing.T) {
	tpl21, _ := LookupTemplate("2021")
	old := unitReport(t, "2019", "甲局", 2023, 1) // （六） filled: does not map onto 2021
	resent := unitReport(t, "2021", "甲局", 2023, 2)
	b := unitReport(t, "2021", "乙局", 2023, 3)
	third := unitReport(t, "2021", "甲局", 2023, 2) // resent again, same figures
	m := mustMerge(t, inputs(old, resent, b, third), MergeOptions{Template: tpl21})
	if m.Included != 2 {
		t.Fatalf("included %d, want 甲局 (resent) and 乙局", m.Included)
	}
	if u := unitBySource(t, m, "u1.xlsx"); u.Status.Code() != "no_mapping" || !strings.Contains(u.Reason, "无法准确换算") ||
		!strings.Contains(u.Reason, "u2.xlsx已计入") {
		t.Errorf("refused copy: %s %q", u.Status.Code(), u.Reason)
	}
	if m.Omitted() != 0 {
		t.Errorf("omitted %d: 甲局 is in the roll-up through its other copy", m.Omitted())
	}
	if u := unitBySource(t, m, "u2.xlsx"); !u.Included() {
		t.Errorf("resent copy not summed: %s %q", u.Status.Code(), u.Reason)
	}
	if u := unitBySource(t, m, "u4.xlsx"); u.Status.Code() != "duplicate" || u.DuplicateOf != "u2.xlsx" {
		t.Errorf("third copy: %s of %q, want duplicate of the summed u2.xlsx", u.Status.Code(), u.DuplicateOf)
	}
	id := CellID("t3.granted.natural")
	if got, want := m.Report.Value(id).Units(), resent.Value(id).Units()+b.Value(id).Units(); got != want {
		t.Errorf("%s = %d, want %d", id, got, want)
	}
	// A later copy that would not map cannot be compared: refused for its
	// format, saying the unit is in the roll-up through the other copy.
	m = mustMerge(t, inputs(resent, old), MergeOptions{Template: tpl21})
	if u := unitBySource(t, m, "u2.xlsx"); u.Status.Code() != "no_mapping" || !strings.Contains(u.Reason, "u1.xlsx已计入") ||
		m.Omitted() != 0 {
		t.Errorf("unmappable later copy: %s %q", u.Status.Code(), u.Reason)
	}
}

// A roll-up is made in the year's official format unless another format
// maps strictly more units; a format not meant for the year (2019 for 2021
// on) is a fallback only.
func TestMergePrefersOfficialFormat(t *testing.T) {
	clearT2 := func(r *Report) *Report {
		for _, c := range r.Template().Cells() {
			if c.Table.ID == "t2" && !c.Derived {
				_ = r.Set(c.ID, "")
			}
		}
		return r
	}
	r19 := unitReport(t, "2019", "甲局", 2021, 1)          // 表二 filled: no 2021 counterpart
	r21 := clearT2(unitReport(t, "2021", "乙局", 2021, 2)) // maps onto 2019 too
	m := mustMerge(t, inputs(r19, r21), MergeOptions{})
	if id := m.Report.Template().ID; id != "2021" || m.Included != 1 {
		t.Fatalf("template %s, included %d; want the 2021 format with 乙局", id, m.Included)
	}
	if u := unitBySource(t, m, "u1.xlsx"); u.Status.Code() != "no_mapping" || !strings.Contains(u.Reason, "表二") {
		t.Errorf("2019 unit: %s %q", u.Status.Code(), u.Reason)
	}
	if m.Omitted() != 1 {
		t.Errorf("omitted %d, want 1", m.Omitted())
	}
	for _, f := range m.Result.Findings {
		if f.Rule == "META" && strings.Contains(f.Message, "应使用") {
			t.Errorf("roll-up in the wrong format: %s", f.Message)
		}
	}

	// Ties go to the official format: 2021 and hybrid units that leave
	// （六） blank fit both.
	clearSix := func(r *Report) *Report {
		for _, c := range r.Template().Cells() {
			if c.Table.ID == "t3" && !c.Derived && strings.HasPrefix(c.Row.Key, "other") {
				_ = r.Set(c.ID, "")
			}
		}
		balanceT3(t, r)
		return r
	}
	hy := clearSix(unitReport(t, "hybrid", "丙局", 2023, 3))
	m = mustMerge(t, inputs(hy, clearSix(unitReport(t, "2021", "丁局", 2023, 4))), MergeOptions{})
	if id := m.Report.Template().ID; id != "2021" || m.Included != 2 {
		t.Errorf("tie: template %s, included %d", id, m.Included)
	}

	// Units all in the old format still roll up, in that format.
	m = mustMerge(t, inputs(unitReport(t, "2019", "甲局", 2023, 1), unitReport(t, "2019", "乙局", 2023, 2)), MergeOptions{})
	if id := m.Report.Template().ID; id != "2019" || m.Included != 2 {
		t.Errorf("all 2019: template %s, included %d", id, m.Included)
	}
}
