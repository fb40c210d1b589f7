package ui

import (
	"image/color"
	"slices"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// Column widths of the printed-looking grids.
const (
	wGroup0  = 30  // the vertical 三、本年度办理结果
	wGroup1  = 116 // （三）不予公开
	wLabel   = 250 // leaf row labels; takes extra width
	wValue   = 78  // a number
	wValueT4 = 66  // 表四 has 15 numbers in a row
	wLabelT2 = 170 // 表二's 信息内容
	wValueT2 = 126 // 表二's 3 value columns
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
	head, depth := b.HeadDepth(), b.LabelDepth()
	top := 0
	var g gridBuilder
	ncols := depth + len(b.Columns)
	if b.Caption != "" {
		g.add(frame(themeColor(colorHeader), headText(b.Caption)), 0, 0, 1, ncols)
		top = 1
	}
	if depth > 0 {
		corner := headText(b.Corner)
		// A short corner is a head (信息内容); a long one is a note, as
		// 表三's 勾稽关系 sentence is printed in plain type.
		corner.TextStyle.Bold = utf8.RuneCountInString(b.Corner) <= 8
		g.add(frame(themeColor(colorHeader), corner), top, 0, head, depth)
	}
	// Column heads across the top, row labels down the left side.
	colGroups, colLabels := make([][]string, len(b.Columns)), make([]string, len(b.Columns))
	for i, c := range b.Columns {
		colGroups[i], colLabels[i] = c.Groups, c.Label
	}
	mergedHeads(head, colGroups, colLabels, func(text string, lvl, i, n int, leaf bool) {
		rows, cols := 1, n
		if leaf {
			rows, cols = head-lvl, 1
		}
		g.add(frame(themeColor(colorHeader), headText(text)), top+lvl, depth+i, rows, cols)
	})
	first := top + head
	rowGroups, rowLabels := make([][]string, len(b.Rows)), make([]string, len(b.Rows))
	for i, r := range b.Rows {
		rowGroups[i], rowLabels[i] = r.Groups, r.Label
	}
	mergedHeads(depth, rowGroups, rowLabels, func(text string, lvl, i, n int, leaf bool) {
		rows, cols := n, 1
		if leaf {
			rows, cols = 1, depth-lvl
		}
		g.add(frame(theme.Color(theme.ColorNameBackground), rowText(text)), first+i, lvl, rows, cols)
	})
	// Values.
	for ri, r := range b.Rows {
		for ci, c := range b.Columns {
			id := ed.report.Template().CellAt(tb, r, c).ID
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

// mergedHeads walks the head cells of a printed table, level by level from
// the outside in: a run of items sharing a group prefix gets one merged cell
// (emit with leaf false and the run length n); an item's own label sits
// below its groups and spans the remaining levels (leaf true).
func mergedHeads(levels int, groups [][]string, labels []string, emit func(text string, lvl, i, n int, leaf bool)) {
	for lvl := 0; lvl < levels; lvl++ {
		for i := 0; i < len(labels); {
			switch {
			case lvl < len(groups[i]):
				n := 1
				for i+n < len(labels) && samePrefix(groups[i+n], groups[i], lvl+1) {
					n++
				}
				emit(groups[i][lvl], lvl, i, n, false)
				i += n
			case lvl == len(groups[i]):
				emit(labels[i], lvl, i, 1, true)
				i++
			default:
				i++
			}
		}
	}
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
		return container.NewStack(frame(themeColor(colorDerived), l), ed.prevOverlay(id), outline)
	}
	e := newCellEntry(ed, id)
	ed.Cells[id] = e
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	bg.StrokeColor = themeColor(colorGrid)
	bg.StrokeWidth = 1
	return container.NewStack(bg, e, ed.prevOverlay(id), outline)
}
