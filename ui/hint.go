package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// hintLine is one line of the hint bar: its text in the grid's size, cut
// with … where it does not fit, never wrapped, so the bar keeps its
// height. (A label in a theme-override container would be compact too,
// but Fyne loads the fonts again for every such container.)
type hintLine struct {
	widget.BaseWidget
	Text string
	t    *canvas.Text
}

func newHintLine() *hintLine {
	h := &hintLine{t: canvas.NewText("", colorText)}
	h.t.TextSize = sheetText
	h.ExtendBaseWidget(h)
	return h
}

// SetText changes the line.
func (h *hintLine) SetText(s string) {
	if h.Text != s {
		h.Text = s
		h.Refresh()
	}
}

func (h *hintLine) CreateRenderer() fyne.WidgetRenderer { return &hintRenderer{h: h} }

type hintRenderer struct {
	h     *hintLine
	width float32
}

func (r *hintRenderer) Destroy()                     {}
func (r *hintRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.h.t} }

func (r *hintRenderer) MinSize() fyne.Size {
	return fyne.NewSize(0, lineHeight()+2*cellPadY)
}

func (r *hintRenderer) Layout(size fyne.Size) {
	r.width = size.Width - 2*cellPadX
	r.h.t.Move(fyne.NewPos(cellPadX, cellPadY))
	r.h.t.Resize(fyne.NewSize(r.width, lineHeight()))
	r.Refresh()
}

func (r *hintRenderer) Refresh() {
	if s := fitLine(r.h.Text, r.width); r.h.t.Text != s {
		r.h.t.Text = s
		r.h.t.Refresh()
	}
}

// fitLine cuts s to width, ending it with … if anything was cut.
func fitLine(s string, width float32) string {
	if width <= 0 || textWidth(s, fyne.TextStyle{}) <= width {
		return s
	}
	ell := runeWidth('…', fyne.TextStyle{})
	var w float32
	rs := []rune(s)
	for i, ch := range rs {
		w += runeWidth(ch, fyne.TextStyle{})
		if w+ell > width {
			return string(rs[:i]) + "…"
		}
	}
	return s
}
