package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// narrativeEntry is the box of one narrative section. Its edits go
// through the editor (saved, re-checked, one undo step per burst of
// typing); Ctrl+Z and Ctrl+Y there undo the report's edits like anywhere
// else. Read-only, it keeps its normal text (a disabled entry greys it
// out) and takes no edits.
type narrativeEntry struct {
	widget.Entry
	ed       *Editor
	key      string
	readOnly bool
}

func newNarrativeEntry(ed *Editor, key string) *narrativeEntry {
	e := &narrativeEntry{ed: ed, key: key}
	e.ExtendBaseWidget(e)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapBreak
	e.OnChanged = func(text string) { ed.narrativeChanged(key, text) }
	return e
}

func (e *narrativeEntry) setReadOnly(ro bool) { e.readOnly = ro }

func (e *narrativeEntry) TypedRune(r rune) {
	if !e.readOnly {
		e.Entry.TypedRune(r)
	}
}

func (e *narrativeEntry) TypedKey(k *fyne.KeyEvent) {
	if e.readOnly {
		switch k.Name {
		case fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd,
			fyne.KeyPageUp, fyne.KeyPageDown:
		default:
			return
		}
	}
	e.Entry.TypedKey(k)
}

func (e *narrativeEntry) TypedShortcut(s fyne.Shortcut) {
	switch s.(type) {
	case *fyne.ShortcutUndo:
		e.ed.Undo()
		return
	case *fyne.ShortcutRedo:
		e.ed.Redo()
		return
	case *fyne.ShortcutPaste, *fyne.ShortcutCut:
		if e.readOnly {
			return
		}
	}
	e.Entry.TypedShortcut(s)
}

// FocusLost ends the burst of typing: the next keystroke is a new step.
func (e *narrativeEntry) FocusLost() {
	e.Entry.FocusLost()
	e.ed.undo.closeOpen()
}

// showNarrative brings a narrative box into view and focuses it.
func (ed *Editor) showNarrative(e *narrativeEntry) {
	for _, item := range ed.Tabs.Items {
		if holds(item.Content, e) && ed.Tabs.Selected() != item {
			ed.Tabs.Select(item)
		}
	}
	if cv := ed.canvas(e); cv != nil {
		cv.Focus(e)
	}
}

// selectRange selects runes [from, to) of the box's text, as the clerk
// would with Shift and an arrow key, so a finding can point at its
// sentence.
func (e *narrativeEntry) selectRange(from, to int) {
	if to <= from {
		e.setCursorOffset(from)
		return
	}
	e.setCursorOffset(from)
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	e.Entry.KeyDown(shift) // the selection starts at the cursor
	e.setCursorOffset(to - 1)
	e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	e.Entry.KeyUp(shift)
}

// setCursorOffset puts the cursor before rune p of the text. The entry
// counts its cursor in displayed rows, which wrapping makes differ from
// lines: the row holding p is found through CursorTextOffset.
func (e *narrativeEntry) setCursorOffset(p int) {
	row, start := 0, 0
	for r := 1; r <= len([]rune(e.Text)); r++ {
		e.CursorRow, e.CursorColumn = r, 0
		off := e.CursorTextOffset()
		if off > p || off <= start {
			break
		}
		row, start = r, off
	}
	e.CursorRow, e.CursorColumn = row, p-start
	e.Refresh()
}

// findingWords is a finding as the hint bar and the problems panel say
// it: the severity and the rule in words (未填, 勾稽不平), then where and
// what; the rule's code is left to the tooltip.
func findingWords(t *model.Template, f model.Finding) string {
	return f.Severity.String() + "·" + t.RuleWord(f.Rule) + "　" + f.Where + "：" + f.Message
}
