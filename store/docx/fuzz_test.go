package docx

import (
	"reflect"
	"strings"
	"testing"

	"nianbao/model"
	"nianbao/store/docx/docxtest"
)

// Any document body: a grid within the limits or a *model.Failure, never a
// panic. The body is fuzzed inside a well-formed package, so the XML
// reader is what is exercised, not only zip's checks.
func FuzzReadDocx(f *testing.F) {
	f.Add(docxtest.P("衢州市2022年政府信息公开工作年度报告") + docxtest.Table([][]string{{"a", "b"}, {"1", "2"}}))
	f.Add(`<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999"/><w:vMerge w:val="restart"/></w:tcPr><w:p/></w:tc></w:tr><w:tr><w:trPr><w:gridBefore w:val="-3"/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl>`)
	f.Add(`<w:p><w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:r><w:br/><w:tab/><w:t>y</w:t></w:r></w:p>`)
	f.Fuzz(func(t *testing.T, body string) {
		// The lean scanner, where it reads a body, reads it as encoding/xml
		// does.
		xml := docxtest.DocumentXML(body)
		if fast, ok := scanBody(xml); ok {
			slow, err := decodeBody(xml)
			if err != nil {
				t.Fatalf("the scanner read what encoding/xml refuses (%v)", err)
			}
			if a, b := layout(fast), layout(slow); !reflect.DeepEqual(a, b) {
				t.Fatalf("scanner and encoding/xml differ:\n%+v\n%+v", a, b)
			}
		}
		grids, err := Read(docxtest.Build(body), "x.docx")
		if err != nil {
			// Read turns a panic into a message; the fuzzer wants to see it.
			if model.ErrorMessage(err) == model.InternalMessage || strings.Contains(err.Error(), "internal panic") {
				t.Fatalf("%v", err)
			}
			return
		}
		for _, g := range grids {
			if len(g.Rows) > maxGridRows {
				t.Fatalf("%d rows", len(g.Rows))
			}
			for _, row := range g.Rows {
				if len(row) > maxGridCols {
					t.Fatalf("a row of %d cells", len(row))
				}
			}
			for _, m := range g.Merges {
				if m.Row1 > m.Row2 || m.Col1 > m.Col2 || m.Row2 >= len(g.Rows) || m.Col1 < 0 {
					t.Fatalf("merge %+v in %d rows", m, len(g.Rows))
				}
			}
		}
	})
}

func layout(n *node) model.TextGrid {
	b := &gridBuilder{}
	b.flow(n, 0)
	return model.TextGrid{Rows: b.rows, Merges: b.merges}
}
