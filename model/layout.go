package model

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// A Layout is one table as printed: a grid of rows and columns in which
// every position is covered by exactly one Slot, merged cells spanning
// several. It is worked out once from the template (blocks, column and row
// groups) and drawn by every renderer — the editor, the Excel export, the
// web page and the Word document — so that they cannot disagree about where
// a head, a label or a value goes. Renderers add only what is theirs:
// widths, fonts, row heights, a title above the table.
//
// Grid rows run down the whole table: for each block its caption (if any),
// its head rows, then its body rows. The first LabelCols columns hold the
// row labels (one per group level plus the label itself), the rest the
// values; a block narrower than the table lets its last column span the
// rest (表二's （五）（六）（八）).
type Layout struct {
	Table *Table
	// Rows and Cols are the size of the grid.
	Rows, Cols int
	// LabelCols is the number of row-label columns (Table.LabelDepth).
	LabelCols int
	// Vertical marks the label columns printed as a narrow column read top
	// to bottom (三、本年度办理结果): a group level every run of which is
	// more than three rows tall.
	Vertical []bool
	// Slots cover the grid, ordered by their top-left corner, row by row.
	Slots []Slot
	// Blocks says where each block of the table lies.
	Blocks []BlockSpan
	// at maps every grid position to its slot, for At.
	at []int32
}

// BlockSpan is where one block of a table lies in its layout.
type BlockSpan struct {
	Block *Block
	// Caption is the caption row, -1 if the block has none.
	Caption int
	// Head is the first head row, Body the first body row, End one past
	// the last body row. A block without heads (none in the official
	// formats) has Head == Body.
	Head, Body, End int
}

// Role says what a slot of a layout holds.
type Role uint8

const (
	RoleCaption Role = iota // a block's caption across the table: 第二十条第（一）项
	RoleCorner              // the top-left head cell: 信息内容, or 表三's 勾稽关系 note
	RoleHead                // a column head, or a group of heads
	RoleGroup               // a group of row labels: （三）不予公开
	RoleLabel               // a row's own label
	RoleInput               // a value the clerk types
	RoleTotal               // a value computed from others
)

// A Slot is one cell of a layout, merged over RowSpan × ColSpan positions.
type Slot struct {
	Row, Col         int
	RowSpan, ColSpan int
	Role             Role
	// Text is the printed text of a caption, corner, head, group or label.
	Text string
	// Cell is the report cell of an input or total slot.
	Cell *Cell
	// Level is the group level of a head or group slot (0 = outermost);
	// for a column's own head, the level it starts at.
	Level int
	// Vertical: a group label in a Vertical column.
	Vertical bool
	// Note: a corner long enough to be a sentence (表三's “本列数据的勾稽关系
	// 为……”), printed in plain type rather than as a bold head.
	Note bool
	// Block is the block the slot belongs to.
	Block *Block
}

// IsValue reports whether the slot holds a report cell.
func (s *Slot) IsValue() bool { return s.Role == RoleInput || s.Role == RoleTotal }

// At is the index in Slots of the slot covering grid position (r, c), -1
// outside the grid.
func (l *Layout) At(r, c int) int {
	if r < 0 || c < 0 || r >= l.Rows || c >= l.Cols {
		return -1
	}
	return int(l.at[r*l.Cols+c])
}

// SlotOf is the index of the slot holding a report cell, -1 if none.
func (l *Layout) SlotOf(id CellID) int {
	for i := range l.Slots {
		if c := l.Slots[i].Cell; c != nil && c.ID == id {
			return i
		}
	}
	return -1
}

// Layout is the printed layout of the table, worked out once per template.
func (tb *Table) Layout() *Layout { return tb.layout }

// longCorner is the length past which a corner is a note, not a head.
const longCorner = 8

