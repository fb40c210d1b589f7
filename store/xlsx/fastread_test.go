package xlsx

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// sameAsExcelize imports data by both paths and fails if they differ in
// anything: report, ImportInfo, error message. It reports whether the fast
// path read the file itself (rather than falling back).
func sameAsExcelize(t *testing.T, name string, data []byte, opts ImportOptions) bool {
	t.Helper()
	compareWithExcelize(t, name, data, opts)
	r := bytes.NewReader(data)
	fb, err := openFast(r, int64(len(data)))
	if err != nil {
		return false
	}
	_, _, err = importWorkbook(fb, opts)
	return !errors.Is(err, errFallback)
}

// compareWithExcelize is sameAsExcelize without asking whether the fast
// path fell back.
func compareWithExcelize(t *testing.T, name string, data []byte, opts ImportOptions) {
	t.Helper()
	r := bytes.NewReader(data)
	repF, infoF, errF := importReader(r, int64(len(data)), opts, true)
	repX, infoX, errX := importReader(r, int64(len(data)), opts, false)
	sameResults(t, name, repF, infoF, errF, repX, infoX, errX)
}

// sameResults fails unless the fast path's result (F) and excelize's (X)
// are the same: report, ImportInfo, or error message.
func sameResults(t *testing.T, name string, repF *model.Report, infoF *ImportInfo, errF error, repX *model.Report, infoX *ImportInfo, errX error) {
	t.Helper()
	switch {
	case (errF == nil) != (errX == nil):
		t.Errorf("%s: fast path error %v, excelize error %v", name, errF, errX)
	case errF != nil:
		var ef, ex *model.Failure
		if !errors.As(errF, &ef) || !errors.As(errX, &ex) || ef.Msg != ex.Msg {
			t.Errorf("%s: errors differ:\nfast:     %v\nexcelize: %v", name, errF, errX)
		}
	default:
		if !repF.Equal(repX) {
			t.Errorf("%s: reports differ:\n%s", name, diffReports(repX, repF))
		}
		if !reflect.DeepEqual(infoF, infoX) {
			t.Errorf("%s: import info differs:\nfast:     %+v\nexcelize: %+v", name, infoF, infoX)
		}
	}
}

// TestFastReadSameAsExcelize: the fast read path gives exactly what the
// excelize path gives, on every workbook the tests know: our exports of
// every template, the hand-made layouts, a file resaved by LibreOffice, a
// report with booleans, dates, errors and formulas without results, and
// the fuzz seed corpora. The plain ones must not fall back.
func TestFastReadSameAsExcelize(t *testing.T) {
	mustFast := map[string][]byte{}
	for name, r := range roundTripCases(t) {
		mustFast["export "+name] = exportBytes(t, r, testOpts)
	}
	for _, c := range handmadeCases(t) {
		mustFast["handmade "+c.name] = c.data
	}
	lo, err := os.ReadFile(filepath.Join("testdata", "seed-resaved-by-libreoffice.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	mustFast["resaved by LibreOffice"] = lo
	mustFast["cell types and formulas without results"] = typedCellsBook(t)
	for name, data := range mustFast {
		opts := ImportOptions{Name: "a.xlsx", AllowPartial: strings.Contains(name, "partial")}
		if !sameAsExcelize(t, name, data, opts) {
			t.Errorf("%s: the fast path fell back to excelize", name)
		}
	}

	corpora, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "*", "*"))
	base := exportBytes(t, seed(t), testOpts)
	for _, path := range corpora {
		if strings.Contains(path, "FuzzFastVsExcelize") {
			continue // two parts per entry; the target compares them itself
		}
		data := fuzzEntry(t, path)
		if strings.Contains(path, "FuzzImportSheetXML") {
			data = replacePart(t, base, sheetPart, data)
		}
		sameAsExcelize(t, path, data, ImportOptions{Name: "fuzz.xlsx", AllowPartial: true})
	}
}

// fuzzEntry reads the []byte of a "go test fuzz v1" corpus file.
func fuzzEntry(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(raw), "\n")
	rest = strings.TrimSpace(rest)
	rest = strings.TrimSuffix(strings.TrimPrefix(rest, "[]byte("), ")")
	s, err := strconv.Unquote(rest)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(s)
}

