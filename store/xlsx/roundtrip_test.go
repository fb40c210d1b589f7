package xlsx

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"nianbao/model"
)

// roundTripCases are reports that must come back from export → import
// exactly (model.Report.Equal): values, blanks, invalid text, stated
// totals, decimals, narrative, 基本信息 and 说明.
func roundTripCases(t *testing.T) map[string]*model.Report {
	cases := map[string]*model.Report{}
	cases["seed"] = seed(t)

	r := seed(t)
	r.ClearStated()
	cases["seed, totals computed"] = r

	r = seed(t)
	must(t, r.Set("t2.fee.amount", "24252.311082"))
	must(t, r.Set("t3.new_received.research", "")) // blank
	must(t, r.Set("t3.granted.other", "十二"))       // invalid, kept as typed
	must(t, r.SetStated("t4.review_total", "0"))   // stated, disagrees
	must(t, r.SetStated("t3.partial.total", "一百")) // stated, not a number
	r.Meta.Contact, r.Meta.Phone = "李四", "0570-3087586"
	r.Narrative["preface"] = "  本报告依据《条例》编制。\n\n统计期限为1月1日至12月31日。\n"
	r.Narrative["overview.proactive"] = strings.Repeat("主动公开政府信息，", 150) // 1350 runes: split over rows
	r.Narrative["other.fee"] = "\n"
	r.Notes["T4-R1.t4.review_total"] = "原表如此，已核实。"
	r.Notes["T3-R1.natural"] = "上年数据口径调整。" // a 说明 for a problem that no longer arises
	cases["edited"] = r

	cases["2019"] = sample2019(t)
	cases["hybrid"] = filled(t, "hybrid", 2023)
	r = filled(t, "2021", 2024)
	must(t, r.Set("t2.fee.amount", "0.000001"))
	cases["2021 tiny fee"] = r

	tpl, _ := model.LookupTemplate("2021")
	cases["empty"] = model.NewReport(tpl)
	return cases
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		var in *model.InputError
		if !errorsAs(err, &in) { // invalid input is kept on purpose
			t.Fatal(err)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for name, r := range roundTripCases(t) {
		t.Run(name, func(t *testing.T) {
			data := exportBytes(t, r, testOpts)
			back, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "x.xlsx"})
			if err != nil {
				t.Fatal(err)
			}
			if !info.Own || info.Template != r.Template() {
				t.Errorf("info: own=%v template=%v", info.Own, info.Template.ID)
			}
			if !back.Equal(r) {
				t.Errorf("import differs from the exported report:\n%s", diffReports(r, back))
			}
		})
	}
}

// Without the hidden marker the same workbook is read by its labels alone:
// the same cells, narrative and 基本信息; every total is then "stated"
// (the file shows it), so stated totals are compared only where the
// original stated them.
func TestRoundTripByLabelsOnly(t *testing.T) {
	for name, r := range roundTripCases(t) {
		t.Run(name, func(t *testing.T) {
			data := exportBytes(t, r, testOpts)
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.DeleteSheet(sheetMarker); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			back, info, err := Import(bytes.NewReader(buf.Bytes()), int64(buf.Len()), ImportOptions{Name: "x.xlsx"})
			if err != nil {
				t.Fatal(err)
			}
			if info.Own || info.Template != r.Template() {
				t.Errorf("info: own=%v template=%s (%s)", info.Own, info.Template.ID, info.Detected)
			}
			want := r.Clone()
			for _, c := range r.Template().Cells() {
				if c.Derived && !r.Stated(c.ID) {
					must(t, want.SetStated(c.ID, r.Evaluate(nil).Display(c.ID)))
				}
			}
			if !back.Equal(want) {
				t.Errorf("label-only import differs:\n%s", diffReports(want, back))
			}
		})
	}
}

// diffReports shows two reports' interchange JSON side by side, key by key.
func diffReports(want, got *model.Report) string {
	flat := func(r *model.Report) map[string]string {
		data, _ := r.MarshalJSON()
		var m map[string]any
		_ = json.Unmarshal(data, &m)
		out := map[string]string{}
		var walk func(string, any)
		walk = func(p string, v any) {
			if mm, ok := v.(map[string]any); ok {
				for k, vv := range mm {
					walk(p+"."+k, vv)
				}
				return
			}
			b, _ := json.Marshal(v)
			out[p] = string(b)
		}
		walk("", m)
		return out
	}
	w, g := flat(want), flat(got)
	var b strings.Builder
	for k, v := range w {
		if g[k] != v {
			b.WriteString(k + ": want " + v + ", got " + g[k] + "\n")
		}
	}
	for k, v := range g {
		if _, ok := w[k]; !ok {
			b.WriteString(k + ": unexpected " + v + "\n")
		}
	}
	return b.String()
}
