package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/xlsx/xlsxtest"
)

// FuzzImport feeds the importer mutated workbooks. It must never panic and
// never return a report together with an error; every error must carry a
// Chinese message. excelize itself panics on some malformed parts; Import
// recovers those at its boundary (see recoverPanic), but a panic raised in
// this package's own code is a bug, so the target fails on it. What is
// read must export again.
//
// Run briefly as an ordinary test from testdata/fuzz/FuzzImport; fuzz with
//
//	go test -run '^$' -fuzz FuzzImport -fuzztime 60s ./store/xlsx/
func FuzzImport(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "fuzz.xlsx", AllowPartial: true})
		if err != nil {
			var e *model.Failure
			if !errors.As(err, &e) || !strings.Contains(e.Msg, "“fuzz.xlsx”") {
				t.Fatalf("error without a Chinese message naming the file: %v", err)
			}
			if rep != nil || info != nil {
				t.Fatal("report returned with an error")
			}
			if frame := panicFrame(e); strings.HasPrefix(frame, "nianbao/") {
				t.Fatalf("panic in our own code at %s:\n%v", frame, e.Err)
			}
			return
		}
		if rep == nil || info == nil || info.Template == nil {
			t.Fatal("no report and no error")
		}
		var buf bytes.Buffer
		if err := Export(&buf, rep, testOpts); err != nil {
			t.Fatalf("re-export: %v", err)
		}
	})
}

// FuzzImportSheetXML goes deeper than mutating zip bytes (which mostly
// fails the zip checksums): it puts the mutated bytes in place of the
// 表三 worksheet of an exported workbook, so excelize's XML reading and the
// table locator see them.
func FuzzImportSheetXML(f *testing.F) {
	base := exportBytes(f, seed(f), testOpts)
	f.Fuzz(func(t *testing.T, sheet []byte) {
		data := replacePart(t, base, sheetPart, sheet)
		rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "fuzz.xlsx", AllowPartial: true})
		if err != nil {
			var e *model.Failure
			if !errors.As(err, &e) || !strings.Contains(e.Msg, "“fuzz.xlsx”") {
				t.Fatalf("error without a Chinese message naming the file: %v", err)
			}
			if frame := panicFrame(e); strings.HasPrefix(frame, "nianbao/") {
				t.Fatalf("panic in our own code at %s:\n%v", frame, e.Err)
			}
			return
		}
		if rep == nil || info == nil {
			t.Fatal("no report and no error")
		}
	})
}

// sheetPart is 表三 in an export (the cover is sheet1).
const sheetPart = "xl/worksheets/sheet3.xml"

// replacePart rewrites one part of a zip package.
func replacePart(t testing.TB, pkg []byte, name string, content []byte) []byte {
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == name {
			_, err = w.Write(content)
		} else {
			var rc io.ReadCloser
			if rc, err = zf.Open(); err == nil {
				_, err = io.Copy(w, rc)
				rc.Close()
			}
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

// part reads one part of a zip package.
func part(t testing.TB, pkg []byte, name string) []byte { return xlsxtest.Part(t, pkg, name) }

// panicFrame is the function that panicked, from the stack kept in a
// recovered panic's cause ("" if the error is not a recovered panic).
func panicFrame(e *model.Failure) string {
	if e.Err == nil || !strings.HasPrefix(e.Err.Error(), "internal panic:") {
		return ""
	}
	lines := strings.Split(e.Err.Error(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			for _, fn := range lines[i+1:] {
				if fn == "" || strings.HasPrefix(fn, "\t") || strings.HasPrefix(fn, "runtime.") {
					continue
				}
				return fn
			}
		}
	}
	return "?"
}

// TestFuzzCorpus writes the seed corpora with -update: for FuzzImport our
// own export, a hand-made 2021 and 2019 workbook and a truncated file; for
// FuzzImportSheetXML the worksheet XML of our 表三 and of a hand-made sheet.
func TestFuzzCorpus(t *testing.T) {
	if !*update {
		for _, target := range []string{"FuzzImport", "FuzzImportSheetXML"} {
			if _, err := os.Stat(filepath.Join("testdata", "fuzz", target)); err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
		}
		return
	}
	own := exportBytes(t, seed(t), testOpts)
	cases := handmadeCases(t)
	write := func(target, name string, data []byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		entry := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(entry), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("FuzzImport", "export-seed", own)
	write("FuzzImport", "handmade-one-sheet", cases[0].data)
	write("FuzzImport", "handmade-2019", cases[2].data)
	write("FuzzImport", "truncated", own[:len(own)*2/3])
	write("FuzzImportSheetXML", "export-table3", part(t, own, sheetPart))
	write("FuzzImportSheetXML", "handmade-one-sheet", part(t, cases[0].data, "xl/worksheets/sheet1.xml"))
	typed := typedCellsBook(t)
	write("FuzzImport", "cell-types-and-formulas", typed)
	write("FuzzImportSheetXML", "cell-types-and-formulas", part(t, typed, "xl/worksheets/sheet1.xml"))
}

// typedCellsBook is a hand-made report with a boolean, dates, an error
// value and formulas without results (certain, uncertain, circular), for
// the fuzz corpora.
func typedCellsBook(t testing.TB) []byte {
	at := cellPositions(t, reportBook(t, nil))
	data := reportBook(t, func(b *book) {
		if _, err := b.F.NewSheet("数据"); err != nil {
			t.Fatal(err)
		}
		must(t, b.F.SetCellValue("数据", "A1", 800))
		must(t, b.F.SetCellFormula("数据", "A2", "年报!"+at["t3.carried_over.natural"].ref))
		must(t, b.F.SetCellValue("年报", at["t3.new_received.natural"].ref, true))
		styled(44563, 14, "")(b, at["t3.new_received.legal"].ref)
		styled(44563, 0, `m"月"d"日"`)(b, at["t3.new_received.commercial"].ref)
		for id, f := range map[model.CellID]string{
			"t3.granted.natural":       "数据!A1+SUM(数据!A1:A3)-800",
			"t3.granted.legal":         "SUMPRODUCT(数据!A1:A2)",
			"t3.carried_over.natural":  "数据!A2",
			"t3.partial.natural":       "$D$5+1",
			"t3.new_received.research": "'数据'!A1*2",
		} {
			must(t, b.F.SetCellValue("年报", at[id].ref, nil))
			must(t, b.F.SetCellFormula("年报", at[id].ref, f))
		}
	})
	ref := at["t3.new_received.nonprofit"].ref
	return setCellXML(t, data, "xl/worksheets/sheet1.xml", ref, `<c r="`+ref+`" t="e"><v>#REF!</v></c>`)
}

// A panic becomes a *model.Failure with the stack in its cause, and panicFrame
// names the function that panicked (here, ours).
func TestPanicBecomesError(t *testing.T) {
	err := func() (err error) {
		defer recoverPanic("a.xlsx", "无法读取“a.xlsx”", model.CodeCorrupt, &err)
		var m map[string]int
		m["x"]++ // assignment to a nil map: a runtime panic in this package
		return nil
	}()
	var e *model.Failure
	if !errors.As(err, &e) || model.ErrorCodeOf(err) != model.CodeCorrupt || e.Msg != "无法读取“a.xlsx”" {
		t.Fatalf("got %v", err)
	}
	if frame := panicFrame(e); !strings.HasPrefix(frame, "nianbao/store/xlsx.") {
		t.Errorf("panicFrame = %q", frame)
	}
}
