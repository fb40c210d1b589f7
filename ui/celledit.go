package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// cellEditor is the editor laid over a cell while the clerk types into
// it. Every keystroke is applied at once (totals and checks follow, the
// draft is saved); Enter, Tab or a click elsewhere ends the edit as one
// undo step; Esc (or Ctrl+Z) puts back what the cell held before.
//
// It draws and edits its text itself rather than being a Fyne entry: an
// entry would need a theme-override container to fit a compact row, and
// Fyne loads every font again for each such container (and again on each
// of its refreshes); a reused entry also kept selections from one cell to
// the next, eating the first digit typed. A cell holds one short line:
// typing, Backspace, Delete, the caret keys and paste are all it needs
// (an input method commits its text as runes like any keyboard).
type cellEditor struct {
	widget.BaseWidget
	s    *sheet
	slot int
	id   model.CellID
	orig string // the cell's text before this edit
	// before is every cell's text before this edit: the first keystroke
	// drops the totals a file stated over the cell, and Esc or undo puts
	// them back.
	before map[model.CellID]string
	// typed: the edit began by typing over the cell (Excel's Enter mode),
	// so the arrow keys end it and move; after F2 or a double click they
	// move the caret.
	typed bool
	done  bool
	// Text is what the cell holds while edited; caret is the rune index
	// the next character goes in at.
	Text  string
	caret int
}

func newCellEditor(s *sheet, slot int, id model.CellID, orig, text string, typed bool) *cellEditor {
	e := &cellEditor{s: s, slot: slot, id: id, orig: orig, typed: typed, Text: text, caret: len([]rune(text))}
	e.ExtendBaseWidget(e)
	return e
}

// startEdit lays an editor over the selected cell, holding text; typed
// as in cellEditor.
func (s *sheet) startEdit(text string, typed bool) {
	if s.edit != nil {
		for _, r := range text {
			s.edit.TypedRune(r)
		}
		return
	}
	sl := &s.lay.Slots[s.sel]
	if s.ed.readOnly {
		s.ed.say("报告已定稿，只能查看。如需修改，请在“报告”菜单中解锁。")
		return
	}
	if sl.Role != model.RoleInput {
		s.ed.say("“" + sl.Cell.Name() + "”是自动计算的合计，不能输入。")
		return
	}
	e := newCellEditor(s, s.sel, sl.Cell.ID, s.ed.report.Text(sl.Cell.ID), text, typed)
	e.before = snapshot(s.ed.report)
	s.edit = e
	if s.r != nil {
		s.r.rebuild()
		s.r.Layout(s.Size())
	}
	s.Refresh()
	if text != e.orig {
		s.ed.liveEdit(e.id, text)
	}
	if c := s.ed.canvas(s); c != nil {
		c.Focus(e)
	}
}

// commitEdit ends the edit, keeping what was typed as one undo step.
func (s *sheet) commitEdit() {
	e := s.edit
	if e == nil {
		return
	}
	s.endEdit()
	if s.ed.report.Text(e.id) == e.orig {
		// The cell holds what it held (the same number typed again, or
		// 1,234 over 1234): no edit, and the totals a file stated over it,
		// dropped on the way, stay.
		s.ed.restore(e.before)
		return
	}
	// One step with the totals a file stated over the cell that the edit
	// dropped.
	s.ed.undo.push(&step{changes: cellChanges(e.before, s.ed.report)})
	s.ed.recheck() // the cell now shows its tidy form (８３５ → 835)
}

// cancelEdit ends the edit and restores the cell.
func (s *sheet) cancelEdit() {
	e := s.edit
	if e == nil {
		return
	}
	s.endEdit()
	s.ed.restore(e.before)
}

func (s *sheet) endEdit() {
	e := s.edit
	e.done = true
	s.edit = nil
	if s.r != nil {
		s.r.rebuild()
	}
	s.Refresh()
	if c := s.ed.canvas(s); c != nil && c.Focused() == e {
		c.Focus(s)
	}
}

// setText changes what is typed, with the caret at caret, and applies it.
func (e *cellEditor) setText(rs []rune, caret int) {
	e.Text, e.caret = string(rs), caret
	e.Refresh()
	switch {
	case e.done:
	case e.Text == e.orig:
		e.s.ed.restore(e.before) // typed back to what it was: as before
	default:
		e.s.ed.liveEdit(e.id, e.Text)
	}
}

// insert puts text in at the caret.
func (e *cellEditor) insert(text string) {
	rs := []rune(e.Text)
	in := []rune(text)
	out := append(append(append([]rune{}, rs[:e.caret]...), in...), rs[e.caret:]...)
	e.setText(out, e.caret+len(in))
}

func (e *cellEditor) FocusGained() { e.Refresh() }

// FocusLost (a click elsewhere) ends the edit like Enter, without moving.
func (e *cellEditor) FocusLost() {
	if !e.done && e.s.edit == e {
		e.s.commitEdit()
	}
}

func (e *cellEditor) TypedRune(r rune) { e.insert(string(r)) }

