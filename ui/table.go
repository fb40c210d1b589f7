package ui

import (
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// Column widths of the printed-looking grids.
const (
	wGroup0   = 30  // the vertical 三、本年度办理结果
	wGroup1   = 116 // （三）不予公开
	wLabel    = 250 // leaf row labels; takes extra width
	wValue    = 78  // a number
	wValueT4  = 66  // 表四 has 15 numbers in a row
	wLabelT2  = 170 // 表二's 信息内容
	wValueT2  = 126 // 表二's 3 value columns
	wCaptionH = 0
)

// gridBuilder accumulates the objects and spans of one spanGrid.
type gridBuilder struct {
	objs  []fyne.CanvasObject
	spans []span
}

func (b *gridBuilder) add(o fyne.CanvasObject, row, col, rows, cols int) {
	b.objs = append(b.objs, o)
	b.spans = append(b.spans, span{row, col, rows, cols})
}

func (b *gridBuilder) build(widths []float32, flex int) *fyne.Container {
	return container.New(&spanGrid{widths: widths, spans: b.spans, flex: flex}, b.objs...)
}

// frame draws a table cell: a ruled box with a fill behind its content.
func frame(fill color.Color, content fyne.CanvasObject) *fyne.Container {
	bg := canvas.NewRectangle(fill)
	bg.StrokeColor = themeColor(colorGrid)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(content))
}

// headText is a bold, centred, wrapping head label.
func headText(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapBreak
	return l
}

func rowText(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapBreak
	return l
}

// tableView builds the grid of one block of a table, mirroring the printed
// form: merged head cells from the columns' groups, merged label cells from
// the rows' groups, entries for typed cells and shaded labels for totals.
func (ed *Editor) blockView(tb *model.Table, b *model.Block) fyne.CanvasObject {
	head := 1
	for _, c := range b.Columns {
		head = max(head, len(c.Groups)+1)
	}
	depth := 0
	for _, r := range b.Rows {
		if r.Label != "" {
			depth = max(depth, len(r.Groups)+1)
		}
	}
	top := 0
	var g gridBuilder
	ncols := depth + len(b.Columns)
	if b.Caption != "" {
		g.add(frame(themeColor(colorHeader), headText(b.Caption)), 0, 0, 1, ncols)
		top = 1
	}
	if depth > 0 {
		corner := headText(b.Corner)
		corner.TextStyle.Bold = b.Corner == "信息内容"
		g.add(frame(themeColor(colorHeader), corner), top, 0, head, depth)
	}
	// Column heads, merging runs of equal group prefixes.
	for lvl := 0; lvl < head; lvl++ {
		for ci := 0; ci < len(b.Columns); {
			c := b.Columns[ci]
			switch {
			case lvl < len(c.Groups):
				n := 1
				for ci+n < len(b.Columns) && samePrefix(b.Columns[ci+n].Groups, c.Groups, lvl+1) {
					n++
				}
				g.add(frame(themeColor(colorHeader), headText(c.Groups[lvl])), top+lvl, depth+ci, 1, n)
				ci += n
			case lvl == len(c.Groups):
				g.add(frame(themeColor(colorHeader), headText(c.Label)), top+lvl, depth+ci, head-lvl, 1)
				ci++
			default:
				ci++
			}
		}
	}
	// Row labels, merging runs of equal group prefixes.
	first := top + head
	for lvl := 0; lvl < depth; lvl++ {
		for ri := 0; ri < len(b.Rows); {
			r := b.Rows[ri]
			switch {
			case lvl < len(r.Groups):
				n := 1
				for ri+n < len(b.Rows) && samePrefix(b.Rows[ri+n].Groups, r.Groups, lvl+1) {
					n++
				}
				g.add(frame(theme.Color(theme.ColorNameBackground), rowText(r.Groups[lvl])), first+ri, lvl, n, 1)
				ri += n
			case lvl == len(r.Groups):
				g.add(frame(theme.Color(theme.ColorNameBackground), rowText(r.Label)), first+ri, lvl, 1, depth-lvl)
				ri++
			default:
				ri++
			}
		}
	}
	// Values.
	for ri, r := range b.Rows {
		for ci, c := range b.Columns {
			id := cellIDOf(tb, r, c)
			g.add(ed.valueCell(id), first+ri, depth+ci, 1, 1)
		}
	}
	widths, flex := blockWidths(tb, b, depth)
	return g.build(widths, flex)
}

func blockWidths(tb *model.Table, b *model.Block, depth int) ([]float32, int) {
	var widths []float32
	switch {
	case tb.ID == "t2":
		widths = append(widths, wLabelT2)
		for range b.Columns {
			widths = append(widths, 3*wValueT2/float32(len(b.Columns)))
		}
		return widths, -1
	case depth == 0:
		for range b.Columns {
			widths = append(widths, wValueT4)
		}
		return widths, -1
	}
	switch depth {
	case 3:
		widths = []float32{wGroup0, wGroup1, wLabel}
	case 2:
		widths = []float32{wGroup1, wLabel}
	default:
		widths = []float32{wLabel}
	}
	for range b.Columns {
		widths = append(widths, wValue)
	}
	return widths, depth - 1
}

// cellIDOf finds the template cell at a row and column.
func cellIDOf(tb *model.Table, r *model.Row, c *model.Column) model.CellID {
	if r.Key == "" {
		return tb.ID + "." + c.Key
	}
	return tb.ID + "." + r.Key + "." + c.Key
}

func samePrefix(a, b []string, n int) bool {
	return len(a) >= n && len(b) >= n && slices.Equal(a[:n], b[:n])
}

// valueCell makes the widget of one value: an entry in a ruled box with an
// outline that turns red (error) or orange (warning); a computed total is a
// shaded read-only label that Tab skips.
func (ed *Editor) valueCell(id model.CellID) fyne.CanvasObject {
	c, _ := ed.report.Template().Cell(id)
	outline := canvas.NewRectangle(color.Transparent)
	outline.StrokeWidth = 2
	outline.Hide()
	ed.outlines[id] = outline
	if c.Derived {
		// A total a file stated can disagree with its parts: it is outlined
		// like a typed cell.
		l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		ed.Totals[id] = l
		return container.NewStack(frame(themeColor(colorDerived), l), outline)
	}
	e := newCellEntry(ed, id)
	ed.Cells[id] = e
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	bg.StrokeColor = themeColor(colorGrid)
	bg.StrokeWidth = 1
	return container.NewStack(bg, e, outline)
}
