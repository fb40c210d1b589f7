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
