package model

import (
	"slices"
	"strings"
	"testing"
)

// seedClean is the seed report with its printed totals dropped: every
// total computed, no findings.
func seedClean(t testing.TB) *Report {
	r, _ := seedReport(t)
	r.ClearStated()
	return r
}

func mustSet(t testing.TB, r *Report, id CellID, text string) {
	t.Helper()
	if err := r.Set(id, text); err != nil {
		t.Fatalf("Set(%s, %q): %v", id, text, err)
	}
}

func mustState(t testing.TB, r *Report, id CellID, text string) {
	t.Helper()
	if err := r.SetStated(id, text); err != nil {
		t.Fatalf("SetStated(%s, %q): %v", id, text, err)
	}
}

// prevOf makes last year's report so that every cross-year rule holds
// against this year's seed.
func prevOf(t testing.TB, r *Report) *Report {
	p := r.Clone()
	p.Meta.Year--
	for _, col := range []string{"natural", "commercial", "research", "nonprofit", "legal", "other"} {
		// last year's carry forward = this year's carried over; keep last
		// year balanced by moving the difference into its new applications.
		cf := r.Value("t3.carried_over." + col).Units()
		old := p.Value("t3.carry_forward." + col).Units()
		nr := p.Value("t3.new_received." + col).Units()
		mustSet(t, p, "t3.carry_forward."+col, itoa(cf))
		mustSet(t, p, "t3.new_received."+col, itoa(nr+cf-old))
	}
	// 现行有效: last year's + issued − repealed = this year's.
	for _, row := range []string{"rules", "normative"} {
		v := r.Value("t2."+row+".valid").Units() - r.Value("t2."+row+".issued").Units() + r.Value("t2."+row+".repealed").Units()
		mustSet(t, p, "t2."+row+".valid", itoa(v))
	}
	return p
}

func itoa(n int64) string { return Kind{Type: Signed}.FormatUnits(n) }

