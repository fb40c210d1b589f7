package webpage

import (
	"nianbao/model"
)

// A grid is one printed table as rows of cells with their spans: the
// template's layout of the table (model.Layout, the same one the editor
// and the Excel export draw), in HTML's terms. Every format (2019, 2021,
// hybrid) prints as its template says.
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

// buildGrid lays out one table. value gives the printed text of a cell.
func buildGrid(tpl *model.Template, tb *model.Table, value func(*model.Cell) string) grid {
	lay := tb.Layout()
	g := grid{ID: tb.ID, Title: tb.Title, Cols: colWidths(lay), Rows: make([][]gridCell, lay.Rows)}
	for i := range lay.Slots {
		s := &lay.Slots[i]
		c := gridCell{Head: true, Text: s.Text, Colspan: s.ColSpan, Rowspan: s.RowSpan}
		switch s.Role {
		case model.RoleCaption:
			c.Class = "caption"
		case model.RoleCorner:
			c.Class = "corner"
			if s.Note {
				c.Class = "corner note" // 表三's 勾稽关系 sentence, printed in plain type
			}
		case model.RoleGroup:
			c.Class = "group"
			if s.Vertical {
				c.Class = "group vertical"
			}
		case model.RoleLabel:
			c.Class = "label"
		case model.RoleInput, model.RoleTotal:
			c = gridCell{Text: value(s.Cell), Colspan: s.ColSpan, Rowspan: s.RowSpan, Class: "num"}
		}
		g.Rows[s.Row] = append(g.Rows[s.Row], c)
	}
	return g
}

// colWidths: a vertical group level is a narrow column read top to
// bottom (三、本年度办理结果); other group levels are a few characters
// wide; the leaf labels take what is left.
func colWidths(lay *model.Layout) []colSpec {
	L, N := lay.LabelCols, lay.Cols-lay.LabelCols
	cols := make([]colSpec, L+N)
	for k := 0; k < L-1; k++ {
		cols[k].Width = "5.5em"
		if lay.Vertical[k] {
			cols[k].Width = "1.8em"
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
