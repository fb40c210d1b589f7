package ui

import (
	"fyne.io/fyne/v2"
)

// span places one object of a spanGrid: its top-left grid cell and how many
// rows and columns it covers (merged cells, as in the printed tables).
type span struct{ row, col, rows, cols int }

// spanGrid lays objects out on a grid of fixed column widths with merged
// cells, which Fyne's own grid cannot do. Row heights fit the tallest
// one-row object (wrapped labels grow); a merged object taller than its rows
// stretches the last of them. Extra width goes to the flex column.
type spanGrid struct {
	widths []float32
	spans  []span // parallel to the container's objects
	flex   int    // column that takes extra width; -1 for none
}

func (g *spanGrid) columnX(width float32) []float32 {
	return (&sheetCols{widths: g.widths, flex: g.flex}).edges(width)
}

// rowY sizes the rows for the given column edges and returns their edges.
// Measuring resizes objects (a wrapping label knows its height only once it
// has its width); with restore, each object gets its size back, so that
// MinSize, which the driver calls between layouts, leaves the laid-out grid
// as it was.
func (g *spanGrid) rowY(objects []fyne.CanvasObject, x []float32, restore bool) []float32 {
	nrows := 0
	for _, s := range g.spans {
		nrows = max(nrows, s.row+s.rows)
	}
	h := make([]float32, nrows)
	height := func(o fyne.CanvasObject, s span) float32 {
		w := x[s.col+s.cols] - x[s.col]
		old := o.Size()
		if old.Width == w {
			return o.MinSize().Height
		}
		o.Resize(fyne.NewSize(w, o.MinSize().Height))
		h := o.MinSize().Height
		if restore {
			o.Resize(old)
		}
		return h
	}
	for i, o := range objects {
		if s := g.spans[i]; s.rows == 1 && o.Visible() {
			h[s.row] = max(h[s.row], height(o, s))
		}
	}
	for i, o := range objects {
		s := g.spans[i]
		if s.rows == 1 || !o.Visible() {
			continue
		}
		var have float32
		for r := s.row; r < s.row+s.rows; r++ {
			have += h[r]
		}
		if need := height(o, s); need > have {
			h[s.row+s.rows-1] += need - have
		}
	}
	y := make([]float32, nrows+1)
	for r := range h {
		y[r+1] = y[r] + h[r]
	}
	return y
}

func (g *spanGrid) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := g.columnX(size.Width)
	y := g.rowY(objects, x, false)
	for i, o := range objects {
		s := g.spans[i]
		o.Move(fyne.NewPos(x[s.col], y[s.row]))
		o.Resize(fyne.NewSize(x[s.col+s.cols]-x[s.col], y[s.row+s.rows]-y[s.row]))
	}
}

func (g *spanGrid) MinSize(objects []fyne.CanvasObject) fyne.Size {
	x := g.columnX(0)
	y := g.rowY(objects, x, true)
	return fyne.NewSize(x[len(x)-1], y[len(y)-1])
}