func TestRules(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(t testing.TB, r, prev *Report)
		useP  bool
		rule  string
		sev   Severity
		where string
		msg   string   // exact message; "" = only check that the rule holds
		cells []CellID // first cells of the finding, in order
	}{
		{name: "T3-R1 holds", rule: "T3-R1"},
		{name: "T3-R1 fires on a column, hints the carry-forward",
			edit: func(t testing.TB, r, _ *Report) { mustSet(t, r, "t3.carry_forward.natural", "7") },
			rule: "T3-R1", sev: Error, where: "表三·自然人列",
			msg:   "第一项+第二项=842，第三项+第四项=841，相差1；表三·四、结转下年度继续办理·自然人 应为 8",
			cells: []CellID{"t3.carry_forward.natural", "t3.new_received.natural", "t3.carried_over.natural", "t3.total_processed.natural"}},
		{name: "T3-R1 fires when a result row is too big",
			edit: func(t testing.TB, r, _ *Report) { mustSet(t, r, "t3.granted.research", "2") },
			rule: "T3-R1", sev: Error, where: "表三·科研机构列",
			msg: "第一项+第二项=0，第三项+第四项=2，相差2"},
		{name: "T3-R2 holds", rule: "T3-R2",
			edit: func(t testing.TB, r, _ *Report) { mustState(t, r, "t3.total_processed.natural", "834") }},
		{name: "T3-R2 fires on a stated （七）总计",
			edit: func(t testing.TB, r, _ *Report) { mustState(t, r, "t3.total_processed.natural", "830") },
			rule: "T3-R2", sev: Error, where: "表三·自然人列",
			msg:   "（七）总计=830，各项办理结果之和=834，相差4；表三·（七）总计·自然人 应为 834",
			cells: []CellID{"t3.total_processed.natural", "t3.granted.natural", "t3.partial.natural"}},
		{name: "T3-R3 holds", rule: "T3-R3",
			edit: func(t testing.TB, r, _ *Report) { mustState(t, r, "t3.new_received.total", "835") }},
		{name: "T3-R3 fires on a stated row total",
			edit: func(t testing.TB, r, _ *Report) { mustState(t, r, "t3.new_received.total", "836") },
			rule: "T3-R3", sev: Error, where: "表三·一、本年新收行",
			msg:   "总计=836，各类申请人之和=835，相差1；表三·一、本年新收·总计 应为 835",
			cells: []CellID{"t3.new_received.total", "t3.new_received.natural"}},
		{name: "T4-R1 holds", rule: "T4-R1",
			edit: func(t testing.TB, r, _ *Report) { mustState(t, r, "t4.lit_after_review_total", "11") }},
		{name: "T4-R1 fires on a total left 0",
			edit: func(t testing.TB, r, _ *Report) { mustState(t, r, "t4.lit_after_review_total", "0") },
			rule: "T4-R1", sev: Error, where: "表四·复议后起诉",
			msg:   "总计=0，维持+纠正+其他+尚未审结=11，相差11；表四·复议后起诉总计 应为 11",
			cells: []CellID{"t4.lit_after_review_total", "t4.lit_after_review_maintain"}},
		{name: "X-R1 holds", useP: true, rule: "X-R1"},
		{name: "X-R1 fires per column",
			edit: func(t testing.TB, _, p *Report) { mustSet(t, p, "t3.carry_forward.natural", "20") },
			useP: true, rule: "X-R1", sev: Error, where: "表三·自然人列",
			msg:   "本年“二、上年结转”=23，上年“四、结转下年度继续办理”=20，相差3；表三·二、上年结转·自然人 应为 20",
			cells: []CellID{"t3.carried_over.natural"}},
		{name: "X-R1 is a warning when the scope changed",
			edit: func(t testing.TB, _, p *Report) {
				mustSet(t, p, "t3.carry_forward.natural", "20")
				p.Meta.Scope = ScopeAgency
			},
			useP: true, rule: "X-R1", sev: Warning, where: "表三·自然人列",
			msg: "本年“二、上年结转”=23，上年“四、结转下年度继续办理”=20，相差3；表三·二、上年结转·自然人 应为 20"},
		{name: "X-R2 holds", useP: true, rule: "X-R2"},
		{name: "X-R2 warns when 现行有效 does not chain",
			edit: func(t testing.TB, r, _ *Report) { mustSet(t, r, "t2.normative.valid", "1800") },
			useP: true, rule: "X-R2", sev: Warning, where: "表二·行政规范性文件行",
			msg:   "现行有效件数=1800，上年现行有效+本年制发−本年废止=1838，相差38；表二·行政规范性文件·现行有效件数 应为 1838",
			cells: []CellID{"t2.normative.valid", "t2.normative.issued", "t2.normative.repealed"}},
		{name: "T2-R1 holds", useP: true, rule: "T2-R1"},
		{name: "T2-R1 warns when more are repealed than existed",
			edit: func(t testing.TB, r, p *Report) {
				mustSet(t, p, "t2.rules.valid", "0")
				mustSet(t, r, "t2.rules.repealed", "3")
				mustSet(t, r, "t2.rules.issued", "1")
			},
			useP: true, rule: "T2-R1", sev: Warning, where: "表二·规章行",
			msg: "本年废止件数=3，超过上年现行有效+本年制发=1，多2"},
		{name: "INPUT holds", rule: "INPUT"},
		{name: "INPUT keeps the text and says why",
			edit: func(t testing.TB, r, _ *Report) { _ = r.Set("t3.partial.legal", "abc") },
			rule: "INPUT", sev: Error, where: "表三·（二）部分公开·法律服务机构",
			msg:   "“abc”不是数字，请填写阿拉伯数字（已保留原文，改正前按空白计算）",
			cells: []CellID{"t3.partial.legal"}},
		{name: "BLANK holds", rule: "BLANK"},
		{name: "BLANK names the unfilled cells of a row",
			edit: func(t testing.TB, r, _ *Report) {
				mustSet(t, r, "t3.partial.legal", "")
				mustSet(t, r, "t3.partial.research", "")
			},
			rule: "BLANK", sev: Warning, where: "表三·（二）部分公开行",
			msg:   "科研机构、法律服务机构 未填（2格），按0计算；确实为0请填0",
			cells: []CellID{"t3.partial.research", "t3.partial.legal"}},
		{name: "META holds", rule: "META"},
		{name: "META: a 2022 report in the 2019 format",
			edit: func(t testing.TB, r, _ *Report) {
				r.tpl, _ = LookupTemplate("2019")
				r.vals = make([]Value, len(r.tpl.cells))
				r.raw = map[int]string{}
			},
			rule: "META", sev: Warning, where: "基本信息",
			msg: "2022年度报告应使用2021年版格式，当前为2019年试行版"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := seedClean(t)
			prev := prevOf(t, r)
			if tt.edit != nil {
				tt.edit(t, r, prev)
			}
			var p *Report
			if tt.useP {
				p = prev
			}
			res := r.Evaluate(p)
			var got []Finding
			for _, f := range res.Findings {
				if f.Rule == tt.rule {
					got = append(got, f)
				}
			}
			if tt.msg == "" {
				if len(got) > 0 {
					t.Fatalf("rule fired: %v", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d %s findings, want 1: %v (all: %v)", len(got), tt.rule, got, res.Findings)
			}
			f := got[0]
			if f.Severity != tt.sev || f.Where != tt.where || f.Message != tt.msg {
				t.Errorf("got  %s\nwant %s %s %s：%s", f, tt.sev, tt.rule, tt.where, tt.msg)
			}
			if len(tt.cells) > 0 && !slices.Equal(f.Cells[:min(len(tt.cells), len(f.Cells))], tt.cells) {
				t.Errorf("cells %v, want prefix %v", f.Cells, tt.cells)
			}
			// The finding's first cell is in the report's template.
			if len(f.Cells) > 0 {
				if _, ok := r.Template().Cell(f.Cells[0]); !ok {
					t.Errorf("cell %s not in template", f.Cells[0])
				}
			}
		})
	}
}

