package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/webpage" // tests only: the document prints what the page prints
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// seedReport is the published Quzhou 2022 report as store/webpage's tests
// have it: the golden JSON with its stated totals, plus the preface
// paragraph from the seed text (the JSON holds only 一、五、六).
func seedReport(t testing.TB) *model.Report {
	t.Helper()
	data, err := os.ReadFile("../../model/testdata/seed-quzhou-2022.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	txt, err := os.ReadFile("../../model/testdata/seed-quzhou-2022.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(txt), "\n") {
		if strings.HasPrefix(line, "本年度报告由") {
			r.Narrative["preface"] = strings.TrimSpace(line)
		}
	}
	if r.Narrative["preface"] == "" {
		t.Fatal("no preface in the seed text")
	}
	return r
}

// filled is a report of template id with every typed cell filled with a
// distinct small number.
func filled(t testing.TB, id string) *model.Report {
	tpl, ok := model.LookupTemplate(id)
	if !ok {
		t.Fatalf("no template %s", id)
	}
	r := model.NewReport(tpl)
	r.Meta = model.Meta{Unit: "某某县人民政府办公室", Year: 2020, Scope: model.ScopeAgency, Date: "2021-01-20"}
	for i, c := range tpl.Cells() {
		if !c.Derived {
			if err := r.Set(c.ID, strconv.Itoa(i%9+1)); err != nil {
				t.Fatal(err)
			}
		}
	}
	r.Narrative["overview"] = "本年度工作总体情况。"
	r.Narrative["problems"] = "（一）存在问题\n问题一。"
	return r
}

func export(t testing.TB, r *model.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// parts unzips a document.
func parts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := out[f.Name]; dup {
			t.Errorf("%s twice", f.Name)
		}
		out[f.Name] = b
	}
	return out
}

func TestGoldenSeed(t *testing.T) {
	got, err := documentXML(seedReport(t))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed-quzhou-2022.document.xml")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("document.xml differs from %s (run go test -update and review the diff)", golden)
	}
	// The file holds exactly that part, and the same report gives the
	// same bytes (no clock in the file).
	doc := export(t, seedReport(t))
	if !bytes.Equal(parts(t, doc)["word/document.xml"], got) {
		t.Error("word/document.xml is not documentXML's")
	}
	if !bytes.Equal(export(t, seedReport(t)), doc) {
		t.Error("two exports of one report differ")
	}
}

