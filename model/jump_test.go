package model

import (
	"os"
	"strings"
	"testing"
)

func TestJump(t *testing.T) {
	t2021, _ := LookupTemplate("2021")
	t2019, _ := LookupTemplate("2019")
	tests := []struct {
		name      string
		prevTpl   *Template
		id        CellID // typed in both years
		now, last string
		want      string // the X-R4 finding's String(), "" for none
	}{
		{"same", t2021, "t3.new_received.natural", "100", "100", ""},
		{"five times is not over", t2021, "t3.new_received.natural", "100", "20", ""},
		{"over five times", t2021, "t3.new_received.natural", "835", "80",
			"警告 X-R4 表三·一、本年新收·总计：本年835，上年80，是上年的10.4倍，请核对；如属实可填写说明"},
		{"small now, large last", t2021, "t3.new_received.natural", "4", "100",
			"警告 X-R4 表三·一、本年新收·总计：本年4，上年100，约为上年的4%，请核对；如属实可填写说明"},
		{"a fifth is not under", t2021, "t3.new_received.natural", "20", "100", ""},
		{"under one percent", t2021, "t3.new_received.natural", "1", "500",
			"警告 X-R4 表三·一、本年新收·总计：本年1，上年500，不到上年的1%，请核对；如属实可填写说明"},
		{"both small", t2021, "t3.new_received.natural", "15", "2", ""},
		{"one side reaches the minimum", t2021, "t3.new_received.natural", "20", "3",
			"警告 X-R4 表三·一、本年新收·总计：本年20，上年3，是上年的6.7倍，请核对；如属实可填写说明"},
		{"last year zero", t2021, "t3.new_received.natural", "500", "0", ""},
		{"last year blank", t2021, "t3.new_received.natural", "500", "", ""},
		{"not yet filled in", t2021, "t3.new_received.natural", "", "500", ""},
		{"a real drop to zero", t2021, "t3.new_received.natural", "0", "500",
			"警告 X-R4 表三·一、本年新收·总计：本年0，上年500，本年为0，请核对；如属实可填写说明"},
		{"表四 total", t2021, "t4.review_maintain", "3", "40",
			"警告 X-R4 表四·行政复议总计：本年3，上年40，约为上年的8%，请核对；如属实可填写说明"},
		{"表二 valid", t2021, "t2.normative.valid", "1200", "120",
			"警告 X-R4 表二·行政规范性文件·现行有效件数：本年1200，上年120，是上年的10.0倍，请核对；如属实可填写说明"},
		{"not watched", t2021, "t2.fee.amount", "1000", "10", ""},
		// A 2019-format last year has no 现行有效件数: nothing to compare.
		{"not in last year's format", t2019, "t2.normative.valid", "1200", "120", ""},
		{"shared with last year's format", t2019, "t3.new_received.natural", "835", "80",
			"警告 X-R4 表三·一、本年新收·总计：本年835，上年80，是上年的10.4倍，请核对；如属实可填写说明"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReport(t2021)
			r.Meta = Meta{Unit: "某局", Year: 2022, Scope: ScopeAgency}
			prev := NewReport(tt.prevTpl)
			prev.Meta = Meta{Unit: "某局", Year: 2021, Scope: ScopeAgency}
			mustSet(t, r, tt.id, tt.now)
			if _, ok := tt.prevTpl.Cell(tt.id); ok {
				mustSet(t, prev, tt.id, tt.last)
			}
			var got []string
			for _, f := range r.Evaluate(prev).Findings {
				if f.Rule == "X-R4" {
					got = append(got, f.String())
					if f.Severity != Warning || len(f.Cells) != 1 || !strings.HasPrefix(f.Key, "X-R4.") {
						t.Errorf("finding %+v: want one warning on one cell", f)
					}
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("unexpected %q", got)
			case tt.want != "" && (len(got) != 1 || got[0] != tt.want):
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestJumpNeedsLastYear(t *testing.T) {
	r := seedClean(t)
	for _, f := range r.Evaluate(nil).Findings {
		if f.Rule == "X-R4" {
			t.Errorf("X-R4 without last year: %s", f)
		}
	}
	// Against itself nothing jumps; against a tenth of itself the big
	// figures do, the small ones (< 20 both years) do not.
	if n := countRule(r.Evaluate(r.Clone()), "X-R4"); n != 0 {
		t.Errorf("seed against itself: %d X-R4", n)
	}
	tenth := NewReport(r.Template())
	tenth.Meta = r.Meta
	tenth.Meta.Year--
	for _, c := range r.Template().Cells() {
		if v := r.Value(c.ID); !c.Derived && !v.IsBlank() {
			mustSet(t, tenth, c.ID, itoa(v.Units()/10))
		}
	}
	res := r.Evaluate(tenth)
	if n := countRule(res, "X-R4"); n < 5 {
		t.Errorf("seed against a tenth of itself: %d X-R4, want the big figures", n)
	}
	for _, f := range res.Findings {
		if f.Rule == "X-R4" && res.Value(f.Cells[0]) < 20 {
			t.Errorf("small figure flagged: %s", f)
		}
	}
}

func countRule(res *Result, rule string) int {
	n := 0
	for _, f := range res.Findings {
		if f.Rule == rule {
			n++
		}
	}
	return n
}

func TestJumpRuleData(t *testing.T) {
	data, err := os.ReadFile("templates/2021.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ old, new, want string }{
		{`"ratio": 5`, `"ratio": 1`, "ratio 1"},
		{`"t3.*.total"`, `"t9.*"`, "no cell matches"},
		{`"t3.*.total"`, `"t3.[.total"`, "cell pattern"},
		{`"id": "X-R4"`, `"id": "X-R1"`, "rule X-R1 defined twice"},
	} {
		bad := strings.Replace(string(data), tt.old, tt.new, 1)
		if bad == string(data) {
			t.Fatalf("%s not in the template", tt.old)
		}
		if _, err := ParseTemplate([]byte(bad)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s → %s: err %v, want %q", tt.old, tt.new, err, tt.want)
		}
	}
}