// buildLayout lays a table out; called once when its template loads.
func buildLayout(t *Template, tb *Table) *Layout {
	L, N := tb.LabelDepth(), tb.DataWidth()
	l := &Layout{Table: tb, Cols: L + N, LabelCols: L, Vertical: verticalLevels(tb, L)}
	add := func(s Slot) { l.Slots = append(l.Slots, s) }
	// colSpan: the grid columns of a block's i-th value column.
	colSpan := func(b *Block, i int) (int, int) {
		if i == len(b.Columns)-1 {
			return L + i, N - i
		}
		return L + i, 1
	}
	y := 0
	for _, b := range tb.Blocks {
		bs := BlockSpan{Block: b, Caption: -1}
		if b.Caption != "" {
			bs.Caption = y
			add(Slot{Row: y, Col: 0, RowSpan: 1, ColSpan: L + N, Role: RoleCaption, Text: b.Caption, Block: b})
			y++
		}
		bs.Head = y
		H := b.HeadDepth()
		if L > 0 {
			add(Slot{Row: y, Col: 0, RowSpan: H, ColSpan: L, Role: RoleCorner, Text: b.Corner,
				Note: utf8.RuneCountInString(b.Corner) > longCorner, Block: b})
		}
		// Column heads level by level from the top: a run of columns
		// sharing a group prefix gets one merged cell; a column's own label
		// sits below its groups and spans the levels left.
		for lvl := 0; lvl < H; lvl++ {
			for i := 0; i < len(b.Columns); {
				c := b.Columns[i]
				switch {
				case lvl < len(c.Groups):
					j := i
					for j+1 < len(b.Columns) && samePrefix(b.Columns[j+1].Groups, c.Groups, lvl+1) {
						j++
					}
					x0, _ := colSpan(b, i)
					x1, w1 := colSpan(b, j)
					add(Slot{Row: y + lvl, Col: x0, RowSpan: 1, ColSpan: x1 + w1 - x0, Role: RoleHead,
						Text: c.Groups[lvl], Level: lvl, Block: b})
					i = j + 1
				case lvl == len(c.Groups):
					x, w := colSpan(b, i)
					add(Slot{Row: y + lvl, Col: x, RowSpan: H - lvl, ColSpan: w, Role: RoleHead,
						Text: c.Label, Level: lvl, Block: b})
					i++
				default:
					i++
				}
			}
		}
		y += H
		bs.Body = y
		// Body rows: a row's groups as merged cells down the left at the
		// first row of their run, its label across the label columns left,
		// then its values.
		for j, r := range b.Rows {
			if L > 0 {
				for lvl, grp := range r.Groups {
					if j > 0 && samePrefix(b.Rows[j-1].Groups, r.Groups, lvl+1) {
						continue
					}
					e := j
					for e+1 < len(b.Rows) && samePrefix(b.Rows[e+1].Groups, r.Groups, lvl+1) {
						e++
					}
					add(Slot{Row: y + j, Col: lvl, RowSpan: e - j + 1, ColSpan: 1, Role: RoleGroup,
						Text: grp, Level: lvl, Vertical: l.Vertical[lvl], Block: b})
				}
				add(Slot{Row: y + j, Col: len(r.Groups), RowSpan: 1, ColSpan: L - len(r.Groups), Role: RoleLabel,
					Text: r.Label, Level: len(r.Groups), Block: b})
			}
			for i, c := range b.Columns {
				cell := t.CellAt(tb, r, c)
				role := RoleInput
				if cell.Derived {
					role = RoleTotal
				}
				x, w := colSpan(b, i)
				add(Slot{Row: y + j, Col: x, RowSpan: 1, ColSpan: w, Role: role, Cell: cell, Block: b})
			}
		}
		y += len(b.Rows)
		bs.End = y
		l.Blocks = append(l.Blocks, bs)
	}
	l.Rows = y
	slices.SortStableFunc(l.Slots, func(a, b Slot) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return a.Col - b.Col
	})
	l.at = make([]int32, l.Rows*l.Cols)
	for i := range l.at {
		l.at[i] = -1
	}
	for i, s := range l.Slots {
		for r := s.Row; r < s.Row+s.RowSpan; r++ {
			for c := s.Col; c < s.Col+s.ColSpan; c++ {
				l.at[r*l.Cols+c] = int32(i)
			}
		}
	}
	return l
}

// verticalLevels: a group level (not the labels' own column) is printed
// vertically when each of its runs is more than three rows tall (表三's
// 三、本年度办理结果 is; its （四）无法提供, three rows, is not).
func verticalLevels(tb *Table, L int) []bool {
	v := make([]bool, L)
	for k := 0; k < L-1; k++ {
		vertical, any := true, false
		for _, b := range tb.Blocks {
			for j := 0; j < len(b.Rows); j++ {
				if len(b.Rows[j].Groups) <= k {
					continue
				}
				e := j
				for e+1 < len(b.Rows) && samePrefix(b.Rows[e+1].Groups, b.Rows[j].Groups, k+1) {
					e++
				}
				any = true
				vertical = vertical && e-j >= 3
				j = e
			}
		}
		v[k] = vertical && any
	}
	return v
}

// samePrefix reports whether two group paths share their first n levels.
func samePrefix(a, b []string, n int) bool {
	return len(a) >= n && len(b) >= n && slices.Equal(a[:n], b[:n])
}

// ColumnRules are the table's balance rules checked column by column
// within this year's report (表三's T3-R1): the editor shows their two
// sides as a live row under the table.
func (t *Template) ColumnRules(tb *Table) []*Rule {
	var out []*Rule
	for _, r := range t.Rules {
		if r.Kind != "balance" || r.Per != "column" || r.Table != tb.ID {
			continue
		}
		cross := false
		for _, s := range append(append([]string{}, r.Left...), r.Right...) {
			cross = cross || strings.HasPrefix(strings.TrimPrefix(s, "-"), "prev:")
		}
		if !cross {
			out = append(out, r)
		}
	}
	return out
}

// CheckKey names the instance of a per-column or per-row rule for one
// column or row key, as Result.Sides takes it.
func (r *Rule) CheckKey(key string) string { return r.ID + "." + key }
