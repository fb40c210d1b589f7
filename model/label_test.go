package model

import (
	"errors"
	"strings"
	"testing"
	"unicode"
)

func TestFindRowVariants(t *testing.T) {
	t2021 := TemplateForYear(2022)
	t3, t2 := t2021.Table("t3"), t2021.Table("t2")
	tests := []struct {
		tb      *Table
		printed string
		want    string // row key; "" for no match
	}{
		{t3, "一、本年新收政府信息公开申请数量", "new_received"},
		{t3, "一、本年新收政府信息\n公开申请数量", "new_received"},
		{t3, "(一)予以公开", "granted"},
		{t3, "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）", "partial"},
		{t3, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partial"},
		{t3, "2.其他法律行政止公开", "denied_law_forbidden"}, // Hongze's typo
		{t3, "2、其他法律行政法规禁止公开", "denied_law_forbidden"},
		{t3, "4.无正当理由大量反复 申请", "notproc_mass_repeat"},
		{t3, "5.要求行政机关确认或重 新出具 已获取信息", "notproc_confirm"},
		{t3, "属于国家秘密", "denied_state_secret"}, // number dropped
		{t3, "3.危及\"三安全一稳定\"", "denied_three_safety"},
		{t3, "（七）总计", "total_processed"},
		{t3, "四、结转下年度继续办理", "carry_forward"},
		{t3, "（六）其他处理", ""}, // a group in 2021, not a row
		{t3, "申请人情况", ""},
		{t2, "规范性文件", "normative"},
		{t2, "行政规范性文件", "normative"},
		{t2, "行 政 许 可", "license"},
		{t2, "", ""},
	}
	for _, tt := range tests {
		_, r := tt.tb.FindRow(tt.printed)
		got := ""
		if r != nil {
			got = r.Key
		}
		if got != tt.want {
			t.Errorf("%s.FindRow(%q) = %q, want %q", tt.tb.ID, tt.printed, got, tt.want)
		}
	}
	h, _ := LookupTemplate("hybrid")
	if _, r := h.Table("t3").FindRow("（六）其他处理"); r == nil || r.Key != "other" {
		t.Errorf("hybrid （六）其他处理 → %v", r)
	}
	col := t2.Blocks[0].Columns[0]
	for _, s := range []string{"本年制发件数", "本年新发件数", "本年制发\n件数"} {
		if !col.Matches(s) {
			t.Errorf("column %s does not match %q", col.Key, s)
		}
	}
	fee := t2.Blocks[3].Columns[0]
	if !fee.Matches("本年收费金额(单位:万元)") {
		t.Error("fee column with half-width brackets")
	}
}

func TestUnmarshalRejects(t *testing.T) {
	for _, tt := range []struct{ in, msg string }{
		{`[]`, "不是有效的JSON报告文件"},
		{`{"format":"other"}`, "不是年报数据文件"},
		{`{"format":"nianbao-report","version":1,"template":"2030"}`, "未知的报告模板"},
		{`{"format":"nianbao-report","version":1,"template":"2021","meta":{"scope":"省"}}`, "未知的报告范围"},
		{`{"format":"nianbao-report","version":1,"template":"2021","narrative":{"x":"y"}}`, "未知的文字部分"},
		{`{"format":"nianbao-report","version":1,"template":"2021","cells":{"t3.new_received.total":5}}`, "应写在“stated”中"},
		{`{"format":"nianbao-report","version":1,"template":"2021","cells":{"t3.new_received.natural":[1]}}`, "应为数字或文字"},
		{`{"format":"nianbao-report","version":1,"template":"2021","meta":{"year":"2022"}}`, "类型不对"},
	} {
		_, err := UnmarshalReport([]byte(tt.in))
		var de *DecodeError
		if err == nil || !errors.As(err, &de) || !strings.Contains(de.Msg, tt.msg) {
			t.Errorf("UnmarshalReport(%s) = %v, want %q", tt.in, err, tt.msg)
		}
	}
	// A value that does not parse is kept, not refused.
	r, err := UnmarshalReport([]byte(`{"format":"nianbao-report","version":1,"template":"2021","cells":{"t3.new_received.natural":"８３５","t3.granted.natural":"abc"}}`))
	if err != nil || r.Text("t3.new_received.natural") != "835" || r.Text("t3.granted.natural") != "abc" {
		t.Errorf("%v %q %q", err, r.Text("t3.new_received.natural"), r.Text("t3.granted.natural"))
	}
}

// The importer matches cells by their normalized text, which relies on
// normalizing twice giving the same text as once.
func TestNormalizeLabelIdempotent(t *testing.T) {
	for _, s := range []string{
		"一、本年新收政府信息\n公开申请数量", "１、属于国家秘密", "1 、属于", "（七）总计 ", "商业\u3000企业",
		"\u00a0\u200b“三安全一稳定”", "1、、x", "\xff 坏\xe6", "２０２２年度", "：，；．／",
	} {
		once := NormalizeLabel(s)
		if twice := NormalizeLabel(once); twice != once {
			t.Errorf("NormalizeLabel(%q) = %q, again %q", s, once, twice)
		}
		if got, want := stripNormalized(once), stripEnumerator(s); got != want {
			t.Errorf("stripNormalized(%q) = %q, stripEnumerator(%q) = %q", once, got, s, want)
		}
	}
}

// normalized looks for non-ASCII white space only where Unicode has it.
func TestNormalizedSpaceRanges(t *testing.T) {
	for r := rune(0x100); r <= unicode.MaxRune; r++ {
		if (r < 0x1680 || r > 0x3000) && unicode.IsSpace(r) {
			t.Fatalf("U+%04X is white space outside the ranges normalized checks", r)
		}
	}
}

// MatchesNormalized on the normalized text answers as Matches does.
func TestMatchesNormalized(t *testing.T) {
	tpl := TemplateForYear(2022)
	for _, printed := range []string{"一、本年新收政府信息\n公开申请数量", "(一)予以公开", "属于国家秘密", "1、属于国家秘密", "（七）总计", "自然人", "商业 企业", "总 计", "其他"} {
		norm := NormalizeLabel(printed)
		for _, tb := range tpl.Tables {
			for _, b := range tb.Blocks {
				for _, r := range b.Rows {
					if r.Matches(printed) != r.MatchesNormalized(norm) {
						t.Errorf("row %s: Matches(%q) and MatchesNormalized(%q) differ", r.Label, printed, norm)
					}
				}
				for _, c := range b.Columns {
					if c.Matches(printed) != c.MatchesNormalized(norm) {
						t.Errorf("column %s: Matches(%q) and MatchesNormalized(%q) differ", c.Label, printed, norm)
					}
				}
			}
		}
	}
}
