package model

import (
	"strings"
	"testing"
)

func narrativeFindingsOf(res *Result, rule string) []Finding {
	var out []Finding
	for _, f := range res.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestParseFigure(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"835", 835, true},
		{"８３５", 835, true},
		{"1,838", 1838, true},
		{"1，838", 1838, true},
		{"0", 0, true},
		{"三十五", 35, true},
		{"十", 10, true},
		{"十二", 12, true},
		{"二十", 20, true},
		{"一百零五", 105, true},
		{"一百一十", 110, true},
		{"八百三十五", 835, true},
		{"两千零三", 2003, true},
		{"一千八百三十八", 1838, true},
		{"一万二千", 12000, true},
		{"三十万零八", 300008, true},
		{"一〇二", 102, true},
		{"零", 0, true},
		{"两", 2, true},
		{"万", 0, false},
		{"千", 0, false},
		{"", 0, false},
		{"9999999999999", 0, false},
		// As spoken: a lone digit after a unit is the next lower place.
		{"一千二", 1200, true},
		{"三百五", 350, true},
		{"一万二", 12000, true},
		{"一千零二", 1002, true},
		{"二十万零五百", 200500, true},
		{"一亿二千万", 120000000, true},
		// Out of order, repeated, or two digits among units.
		{"一万万", 0, false},
		{"十十", 0, false},
		{"三百百", 0, false},
		{"一百一千", 0, false},
		{"一二十", 0, false},
		{"零十", 0, false},
		{"一万亿", 0, false},
		{"一〇二十", 0, false},
	} {
		got, ok := parseFigure(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parseFigure(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// The published seed states six table figures in its 总体情况, all
// consistent with its tables.
func TestNarrativeSeedPasses(t *testing.T) {
	r, _ := seedReport(t)
	var found []string
	for _, c := range claims(r.Narrative["overview"], r.Meta.Year) {
		found = append(found, c.ph.name+c.num)
	}
	want := "收到申请835件 上年结转23件 予以公开和部分公开543件 行政复议187件 行政诉讼39件 公开216件"
	if got := strings.Join(found, " "); got != want {
		t.Errorf("figures read from the seed:\n got %s\nwant %s", got, want)
	}
	for _, rep := range []*Report{r, seedClean(t)} {
		res := rep.Evaluate(nil)
		for _, rule := range []string{"N-R1", "N-R2"} {
			if fs := narrativeFindingsOf(res, rule); len(fs) != 0 {
				t.Errorf("seed: %v", fs)
			}
		}
	}
}

// Each sentence is put into 一、总体情况（二）依申请公开 of the seed; want is
// "" when it agrees with the tables (or states nothing about them), else
// a part of the one N-R1 message expected. The seed's tables: 新收835,
// 上年结转23, （七）总计849, 予以公开368, 部分公开175, 不予公开19, 无法提供255,
// 不予处理10, 其他处理22, 结转9, 复议187 (纠正34), 诉讼28+11, 规范性文件
// 216/143/1838, 规章0/0/2, 逾期未缴费2.
func TestNarrativePhrasings(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		// The seed's own sentences and variations that agree.
		{"2022年全市接收依申请公开申请835件,上年结转办理23件,予以公开和部分公开543件,依申请公开政府信息答复率100%。", ""},
		{"本年度共收到政府信息公开申请835件。", ""},
		{"本年度共收到政府信息公开申请858件（含上年结转）。", ""},
		{"全年共受理依申请公开849件。", ""},
		{"本年新收政府信息公开申请八百三十五件。", ""},
		{"新收申请８３５件，上一年度结转二十三件。", ""},
		{"予以公开368件，部分公开175件，不予公开十九件，无法提供255件，不予处理10件，其他处理22件。", ""},
		{"予以公开及部分公开共计五百四十三件。", ""},
		{"予以公开、部分公开543件。", ""},
		{"结转下年度继续办理9件。", ""},
		{"全年办理涉及政府信息公开的行政复议187件、行政诉讼39件。", ""},
		{"被申请行政复议187件，被提起行政诉讼案件39起。", ""},
		{"未经复议直接起诉28件，复议后起诉11件。", ""},
		{"行政复议和行政诉讼共226件。", ""},
		{"行政复议被纠错34件。", ""},
		{"本年度制发行政规范性文件216件，废止143件，现行有效1,838件。", ""},
		{"全年公开行政规范性文件216件。", ""},
		{"行政规范性文件本年制发216件。", ""},
		{"规章现行有效两件。", ""},
		{"因申请人逾期未缴纳信息处理费而不再处理的申请2件。", ""},
		// Numbers that are not table figures.
		{"2022年，全市政府网站访问量达12345次，修订后的重点领域信息公开细分条目达102项。", ""},
		{"全年开展决策公开意见征集137次，常务会议和重大政府会议22次，配套各类政策解读265条。", ""},
		{"组织开展了2022年度全市政务公开工作考核，衢州市政务新媒体考核稳列全省前4。", ""},
		{"收到申请数量较上年增加35件，同比增长4%。", ""},
		{"2021年收到申请700件。", ""},
		{"上年度收到申请700件。", ""},
		{"其中，自然人申请819件，法人或其他组织申请16件。", ""},
		{"第1季度收到申请200件。", ""},
		{"收到申请800余件。", ""},
		{"全年收到约800件政府信息公开申请。", ""},
		{"收到网民留言1234件，公开行政处罚信息3000条。", ""},
		{"第二十条第（一）项，第三件申请已办结。", ""},
		{"制发行政规范性文件216件，其中10件为政策解读。", ""},
		// Figures that disagree, each caught with the right message.
		{"本年度共收到政府信息公开申请800件。",
			"“本年度共收到政府信息公开申请800件”：收到申请800件，表中为835（本年新收申请总数）；按其他口径也不符：本年新收与上年结转合计为858，本年度办理结果总计（（七）总计）为849"},
		{"本年新收政府信息公开申请858件。", "新收申请858件，表中为835（本年新收申请总数）"},
		{"予以公开和部分公开三十五件。", "予以公开和部分公开三十五件，表中为543（予以公开和部分公开合计）"},
		{"予以公开360件，部分公开175件。", "予以公开360件，表中为368（予以公开）"},
		{"不予公开20件。", "不予公开20件，表中为19（不予公开合计）"},
		{"全年办理涉及政府信息公开的行政复议180件、行政诉讼39件。", "行政复议180件，表中为187（行政复议总数）"},
		{"全年办理涉及政府信息公开的行政复议187件、行政诉讼28件。", "行政诉讼28件，表中为39（行政诉讼总数（直接起诉＋复议后起诉））"},
		{"全年公开行政规范性文件200件。", "公开200件，表中为216（表二·行政规范性文件·本年制发件数）"},
		{"本年度废止规章3件。", "废止3件，表中为0（表二·规章·本年废止件数）"},
		{"行政规范性文件现行有效一千八百件。", "现行有效一千八百件，表中为1838"},
		{"上年结转办理24件。", "上年结转24件，表中为23（上年结转申请数）"},
		{"结转下年度办理8件。", "结转下年度8件，表中为9"},
		{"逾期未缴费不再处理3件。", "逾期未缴费3件，表中为2"},
	} {
		r := seedClean(t)
		r.Narrative["overview.requests"] = tc.text
		fs := narrativeFindingsOf(r.Evaluate(nil), "N-R1")
		if tc.want == "" {
			if len(fs) != 0 {
				t.Errorf("%s\n  flagged: %s", tc.text, fs[0].Message)
			}
			continue
		}
		if len(fs) != 1 {
			t.Errorf("%s\n  %d findings, want 1: %v", tc.text, len(fs), fs)
			continue
		}
		f := fs[0]
		if !strings.Contains(f.Message, tc.want) {
			t.Errorf("%s\n  message %s\n     want %s", tc.text, f.Message, tc.want)
		}
		if f.Severity != Warning || f.Where != "正文·一、总体情况·（二）依申请公开" || len(f.Cells) == 0 {
			t.Errorf("%s: finding %+v", tc.text, f)
		}
	}
}

func TestNarrativeFindingDetails(t *testing.T) {
	r := seedClean(t)
	long := "一是持续规范办理程序，加强对依申请公开接收、登记、补正、审核、答复等环节管理，2022年全市接收依申请公开申请830件，确保流程规范、答复及时。"
	r.Narrative["overview"] = long + "\n全年办理涉及政府信息公开的行政复议180件。行政复议180件。"
	fs := narrativeFindingsOf(r.Evaluate(nil), "N-R1")
	if len(fs) != 3 {
		t.Fatalf("%d findings: %v", len(fs), fs)
	}
	// A long sentence is quoted around the number.
	if want := "“…答复等环节管理，2022年全市接收依申请公开申请830件，确保流程规范、答复…”"; !strings.HasPrefix(fs[0].Message, want) {
		t.Errorf("quote: %s\nwant %s", fs[0].Message, want)
	}
	if fs[0].Cells[0] != "t3.new_received.total" || fs[0].Key != "N-R1.overview.received" {
		t.Errorf("cells %v key %s", fs[0].Cells, fs[0].Key)
	}
	if fs[0].Where != "正文·一、总体情况" {
		t.Errorf("where %s", fs[0].Where)
	}
	// The same figure twice in a section: distinct keys for the 说明.
	if fs[1].Key != "N-R1.overview.review" || fs[2].Key != "N-R1.overview.review.2" {
		t.Errorf("keys %s %s", fs[1].Key, fs[2].Key)
	}
	if fs[1].Cells[0] != "t4.review_total" {
		t.Errorf("cells %v", fs[1].Cells)
	}
	// A 说明 sticks to its finding.
	r.Notes["N-R1.overview.review"] = "复议数含市政府本级"
	if f := narrativeFindingsOf(r.Evaluate(nil), "N-R1")[1]; f.Note != "复议数含市政府本级" {
		t.Errorf("note %q", f.Note)
	}
}

func TestFeeStatement(t *testing.T) {
	r := seedClean(t)
	if fs := narrativeFindingsOf(r.Evaluate(nil), "N-R2"); len(fs) != 0 {
		t.Fatalf("seed: %v", fs)
	}
	r.Narrative["other"] = "无。"
	fs := narrativeFindingsOf(r.Evaluate(nil), "N-R2")
	if len(fs) != 1 || fs[0].Severity != Info ||
		!strings.Contains(fs[0].Message, "逾期未缴费不再处理的申请有2件") || fs[0].Cells[0] != "t3.other_no_fee.total" {
		t.Fatalf("findings %v", fs)
	}
	r.Narrative["other.fee"] = "本年度未收取信息处理费。"
	if fs := narrativeFindingsOf(r.Evaluate(nil), "N-R2"); len(fs) != 0 {
		t.Errorf("fee stated in 六's part: %v", fs)
	}
	// A report of tables only (an imported workbook) is not asked.
	empty := seedClean(t)
	clear(empty.Narrative)
	if fs := narrativeFindingsOf(empty.Evaluate(nil), "N-R2"); len(fs) != 0 {
		t.Errorf("tables only: %v", fs)
	}
}

func TestFiguresAndSentences(t *testing.T) {
	res := seedClean(t).Evaluate(nil)
	want := map[string]int64{"received": 835, "received_all": 858, "processed": 849, "granted_partial": 543,
		"denied": 19, "unable": 255, "notproc": 10, "other_handled": 22, "no_fee": 2, "carry_forward": 9,
		"review": 187, "litigation": 39, "normative_issued": 216, "normative_valid": 1838, "rules_valid": 2}
	got := map[string]int64{}
	for _, f := range res.Figures() {
		got[f.ID] = f.Value
		if f.Label == "" || f.Unit != "件" || len(f.Cells) == 0 {
			t.Errorf("figure %+v", f)
		}
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("figure %s = %d, want %d", id, got[id], v)
		}
	}

	// Every ready-made sentence, in every format, states the tables' figures
	// and passes N-R1; one with a changed figure does not.
	for _, tid := range []string{"2021", "2019", "hybrid"} {
		tpl, _ := LookupTemplate(tid)
		r := NewReport(tpl)
		r.Meta.Year = 2022
		for i, c := range tpl.Cells() {
			if !c.Derived {
				_ = r.SetValue(c.ID, FromUnits(int64(i%7+1)*pow10[c.Kind.Scale()]))
			}
		}
		res := r.Evaluate(nil)
		ss := res.Sentences()
		if len(ss) < 3 {
			t.Fatalf("%s: %d sentences", tid, len(ss))
		}
		for _, s := range ss {
			r.Narrative[s.Key] += s.Text
		}
		if fs := narrativeFindingsOf(r.Evaluate(nil), "N-R1"); len(fs) != 0 {
			t.Errorf("%s: sentences flagged: %v", tid, fs)
		}
		recv, _ := res.Figure("received")
		if !strings.Contains(ss[0].Text, "申请"+recv.Text()+"件") {
			t.Errorf("%s: %s lacks %d", tid, ss[0].Text, recv.Value)
		}
		r.Narrative["overview.requests"] = strings.Replace(ss[0].Text, "申请"+recv.Text()+"件", "申请99999件", 1)
		if fs := narrativeFindingsOf(r.Evaluate(nil), "N-R1"); len(fs) != 1 {
			t.Errorf("%s: changed sentence: %v", tid, fs)
		}
	}
	if tpl, _ := LookupTemplate("2019"); true {
		res := NewReport(tpl).Evaluate(nil)
		f, ok := res.Figure("normative_issued")
		if !ok || f.Cells[0] != "t2.normative.made" {
			t.Errorf("2019 制发: %+v", f)
		}
		if _, ok := res.Figure("normative_repealed"); ok {
			t.Error("2019 has no 本年废止件数")
		}
	}
}

// Any text is read without a panic, and every claim points into its sentence.
func FuzzNarrative(f *testing.F) {
	for _, s := range []string{"收到申请835件", "予以公开和部分公开三十五件，废止规章两件。", "行政复议1,2件", "（一", "万件", "\xff收到申请1件", "上年结转一〇二件；"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, c := range findClaims(text, 2022) {
			if c.at < 0 || c.end > len(c.sentence) || c.sentence[c.at:c.end] != c.num {
				t.Fatalf("claim %+v", c)
			}
			_ = excerpt(c.sentence, c.at, c.end)
		}
		r := NewReport(TemplateForYear(2022))
		r.Meta.Year = 2022
		r.Narrative["overview"] = text
		_ = r.Evaluate(nil)
	})
}

// A narrative finding says where its sentence is, so the editor can
// select it.
func TestNarrativeFindingPointsAtSentence(t *testing.T) {
	r := NewReport(TemplateForYear(2022))
	r.Meta.Year = 2022
	_ = r.Set("t3.new_received.natural", "10")
	r.Narrative["overview"] = "本机关依法办理申请。\n　全年收到申请12件，均已办结；上年结转0件。"
	var got *Finding
	res := r.Evaluate(nil)
	for i, f := range res.Findings {
		if f.Rule == RuleNarrative.ID {
			got = &res.Findings[i]
		}
	}
	if got == nil {
		t.Fatalf("no N-R1 finding: %v", res.Findings)
	}
	if got.Narrative != "overview" || r.Narrative["overview"][got.At:got.End] != "全年收到申请12件，均已办结" {
		t.Errorf("finding points at %q of %q", r.Narrative[got.Narrative][got.At:got.End], got.Narrative)
	}
}
