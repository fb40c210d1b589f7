package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// direction of a keyboard move between cells.
type direction int

const (
	up direction = iota
	down
	left
	right
)

// cellEntry is the entry of one typed cell. It behaves like a spreadsheet
// cell: focus selects the content (typing replaces it instead of prepending,
// a Fyne default that surprises every clerk), Enter and the arrow keys move
// between cells, and a pasted block from Excel spreads over the grid.
type cellEntry struct {
	widget.Entry
	id      model.CellID
	ed      *Editor
	orig    string // the text when the cell got focus, for Esc
	editing bool   // typed since focus: Left/Right move the caret, not the cell
	// clickFocus: focus came with a click that has not finished yet; the
	// click's caret placement must not undo the select-all.
	clickFocus bool
}

func newCellEntry(ed *Editor, id model.CellID) *cellEntry {
	e := &cellEntry{id: id, ed: ed}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = 0
	e.OnChanged = func(text string) { ed.cellChanged(id, text) }
	return e
}

func (e *cellEntry) FocusGained() {
	e.Entry.FocusGained()
	e.editing = false
	e.orig = e.Text
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	e.ed.cellFocused(e.id, e)
}

// A click into an unfocused cell selects its content, as Tab does (Excel
// replaces a cell's content when typing after a click); a second click
// places the caret.
func (e *cellEntry) MouseDown(m *desktop.MouseEvent) {
	e.clickFocus = !e.focusedNow()
	e.Entry.MouseDown(m)
}

func (e *cellEntry) MouseUp(m *desktop.MouseEvent) {
	e.Entry.MouseUp(m)
	e.reselect()
	if !e.clickFocus {
		e.editing = true // a click inside a focused cell places the caret
	}
}

func (e *cellEntry) Tapped(ev *fyne.PointEvent) {
	e.Entry.Tapped(ev)
	e.reselect()
}

func (e *cellEntry) reselect() {
	if e.clickFocus && !e.editing {
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
}

func (e *cellEntry) focusedNow() bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	return c != nil && c.Focused() == e
}

// FocusLost shows a valid number in its plain form ("１，２３４件" becomes
// "1234"), as a spreadsheet does; invalid text stays as typed.
func (e *cellEntry) FocusLost() {
	e.Entry.FocusLost()
	e.ed.tidyCell(e.id)
}

func (e *cellEntry) TypedRune(r rune) {
	e.editing = true
	e.clickFocus = false
	e.Entry.TypedRune(r)
}

func (e *cellEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		if shiftHeld() {
			e.ed.move(e.id, up)
		} else {
			e.ed.move(e.id, down)
		}
	case fyne.KeyUp:
		e.ed.move(e.id, up)
	case fyne.KeyDown:
		e.ed.move(e.id, down)
	case fyne.KeyLeft:
		if !e.editing || (e.CursorColumn == 0 && e.SelectedText() == "") {
			e.ed.move(e.id, left)
			return
		}
		e.Entry.TypedKey(k)
	case fyne.KeyRight:
		if !e.editing || (e.CursorColumn >= len([]rune(e.Text)) && e.SelectedText() == "") {
			e.ed.move(e.id, right)
			return
		}
		e.Entry.TypedKey(k)
	case fyne.KeyEscape:
		// Back to what the cell held when it got focus (saved like any edit).
		if e.Text != e.orig {
			e.SetText(e.orig)
		}
		e.TypedShortcut(&fyne.ShortcutSelectAll{})
		e.editing = false
	default:
		e.editing = true
		e.Entry.TypedKey(k)
	}
}

// shiftHeld asks the driver, not the entry: the cell Enter moved to never
// saw Shift go down.
func shiftHeld() bool {
	d, ok := fyne.CurrentApp().Driver().(desktop.Driver)
	return ok && d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
}

// TypedShortcut catches a paste of several cells (text with tabs or line
// breaks, as Excel and WPS copy a range); a single value pastes as usual.
func (e *cellEntry) TypedShortcut(s fyne.Shortcut) {
	if p, ok := s.(*fyne.ShortcutPaste); ok && p.Clipboard != nil {
		if text := p.Clipboard.Content(); strings.ContainsAny(strings.TrimRight(text, "\r\n"), "\t\r\n") {
			e.ed.pasteBlock(e.id, text)
			return
		} else if text != "" {
			// One value: replace the cell like a spreadsheet does.
			e.editing = true
			e.SetText(strings.TrimRight(text, "\r\n"))
			e.CursorColumn = len([]rune(e.Text))
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// Hovering a cell shows its name and problems in the hint bar.
func (e *cellEntry) MouseIn(*desktop.MouseEvent)    { e.ed.cellHovered(e.id) }
func (e *cellEntry) MouseMoved(*desktop.MouseEvent) {}
func (e *cellEntry) MouseOut()                      { e.ed.cellHovered("") }