// The example line of the foundation issue, exactly.
func TestFindingLine(t *testing.T) {
	r := seedClean(t)
	mustSet(t, r, "t3.carry_forward.natural", "7")
	res := r.Evaluate(nil)
	want := "错误 T3-R1 表三·自然人列：第一项+第二项=842，第三项+第四项=841，相差1；表三·四、结转下年度继续办理·自然人 应为 8"
	if len(res.Findings) == 0 || res.Findings[0].String() != want {
		t.Fatalf("got %v\nwant %s", res.Findings, want)
	}
	if l, rt, ok := res.Sides("T3-R1.natural"); !ok || l != 842 || rt != 841 {
		t.Errorf("Sides = %d, %d, %v", l, rt, ok)
	}
	r.Notes["T3-R1.natural"] = "核对中"
	if f := r.Evaluate(nil).Findings[0]; !strings.HasSuffix(f.String(), "（说明：核对中）") {
		t.Errorf("note not shown: %s", f)
	}
}

func TestCrossYearAcrossTemplates(t *testing.T) {
	// A 2021-format report checked against a 2019-format last year: X-R1
	// works (表三 keys are shared), X-R2 is skipped (no 现行有效件数 in 2019).
	r := seedClean(t)
	t2019, _ := LookupTemplate("2019")
	prev := NewReport(t2019)
	prev.Meta = Meta{Unit: r.Meta.Unit, Year: 2021, Scope: r.Meta.Scope}
	mustSet(t, prev, "t3.carry_forward.natural", "22")
	res := r.Evaluate(prev)
	var rules []string
	for _, f := range res.Findings {
		rules = append(rules, f.Rule)
	}
	if slices.Contains(rules, "X-R2") || slices.Contains(rules, "T2-R1") {
		t.Errorf("X-R2/T2-R1 evaluated against a 2019 表二: %v", res.Findings)
	}
	if !slices.Equal(rules, []string{"X-R1"}) { // 自然人: 23 carried over, 22 carried forward
		t.Errorf("findings %v, want exactly one X-R1", res.Findings)
	}
}

