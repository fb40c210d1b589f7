package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// cellEditor is the entry laid over a cell while the clerk types into it.
// Every keystroke is applied at once (totals and checks follow, the draft
// is saved); Enter, Tab or a click elsewhere ends the edit as one undo
// step; Esc (or Ctrl+Z) puts back what the cell held before.
type cellEditor struct {
	widget.Entry
	s    *sheet
	slot int
	id   model.CellID
	orig string // the cell's text before this edit
	// typed: the edit began by typing over the cell (Excel's Enter mode),
	// so the arrow keys end it and move; after F2 or a double click they
	// move the caret.
	typed   bool
	done    bool
	setting bool              // the text is being set, not typed
	box     fyne.CanvasObject // the entry in the grid's compact theme
}

// cellEditor is the editor's one cell editor, made on first use and then
// moved from cell to cell. One, because Fyne loads the fonts afresh for
// every theme-override container (some 10 MB each): an editor made per
// edit made memory grow with every cell typed into.
func (ed *Editor) cellEditor() *cellEditor {
	if e := ed.cellEd; e != nil {
		return e
	}
	e := &cellEditor{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = fyne.ScrollNone // the wheel scrolls the grid, not the cell
	e.OnChanged = func(t string) {
		if !e.setting && !e.done && e.s != nil {
			e.s.ed.liveEdit(e.id, t)
		}
	}
	e.box = container.NewThemeOverride(e, compactTheme{})
	ed.cellEd = e
	return e
}

// startEdit lays an editor over the selected cell, holding text; typed
// as in cellEditor.
func (s *sheet) startEdit(text string, typed bool) {
	if s.edit != nil {
		s.edit.TypedRune([]rune(text)[0])
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
	e := s.ed.cellEditor()
	e.s, e.slot, e.id, e.orig, e.typed, e.done = s, s.sel, sl.Cell.ID, s.ed.report.Text(sl.Cell.ID), typed, false
	e.setting = true
	e.SetText(text)
	e.setting = false
	e.CursorRow, e.CursorColumn = 0, len([]rune(text))
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
	if e.Text != e.orig {
		s.ed.undo.push(&step{changes: []change{{changeCell, e.id, e.orig, s.ed.report.Text(e.id)}}})
	}
	s.ed.recheck() // the cell now shows its tidy form (８３５ → 835)
}

// cancelEdit ends the edit and restores the cell.
func (s *sheet) cancelEdit() {
	e := s.edit
	if e == nil {
		return
	}
	s.endEdit()
	if e.Text != e.orig {
		s.ed.liveEdit(e.id, e.orig)
	}
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

// AcceptsTab: Tab ends the edit and moves, as in a spreadsheet.
func (e *cellEditor) AcceptsTab() bool { return true }

func (e *cellEditor) TypedKey(k *fyne.KeyEvent) {
	s := e.s
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
		if !e.typed {
			e.Entry.TypedKey(k)
			return
		}
		s.commitEdit()
		s.move(map[fyne.KeyName]direction{fyne.KeyLeft: left, fyne.KeyRight: right}[k.Name])
	case fyne.KeyEscape:
		s.cancelEdit()
	default:
		e.Entry.TypedKey(k)
	}
}

func (e *cellEditor) TypedShortcut(sc fyne.Shortcut) {
	switch sc := sc.(type) {
	case *fyne.ShortcutUndo:
		e.s.cancelEdit()
		return
	case *fyne.ShortcutRedo:
		return
	case *fyne.ShortcutPaste:
		if sc.Clipboard != nil {
			if text := sc.Clipboard.Content(); strings.ContainsAny(strings.TrimRight(text, "\r\n"), "\t\r\n") {
				// A block copied from Excel spreads from this cell.
				s, id := e.s, e.id
				s.commitEdit()
				s.ed.paste(id, text)
				return
			}
		}
	}
	e.Entry.TypedShortcut(sc)
}

// FocusLost (a click elsewhere) ends the edit like Enter, without moving.
func (e *cellEditor) FocusLost() {
	e.Entry.FocusLost()
	if !e.done && e.s.edit == e {
		e.s.commitEdit()
	}
}

// compactTheme fits an entry into a grid row: thin padding, the grid's
// text size.
type compactTheme struct{}

func (compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return Theme{}.Color(n, v)
}
func (compactTheme) Font(s fyne.TextStyle) fyne.Resource     { return Theme{}.Font(s) }
func (compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return Theme{}.Icon(n) }
func (compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return sheetText
	case theme.SizeNameInnerPadding:
		return 2
	case theme.SizeNameInputBorder:
		return 1
	case theme.SizeNameInputRadius:
		return 0
	case theme.SizeNamePadding:
		return 2
	}
	return Theme{}.Size(n)
}
