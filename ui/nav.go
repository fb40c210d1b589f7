package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"nianbao/model"
)

// navGrid knows where each typed cell sits, for Enter and arrow-key moves.
// Rows of a table run on across its blocks (表二's four items), so Enter
// walks down the whole table as in a spreadsheet; computed totals are
// skipped.
type navGrid struct {
	rows [][]model.CellID // per table row, typed cells by column ("" for a total)
	at   map[model.CellID][2]int
}

func newNavGrid(t *model.Template) navGrid {
	g := navGrid{at: map[model.CellID][2]int{}}
	for _, tb := range t.Tables {
		for _, b := range tb.Blocks {
			for _, r := range b.Rows {
				row := make([]model.CellID, len(b.Columns))
				for ci, c := range b.Columns {
					cell := t.CellAt(tb, r, c)
					if !cell.Derived {
						row[ci] = cell.ID
					}
					// A total is never moved to, but may be where the
					// move starts (clicked, or reached by 转到下一个问题).
					g.at[cell.ID] = [2]int{len(g.rows), ci}
				}
				g.rows = append(g.rows, row)
			}
		}
		g.rows = append(g.rows, nil) // tables do not run into each other
	}
	return g
}

// next is the typed cell reached from id by one move, or "".
func (g navGrid) next(id model.CellID, dir direction) model.CellID {
	p, ok := g.at[id]
	if !ok {
		return ""
	}
	r, c := p[0], p[1]
	switch dir {
	case left, right:
		step := 1
		if dir == left {
			step = -1
		}
		row := g.rows[r]
		for i := c + step; i >= 0 && i < len(row); i += step {
			if row[i] != "" {
				return row[i]
			}
		}
	case up, down:
		step := 1
		if dir == up {
			step = -1
		}
		for i := r + step; i >= 0 && i < len(g.rows) && g.rows[i] != nil; i += step {
			row := g.rows[i]
			// Same column if the row has it, else its last typed cell
			// (表二's one-column items under a three-column item).
			for j := min(c, len(row)-1); j >= 0; j-- {
				if row[j] != "" {
					return row[j]
				}
			}
		}
	}
	return ""
}

// direction of a keyboard move between cells.
type direction int

const (
	up direction = iota
	down
	left
	right
)

// shiftHeld asks the driver, not the widget: the cell Enter moved to never
// saw Shift go down. A variable, so tests under Fyne's test driver (which
// has no keyboard state) can hold Shift.
var shiftHeld = func() bool {
	d, ok := fyne.CurrentApp().Driver().(desktop.Driver)
	return ok && d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
}
