package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
			var e *Error
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

// panicFrame is the function that panicked, from the stack kept in a
// recovered panic's cause ("" if the error is not a recovered panic).
func panicFrame(e *Error) string {
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

// TestFuzzCorpus writes the seed corpus with -update: our own export, a
// hand-made 2021 and 2019 workbook, and a truncated file.
func TestFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzImport")
	if !*update {
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		return
	}
	own := exportBytes(t, seed(t), testOpts)
	cases := handmadeCases(t)
	for name, data := range map[string][]byte{
		"export-seed":        own,
		"handmade-one-sheet": cases[0].data,
		"handmade-2019":      cases[2].data,
		"truncated":          own[:len(own)*2/3],
	} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		entry := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", data)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(entry), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
