package xlsx

import (
	"bufio"
	"io"
	"os"
	"testing"

	"nianbao/store/xlsx/xlsxtest"
)

// largeOpts says what writeLargeBook writes (see xlsxtest.Large).
type largeOpts = xlsxtest.Large

// writeLargeBook writes the seed's tables, hand-made on sheet 年报, beside
// a large 台账.
func writeLargeBook(t testing.TB, w io.Writer, o largeOpts) {
	t.Helper()
	xlsxtest.WriteLarge(t, w, reportBook(t, nil), o)
}

// largeFile writes the workbook into dir and returns its path and size.
func largeFile(t testing.TB, dir string, o largeOpts) (string, int64) {
	t.Helper()
	path := dir + "/large.xlsx"
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	writeLargeBook(t, bw, o)
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, st.Size()
}

// sizeOpts are the benchmark workbooks: about 10 MB, a 台账 of 150,000 rows
// as in the issue; about 100 MB, a 台账 of 1,000,000 rows (near Excel's
// limit of 1,048,576) and pictures.
func sizeOpts(mb int) largeOpts {
	switch mb {
	case 10:
		return largeOpts{Rows: 150_000}
	case 100:
		return largeOpts{Rows: 1_000_000, Media: 40 << 20}
	}
	return largeOpts{Rows: 60_000}
}
