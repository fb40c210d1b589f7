package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// listRow is one line of a keyList: a click selects it, a double click
// does what Enter does (opens a draft, a folder, a file).
type listRow struct {
	widget.BaseWidget
	l   *keyList
	id  widget.ListItemID
	box *fyne.Container
}

func newListRow(l *keyList, box *fyne.Container) *listRow {
	r := &listRow{l: l, box: box}
	r.ExtendBaseWidget(r)
	return r
}

func (r *listRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *listRow) Tapped(*fyne.PointEvent) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.l); c != nil {
		c.Focus(r.l)
	}
	r.l.Select(r.id)
}

func (r *listRow) DoubleTapped(ev *fyne.PointEvent) {
	r.Tapped(ev)
	if r.l.onEnter != nil {
		r.l.onEnter()
	}
}

// keyList is a list the keyboard drives like a file manager's: the arrow
// keys move the selection, Enter opens it.
type keyList struct {
	widget.List
	at      widget.ListItemID // the selected item, -1 for none
	onEnter func()
	onBack  func() // Backspace (the chooser: up a folder)
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{at: -1}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *keyList) TypedKey(k *fyne.KeyEvent) {
	n := l.Length()
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if l.onEnter != nil {
			l.onEnter()
		}
	case fyne.KeyBackspace:
		if l.onBack != nil {
			l.onBack()
		}
	case fyne.KeyDown, fyne.KeyUp, fyne.KeyHome, fyne.KeyEnd:
		if n == 0 {
			return
		}
		i := l.at
		switch k.Name {
		case fyne.KeyDown:
			i = min(i+1, n-1)
		case fyne.KeyUp:
			i = max(i-1, 0)
		case fyne.KeyHome:
			i = 0
		case fyne.KeyEnd:
			i = n - 1
		}
		l.Select(i)
	default:
		l.List.TypedKey(k)
	}
}
