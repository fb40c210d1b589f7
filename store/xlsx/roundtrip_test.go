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

// The seed comes back byte for byte in the interchange format: the golden
// file is the very JSON the export started from.
func TestRoundTripGoldenJSON(t *testing.T) {
	data := exportBytes(t, seed(t), testOpts)
	back, _, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(back, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "seed-quzhou-2022.json", append(got, '\n'))
}

// What a clerk changes in Excel in one of our workbooks is what comes back:
// the visible cells are read, not anything stored in the marker.
func TestImportEditedInExcel(t *testing.T) {
	r := seed(t)
	r.ClearStated()
	data := exportBytes(t, r, testOpts)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct{ sheet, ref string }{
		{"表三", "D6"},        // 一、本年新收·自然人
		{sheetCover, "C10"}, // 联系人
		{sheetCover, "E16"}, // 说明 column, header row
	} {
		if v, _ := f.GetCellValue(e.sheet, e.ref); e.ref == "D6" && v != "819" {
			t.Fatalf("%s!%s = %q: layout changed, update the test", e.sheet, e.ref, v)
		}
	}
	must(t, f.SetCellInt("表三", "D6", 820))
	must(t, f.SetCellStr(sheetCover, "C10", "王五"))
	must(t, f.SetCellStr("表二", "B6", "二百一十六"))
	var buf bytes.Buffer
	must(t, f.Write(&buf))
	back, info, err := Import(bytes.NewReader(buf.Bytes()), int64(buf.Len()), ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := r.Clone()
	must(t, want.Set("t3.new_received.natural", "820"))
	must(t, want.Set("t2.normative.issued", "二百一十六"))
	want.Meta.Contact = "王五"
	if !back.Equal(want) {
		t.Errorf("edits not read back:\n%s", diffReports(want, back))
	}
	if len(info.Warnings) != 1 || !strings.Contains(info.Warnings[0], "二百一十六") {
		t.Errorf("warnings = %q", info.Warnings)
	}
}

// A workbook of ours opened and saved again by another program comes back
// all the same: testdata/seed-resaved-by-libreoffice.xlsx is the seed's
// export saved by LibreOffice Calc 7.4 (shared strings instead of inline
// text, its own styles, the marker sheet merely hidden).
func TestImportResavedByLibreOffice(t *testing.T) {
	back, info, err := ImportFile("testdata/seed-resaved-by-libreoffice.xlsx", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !info.Own || len(info.Warnings) != 0 {
		t.Errorf("own=%v warnings=%q", info.Own, info.Warnings)
	}
	if want := seed(t); !back.Equal(want) {
		t.Errorf("differs from the seed:\n%s", diffReports(want, back))
	}
}
