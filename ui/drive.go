package ui

import (
	"fyne.io/fyne/v2"

	"nianbao/model"
)

// Driving the editor as the clerk's keyboard does, for the tests of the
// packages that wire it (and this one's): events go to whatever holds the
// focus, as the window sends them.

// TypeCell selects a cell, types text over it and presses Tab; an empty
// text clears the cell with Delete. It reports whether the cell exists.
func (ed *Editor) TypeCell(id model.CellID, text string) bool {
	if !ed.FocusCell(id) {
		return false
	}
	s := ed.sheetOf[id]
	if text == "" {
		ed.keyTo(s, &fyne.KeyEvent{Name: fyne.KeyDelete})
		return true
	}
	for _, r := range text {
		ed.runeTo(s, r)
	}
	ed.keyTo(s, &fyne.KeyEvent{Name: fyne.KeyTab})
	return true
}

// focusedIn is what takes the keyboard: the canvas's focus, else the
// sheet's own editor or the sheet (an editor shown in no window).
func (ed *Editor) focusedIn(s *sheet) fyne.Focusable {
	if c := ed.canvas(s); c != nil && c.Focused() != nil {
		return c.Focused()
	}
	if s.edit != nil {
		return s.edit
	}
	return s
}

func (ed *Editor) runeTo(s *sheet, r rune)          { ed.focusedIn(s).TypedRune(r) }
func (ed *Editor) keyTo(s *sheet, k *fyne.KeyEvent) { ed.focusedIn(s).TypedKey(k) }
func (ed *Editor) shortcutTo(s *sheet, sc fyne.Shortcut) {
	if f, ok := ed.focusedIn(s).(fyne.Shortcutable); ok {
		f.TypedShortcut(sc)
	}
}

// Selected is the cell selected in the table shown, "" for none.
func (ed *Editor) Selected() model.CellID { return ed.focused }