// Unusual workbooks fall back to excelize and still read the same.
func TestFastReadFallsBack(t *testing.T) {
	own := exportBytes(t, seed(t), testOpts)
	sheet := part(t, own, sheetPart)
	cases := map[string][]byte{
		"CDATA":        bytes.Replace(sheet, []byte("<sheetData>"), []byte("<sheetData><![CDATA[x]]>"), 1),
		"latin1":       append([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?>`), sheet[bytes.Index(sheet, []byte("<worksheet")):]...),
		"entity":       bytes.Replace(sheet, []byte("<sheetData>"), []byte("<sheetData>&nbsp;"), 1),
		"unbalanced":   bytes.Replace(sheet, []byte("</sheetData>"), []byte(""), 1),
		"prefixed row": bytes.ReplaceAll(bytes.ReplaceAll(sheet, []byte("<row "), []byte("<x:row ")), []byte("</row>"), []byte("</x:row>")),
	}
	for name, s := range cases {
		data := replacePart(t, own, sheetPart, s)
		if sameAsExcelize(t, name, data, ImportOptions{Name: "a.xlsx", AllowPartial: true}) {
			t.Errorf("%s: the fast path read it instead of falling back", name)
		}
	}
}

// A roll-up exports with its breakdown sheet, and reads back as the same
// report (the breakdown is not taken for 基本信息 or a table).
func TestExportBreakdown(t *testing.T) {
	a, b := filled(t, "2021", 2023), filled(t, "2021", 2023)
	b.Meta.Unit = "另一单位"
	must(t, b.Set("t3.granted.natural", "999")) // T3-R1 no longer holds
	m, err := model.MergeReports([]model.MergeInput{{Source: "a.xlsx", Report: a}, {Source: "b.xlsx", Report: b},
		{Source: "a2.xlsx", Report: a.Clone()}}, model.MergeOptions{Unit: "某县汇总"})
	if err != nil {
		t.Fatal(err)
	}
	opts := testOpts
	opts.Breakdown = m
	data := exportBytes(t, m.Report, opts)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(sheetBreakdown)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 6 || rows[3][1] != "另一单位" || rows[3][10] == "0" || !strings.Contains(strings.Join(rows[4], "|"), "重复") {
		t.Errorf("breakdown rows:\n%q", rows[:min(len(rows), 6)])
	}
	rep, _, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "roll-up.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Equal(m.Report) {
		t.Errorf("roll-up read back differs:\n%s", diffReports(m.Report, rep))
	}
}

// A unit note wrapped inside the head (单位：万 元) still names 万元.
func TestWithUnitWrappedHead(t *testing.T) {
	k := model.Kind{Type: model.Amount, Unit: "万元"}
	if got := withUnit(k, "本年收费金额（单位：万\n元）", "427.41"); got != "427.41" {
		t.Errorf("got %q, want the number left in 万元", got)
	}
	if got := withUnit(k, "本年收费金额（单位： 元）", "427.41"); got != "427.41元" {
		t.Errorf("got %q", got)
	}
}

// Escapes Excel writes for characters XML cannot hold (_x000D_) are
// decoded as excelize decodes them, by the fast path itself.
func TestFastReadEscapes(t *testing.T) {
	base := reportBook(t, func(b *book) {
		b.set("年报", 200, 0, "六、其他需要报告的事项")
		b.set("年报", 201, 0, "一是_x000D_二是") // excelize writes it as it is
	})
	for name, cell := range map[string]string{
		"shared":  "",
		"inline":  `<c r="A203" t="inlineStr"><is><t>三是_x000D_四是_xD800_五_x005F_x0041_</t></is></c>`,
		"runs":    `<c r="A203" t="inlineStr"><is><r><t>三是_x00</t></r><r><t>0D_四是</t></r></is></c>`,
		"unicode": `<c r="A203" t="inlineStr"><is><t>_x4E2D__x6587_</t></is></c>`,
	} {
		data := base
		if cell != "" {
			data = setCellXML(t, base, "xl/worksheets/sheet1.xml", "A202", `<c r="A202" t="s"><v>0</v></c>`)
			sheet := part(t, data, "xl/worksheets/sheet1.xml")
			sheet = bytes.Replace(sheet, []byte("</sheetData>"), []byte(`<row r="203">`+cell+`</row></sheetData>`), 1)
			data = replacePart(t, data, "xl/worksheets/sheet1.xml", sheet)
		}
		if !sameAsExcelize(t, name, data, ImportOptions{Name: "a.xlsx"}) {
			t.Errorf("%s: the fast path fell back to excelize", name)
		}
	}
	rep, _, err := Import(bytes.NewReader(base), int64(len(base)), ImportOptions{Name: "a.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Narrative["other"]; got != "一是\r二是" {
		t.Errorf("narrative %q", got)
	}
}
