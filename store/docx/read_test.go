package docx

import (
	"reflect"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/docx/docxtest"
)

// What the reader makes of Word's markup: paragraphs one per row, runs
// joined, line breaks kept, gridSpan and vMerge as merged cells, gridBefore
// skipping columns, text boxes, deleted text and field codes left out,
// content controls read through.
func TestReadGrid(t *testing.T) {
	body := `<w:p><w:r><w:t>衢州市</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">2022年</w:t></w:r><w:r><w:t>政府信息公开工作年度报告</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>一、</w:t></w:r><w:r><w:tab/><w:t>总体</w:t></w:r><w:r><w:br/><w:t>情况</w:t></w:r></w:p>` +
		`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>1</w:t></w:r></w:p>` +
		`<w:p><w:del w:id="1"><w:r><w:delText>旧的</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>新的</w:t></w:r></w:ins></w:p>` +
		`<w:p><w:r><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></w:r></w:p>` +
		`<w:sdt><w:sdtContent>` +
		`<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>` +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>信息</w:t></w:r><w:r><w:t>内容</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>件数</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、办理结果</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>予以公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1,234</w:t></w:r></w:p></w:tc></w:tr>` +
		`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>部分</w:t></w:r></w:p><w:p><w:r><w:t>公开</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>` +
		`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>合计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>9</w:t></w:r></w:p></w:tc></w:tr>` +
		`</w:tbl></w:sdtContent></w:sdt>` +
		`<w:p><w:r><w:t xml:space="preserve">  五、存在的主要问题  </w:t></w:r></w:p>`
	grids, err := Read(docxtest.Build(body), "年报.docx")
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 1 {
		t.Fatalf("%d grids", len(grids))
	}
	g := grids[0]
	wantRows := [][]string{
		{"衢州市2022年政府信息公开工作年度报告"},
		{"一、 总体\n情况"},
		{"1"},
		{"新的"},
		{"信息内容", "", "件数"},
		{"三、办理结果", "予以公开", "1,234"},
		{"", "部分\n公开", ""},
		{"", "合计", "9"},
		{"五、存在的主要问题"},
	}
	if !reflect.DeepEqual(g.Rows, wantRows) {
		t.Errorf("rows:\n%q\nwant\n%q", g.Rows, wantRows)
	}
	wantMerges := []model.CellRange{{Row1: 4, Col1: 0, Row2: 4, Col2: 1}, {Row1: 5, Col1: 0, Row2: 6, Col2: 0}}
	if !reflect.DeepEqual(g.Merges, wantMerges) {
		t.Errorf("merges %+v, want %+v", g.Merges, wantMerges)
	}
}

// A table that holds tables lays out the page: its cells are read as
// running text, the inner table as a table.
func TestReadLayoutTable(t *testing.T) {
	inner := docxtest.Table([][]string{{"a", "b"}, {"c", "d"}})
	body := `<w:tbl><w:tr><w:tc>` + docxtest.P("标题") + inner + `</w:tc></w:tr></w:tbl>`
	grids, err := Read(docxtest.Build(body), "x.docx")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"标题"}, {"a", "b"}, {"c", "d"}}
	if !reflect.DeepEqual(grids[0].Rows, want) {
		t.Errorf("rows %q, want %q", grids[0].Rows, want)
	}
}

// Files that are not Word documents: a clear message and code, no report.
func TestReadRefuses(t *testing.T) {
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	for _, tc := range []struct {
		name string
		data []byte
		code model.ErrorCode
		msg  string
	}{
		{"empty", nil, model.CodeCorrupt, "是空的"},
		{"doc", ole, model.CodeUnsupported, "旧版Word 97-2003（.doc）"},
		{"encrypted", append(ole, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o")...), model.CodeEncrypted, "密码"},
		{"text", []byte("这不是Word文档"), model.CodeCorrupt, "不是Word文档"},
		{"zip without body", docxtest.Build("")[:30], model.CodeCorrupt, "已损坏"},
		{"bad xml", badXML(), model.CodeCorrupt, "已损坏或格式异常"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(tc.data, "某局年报.docx")
			if model.ErrorCodeOf(err) != tc.code || !strings.Contains(model.ErrorMessage(err), tc.msg) {
				t.Errorf("%v (code %s), want %s and %q", err, model.ErrorCodeOf(err), tc.code, tc.msg)
			}
		})
	}
}

func badXML() []byte {
	return docxtest.Build(`<w:p><w:r><w:t>未闭合`)
}

// Word's own prefix is read by the lean scanner; a document binding the
// namespace to another prefix is read by encoding/xml, alike.
func TestReadPrefixes(t *testing.T) {
	if _, ok := scanBody(docxtest.DocumentXML(docxtest.P("正文"))); !ok {
		t.Error("a plain document was not read by the scanner")
	}
	other := `<?xml version="1.0" encoding="UTF-8"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body>` +
		`<x:p><x:r><x:t>正文</x:t></x:r></x:p><x:tbl><x:tr><x:tc><x:tcPr><x:gridSpan x:val="2"/></x:tcPr><x:p><x:r><x:t>表头</x:t></x:r></x:p></x:tc></x:tr></x:tbl></x:body></x:document>`
	if _, ok := scanBody([]byte(other)); ok {
		t.Fatal("the scanner took a document with another prefix")
	}
	n, err := parseBody(strings.NewReader(other))
	if err != nil {
		t.Fatal(err)
	}
	g := layout(n)
	if want := [][]string{{"正文"}, {"表头", ""}}; !reflect.DeepEqual(g.Rows, want) || len(g.Merges) != 1 {
		t.Errorf("rows %q merges %v", g.Rows, g.Merges)
	}
}

// Text Word does not show is no part of a number: hidden text, the old
// place of moved text, a formatting change's old properties, ruby text.
func TestReadHiddenText(t *testing.T) {
	for name, cell := range map[string]string{
		"hidden run":   `<w:r><w:rPr><w:vanish/></w:rPr><w:t>7</w:t></w:r><w:r><w:t>819</w:t></w:r>`,
		"shown again":  `<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>8</w:t></w:r><w:r><w:t>19</w:t></w:r>`,
		"moved from":   `<w:moveFrom w:id="1"><w:r><w:t>7</w:t></w:r></w:moveFrom><w:moveTo w:id="2"><w:r><w:t>819</w:t></w:r></w:moveTo>`,
		"old format":   `<w:r><w:rPr><w:b/><w:rPrChange w:id="3"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>819</w:t></w:r>`,
		"ruby":         `<w:r><w:ruby><w:rt><w:r><w:t>ba</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>819</w:t></w:r></w:rubyBase></w:ruby></w:r>`,
		"hidden break": `<w:r><w:t>819</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:br/><w:t>1</w:t></w:r>`,
	} {
		grids, err := Read(docxtest.Build(`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>自然人</w:t></w:r></w:p></w:tc><w:tc><w:p>`+cell+`</w:p></w:tc></w:tr></w:tbl>`), "x.docx")
		if err != nil {
			t.Fatal(err)
		}
		if got := grids[0].Rows[0][1]; got != "819" {
			t.Errorf("%s: read %q, want 819", name, got)
		}
	}
}
