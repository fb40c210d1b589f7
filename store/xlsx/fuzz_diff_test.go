package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"nianbao/model"
)

// The parts FuzzFastVsExcelize varies: the first sheet (年报) and the
// shared strings.
const (
	diffSheetPart = "xl/worksheets/sheet1.xml"
	diffSSTPart   = "xl/sharedStrings.xml"
)

// FuzzFastVsExcelize is the differential target behind the fast reader's
// claim (fastread.go) that it reads what excelize reads. It puts mutated
// bytes in place of the worksheet and the shared strings of a small
// hand-made report (diffBook) and imports the result by both paths: they
// must give the same report and ImportInfo, or the same error message (or
// the fast path falls back to excelize, which is then trivially the same).
// A number read differently by the two paths would be taken silently into
// a roll-up.
//
// The inputs are kept small (表二 and 表四, a few kilobytes) so that a
// short run makes thousands of executions: excelize costs milliseconds a
// workbook. Run as an ordinary test from testdata/fuzz/FuzzFastVsExcelize;
// fuzz with
//
//	.ci/fuzz ./store/xlsx FuzzFastVsExcelize 10s
func FuzzFastVsExcelize(f *testing.F) {
	base := diffBook(f, true)
	for _, pkg := range [][]byte{base, diffBook(f, false)} {
		f.Add(part(f, pkg, diffSheetPart), part(f, pkg, diffSSTPart))
	}
	parts := unzipParts(f, base)
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		for i := range parts {
			switch parts[i].name {
			case diffSheetPart:
				parts[i].data = sheet
			case diffSSTPart:
				parts[i].data = sst
			}
		}
		data := zipParts(t, parts)
		opts := ImportOptions{Name: "fuzz.xlsx", AllowPartial: true}
		// importReader's fast path, step by step: where it falls back,
		// both paths are excelize's and there is nothing to compare, so
		// excelize is not run at all (most mutations break the XML; this
		// doubles the executions a run makes).
		r, size := bytes.NewReader(data), int64(len(data))
		if sniff(r, size, opts.Name) != nil {
			return
		}
		fb, err := openFast(r, size)
		if err != nil {
			return
		}
		repF, infoF, errF := importWorkbook(fb, opts)
		if errors.Is(errF, errFallback) {
			return
		}
		repX, infoX, errX := importReader(r, size, opts, false)
		sameResults(t, "fuzz.xlsx", repF, infoF, errF, repX, infoX, errX)
	})
}

// diffBook is the seed of FuzzFastVsExcelize: a title, 表二 and 表四 of
// the seed report on the sheet 年报, and a sheet 数据 its formulas refer
// to. With typed set, 表二 also holds what the fast reader must read as
// excelize does: a boolean, a date, a number shown as a date, an error
// value, an inline string, formulas with and without results (certain,
// uncertain, shared), a rich-text shared string; the heads are merged.
// Without it, the values are text and nothing is merged.
func diffBook(t testing.TB, typed bool) []byte {
	r := seed(t)
	b := newBook(t, "年报", "数据")
	l := layout{Value: func(_ model.CellID, text string) any { return text }}
	if typed {
		l = layout{Value: func(_ model.CellID, text string) any { return asNumber(text) }, Merge: true}
	}
	b.set("年报", 0, 0, "某某局2022年度政府信息公开工作年度报告")
	y := b.table2("年报", 2, 0, r, l)
	b.table4("年报", y+1, 0, r, l)
	must(t, b.F.SetCellValue("数据", "A1", 800))
	must(t, b.F.SetCellFormula("数据", "A2", "年报!"+b.At["t2.rules.issued"].Name()))
	if !typed {
		return b.bytes()
	}
	at := func(id model.CellID) string { return b.At[id].Name() }
	must(t, b.F.SetCellValue("年报", at("t2.rules.repealed"), true))
	styled(44563, 14, "")(b, at("t2.normative.issued"))
	styled(44563, 0, `m"月"d"日"`)(b, at("t2.normative.repealed"))
	for id, f := range map[model.CellID]string{
		"t2.license.decisions":  "数据!A1+SUM(数据!A1:A3)-800",
		"t2.penalty.decisions":  "SUMPRODUCT(数据!A1:A2)",
		"t2.coercion.decisions": "'数据'!A1*2",
	} {
		must(t, b.F.SetCellValue("年报", at(id), nil))
		must(t, b.F.SetCellFormula("年报", at(id), f))
	}
	data := b.bytes()
	// What excelize does not write: an error value, an inline string, a
	// shared formula with cached results, a label in rich text runs.
	set := func(id model.CellID, cell string) {
		ref := at(id)
		data = setCellXML(t, data, diffSheetPart, ref, strings.ReplaceAll(cell, "REF", ref))
	}
	set("t2.normative.valid", `<c r="REF" t="e"><v>#DIV/0!</v></c>`)
	set("t2.fee.amount", `<c r="REF" t="inlineStr"><is><r><t>427</t></r><r><t xml:space="preserve">.41 </t></r></is></c>`)
	set("t2.rules.issued", `<c r="REF"><f t="shared" ref="B4:D4" si="0">1+1</f><v>2</v></c>`)
	set("t2.rules.valid", `<c r="REF"><f t="shared" si="0"/><v>2</v></c>`)
	sst := part(t, data, diffSSTPart)
	sst = bytes.Replace(sst, []byte("<si><t>行政许可</t></si>"),
		[]byte(`<si><r><rPr><b/></rPr><t>行政</t></r><r><t>许可</t></r><rPh sb="0" eb="1"><t>xingzheng</t></rPh></si>`), 1)
	return replacePart(t, data, diffSSTPart, sst)
}

