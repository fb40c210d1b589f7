package xlsx

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/internal/xmlscan"
)

// importFast imports a file by the fast path alone, failing if it falls
// back to excelize, and returns the workbook as read.
func importFast(t *testing.T, path string) (*model.Report, *ImportInfo, *fastBook, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	fb, err := openFast(f, st.Size())
	if err != nil {
		t.Fatalf("openFast: %v", err)
	}
	rep, info, err := importWorkbook(fb, ImportOptions{Name: path})
	if errors.Is(err, errFallback) {
		t.Fatal("the fast path fell back to excelize")
	}
	return rep, info, fb, err
}

// sameCells checks every typed cell against the seed.
func sameCells(t *testing.T, rep *model.Report) {
	t.Helper()
	want := seed(t)
	for _, c := range want.Template().Cells() {
		if !c.Derived && rep.Text(c.ID) != want.Text(c.ID) {
			t.Errorf("%s = %q, want %q", c.ID, rep.Text(c.ID), want.Text(c.ID))
		}
	}
}

// A large 台账 beside complete tables is not read, and the clerk is told
// which sheet was left unread and how large it is. The 台账's strings come
// after the report's, or before them (then the whole large table of
// shared strings is read, as strings).
func TestImportLargeLedgerLeftUnread(t *testing.T) {
	for _, first := range []bool{false, true} {
		path, _ := largeFile(t, t.TempDir(), largeOpts{Rows: 60_000, LedgerFirst: first})
		rep, info, fb, err := importFast(t, path)
		if err != nil {
			t.Fatal(err)
		}
		sameCells(t, rep)
		if !hasLine(info.Warnings, "工作表“台账”很大（解压后约"+humanSize(fb.sheetSize("台账"))+"），未读取；年报表格已在工作表“年报”中找到") {
			t.Errorf("warnings %q", info.Warnings)
		}
		if _, read := fb.cache["xl/worksheets/sheet2.xml"]; read {
			t.Error("the 台账 was read")
		}
		if fb.lazySST == nil || fb.inflated != int64(fb.lazySST.UncompressedSize64) {
			t.Errorf("streamed %d bytes, want the shared strings once (%v)", fb.inflated, fb.lazySST != nil)
		}
		// ImportFile, as the program calls it, gives the same.
		rep2, info2, err := ImportFile(path, ImportOptions{Name: path})
		if err != nil || !rep2.Equal(rep) || len(info2.Warnings) != len(info.Warnings) {
			t.Errorf("ImportFile: %v", err)
		}
	}
}

// Tables at the top of a large sheet are read from its first rows, its
// other rows skipped unread; formulas may refer to its cells within the
// part read, not past it.
func TestImportLargeTablesInLedger(t *testing.T) {
	path, _ := largeFile(t, t.TempDir(), largeOpts{Rows: 60_000, TablesInLedger: true})
	rep, info, fb, err := importFast(t, path)
	if err != nil {
		t.Fatal(err)
	}
	sameCells(t, rep)
	if !hasLine(info.Warnings, "工作表“台账”超过3000行，只在前3000行中查找年报表格。") {
		t.Errorf("warnings %q", info.Warnings)
	}
	fs := fb.cache["xl/worksheets/sheet2.xml"]
	if fs == nil || !fs.limited || len(fs.rows) != maxScanRows || len(fs.merges) != 1 {
		t.Fatalf("台账 read as %+v", fs != nil && fs.limited)
	}
}

