package ui

import (
	"time"

	"nianbao/model"
)

// Undo and redo over the report's edits: cells (typed, cleared, pasted as
// a block), narrative and 说明. A step is undone by applying its old
// values through the same path as typing them (Editor.apply), so the
// model, the screen and the saved draft change together and the draft can
// never hold a figure the screen does not show.

// changeKind says what a change touches.
type changeKind uint8

const (
	changeCell changeKind = iota
	changeNarrative
	changeNote
)

// change is one field's value before and after an edit.
type change struct {
	kind     changeKind
	key      string // cell ID, narrative key or finding key
	old, new string
}

// step is what one Ctrl+Z undoes: one cell's edit, a pasted block, a
// burst of typing in a narrative box, a 说明.
type step struct {
	changes []change
	// open: a narrative step still collecting keystrokes.
	open bool
	at   time.Time
}

// undoStack keeps the steps done and undone. A new edit clears the steps
// undone, as in every editor.
type undoStack struct {
	done, undone []*step
}

// maxUndo bounds the steps kept; a clerk's day of typing fits.
const maxUndo = 1000

func (u *undoStack) push(s *step) {
	if len(s.changes) == 0 {
		return
	}
	u.closeOpen()
	u.done = append(u.done, s)
	if len(u.done) > maxUndo {
		u.done = u.done[len(u.done)-maxUndo:]
	}
	u.undone = u.undone[:0]
}

// closeOpen ends a narrative step collecting keystrokes.
func (u *undoStack) closeOpen() {
	if n := len(u.done); n > 0 {
		u.done[n-1].open = false
	}
}

// narrativePause ends a burst of typing in a narrative box: the next
// keystroke starts a new undo step.
const narrativePause = 2 * time.Second

// typed records a keystroke's change to a narrative box, merged into the
// burst it continues.
func (u *undoStack) typed(kind changeKind, key, old, new string, now time.Time) {
	if n := len(u.done); n > 0 {
		last := u.done[n-1]
		if last.open && len(last.changes) == 1 && last.changes[0].kind == kind && last.changes[0].key == key &&
			now.Sub(last.at) < narrativePause {
			last.changes[0].new = new
			last.at = now
			u.undone = u.undone[:0]
			return
		}
	}
	u.push(&step{changes: []change{{kind, key, old, new}}, open: true, at: now})
}

// takeUndo removes the last step done, nil if none.
func (u *undoStack) takeUndo() *step {
	n := len(u.done)
	if n == 0 {
		return nil
	}
	s := u.done[n-1]
	u.done = u.done[:n-1]
	s.open = false
	u.undone = append(u.undone, s)
	return s
}

// takeRedo removes the last step undone, nil if none.
func (u *undoStack) takeRedo() *step {
	n := len(u.undone)
	if n == 0 {
		return nil
	}
	s := u.undone[n-1]
	u.undone = u.undone[:n-1]
	u.done = append(u.done, s)
	return s
}

// snapshot is every cell's text, to diff an edit against: typing a part
// drops the totals a file stated over it (the model keeps a stated total
// only while its parts are as the file had them), and undoing the edit
// must bring those back too.
func snapshot(r *model.Report) map[model.CellID]string {
	cells := r.Template().Cells()
	out := make(map[model.CellID]string, len(cells))
	for _, c := range cells {
		out[c.ID] = r.Text(c.ID)
	}
	return out
}

// cellChanges lists the cells whose text differs from a snapshot, in the
// template's order.
func cellChanges(before map[model.CellID]string, r *model.Report) []change {
	var out []change
	for _, c := range r.Template().Cells() {
		if now := r.Text(c.ID); now != before[c.ID] {
			out = append(out, change{changeCell, c.ID, before[c.ID], now})
		}
	}
	return out
}