func TestHybridSixRow(t *testing.T) {
	h, _ := LookupTemplate("hybrid")
	r := NewReport(h)
	mustSet(t, r, "t3.new_received.natural", "5")
	mustSet(t, r, "t3.other.natural", "2")
	mustSet(t, r, "t3.granted.natural", "3")
	res := r.Evaluate(nil)
	if got := res.Value("t3.total_processed.natural"); got != 5 {
		t.Errorf("（七）总计 = %d, want 5", got)
	}
	if _, ok := h.Cell("t3.other_other.natural"); ok {
		t.Error("hybrid has the 2021 split （六） rows")
	}
	if _, ok := h.Cell("t2.normative.valid"); !ok {
		t.Error("hybrid lacks the 2021 表二")
	}
}

// Editing a part drops the stated totals it feeds (and only those); a
// total set blank drops its statement; a total cannot be typed.
func TestEditDropsStatedTotals(t *testing.T) {
	r, _ := seedReport(t)
	mustSet(t, r, "t3.granted.natural", "358")
	for _, id := range []CellID{"t3.granted.total", "t3.total_processed.natural", "t3.total_processed.total"} {
		if r.Stated(id) {
			t.Errorf("%s still stated after its part changed", id)
		}
	}
	for _, id := range []CellID{"t3.partial.total", "t3.new_received.total", "t3.total_processed.commercial", "t4.review_total"} {
		if !r.Stated(id) {
			t.Errorf("%s lost its statement", id)
		}
	}
	if r.Set("t4.review_total", "0") == nil {
		t.Error("a total was typed")
	}
	mustSet(t, r, "t4.review_total", "")
	if r.Stated("t4.review_total") {
		t.Error("blank Set kept the statement")
	}
	// Paste drops them too.
	r, _ = seedReport(t)
	if _, err := r.Paste("t4.review_maintain", "1"); err != nil || r.Stated("t4.review_total") || !r.Stated("t4.lit_direct_total") {
		t.Errorf("paste: %v, stated %v %v", err, r.Stated("t4.review_total"), r.Stated("t4.lit_direct_total"))
	}
}

// X-R3 (2019 表二): 上一年项目数量 chains with last year's 上一年项目数量 +
// 本年增/减 (a signed change, here negative).
func TestX_R3(t *testing.T) {
	t2019, _ := LookupTemplate("2019")
	prev, cur := NewReport(t2019), NewReport(t2019)
	prev.Meta = Meta{Unit: "某局", Year: 2019}
	cur.Meta = Meta{Unit: "某局", Year: 2020}
	mustSet(t, prev, "t2.license.prev_items", "120")
	mustSet(t, prev, "t2.license.change", "-18")
	mustSet(t, cur, "t2.license.prev_items", "102")
	find := func() []Finding {
		var out []Finding
		for _, f := range cur.Evaluate(prev).Findings {
			if f.Rule == "X-R3" {
				out = append(out, f)
			}
		}
		return out
	}
	if got := find(); len(got) != 0 {
		t.Fatalf("X-R3 fired on a chain that holds: %v", got)
	}
	mustSet(t, cur, "t2.license.prev_items", "120")
	got := find()
	want := "警告 X-R3 表二·行政许可行：上一年项目数量=120，上年报告的上一年项目数量+本年增/减=102，相差18；表二·行政许可·上一年项目数量 应为 102"
	if len(got) != 1 || got[0].String() != want {
		t.Fatalf("got %v\nwant %s", got, want)
	}
}

// A file with a typo in a part and its printed total: the round trip
// through JSON keeps both (the statement is not dropped by the typo).
func TestJSONKeepsStatedWithInvalidPart(t *testing.T) {
	r := NewReport(TemplateForYear(2023))
	_ = r.Set("t3.new_received.natural", "1O")
	mustState(t, r, "t3.new_received.total", "15")
	_ = r.SetStated("t4.review_total", "约50") // kept as invalid
	data, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	if !back.Equal(r) || !back.Stated("t3.new_received.total") || back.Text("t4.review_total") != "约50" {
		t.Errorf("round trip lost something: stated %v, %q", back.Stated("t3.new_received.total"), back.Text("t4.review_total"))
	}
}
