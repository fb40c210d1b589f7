package webpage

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"nianbao/model"
)

// What the reader makes of a page: blocks one per row, a table by the HTML
// table model (rowspan and colspan as merged cells, the cells they cover
// left blank), <br> in a cell a line break, &nbsp; a blank, source line
// ends white space, hidden elements and scripts left out, a layout table
// read through.
func TestReadGrid(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>首页</title><script>var x = "表三";</script></head><body>
<div class="nav">首页 &gt; 年度报告</div>
<table class="layout"><tr><td>
<h1>衢州市2022年政府信息公开
工作年度报告</h1>
<p style="display:none">隐藏的 999</p>
<p>本报告依据《条例》编制。<br>统计期限为1月1日至12月31日。</p>
<table border=1>
<tr><th colspan=2>信息<br>内容</th><th>件数</th></tr>
<tr><td rowspan=2>三、办理<br/>结果</td><td><p class=MsoNormal><span>予以公开</span></p></td><td>1,234</td></tr>
<tr><td>部分<br>公开</td><td>&nbsp;</td></tr>
<tr><td colspan=0>跨到底</td></tr>
</table>
</td></tr></table>
</body></html>`
	grids, err := Read([]byte(page), "年报.html")
	if err != nil {
		t.Fatal(err)
	}
	g := grids[0]
	wantRows := [][]string{
		{"首页 > 年度报告"},
		{"衢州市2022年政府信息公开 工作年度报告"},
		{"本报告依据《条例》编制。"},
		{"统计期限为1月1日至12月31日。"},
		{"信息\n内容", "", "件数"},
		{"三、办理\n结果", "予以公开", "1,234"},
		{"", "部分\n公开", ""},
		{"跨到底"},
	}
	if !reflect.DeepEqual(g.Rows, wantRows) {
		t.Errorf("rows:\n%q\nwant\n%q", g.Rows, wantRows)
	}
	// colspan=0 is 1, as browsers read it.
	wantMerges := []model.CellRange{{Row1: 4, Col1: 0, Row2: 4, Col2: 1}, {Row1: 5, Col1: 0, Row2: 6, Col2: 0}}
	if !reflect.DeepEqual(g.Merges, wantMerges) {
		t.Errorf("merges %+v, want %+v", g.Merges, wantMerges)
	}
}

// The encodings Chinese pages come in: declared or not.
func TestReadEncodings(t *testing.T) {
	const text = "政府信息公开工作年度报告"
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return []byte(b)
	}
	for name, data := range map[string][]byte{
		"utf-8":                  []byte(`<p>` + text + `</p>`),
		"utf-8 BOM":              []byte("\ufeff<p>" + text + "</p>"),
		"gbk declared":           gbk(`<meta charset="gbk"><p>` + text + `</p>`),
		"gb2312 http-equiv":      gbk(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>` + text + `</p>`),
		"gbk undeclared":         gbk(`<p>` + text + `</p>`),
		"declared utf-8, is":     []byte(`<meta charset="UTF-8"><p>` + text + `</p>`),
		"declared utf-8, is gbk": gbk(`<meta charset="utf-8"><p>` + text + `</p>`),
	} {
		grids, err := Read(data, "x.html")
		if err != nil || len(grids[0].Rows) != 1 || grids[0].Rows[0][0] != text {
			t.Errorf("%s: %+v, %v", name, grids, err)
		}
	}
}

// Hostile pages: bounded, no panic.
func TestReadHostile(t *testing.T) {
	deep := strings.Repeat("<div>", 100000) + "x"
	wide := "<table><tr>" + strings.Repeat(`<td colspan=999999 rowspan=999999>1</td>`, 1000) + "</tr></table>"
	tall := "<table>" + strings.Repeat("<tr><td>1</td></tr>", maxGridRows+10) + "</table>"
	for name, page := range map[string]string{"deep": deep, "wide": wide, "tall": tall} {
		grids, err := Read([]byte(page), "x.html")
		if err != nil {
			// Refused with a message is as good as read: never a panic,
			// never a page read in part.
			if code := model.ErrorCodeOf(err); code != model.CodeCorrupt && code != model.CodeTooLarge || !strings.Contains(model.ErrorMessage(err), "x.html") {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		g := grids[0]
		if len(g.Rows) > maxGridRows {
			t.Errorf("%s: %d rows", name, len(g.Rows))
		}
		for _, r := range g.Rows {
			if len(r) > maxGridCols {
				t.Errorf("%s: a row of %d cells", name, len(r))
			}
		}
	}
	if _, err := Read(make([]byte, maxPageBytes+1), "big.html"); model.ErrorCodeOf(err) != model.CodeTooLarge {
		t.Errorf("32 MB page: %v", err)
	}
}

// A rowspan ends with its row group, and rowspan="0" runs to the group's
// end, as browsers draw them: the next group's cells keep their columns.
func TestReadRowGroups(t *testing.T) {
	for _, span := range []string{"3", "0", "4", "9"} {
		page := `<table><thead><tr><th rowspan="` + span + `">角</th><th>a</th></tr><tr><th>b</th></tr><tr><th>c</th></tr></thead>` +
			`<tbody><tr><td>行</td><td>1</td></tr></tbody></table>`
		grids, err := Read([]byte(page), "x.html")
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{{"角", "a"}, {"", "b"}, {"", "c"}, {"行", "1"}}
		if g := grids[0]; !reflect.DeepEqual(g.Rows, want) || len(g.Merges) != 1 || g.Merges[0].Row2 != 2 {
			t.Errorf("rowspan=%s: rows %q merges %+v", span, g.Rows, g.Merges)
		}
	}
}
