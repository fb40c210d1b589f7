package model

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Every ID the template data names — in figures, sentences, the
// carry-forward link, narrative placement — must exist: a name that does
// not resolve is a load error that says which, never a half-working
// format.
func TestTemplateDataNamesResolve(t *testing.T) {
	data, err := os.ReadFile("templates/2021.json")
	if err != nil {
		t.Fatal(err)
	}
	type tree = map[string]any
	list := func(v any) []any { return v.([]any) }
	for _, tt := range []struct {
		name   string
		change func(tpl tree)
		want   string
	}{
		{"figure cell", func(tpl tree) {
			list(tpl["figures"])[0].(tree)["cells"] = []any{"t3.new_recieved.total"}
		}, "figure received: cell t3.new_recieved.total not found"},
		{"figure pattern", func(tpl tree) {
			list(tpl["figures"])[7].(tree)["cells"] = []any{"t3.refused_*.total"}
		}, `figure denied: no cell matches "t3.refused_*.total"`},
		{"figure of amounts", func(tpl tree) {
			list(tpl["figures"])[0].(tree)["cells"] = []any{"t2.fee.amount"}
		}, "figure received: cell t2.fee.amount is not a count"},
		{"figure twice", func(tpl tree) {
			list(tpl["figures"])[1].(tree)["id"] = "received"
		}, `figure "received": id empty or twice`},
		{"breakdown figure missing", func(tpl tree) {
			fs := list(tpl["figures"])
			var kept []any
			for _, f := range fs {
				if f.(tree)["id"] != "litigation" {
					kept = append(kept, f)
				}
			}
			tpl["figures"] = kept
			tpl["sentences"] = list(tpl["sentences"])[2:]
		}, `figure "litigation" not defined (the roll-up's breakdown lists it)`},
		{"sentence figure", func(tpl tree) {
			list(tpl["sentences"])[1].(tree)["text"] = "被申请行政复议{reviews}件。"
		}, "sentence 2: figure {reviews} not defined"},
		{"sentence brace", func(tpl tree) {
			list(tpl["sentences"])[1].(tree)["text"] = "被申请行政复议{review件。"
		}, "sentence 2: unmatched {"},
		{"sentence narrative", func(tpl tree) {
			list(tpl["sentences"])[0].(tree)["narrative"] = "overview.request"
		}, `sentence 1: narrative "overview.request" not found`},
		{"carry table", func(tpl tree) {
			tpl["carry_forward"].(tree)["table"] = "t5"
		}, `carry_forward: table "t5" not found`},
		{"carry row", func(tpl tree) {
			tpl["carry_forward"].(tree)["from"] = "carry_forwards"
		}, `carry_forward: row "carry_forwards" not found in t3`},
		{"carry into a total", func(tpl tree) {
			tpl["carry_forward"].(tree)["into"] = "total_processed"
		}, `carry_forward: row "total_processed" of t3 has no typed cell`},
		{"no carry link", func(tpl tree) {
			delete(tpl, "carry_forward")
		}, "no carry_forward link"},
		{"tab", func(tpl tree) {
			delete(list(tpl["tables"])[1].(tree), "tab")
		}, "table t3: no tab title"},
		{"place", func(tpl tree) {
			list(tpl["narrative"])[1].(tree)["place"] = "before"
		}, `narrative overview: place "before": want preface, before_tables or after_tables`},
		{"place order", func(tpl tree) {
			list(tpl["narrative"])[0].(tree)["place"] = "after_tables"
			list(tpl["narrative"])[0].(tree)["tab"] = "前言"
		}, "narrative overview: place before_tables comes after a later place"},
		{"section tab", func(tpl tree) {
			delete(list(tpl["narrative"])[2].(tree), "tab")
		}, "narrative problems: no tab"},
		{"fee twice", func(tpl tree) {
			list(tpl["narrative"])[2].(tree)["fee"] = true
		}, "2 places for the fee statement"},
	} {
		var tpl tree
		if err := json.Unmarshal(data, &tpl); err != nil {
			t.Fatal(err)
		}
		tt.change(tpl)
		bad, _ := json.Marshal(tpl)
		if _, err := ParseTemplate(bad); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", tt.name, err, tt.want)
		}
	}
	if _, err := ParseTemplate(data); err != nil {
		t.Fatal(err)
	}
}

// A registered format is found by ID and by year, and goes away again.
func TestRegisterTemplate(t *testing.T) {
	data, err := os.ReadFile("templates/2021.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RegisterTemplate(mustParse(t, data)); err == nil || !strings.Contains(err.Error(), `"2021" twice`) {
		t.Errorf("2021 twice: %v", err)
	}
	s := strings.Replace(string(data), `"id": "2021"`, `"id": "2030"`, 1)
	s = strings.Replace(s, `"first_year": 2021`, `"first_year": 2030`, 1)
	tpl := mustParse(t, []byte(s))
	n := len(Templates())
	unregister, err := RegisterTemplate(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := LookupTemplate("2030"); got != tpl || TemplateForYear(2031) != tpl || Templates()[0] != tpl {
		t.Error("registered format not found")
	}
	if TemplateForYear(2029).ID != "2021" {
		t.Error("2029 not 2021")
	}
	unregister()
	if _, ok := LookupTemplate("2030"); ok || len(Templates()) != n || TemplateForYear(2031).ID != "2021" {
		t.Error("unregistered format still there")
	}
}

func mustParse(t *testing.T, data []byte) *Template {
	t.Helper()
	tpl, err := ParseTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// 2019 and the hybrid have one （六）其他处理 row: it is their 其他处理合计,
// which the ready-made sentence states and N-R1 checks.
func TestOtherHandledSingleRow(t *testing.T) {
	for _, id := range []string{"2019", "hybrid"} {
		tpl, _ := LookupTemplate(id)
		r := NewReport(tpl)
		r.Meta.Year = 2020
		mustSet(t, r, "t3.other.natural", "4")
		res := r.Evaluate(nil)
		if f, ok := res.Figure("other_handled"); !ok || f.Value != 4 {
			t.Errorf("%s: other_handled %+v", id, f)
		}
		if s := res.Sentences()[0].Text; !strings.Contains(s, "其他处理4件") {
			t.Errorf("%s: %s", id, s)
		}
		r.Narrative["overview"] = "其他处理5件。"
		if fs := narrativeFindingsOf(r.Evaluate(nil), "N-R1"); len(fs) != 1 {
			t.Errorf("%s: 其他处理5件 not flagged: %v", id, fs)
		}
	}
}
