package ui

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"nianbao/model"
)

// gridColumns sizes a table's grid columns from its layout: a vertical
// group column is one character wide, other group columns fit their text
// on two lines, value columns fit their heads (on one line when there are
// few, else two) and a seven-digit number, and the leaf labels take what
// is left of the width, up to a limit.
func gridColumns(lay *model.Layout) *sheetCols {
	L := lay.LabelCols
	N := lay.Cols - L
	w := make([]float32, lay.Cols)
	bold := fyne.TextStyle{Bold: true}
	// A seven-digit number, and four characters of a head on a line
	// (商业企业), so heads break as printed: 社会公益 / 组织.
	value := max(textWidth("0000000", fyne.TextStyle{}), textWidth("商业企业", bold)) + 2*cellPadX + 2
	lines := float32(2)
	if N <= 4 {
		lines = 1
	}
	for i := range lay.Slots {
		s := &lay.Slots[i]
		switch {
		case s.Role == model.RoleHead && s.ColSpan == 1 && s.Col >= L:
			value = max(value, textWidth(s.Text, bold)/lines+2*cellPadX+2)
		case s.Role == model.RoleGroup && !s.Vertical:
			w[s.Col] = max(w[s.Col], textWidth(s.Text, fyne.TextStyle{})/2+2*cellPadX+4)
		}
	}
	value = min(value, 150)
	for k := range L {
		switch {
		case lay.Vertical[k]:
			w[k] = runeWidth('国', fyne.TextStyle{}) + 2*cellPadX + 2
		case k < L-1:
			w[k] = min(max(w[k], 60), 130)
		case L == 1:
			w[k] = 160
		default:
			w[k] = 240
		}
	}
	for i := L; i < lay.Cols; i++ {
		w[i] = value
	}
	flex := L - 1
	return &sheetCols{widths: w, flex: flex, maxFlex: 520}
}

// balanceBar shows, under a table, each column's two sides of the
// table's column balance rules (表三: 一+二 and 三+四) as they stand, in
// the grid's columns; nil if the template has none for the table.
func (ed *Editor) balanceBar(tb *model.Table, cols *sheetCols) fyne.CanvasObject {
	rules := ed.report.Template().ColumnRules(tb)
	if len(rules) == 0 || len(tb.Blocks) != 1 {
		return nil
	}
	lay := tb.Layout()
	b := tb.Blocks[0]
	bar := &balanceBar{ed: ed, cols: cols, label: lay.LabelCols}
	for ri, r := range rules {
		lbl := canvas.NewText("本列勾稽："+r.LeftLabel+"＝"+r.RightLabel, colorText)
		lbl.TextSize = sheetText - 1
		bar.add(lbl, ri, 0, max(lay.LabelCols, 1))
		for ci, c := range b.Columns {
			t := canvas.NewText("", colorText)
			t.TextSize = sheetText - 2
			t.Alignment = fyne.TextAlignCenter
			t.TextStyle.Bold = true
			ed.Balance[c.Key] = t
			bar.checks = append(bar.checks, balanceCheck{r.CheckKey(c.Key), t, lay.LabelCols + ci})
			bar.add(t, ri, lay.LabelCols+ci, 1)
		}
	}
	bar.rows = len(rules)
	ed.bars = append(ed.bars, bar)
	return container.New(bar, bar.objs...)
}

// balanceBar lays its texts out on the table's grid columns.
type balanceBar struct {
	ed     *Editor
	cols   *sheetCols
	label  int
	objs   []fyne.CanvasObject
	at     [][3]int // row, first column, columns
	rows   int
	checks []balanceCheck
	x      []float32 // column edges at the last layout
}

type balanceCheck struct {
	key  string
	text *canvas.Text
	col  int
}

func (b *balanceBar) add(o fyne.CanvasObject, row, col, n int) {
	b.objs = append(b.objs, o)
	b.at = append(b.at, [3]int{row, col, n})
}

func (b *balanceBar) rowHeight() float32 { return lineHeight() + 2*cellPadY }

func (b *balanceBar) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(b.cols.minWidth(), float32(b.rows)*b.rowHeight())
}

func (b *balanceBar) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := b.cols.edges(size.Width)
	b.x = x
	h := b.rowHeight()
	for i, o := range objs {
		at := b.at[i]
		o.Move(fyne.NewPos(x[at[1]]+cellPadX, float32(at[0])*h+cellPadY))
		o.Resize(fyne.NewSize(x[at[1]+at[2]]-x[at[1]]-2*cellPadX, h-2*cellPadY))
	}
	b.fit(x)
}

// fit writes each column's sides so that no number is ever cut or
// wrapped: "842＝842" where it fits, else the difference alone.
func (b *balanceBar) fit(x []float32) {
	if b.ed.res == nil || x == nil {
		return
	}
	for _, c := range b.checks {
		l, r, _ := b.ed.res.Sides(c.key)
		width := x[c.col+1] - x[c.col] - 2*cellPadX
		s, clr := fmt.Sprintf("%d=%d", l, r), color.Color(colorOK)
		// The bar's type is two sizes under the grid's.
		fits := func(s string) bool { return textWidth(s, fyne.TextStyle{Bold: true})*(sheetText-2)/sheetText <= width }
		if l != r {
			s, clr = fmt.Sprintf("%d≠%d", l, r), colorError
			if !fits(s) {
				s = "差" + strconv.FormatInt(abs(l-r), 10)
			}
		} else if !fits(s) {
			s = "✓" + strconv.FormatInt(l, 10)
		}
		if c.text.Text != s || c.text.Color != clr {
			c.text.Text, c.text.Color = s, clr
			c.text.Refresh()
		}
	}
}

// refreshBalance updates the balance rows after an edit.
func (ed *Editor) refreshBalance() {
	for _, b := range ed.bars {
		b.fit(b.x)
	}
}
