package xlsxtest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Large workbooks of issue 12: the report beside a 台账 of many rows (a
// clerk's register of applications kept in the same file), for the
// importer's tests and benchmarks and the corpus of real-file cases.

// Large says what WriteLarge writes: a small workbook's report sheet, with
// its shared strings as Excel writes them, beside a 台账 of Rows rows (a
// number, a date, two unique texts, a result, an amount).
type Large struct {
	Rows int
	// ledgerFirst puts the 台账's strings before the report's in the
	// shared strings (as when the 台账 was typed first): the importer must
	// then read the whole table of strings.
	LedgerFirst bool
	// tablesInLedger puts the tables at the top of the 台账 sheet, above its
	// rows, instead of on their own sheet.
	TablesInLedger bool
	// media adds a picture part of this many random bytes, which the
	// importer must never unzip.
	Media int
	// cdata adds a CDATA section to the report sheet, which the fast path
	// does not read (so the workbook goes to excelize).
	CDATA bool
	// edit changes the report's rows (their XML).
	Edit func(rows string) string
}

// WriteLarge writes the large workbook to w, streaming: the 台账's strings
// and rows are made twice from the row number rather than held in memory.
// small is a saved workbook whose first sheet holds the report, its
// strings shared (as excelize writes them).
func WriteLarge(t testing.TB, w io.Writer, small []byte, o Large) {
	t.Helper()
	report := string(Part(t, small, "xl/worksheets/sheet1.xml"))
	reportStrings := regexp.MustCompile(`(?s)<si>.*?</si>`).FindAllString(string(Part(t, small, "xl/sharedStrings.xml")), -1)
	head := []string{"序号", "日期", "申请人", "申请内容", "办理结果", "金额（元）", "证件号码", "联系电话"}
	results := []string{"予以公开", "部分公开", "不予公开", "无法提供"}
	ledgerStrings := len(head) + len(results) + 3*o.Rows
	// Digits that look random, as ID and phone numbers do (they decide how
	// well the sheet compresses).
	digits := func(i, salt uint64, n int) string {
		x := (i+1)*0x9E3779B97F4A7C15 ^ salt
		var b strings.Builder
		for range n {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			b.WriteByte(byte('0' + x%10))
		}
		return b.String()
	}
	// Shared string indexes: the report's, the 台账's heads and results,
	// then two per row.
	repBase, ledBase := 0, len(reportStrings)
	if o.LedgerFirst {
		repBase, ledBase = ledgerStrings, 0
	}
	if repBase > 0 {
		report = regexp.MustCompile(`t="s"><v>(\d+)</v>`).ReplaceAllStringFunc(report, func(m string) string {
			n, _ := strconv.Atoi(m[len(`t="s"><v>`) : len(m)-len(`</v>`)])
			return `t="s"><v>` + strconv.Itoa(n+repBase) + `</v>`
		})
	}
	rowsXML := regexp.MustCompile(`(?s)<sheetData>(.*)</sheetData>`).FindStringSubmatch(report)[1]
	if o.Edit != nil {
		rowsXML = o.Edit(rowsXML)
	}
	lastRow := 0
	for _, m := range regexp.MustCompile(`<row r="(\d+)"`).FindAllStringSubmatch(rowsXML, -1) {
		lastRow, _ = strconv.Atoi(m[1])
	}

	zw := zip.NewWriter(w)
	put := func(name string, write func(w *bufio.Writer)) {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		bw := bufio.NewWriterSize(f, 1<<16)
		write(bw)
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	text := func(s string) func(w *bufio.Writer) { return func(w *bufio.Writer) { w.WriteString(s) } }
	sheets := []string{"年报", "台账"}
	if o.TablesInLedger {
		sheets = []string{"说明", "台账"}
	}
	put("[Content_Types].xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>`+
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
		`<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`+
		`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`))
	put("_rels/.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	put("xl/workbook.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`+
		`<sheet name="`+sheets[0]+`" sheetId="1" r:id="rId1"/><sheet name="`+sheets[1]+`" sheetId="2" r:id="rId2"/></sheets></workbook>`))
	put("xl/_rels/workbook.xml.rels", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>`+
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`+
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`))
	// Style 1 shows the 台账's dates (numFmtId 14), as Excel would.
	put("xl/styles.xml", text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
		`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>`+
		`<fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>`+
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`+
		`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`))
	put("xl/sharedStrings.xml", func(w *bufio.Writer) {
		w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
		fmt.Fprintf(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`,
			len(reportStrings)+ledgerStrings, len(reportStrings)+ledgerStrings)
		writeReport := func() {
			for _, s := range reportStrings {
				w.WriteString(s)
			}
		}
		if !o.LedgerFirst {
			writeReport()
		}
		for _, s := range append(head, results...) {
			w.WriteString("<si><t>" + s + "</t></si>")
		}
		for i := range o.Rows {
			fmt.Fprintf(w, "<si><t>申请人%07d</t></si><si><t>关于%d号政府信息公开申请的办理情况（第%d批）</t></si><si><t>3305%s</t></si>",
				i, i*7+3, i/100, digits(uint64(i), 1, 14))
		}
		if o.LedgerFirst {
			writeReport()
		}
		w.WriteString("</sst>")
	})
	ledger := func(w *bufio.Writer, first int) {
		w.WriteString(`<row r="` + strconv.Itoa(first) + `">`)
		for j := range head {
			fmt.Fprintf(w, `<c r="%s%d" t="s"><v>%d</v></c>`, colLetters(j), first, ledBase+j)
		}
		w.WriteString("</row>")
		for i := range o.Rows {
			r := first + 1 + i
			s0 := ledBase + len(head) + len(results) + 3*i
			fmt.Fprintf(w, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" s="1"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c><c r="D%d" t="s"><v>%d</v></c><c r="E%d" t="s"><v>%d</v></c><c r="F%d"><v>%d.%02d</v></c><c r="G%d" t="s"><v>%d</v></c><c r="H%d"><v>13%s</v></c></row>`,
				r, r, i+1, r, 44562+i%365, r, s0, r, s0+1, r, ledBase+len(head)+i%len(results), r, i%5000, i%100,
				r, s0+2, r, digits(uint64(i), 2, 9))
		}
	}
	const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>`
	put("xl/worksheets/sheet1.xml", func(w *bufio.Writer) {
		w.WriteString(sheetHead)
		if o.CDATA {
			w.WriteString("<![CDATA[ ]]>")
		}
		if !o.TablesInLedger {
			w.WriteString(rowsXML)
		}
		w.WriteString("</sheetData></worksheet>")
	})
	put("xl/worksheets/sheet2.xml", func(w *bufio.Writer) {
		w.WriteString(sheetHead)
		first := 1
		if o.TablesInLedger {
			w.WriteString(rowsXML)
			first = lastRow + 3
		}
		ledger(w, first)
		w.WriteString(`</sheetData><mergeCells count="1"><mergeCell ref="H1:I1"/></mergeCells></worksheet>`)
	})
	if o.Media > 0 {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/media/image1.png", Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.NewChaCha8([32]byte{1})
		if _, err := io.CopyN(f, rng, int64(o.Media)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// Part is a part of a saved workbook.
func Part(t testing.TB, pkg []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return data
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// colLetters is the column name of 0-based column j (A, …, Z, AA, …).
func colLetters(j int) string {
	s := ""
	for j++; j > 0; j = (j - 1) / 26 {
		s = string(rune('A'+(j-1)%26)) + s
	}
	return s
}
