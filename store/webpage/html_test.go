package webpage

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"nianbao/model"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// seedReport is the published Quzhou 2022 report as the published page
// has it: the golden JSON with its stated totals, plus the preface
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

func render(t testing.TB, r *model.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenSeed(t *testing.T) {
	got := render(t, seedReport(t))
	golden := filepath.Join("testdata", "seed-quzhou-2022.html")
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
		t.Errorf("page differs from %s (run go test -update and review the diff)", golden)
	}
}

// htmlCell is a table cell as a browser reads it.
type htmlCell struct {
	head             bool
	text             string
	colspan, rowspan int
}

// parseTables reads every table of a page: rows of cells with their spans.
// The page must be well formed enough for a non-strict XML reader with
// HTML's void elements.
func parseTables(t *testing.T, page []byte) map[string][][]htmlCell {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(page))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	tables := map[string][][]htmlCell{}
	var table string
	var cell *htmlCell
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("page does not parse: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			attr := func(name string) string {
				for _, a := range tk.Attr {
					if a.Name.Local == name {
						return a.Value
					}
				}
				return ""
			}
			switch tk.Name.Local {
			case "table":
				table = attr("id")
			case "tr":
				tables[table] = append(tables[table], nil)
			case "td", "th":
				span := func(name string) int {
					s := attr(name)
					if s == "" {
						return 1
					}
					n, err := strconv.Atoi(s)
					if err != nil || n < 1 {
						t.Fatalf("%s=%q", name, s)
					}
					return n
				}
				cell = &htmlCell{head: tk.Name.Local == "th", colspan: span("colspan"), rowspan: span("rowspan")}
			}
		case xml.CharData:
			if cell != nil {
				cell.text += string(tk)
			}
		case xml.EndElement:
			if (tk.Name.Local == "td" || tk.Name.Local == "th") && cell != nil {
				rows := tables[table]
				rows[len(rows)-1] = append(rows[len(rows)-1], *cell)
				cell = nil
			}
		}
	}
	return tables
}

// checkWidths places every cell as a browser does (skipping grid slots
// taken by a rowspan from above) and requires every row of a table to be
// exactly width slots wide, with no overlaps and no rowspan past the end.
func checkWidths(t *testing.T, name string, rows [][]htmlCell, width int) {
	t.Helper()
	occupied := make([][]bool, len(rows))
	for y := range occupied {
		occupied[y] = make([]bool, width)
	}
	for y, row := range rows {
		x := 0
		for _, c := range row {
			for x < width && occupied[y][x] {
				x++
			}
			if x+c.colspan > width {
				t.Errorf("%s row %d: cell %q ends at column %d of %d", name, y+1, c.text, x+c.colspan, width)
				return
			}
			if y+c.rowspan > len(rows) {
				t.Errorf("%s row %d: cell %q spans past the last row", name, y+1, c.text)
				return
			}
			for dy := 0; dy < c.rowspan; dy++ {
				for dx := 0; dx < c.colspan; dx++ {
					if occupied[y+dy][x+dx] {
						t.Errorf("%s row %d: cell %q overlaps another", name, y+1, c.text)
						return
					}
					occupied[y+dy][x+dx] = true
				}
			}
			x += c.colspan
		}
		for x := range width {
			if !occupied[y][x] {
				t.Errorf("%s row %d: column %d is empty (row %d wide, want %d)", name, y+1, x+1, x, width)
				break
			}
		}
	}
}

func find(rows [][]htmlCell, text string) (htmlCell, bool) {
	for _, row := range rows {
		for _, c := range row {
			if strings.TrimSpace(c.text) == text {
				return c, true
			}
		}
	}
	return htmlCell{}, false
}