// The seeds of FuzzFastVsExcelize are read by the fast path itself (else
// the target would compare excelize with itself), the same as by excelize,
// and hold what they are meant to: 表二 and 表四 found, the typed cells
// reported, the formula without a result computed.
func TestDiffBookReadFast(t *testing.T) {
	for _, typed := range []bool{true, false} {
		data := diffBook(t, typed)
		if !sameAsExcelize(t, "diffBook", data, ImportOptions{Name: "a.xlsx", AllowPartial: true}) {
			t.Errorf("typed %v: the fast path fell back to excelize", typed)
		}
		rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "a.xlsx", AllowPartial: true})
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, ft := range info.Tables {
			found = append(found, ft.ID)
		}
		if !strings.Contains(strings.Join(found, " "), "t2") || !strings.Contains(strings.Join(found, " "), "t4") {
			t.Errorf("typed %v: tables found %v", typed, found)
		}
		want := map[bool]string{true: "802", false: "801173"}[typed]
		if got := rep.Text("t2.license.decisions"); got != want {
			t.Errorf("typed %v: 行政许可 %q, want %q", typed, got, want)
		}
		warned := strings.Join(info.Warnings, "\n")
		for _, w := range []string{"逻辑值 TRUE", "是日期", "错误值 #DIV/0!", "SUMPRODUCT"} {
			if strings.Contains(warned, w) != typed {
				t.Errorf("typed %v: warning %q: %v", typed, w, !typed)
			}
		}
	}
}

// namedPart is one part of a zip package.
type namedPart struct {
	name string
	data []byte
}

// unzipParts reads every part of a package, in order.
func unzipParts(t testing.TB, pkg []byte) []namedPart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var out []namedPart
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, namedPart{zf.Name, data})
	}
	return out
}

// zipParts writes parts as a package, stored uncompressed (cheap for a
// fuzz target to build on every execution).
func zipParts(t testing.TB, parts []namedPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Store})
		if err == nil {
			_, err = w.Write(p.data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// What excelize reads otherwise than a plain reading of the XML — an
// attribute given twice (the last wins there), a prefixed attribute (read
// by its local name there), a name or comment encoding/xml refuses — is
// left to excelize, and so reads the same. The duplicated t and r once
// gave the fast path another number than excelize's.
func TestFastReadDefersToEncodingXML(t *testing.T) {
	base := diffBook(t, false)
	sheet := part(t, base, diffSheetPart)
	for name, c := range map[string][2]string{
		"t twice":          {`<c r="B5" t="s">`, `<c r="B5" t="s" t="n">`},
		"r twice":          {`<c r="B5" t="s">`, `<c r="B5" r="B6" t="s">`},
		"prefixed t":       {`<c r="B5" t="s">`, `<c r="B5" x:t="n" t="s">`},
		"xmlns:r on cell":  {`<c r="B5" t="s">`, `<c xmlns:r="B5" r="B5" t="s">`},
		"row r twice":      {`<row r="5">`, `<row r="5" r="6">`},
		"name with digit":  {`<dimension `, `<1dimension `},
		"two colons":       {`<dimension `, `<a:b:dimension `},
		"bad entity":       {`<row r="5">`, `<row r="5" spans="&bogus;">`},
		"-- in comment":    {`<sheetData>`, `<!-- a -- b --><sheetData>`},
		"version 1.1":      {`<?xml version="1.0"`, `<?xml version="1.1"`},
		"no namespace":     {` xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`, ``},
		"empty PI target":  {`<sheetData>`, `<??><sheetData>`},
		"PI closed at <?>": {`<sheetData>`, `<?>?><sheetData>`},
	} {
		if !bytes.Contains(sheet, []byte(c[0])) {
			t.Fatalf("%s: no %s in the sheet", name, c[0])
		}
		data := replacePart(t, base, diffSheetPart, bytes.Replace(sheet, []byte(c[0]), []byte(c[1]), 1))
		if sameAsExcelize(t, name, data, ImportOptions{Name: "a.xlsx", AllowPartial: true}) {
			t.Errorf("%s: the fast path read it itself", name)
		}
	}
}
