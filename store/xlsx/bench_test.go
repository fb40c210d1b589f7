package xlsx

import (
	"bytes"
	"io"
	"testing"
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