// Every table of every format has rows of equal width once spans are
// counted, and the merged heads are those of the official format.
func TestTableCellCounts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		r       *model.Report
		widths  map[string]int
		results int // rowspan of 三、本年度办理结果
		spans   map[string][2]int
	}{
		{"seed-2021", seedReport(t), map[string]int{"t2": 4, "t3": 10, "t4": 15}, 22,
			map[string][2]int{"行政许可": {1, 1}, "801173": {3, 1}, "32146": {3, 1}, "（三）不予公开": {1, 8},
				"（一）予以公开": {2, 1}, "一、本年新收政府信息公开申请数量": {3, 1}, "行政诉讼": {10, 1}, "行政复议": {5, 1},
				"法人或其他组织": {5, 1}, "申请人情况": {7, 1}, "（六）其他处理": {1, 3}}},
		{"2019", filled(t, "2019"), map[string]int{"t2": 4, "t3": 10, "t4": 15}, 20,
			map[string][2]int{"（六）其他处理": {2, 1}, "采购总金额": {2, 1}, "本年增/减": {1, 1}, "行政诉讼": {10, 1}}},
		{"hybrid", filled(t, "hybrid"), map[string]int{"t2": 4, "t3": 10, "t4": 15}, 20,
			map[string][2]int{"（六）其他处理": {2, 1}, "本年处理决定数量": {3, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tables := parseTables(t, render(t, tc.r))
			if len(tables) != len(tc.widths) {
				t.Fatalf("%d tables, want %d", len(tables), len(tc.widths))
			}
			for id, w := range tc.widths {
				checkWidths(t, id, tables[id], w)
			}
			t3 := tables["t3"]
			if c, ok := find(t3, "三、本年度办理结果"); !ok || c.rowspan != tc.results {
				t.Errorf("三、本年度办理结果: %+v, want rowspan %d", c, tc.results)
			}
			if c, _ := find(t3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"); c.colspan != 3 || c.rowspan != 3 {
				t.Errorf("表三 corner: %+v", c)
			}
			if c, _ := find(t3, "自然人"); c.rowspan != 2 {
				t.Errorf("自然人: %+v", c)
			}
			all := append(append(append([][]htmlCell{}, tables["t2"]...), t3...), tables["t4"]...)
			for text, sp := range tc.spans {
				if c, ok := find(all, text); !ok || c.colspan != sp[0] || c.rowspan != sp[1] {
					t.Errorf("%s: %+v, want colspan %d rowspan %d", text, c, sp[0], sp[1])
				}
			}
			// The numbers are the report's, in template order.
			res := tc.r.Evaluate(nil)
			tpl := tc.r.Template()
			for _, tb := range tpl.Tables {
				var want, got []string
				for _, c := range tpl.Cells() {
					if c.Table == tb {
						want = append(want, res.Display(c.ID))
					}
				}
				for _, row := range tables[tb.ID] {
					for _, c := range row {
						if !c.head {
							got = append(got, c.text)
						}
					}
				}
				if strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%s values\n got %v\nwant %v", tb.ID, got, want)
				}
			}
		})
	}
}

func TestPageText(t *testing.T) {
	page := string(render(t, seedReport(t)))
	for _, want := range []string{
		"<title>衢州市人民政府办公室2022年政府信息公开工作年度报告</title>",
		"<h1>衢州市人民政府办公室2022年政府信息公开工作年度报告</h1>",
		"<p>本年度报告由衢州市人民政府办公室根据",
		"<h2>一、总体情况</h2>",
		`<p class="sub">(一)不断提升主动公开范围与质量</p>`,
		"<h2>二、主动公开政府信息情况</h2>",
		"<h2>三、收到和处理政府信息公开申请情况</h2>",
		"<h2>四、政府信息公开行政复议、行政诉讼情况</h2>",
		"<h2>五、存在的主要问题及改进情况</h2>",
		"<h2>六、其他需要报告的事项</h2>\n<p>本年度未收取政府信息公开信息处理费。</p>",
		`<p class="sign">2023年3月1日</p>`,
		"@page { size: A4 portrait;",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// In order: 一, the three tables, 五, 六.
	last := -1
	for _, h := range []string{"一、总体情况", "二、主动", "三、收到", "四、政府", "五、存在", "六、其他"} {
		i := strings.Index(page, "<h2>"+h)
		if i < last {
			t.Errorf("%s out of order", h)
		}
		last = i
	}
	// Self-contained: nothing is fetched.
	for _, bad := range []string{"<script", "<link", "src=", "href=", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

func TestEscapesUserText(t *testing.T) {
	r := filled(t, "2021")
	r.Meta.Unit = `<b>某局</b>&"`
	r.Narrative["overview"] = "<script>alert(1)</script>\n（一）<i>主动</i>"
	_ = r.Set("t2.rules.issued", "<img src=x>")
	page := string(render(t, r))
	for _, bad := range []string{"<script>", "<b>某局", "<i>", "<img"} {
		if strings.Contains(page, bad) {
			t.Errorf("unescaped %q", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;某局&lt;/b&gt;&amp;&#34;", "&lt;img src=x&gt;"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	checkWidths(t, "t2", parseTables(t, []byte(page))["t2"], 4)
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "年报.html")
	if err := WriteFile(path, seedReport(t)); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(data, []byte("<!DOCTYPE html>")) {
		t.Fatalf("%v %q", err, data[:min(len(data), 20)])
	}
	err := WriteFile(filepath.Join(dir, "没有这个文件夹", "a.html"), seedReport(t))
	if err == nil || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("err %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}
