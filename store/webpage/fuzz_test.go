package webpage

import (
	"bytes"
	"strings"
	"testing"

	"nianbao/model"
)

// Any page: a grid within the limits or a *model.Failure, never a panic.
func FuzzReadPage(f *testing.F) {
	var buf bytes.Buffer
	tpl, _ := model.LookupTemplate("2021")
	r := model.NewReport(tpl)
	r.Meta.Unit, r.Meta.Year = "某局", 2024
	if err := Write(&buf, r); err == nil {
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`<table><tr><td rowspan=3 colspan=2>a<br>b</td><td>1</td></tr><tr><td>&nbsp;</td></tr></table>`))
	f.Add([]byte(`<meta charset=gbk><p>\xd5\xfe\xb8\xae</p>`))
	f.Add([]byte(`<table><tr><td><table><tr><td rowspan=0>x</td></tr></table></td></tr></table>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		grids, err := Read(data, "x.html")
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
				if m.Row1 > m.Row2 || m.Col1 > m.Col2 || m.Row2 >= len(g.Rows) || m.Col2 >= maxGridCols {
					t.Fatalf("merge %+v in %d rows", m, len(g.Rows))
				}
			}
		}
	})
}
