package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
	"nianbao/ui"
)

var undoSeed = flag.Uint64("undo-seed", 0, "seed of TestUndoNeverLosesTheScreen (0: from the clock, logged)")

// Random sequences of typing (committed with Tab or Enter, cancelled with
// Esc, or left open), Delete, pasted blocks, typing in a narrative box,
// undo and redo: whatever the order, when the window closes the draft in
// the database holds exactly what the screen showed, and reopened shows
// it again. The seed is logged; -undo-seed replays one.
func TestUndoNeverLosesTheScreen(t *testing.T) {
	seed := *undoSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (replay with -undo-seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	db, _ := testDB(t)
	info, err := drafts{db}.Create("某某县人民政府办公室", 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	tpl := model.TemplateForYear(2024)
	var inputs []model.CellID
	for _, c := range tpl.Cells() {
		if !c.Derived && c.Table.ID == "t3" {
			inputs = append(inputs, c.ID)
		}
	}
	texts := []string{"1", "23", "24", "３５", "0", "12a", "-", "1,234", "7"}
	for round := range 6 {
		a := testApp(t, db, nil)
		if err := a.OpenDraft(info.ID); err != nil {
			t.Fatal(err)
		}
		a.Win.Resize(fyne.NewSize(1366, 768))
		ed := a.Ed
		c := a.Win.Canvas()
		var log []string
		for range 60 {
			id := inputs[rng.IntN(len(inputs))]
			switch op := rng.IntN(10); {
			case op < 3: // type over a cell, and end the edit one way or another
				ed.FocusCell(id)
				text := texts[rng.IntN(len(texts))]
				for _, r := range text {
					c.Focused().TypedRune(r)
				}
				end := []fyne.KeyName{fyne.KeyTab, fyne.KeyReturn, fyne.KeyEscape, ""}[rng.IntN(4)]
				if end != "" {
					c.Focused().TypedKey(&fyne.KeyEvent{Name: end})
				}
				log = append(log, fmt.Sprintf("type %s %q %s", id, text, end))
			case op == 3:
				ed.FocusCell(id)
				c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
				log = append(log, "delete "+id)
			case op == 4:
				ed.FocusCell(id)
				clip := test.NewClipboard()
				var rows []string
				for range 1 + rng.IntN(3) {
					var f []string
					for range 1 + rng.IntN(4) {
						f = append(f, texts[rng.IntN(len(texts))])
					}
					rows = append(rows, strings.Join(f, "\t"))
				}
				clip.SetContent(strings.Join(rows, "\r\n"))
				c.Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
				log = append(log, fmt.Sprintf("paste %s %q", id, clip.Content()))
			case op == 5:
				e := ed.Narrative["overview"]
				c.Focus(e)
				test.Type(e, texts[rng.IntN(len(texts))])
				log = append(log, "narrative")
			case op < 9:
				if f, ok := c.Focused().(fyne.Shortcutable); ok {
					f.TypedShortcut(&fyne.ShortcutUndo{})
				} else {
					ed.Undo()
				}
				log = append(log, "undo")
			default:
				if f, ok := c.Focused().(fyne.Shortcutable); ok {
					f.TypedShortcut(&fyne.ShortcutRedo{})
				} else {
					ed.Redo()
				}
				log = append(log, "redo")
			}
		}
		// What the screen shows now, once an open edit is ended by the
		// window closing.
		screen := map[model.CellID]string{}
		shown := func(e *ui.Editor) {
			for _, id := range inputs {
				screen[id] = e.Shown(id)
			}
		}
		shown(ed)
		narrative := ed.Narrative["overview"].Text
		a.Quit()

		r, err := drafts{db}.Load(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range inputs {
			if got := r.Text(id); got != tidy(screen[id]) {
				t.Fatalf("round %d: %s: the draft holds %q, the screen showed %q\nsteps:\n%s", round, id, got, screen[id], strings.Join(log, "\n"))
			}
		}
		if r.Narrative["overview"] != narrative {
			t.Fatalf("round %d: narrative: the draft holds %q, the screen showed %q", round, r.Narrative["overview"], narrative)
		}
	}
}

// tidy is how a cell shows what was typed once the edit ends: a valid
// number in its plain form (the model's), anything else as typed.
func tidy(s string) string {
	r := model.NewReport(model.TemplateForYear(2024))
	_ = r.Set("t3.new_received.natural", s)
	return r.Text("t3.new_received.natural")
}