// A formula without a result referring to a large sheet: within the rows
// read it is calculated; past them it is not certain.
func TestImportLargeFormulaIntoLedger(t *testing.T) {
	const id = "t3.new_received.natural"
	at := cellPositions(t, reportBook(t, nil))[id].ref
	for _, tc := range []struct{ f, want, msg string }{
		{f: "台账!A821-1", want: "819"}, // row 821 of the 台账 holds its number 820
		{f: "SUM(台账!A2:A60001)", msg: "该工作表很大，本程序只读取了前面部分"},
	} {
		path, _ := largeFile(t, t.TempDir(), largeOpts{Rows: 60_000, Edit: func(rows string) string {
			re := regexp.MustCompile(`<c r="` + at + `"><v>819</v></c>`)
			if !re.MatchString(rows) {
				t.Fatal("no cell to edit")
			}
			return re.ReplaceAllString(rows, `<c r="`+at+`"><f>`+tc.f+`</f></c>`)
		}})
		rep, info, _, err := importFast(t, path)
		if err != nil {
			t.Fatal(err)
		}
		if tc.want != "" && rep.Text(id) != tc.want {
			t.Errorf("%s: read %q; warnings %q", tc.f, rep.Text(id), info.Warnings)
		}
		if tc.msg != "" {
			if _, bad := rep.Invalid(id); !bad || !hasLine(info.Warnings, tc.msg) {
				t.Errorf("%s: read %q; warnings %q", tc.f, rep.Text(id), info.Warnings)
			}
		}
	}
}

// Past the limit of what is unzipped, and for a large workbook that only
// excelize could read, the clerk is told 文件太大 and how to copy the
// report into a workbook of its own — never that the file is damaged.
func TestImportLargeTooLarge(t *testing.T) {
	defer func(old int64) { maxInflate = old }(maxInflate)
	maxInflate = 10 << 20
	path, _ := largeFile(t, t.TempDir(), largeOpts{Rows: 60_000, TablesInLedger: true})
	_, _, err := ImportFile(path, ImportOptions{Name: "大台账.xlsx"})
	msg := model.ErrorMessage(err)
	if model.ErrorCodeOf(err) != model.CodeTooLarge || !strings.Contains(msg, "“大台账.xlsx”太大，无法读取：需要读取的工作表解压后约") ||
		!strings.Contains(msg, splitAdvice) || strings.Contains(msg, "损坏") {
		t.Errorf("got %v", err)
	}
	maxInflate = 2 << 30

	path, _ = largeFile(t, t.TempDir(), largeOpts{Rows: 60_000, CDATA: true})
	_, _, err = ImportFile(path, ImportOptions{Name: "大台账.xlsx"})
	msg = model.ErrorMessage(err)
	if model.ErrorCodeOf(err) != model.CodeTooLarge || !strings.Contains(msg, "只能用较慢方式读取") || strings.Contains(msg, "损坏") {
		t.Errorf("got %v", err)
	}
}

// A valid workbook of about 30 MB, whose parts unzip to more than the
// former limits (200 MB in all), is read, not called damaged.
func TestImportLarge30MB(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 30 MB workbook")
	}
	path, size := largeFile(t, t.TempDir(), largeOpts{Rows: 480_000})
	rep, info, err := ImportFile(path, ImportOptions{Name: path})
	if err != nil {
		t.Fatal(err)
	}
	sameCells(t, rep)
	t.Logf("%d MB: %q", size>>20, info.Warnings)
}

// The part of a large sheet that is read is read as a small one would be.
func TestStreamedSheetSameAsWhole(t *testing.T) {
	path, _ := largeFile(t, t.TempDir(), largeOpts{Rows: 2_900, TablesInLedger: true})
	f, _ := os.Open(path)
	defer f.Close()
	st, _ := f.Stat()
	fb, err := openFast(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	zf := fb.parts["xl/worksheets/sheet2.xml"]
	whole, err := fb.loadSheet(zf.Name)
	if err != nil {
		t.Fatal(err)
	}
	rc, _ := zf.Open()
	defer rc.Close()
	sr := &sheetReader{sst: fb.sst, fb: fb, limit: true}
	s := xmlscan.NewStream(rc)
	streamed, err := sr.parseSheet(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(streamed.rows) != len(whole.rows) || len(streamed.types) != len(whole.types) || len(streamed.merges) != len(whole.merges) {
		t.Fatalf("streamed %d rows, %d typed; whole %d, %d", len(streamed.rows), len(streamed.types), len(whole.rows), len(whole.types))
	}
	for r := range whole.rows {
		if strings.Join(whole.rows[r], "\x00") != strings.Join(streamed.rows[r], "\x00") {
			t.Fatalf("row %d differs", r+1)
		}
	}
}
