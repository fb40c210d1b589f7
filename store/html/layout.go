package html

import (
	"slices"

	"nianbao/model"
)

// A grid is one printed table as rows of cells with their spans, built from
// the template's blocks, columns and rows — the same data the Excel export
// and the editor lay out, so every format (2019, 2021, hybrid) prints as
// its template says.
type grid struct {
	ID    string
	Title string
	Cols  []colSpec
	Rows  [][]gridCell
}

type colSpec struct{ Width string } // CSS width; "" for auto

type gridCell struct {
	Head    bool // <th>
	Text    string
	Colspan int
	Rowspan int
	Class   string // caption, corner, label, group, vertical, num
}

func samePrefix(a, b []string, n int) bool {
	return len(a) >= n && len(b) >= n && slices.Equal(a[:n], b[:n])
}

// colWidth is how many grid columns the i-th column of a block spans.
func colWidth(b *model.Block, i, N int) int {
	if i == len(b.Columns)-1 {
		return N - i
	}
	return 1
}

// buildGrid lays out one table. value gives the printed text of a cell.
func buildGrid(tpl *model.Template, tb *model.Table, value func(*model.Cell) string) grid {
	L, N := tb.LabelDepth(), tb.DataWidth()
	g := grid{ID: tb.ID, Title: tb.Title, Cols: colWidths(tb, L, N)}
	for _, b := range tb.Blocks {
		if b.Caption != "" {
			g.Rows = append(g.Rows, []gridCell{{Head: true, Text: b.Caption, Colspan: L + N, Rowspan: 1, Class: "caption"}})
		}
		H := b.HeadDepth()
		head := make([][]gridCell, H)
		if L > 0 {
			class := "corner"
			if len([]rune(b.Corner)) > 8 {
				class = "corner note" // 表三's 勾稽关系 sentence, printed in plain type
			}
			head[0] = append(head[0], gridCell{Head: true, Text: b.Corner, Colspan: L, Rowspan: H, Class: class})
		}
		// Column heads, level by level from the top: a run of columns
		// sharing a group gets one merged cell; a column's own label spans
		// the levels below its groups.
		n := len(b.Columns)
		for lvl := 0; lvl < H; lvl++ {
			for i := 0; i < n; {
				c := b.Columns[i]
				switch {
				case lvl < len(c.Groups):
					j := i
					for j+1 < n && samePrefix(b.Columns[j+1].Groups, c.Groups, lvl+1) {
						j++
					}
					w := 0
					for k := i; k <= j; k++ {
						w += colWidth(b, k, N)
					}
					head[lvl] = append(head[lvl], gridCell{Head: true, Text: c.Groups[lvl], Colspan: w, Rowspan: 1})
					i = j + 1
				case lvl == len(c.Groups):
					head[lvl] = append(head[lvl], gridCell{Head: true, Text: c.Label, Colspan: colWidth(b, i, N), Rowspan: H - lvl})
					i++
				default:
					i++
				}
			}
		}
		g.Rows = append(g.Rows, head...)
		// Rows: merged group cells down the left at the first row of their
		// run, the row's own label across the remaining label columns, then
		// the values.
		for j, r := range b.Rows {
			var row []gridCell
			if L > 0 {
				for lvl, grp := range r.Groups {
					if j > 0 && samePrefix(b.Rows[j-1].Groups, r.Groups, lvl+1) {
						continue
					}
					e := j
					for e+1 < len(b.Rows) && samePrefix(b.Rows[e+1].Groups, r.Groups, lvl+1) {
						e++
					}
					class := "group"
					if g.Cols[lvl].Width == verticalWidth {
						class = "group vertical"
					}
					row = append(row, gridCell{Head: true, Text: grp, Colspan: 1, Rowspan: e - j + 1, Class: class})
				}
				row = append(row, gridCell{Head: true, Text: r.Label, Colspan: L - len(r.Groups), Rowspan: 1, Class: "label"})
			}
			for i, c := range b.Columns {
				cell := tpl.CellAt(tb, r, c)
				row = append(row, gridCell{Text: value(cell), Colspan: colWidth(b, i, N), Rowspan: 1, Class: "num"})
			}
			g.Rows = append(g.Rows, row)
		}
	}
	return g
}

const verticalWidth = "1.8em"

// colWidths: a group level whose every run is at least three rows tall is a
// narrow column read top to bottom (三、本年度办理结果); other group levels
// are a few characters wide; the leaf labels take what is left.
func colWidths(tb *model.Table, L, N int) []colSpec {
	cols := make([]colSpec, L+N)
	for k := 0; k < L-1; k++ {
		vertical := true
		for _, b := range tb.Blocks {
			for j := 0; j < len(b.Rows); j++ {
				if len(b.Rows[j].Groups) <= k {
					continue
				}
				e := j
				for e+1 < len(b.Rows) && samePrefix(b.Rows[e+1].Groups, b.Rows[j].Groups, k+1) {
					e++
				}
				vertical = vertical && e-j >= 3
				j = e
			}
		}
		cols[k].Width = "5.5em"
		if vertical {
			cols[k].Width = verticalWidth
		}
	}
	switch {
	case L == 0: // 表四: fifteen equal columns
	case L == 1: // 表二: 信息内容 and up to three value columns
		cols[0].Width = "28%"
	default: // 表三
		for i := L; i < L+N; i++ {
			cols[i].Width = "3.6em"
		}
	}
	return cols
}
