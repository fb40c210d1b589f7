package model

import (
	"strings"
	"testing"
)

// The printed order every renderer draws: the preface under the title,
// the sections before the tables, the tables, the sections after them;
// numbered parts as headings, other parts as their section's text; the
// signature only with a date.
func TestPrinted(t *testing.T) {
	for _, id := range []string{"2019", "2021", "hybrid"} {
		tpl, _ := LookupTemplate(id)
		r := NewReport(tpl)
		r.Meta.Unit, r.Meta.Year = " 某某局 ", 2024
		for _, k := range tpl.NarrativeKeys() {
			r.Narrative[k] = "文字·" + k
		}
		p := r.Printed()
		if p.Title != "某某局2024年政府信息公开工作年度报告" || p.Signature != nil {
			t.Errorf("%s: title %q, signature %q", id, p.Title, p.Signature)
		}
		if len(p.Preface) != 1 || p.Preface[0].Text != "文字·preface" {
			t.Errorf("%s: preface %+v", id, p.Preface)
		}
		var order []string
		for _, s := range p.Sections {
			if s.Table != nil {
				order = append(order, "表:"+s.Table.ID)
			} else {
				order = append(order, s.Heading[:strings.Index(s.Heading, "、")])
			}
		}
		if got := strings.Join(order, " "); got != "一 表:t2 表:t3 表:t4 五 六" {
			t.Errorf("%s: order %s", id, got)
		}
		for _, s := range p.Sections {
			for i, para := range s.Paras {
				if para.Heading && (i+1 >= len(s.Paras) || s.Paras[i+1].Heading) {
					t.Errorf("%s: heading %q with no text under it", id, para.Text)
				}
			}
		}
		r.Meta.Date = "2025-01-20"
		if got := r.Printed().Signature; len(got) != 2 || got[0] != "某某局" || got[1] != "2025年1月20日" {
			t.Errorf("%s: signature %q", id, got)
		}
	}
}

func TestChineseDate(t *testing.T) {
	for in, want := range map[string]string{"2023-03-01": "2023年3月1日", "": "", "2023年": "", "2023-x-01": "", "2023-0-01": ""} {
		if got := ChineseDate(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestParseChineseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2023年1月20日": "2023-01-20", "２０２３年１月２０日": "2023-01-20", "二〇二三年一月二十日": "2023-01-20",
		"二〇二二年十二月三十一日": "2022-12-31", "2023 年 3 月 1 日": "2023-03-01", "二零二三年十月十日": "2023-10-10",
		"2023年13月1日": "", "2023年2月": "", "23年1月1日": "", "2023年一十月1日": "", "": "", "1999年1月1日": "",
	} {
		got, ok := ParseChineseDate(in)
		if got != want || ok != (want != "") {
			t.Errorf("%q → %q %v, want %q", in, got, ok, want)
		}
	}
}