// Every part is well-formed XML, every part the content types and the
// relationships name is there, and nothing else is.
func TestPartsParse(t *testing.T) {
	for _, r := range []*model.Report{seedReport(t), filled(t, "2019"), filled(t, "hybrid"), model.NewReport(model.TemplateForYear(2025))} {
		ps := parts(t, export(t, r))
		for name, data := range ps {
			dec := xml.NewDecoder(bytes.NewReader(data))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
			}
		}
		var types struct {
			Default []struct {
				Extension string `xml:",attr"`
			}
			Override []struct {
				PartName string `xml:",attr"`
			}
		}
		must(t, xml.Unmarshal(ps["[Content_Types].xml"], &types))
		named := map[string]bool{}
		for _, o := range types.Override {
			named[strings.TrimPrefix(o.PartName, "/")] = true
			if ps[strings.TrimPrefix(o.PartName, "/")] == nil {
				t.Errorf("content type for missing part %s", o.PartName)
			}
		}
		for name := range ps {
			if !named[name] && !strings.HasSuffix(name, ".rels") && name != "[Content_Types].xml" {
				t.Errorf("%s has no content type", name)
			}
		}
		for relsName, base := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
			var rels struct {
				Relationship []struct {
					ID     string `xml:"Id,attr"`
					Target string `xml:",attr"`
				}
			}
			must(t, xml.Unmarshal(ps[relsName], &rels))
			for _, rel := range rels.Relationship {
				if ps[base+rel.Target] == nil {
					t.Errorf("%s: %s → missing %s", relsName, rel.ID, rel.Target)
				}
			}
		}
		doc := string(ps["word/document.xml"])
		for _, want := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`, `<w:footerReference w:type="default" r:id="rId4"/>`} {
			if !strings.Contains(doc, want) {
				t.Errorf("document lacks %s", want)
			}
		}
		if !strings.Contains(string(ps["word/footer1.xml"]), "> PAGE <") {
			t.Error("no page number field in the footer")
		}
		styles := string(ps["word/styles.xml"])
		for _, font := range []string{`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="宋体"`, `w:eastAsia="黑体"`, `w:eastAsia="楷体_GB2312"`} {
			if !strings.Contains(styles, font) {
				t.Errorf("styles lack %s", font)
			}
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A Word table as read back: per table its grid and its rows of cells.
type wTable struct {
	Grid []int
	Rows [][]wCell
}

type wCell struct {
	Span   int
	VMerge string // "restart", "continue" or ""
	Dir    string
	Jc     string
	Text   string
}

// readTables reads the tables of a document.xml.
func readTables(t *testing.T, doc []byte) []wTable {
	t.Helper()
	type attrVal struct {
		Val *string `xml:"val,attr"`
	}
	var body struct {
		Body struct {
			Tables []struct {
				Grid []struct {
					W int `xml:"w,attr"`
				} `xml:"tblGrid>gridCol"`
				Rows []struct {
					Cells []struct {
						Span   *attrVal `xml:"tcPr>gridSpan"`
						VMerge *attrVal `xml:"tcPr>vMerge"`
						Dir    *attrVal `xml:"tcPr>textDirection"`
						Paras  []struct {
							Jc   *attrVal `xml:"pPr>jc"`
							Runs []struct {
								T []string `xml:"t"`
							} `xml:"r"`
						} `xml:"p"`
					} `xml:"tc"`
				} `xml:"tr"`
			} `xml:"tbl"`
		} `xml:"body"`
	}
	must(t, xml.Unmarshal(doc, &body))
	var out []wTable
	for _, tb := range body.Body.Tables {
		var wt wTable
		for _, g := range tb.Grid {
			wt.Grid = append(wt.Grid, g.W)
		}
		for _, tr := range tb.Rows {
			var row []wCell
			for _, tc := range tr.Cells {
				c := wCell{Span: 1}
				if tc.Span != nil {
					n, err := strconv.Atoi(*tc.Span.Val)
					if err != nil || n < 1 {
						t.Fatalf("gridSpan %q", *tc.Span.Val)
					}
					c.Span = n
				}
				if tc.VMerge != nil {
					c.VMerge = "continue"
					if tc.VMerge.Val != nil {
						c.VMerge = *tc.VMerge.Val
					}
				}
				if tc.Dir != nil {
					c.Dir = *tc.Dir.Val
				}
				for _, p := range tc.Paras {
					if p.Jc != nil {
						c.Jc = *p.Jc.Val
					}
					for _, r := range p.Runs {
						c.Text += strings.Join(r.T, "")
					}
				}
				row = append(row, c)
			}
			wt.Rows = append(wt.Rows, row)
		}
		out = append(out, wt)
	}
	return out
}

// Every row's cells add up (gridSpan) to the table's grid; a vMerge
// continuation sits only under a restart or a continuation of the same
// width; a restart is continued at least once; the merges are the
// layout's.
func TestTableStructure(t *testing.T) {
	for _, r := range []*model.Report{seedReport(t), filled(t, "2019"), filled(t, "hybrid")} {
		doc, err := documentXML(r)
		must(t, err)
		tables := readTables(t, doc)
		tpl := r.Template()
		if len(tables) != len(tpl.Tables) {
			t.Fatalf("%s: %d tables, want %d", tpl.ID, len(tables), len(tpl.Tables))
		}
		for k, wt := range tables {
			tb := tpl.Tables[k]
			lay := tb.Layout()
			name := tpl.ID + " " + tb.ID
			if len(wt.Grid) != lay.Cols || len(wt.Rows) != lay.Rows {
				t.Errorf("%s: %d×%d, layout %d×%d", name, len(wt.Rows), len(wt.Grid), lay.Rows, lay.Cols)
				continue
			}
			sum := 0
			for _, w := range wt.Grid {
				sum += w
			}
			if sum != textW {
				t.Errorf("%s: grid %d twips wide, text %d", name, sum, textW)
			}
			// merge[y][x]: the vMerge of the cell covering (y, x).
			merge := make([][]string, len(wt.Rows))
			spanAt := make([][]int, len(wt.Rows))
			for y, row := range wt.Rows {
				merge[y], spanAt[y] = make([]string, lay.Cols), make([]int, lay.Cols)
				x := 0
				for _, c := range row {
					if x+c.Span > lay.Cols {
						t.Fatalf("%s row %d: cells run to column %d of %d", name, y, x+c.Span, lay.Cols)
					}
					for i := x; i < x+c.Span; i++ {
						merge[y][i] = c.VMerge
					}
					spanAt[y][x] = c.Span
					if c.VMerge == "continue" {
						if y == 0 || (merge[y-1][x] != "restart" && merge[y-1][x] != "continue") || spanAt[y-1][x] != c.Span {
							t.Errorf("%s row %d column %d: vMerge continues no merge above", name, y, x)
						}
						if c.Text != "" {
							t.Errorf("%s row %d: continuation holds %q", name, y, c.Text)
						}
					}
					// The layout: a slot starts here, or runs down from above.
					s := lay.Slots[lay.At(y, x)]
					if s.Col != x || s.ColSpan != c.Span {
						t.Errorf("%s row %d column %d: span %d, layout %d", name, y, x, c.Span, s.ColSpan)
					}
					want := ""
					switch {
					case s.Row != y:
						want = "continue"
					case s.RowSpan > 1:
						want = "restart"
					}
					if c.VMerge != want {
						t.Errorf("%s row %d column %d: vMerge %q, layout says %q", name, y, x, c.VMerge, want)
					}
					if s.Row == y && (c.Dir == "tbRl") != s.Vertical {
						t.Errorf("%s row %d: %q text direction %q", name, y, s.Text, c.Dir)
					}
					if s.Row == y && s.IsValue() && c.Jc != "right" {
						t.Errorf("%s row %d: number %q aligned %q", name, y, c.Text, c.Jc)
					}
					x += c.Span
				}
				if x != lay.Cols {
					t.Errorf("%s row %d: cells span %d of %d grid columns", name, y, x, lay.Cols)
				}
			}
			for y := range merge {
				for x := range merge[y] {
					if merge[y][x] == "restart" && (y+1 == len(merge) || merge[y+1][x] != "continue") {
						t.Errorf("%s row %d column %d: a restart nothing continues", name, y, x)
					}
				}
			}
		}
	}
}

// The document says what the web page says, in the same order: title,
// headings, paragraphs, signature; and its tables hold the page's cells.
func TestSameTextAsWebPage(t *testing.T) {
	for _, r := range []*model.Report{seedReport(t), filled(t, "2019"), filled(t, "hybrid")} {
		var page bytes.Buffer
		must(t, webpage.Write(&page, r))
		want := pageText(t, page.Bytes())
		doc, err := documentXML(r)
		must(t, err)
		got := docText(t, doc)
		if len(want) < 100 {
			t.Fatalf("%s: the page has only %d texts", r.Template().ID, len(want))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: document and page differ\n doc %q\npage %q", r.Template().ID, got, want)
		}
	}
}

// pageText is the page's h1, h2, p and table cells, one string each.
func pageText(t *testing.T, page []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict, dec.AutoClose, dec.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	var out []string
	var cur *strings.Builder
	inBody := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		must(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "article":
				inBody = true
			case "h1", "h2", "p", "td", "th":
				if inBody {
					cur = &strings.Builder{}
				}
			}
		case xml.CharData:
			if cur != nil {
				cur.Write(tk)
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "h1", "h2", "p", "td", "th":
				if cur != nil {
					out = append(out, cur.String())
					cur = nil
				}
			}
		}
	}
	return out
}

// docText is the document's paragraphs outside tables and its table cells
// (not continuations), one string each.
func docText(t *testing.T, doc []byte) []string {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []string
	var cur *strings.Builder
	inT, cont := false, false
	depth := 0 // of w:tbl
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		must(t, err)
		switch tk := tok.(type) {
		case xml.StartElement:
			switch tk.Name.Local {
			case "tbl":
				depth++
			case "tc":
				cur, cont = &strings.Builder{}, false
			case "vMerge":
				cont = len(tk.Attr) == 0
			case "p":
				if depth == 0 {
					cur = &strings.Builder{}
				}
			case "t":
				inT = true
			}
		case xml.CharData:
			if inT && cur != nil {
				cur.Write(tk)
			}
		case xml.EndElement:
			switch tk.Name.Local {
			case "tbl":
				depth--
			case "t":
				inT = false
			case "tc":
				if !cont {
					out = append(out, cur.String())
				}
				cur = nil
			case "p":
				if depth == 0 {
					out = append(out, cur.String())
					cur = nil
				}
			}
		}
	}
	return out
}

func TestEscapesUserText(t *testing.T) {
	r := filled(t, "2021")
	r.Meta.Unit = `<b>某局</b>&"` + "\x01"
	r.Narrative["overview"] = "<w:p>]]></w:t>\n（一）<i>主动</i>"
	_ = r.Set("t2.rules.issued", "<img src=x>")
	ps := parts(t, export(t, r))
	for _, name := range []string{"word/document.xml", "docProps/core.xml"} {
		dec := xml.NewDecoder(bytes.NewReader(ps[name]))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
	doc := string(ps["word/document.xml"])
	for _, want := range []string{"&lt;b&gt;某局&lt;/b&gt;&amp;&#34;\uFFFD2020年", "&lt;w:p&gt;]]&gt;&lt;/w:t&gt;", "&lt;img src=x&gt;"} {
		if !strings.Contains(doc, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	if !strings.Contains(string(ps["docProps/core.xml"]), "<dc:creator>&lt;b&gt;某局") {
		t.Error("core.xml creator not escaped")
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "年报.docx")
	if err := WriteFile(path, seedReport(t)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.HasPrefix(data, []byte("PK")) {
		t.Fatalf("%v %q", err, data[:min(len(data), 20)])
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
	err = WriteFile(filepath.Join(dir, "没有这个文件夹", "a.docx"), seedReport(t))
	if model.ErrorCodeOf(err) != model.CodeIO || !strings.Contains(model.ErrorMessage(err), "不存在") {
		t.Errorf("err %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// Exporting never replaces a document marked read-only, root or not.
func TestWriteFileKeepsReadOnlyFile(t *testing.T) {
	r := seedReport(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "年报.docx")
	must(t, os.WriteFile(path, []byte("已报送的文件"), 0o444))
	err := WriteFile(path, r)
	if model.ErrorCodeOf(err) != model.CodeReadOnly || !errors.Is(err, &model.Failure{Code: model.CodeReadOnly}) {
		t.Fatalf("error %v", err)
	}
	if msg := model.ErrorMessage(err); !strings.Contains(msg, "文件“"+path+"”是只读的，没有覆盖；请换一个文件名或先取消只读") {
		t.Errorf("message %q", msg)
	}
	if data, _ := os.ReadFile(path); string(data) != "已报送的文件" {
		t.Error("the read-only document was replaced")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	must(t, os.Chmod(path, 0o644))
	if err := WriteFile(path, r); err != nil {
		t.Fatalf("a writable document: %v", err)
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string][2]string{
		"2023-03-01": {"2023年3月1日", "2023-03-01T00:00:00Z"},
		"":           {"", ""},
		"2023年":      {"", ""},
		"2023-x-01":  {"", ""},
		"2023-13-01": {"2023年13月1日", ""},
	} {
		if got := model.ChineseDate(in); got != want[0] {
			t.Errorf("ChineseDate(%q) = %q, want %q", in, got, want[0])
		}
		if got := w3cDate(in); got != want[1] {
			t.Errorf("w3cDate(%q) = %q, want %q", in, got, want[1])
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	r := seedReport(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
