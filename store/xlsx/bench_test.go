package xlsx

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"nianbao/model"
)

func BenchmarkExport(b *testing.B) {
	r := seed(b)
	for b.Loop() {
		if err := Export(io.Discard, r, testOpts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportOwn(b *testing.B) {
	data := exportBytes(b, seed(b), testOpts)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportHandmade(b *testing.B) {
	data := handmadeCases(b)[0].data
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportCopies: a workbook holding the report twice (初稿 and 定稿
// sheets), where every copy is looked for and one chosen.
func BenchmarkImportCopies(b *testing.B) {
	bk := newBook(b, "初稿", "定稿")
	r := seed(b)
	bk.report("初稿", 0, 0, r)
	bk.report("定稿", 0, 0, r)
	data := bk.bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The large workbooks of issue 12: the seed's tables on one sheet beside a
// 台账 of 150,000 rows (about 10 MB) or of 1,000,000 rows and pictures
// (about 100 MB). Each is written once per benchmark into b.TempDir().
//
//	go test -run '^$' -bench ImportLarge -benchmem ./store/xlsx/
func BenchmarkImportLarge10MB(b *testing.B)  { benchLarge(b, sizeOpts(10)) }
func BenchmarkImportLarge100MB(b *testing.B) { benchLarge(b, sizeOpts(100)) }

// The 10 MB workbook with its 台账's strings first, so the whole large table
// of shared strings is read.
func BenchmarkImportLarge10MBLedgerFirst(b *testing.B) {
	o := sizeOpts(10)
	o.LedgerFirst = true
	benchLarge(b, o)
}

// The 10 MB workbook with the tables at the top of the 台账 itself: the
// large sheet is streamed, its first rows kept.
func BenchmarkImportLarge10MBTablesInLedger(b *testing.B) {
	o := sizeOpts(10)
	o.TablesInLedger = true
	benchLarge(b, o)
}

func benchLarge(b *testing.B, o largeOpts) {
	path, size := largeFile(b, b.TempDir(), o)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ImportFile(path, ImportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/(1<<20), "file-MB")
}

// TestLargeFileByEnv writes or imports a large workbook named by the
// environment, for measuring peak memory outside the test framework:
//
//	go test -c -o /tmp/xlsx.test ./store/xlsx/
//	NIANBAO_WRITE_LARGE=100 NIANBAO_LARGE=/tmp/l.xlsx /tmp/xlsx.test -test.run TestLargeFileByEnv
//	NIANBAO_LARGE=/tmp/l.xlsx /usr/bin/time -v /tmp/xlsx.test -test.run TestLargeFileByEnv -test.v
func TestLargeFileByEnv(t *testing.T) {
	path := os.Getenv("NIANBAO_LARGE")
	if path == "" {
		t.Skip("NIANBAO_LARGE not set")
	}
	if mb := os.Getenv("NIANBAO_WRITE_LARGE"); mb != "" {
		n, _ := strconv.Atoi(strings.TrimSuffix(mb, "-ledger-first"))
		o := sizeOpts(n)
		o.LedgerFirst = strings.HasSuffix(mb, "-ledger-first")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriterSize(f, 1<<20)
		writeLargeBook(t, w, o)
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		return
	}
	start := time.Now()
	rep, info, err := ImportFile(path, ImportOptions{Name: path})
	took := time.Since(start)
	if err != nil {
		t.Fatal(model.ErrorMessage(err))
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("imported in %v: %s, heap peak ≤ %d MB (Sys %d MB), %d MB allocated; warnings %q",
		took, rep.Text("t3.new_received.natural"), ms.HeapSys>>20, ms.Sys>>20, ms.TotalAlloc>>20, info.Warnings)
}