// AcceptsTab: Tab ends the edit and moves, as in a spreadsheet.
func (e *cellEditor) AcceptsTab() bool { return true }

func (e *cellEditor) TypedKey(k *fyne.KeyEvent) {
	s := e.s
	rs := []rune(e.Text)
	switch k.Name {
	case fyne.KeyTab:
		s.commitEdit()
		if shiftHeld() {
			s.ed.tabFrom(s, -1)
		} else {
			s.ed.tabFrom(s, 1)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		s.commitEdit()
		if shiftHeld() {
			s.move(up)
		} else {
			s.move(down)
		}
	case fyne.KeyUp, fyne.KeyDown:
		s.commitEdit()
		s.move(map[fyne.KeyName]direction{fyne.KeyUp: up, fyne.KeyDown: down}[k.Name])
	case fyne.KeyLeft, fyne.KeyRight:
		if e.typed {
			s.commitEdit()
			s.move(map[fyne.KeyName]direction{fyne.KeyLeft: left, fyne.KeyRight: right}[k.Name])
			return
		}
		if k.Name == fyne.KeyLeft && e.caret > 0 {
			e.caret--
		} else if k.Name == fyne.KeyRight && e.caret < len(rs) {
			e.caret++
		}
		e.Refresh()
	case fyne.KeyHome:
		e.caret = 0
		e.Refresh()
	case fyne.KeyEnd:
		e.caret = len(rs)
		e.Refresh()
	case fyne.KeyBackspace:
		if e.caret > 0 {
			e.setText(append(rs[:e.caret-1:e.caret-1], rs[e.caret:]...), e.caret-1)
		}
	case fyne.KeyDelete:
		if e.caret < len(rs) {
			e.setText(append(rs[:e.caret:e.caret], rs[e.caret+1:]...), e.caret)
		}
	case fyne.KeyEscape:
		s.cancelEdit()
	}
}

func (e *cellEditor) TypedShortcut(sc fyne.Shortcut) {
	switch sc := sc.(type) {
	case *fyne.ShortcutUndo:
		e.s.cancelEdit()
	case *fyne.ShortcutPaste:
		if sc.Clipboard == nil {
			return
		}
		text := strings.TrimRight(sc.Clipboard.Content(), "\r\n")
		if strings.ContainsAny(text, "\t\r\n") {
			// A block copied from Excel spreads from this cell.
			s, id := e.s, e.id
			s.commitEdit()
			s.ed.paste(id, text)
			return
		}
		e.insert(strings.TrimSpace(text))
	case *fyne.ShortcutCopy:
		if sc.Clipboard != nil {
			sc.Clipboard.SetContent(e.Text)
		}
	case *fyne.ShortcutCut:
		if sc.Clipboard != nil {
			sc.Clipboard.SetContent(e.Text)
			e.setText(nil, 0)
		}
	}
}

// Tapped puts the caret where the cell was clicked.
func (e *cellEditor) Tapped(ev *fyne.PointEvent) {
	x := ev.Position.X - cellPadX
	var w float32
	e.caret = 0
	for _, r := range e.Text {
		rw := runeWidth(r, fyne.TextStyle{})
		if w+rw/2 > x {
			break
		}
		w += rw
		e.caret++
	}
	e.Refresh()
}

func (e *cellEditor) CreateRenderer() fyne.WidgetRenderer {
	r := &cellEditorRenderer{e: e, bg: canvas.NewRectangle(color.White), text: canvas.NewText("", colorText),
		caret: canvas.NewRectangle(colorText)}
	r.bg.StrokeColor = colorSelect
	r.bg.StrokeWidth = 2
	r.text.TextSize = sheetText
	return r
}

type cellEditorRenderer struct {
	e     *cellEditor
	bg    *canvas.Rectangle
	text  *canvas.Text
	caret *canvas.Rectangle
}

func (r *cellEditorRenderer) Destroy() {}

func (r *cellEditorRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.text, r.caret}
}

func (r *cellEditorRenderer) MinSize() fyne.Size {
	return fyne.NewSize(textWidth(r.e.Text, fyne.TextStyle{})+2*cellPadX, lineHeight()+2*cellPadY)
}

func (r *cellEditorRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	lh := lineHeight()
	top := (size.Height - lh) / 2
	r.text.Move(fyne.NewPos(cellPadX, top))
	r.text.Resize(fyne.NewSize(size.Width-2*cellPadX, lh))
	x := cellPadX + textWidth(string([]rune(r.e.Text)[:r.e.caret]), fyne.TextStyle{})
	r.caret.Move(fyne.NewPos(min(x, size.Width-2), top+1))
	r.caret.Resize(fyne.NewSize(1.5, lh-2))
}

func (r *cellEditorRenderer) Refresh() {
	if r.text.Text != r.e.Text {
		r.text.Text = r.e.Text
		r.text.Refresh()
	}
	r.Layout(r.e.Size())
	canvas.Refresh(r.e)
}

var _ fyne.Focusable = (*cellEditor)(nil)
var _ fyne.Tabbable = (*cellEditor)(nil)
var _ fyne.Shortcutable = (*cellEditor)(nil)
