package main

import (
	"flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
	"nianbao/ui"
)

var undoSeed = flag.Uint64("undo-seed", 0, "seed of TestUndoAgainstShadow (0: from the clock, logged)")

// shadow is what the screen must show, kept apart from the editor: a
// linear history of the report's states (what undo and redo walk), the
// edit being typed, and whether the last step is a narrative burst that
// further typing extends.
type shadow struct {
	hist     []state
	k        int // hist[k] is the state now
	pend     *pending
	narrOpen bool
}

type state struct {
	cells map[model.CellID]string
	narr  string
}

type pending struct {
	id   model.CellID
	text string
}

func (s *shadow) cur() state { return s.hist[s.k] }

// push records a new state as one undo step, if it differs; a new step
// ends what could be redone.
func (s *shadow) push(n state) {
	if maps.Equal(n.cells, s.cur().cells) && n.narr == s.cur().narr {
		return
	}
	s.hist = append(s.hist[:s.k+1], n)
	s.k++
	s.narrOpen = false
}

// setCells is the current state with some cells changed.
func (s *shadow) with(f func(map[model.CellID]string)) state {
	c := maps.Clone(s.cur().cells)
	f(c)
	return state{c, s.cur().narr}
}

// commit ends the edit being typed, as Tab, a click elsewhere or closing
// the window do.
func (s *shadow) commit() {
	if p := s.pend; p != nil {
		s.pend = nil
		s.push(s.with(func(c map[model.CellID]string) { c[p.id] = tidy(p.text) }))
	}
}

// Random sequences of typing (committed with Tab or Enter, cancelled with
// Esc, or left open), Delete, pasted blocks, typing in a narrative box,
// undo and redo (from the keyboard or the 编辑 menu): after every step
// the screen shows what a shadow history says it must, and when the
// window closes the draft in the database holds it, and reopened shows it
// again. The seed is logged; -undo-seed replays one.
func TestUndoAgainstShadow(t *testing.T) {
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
	saved := state{cells: map[model.CellID]string{}}
	for _, id := range inputs {
		saved.cells[id] = ""
	}
	var log []string
	for round := range 6 {
		a := testApp(t, db, nil)
		if err := a.OpenDraft(info.ID); err != nil {
			t.Fatal(err)
		}
		a.Win.Resize(fyne.NewSize(1366, 768))
		ed := a.Ed
		c := a.Win.Canvas()
		sh := &shadow{hist: []state{saved}}
		check := func(when string) {
			t.Helper()
			for _, id := range inputs {
				want := sh.cur().cells[id]
				if p := sh.pend; p != nil && p.id == id {
					want = p.text
				}
				if got := ed.Shown(id); got != want {
					t.Fatalf("round %d, %s: %s shows %q, want %q\nsteps:\n%s", round, when, id, got, want, strings.Join(log, "\n"))
				}
			}
			if got := ed.Narrative["overview"].Text; got != sh.cur().narr {
				t.Fatalf("round %d, %s: the narrative shows %q, want %q\nsteps:\n%s", round, when, got, sh.cur().narr, strings.Join(log, "\n"))
			}
		}
		check("opened")
		undoRedo := func(redo bool) {
			label, sc := "撤销", fyne.Shortcut(&fyne.ShortcutUndo{})
			if redo {
				label, sc = "重做", &fyne.ShortcutRedo{}
			}
			if f, ok := c.Focused().(fyne.Shortcutable); ok && rng.IntN(2) == 0 {
				f.TypedShortcut(sc)
				log = append(log, label+" (keys)")
			} else {
				menuItem(t, a, "编辑", label).Action()
				log = append(log, label+" (menu)")
			}
		}
		for range 60 {
			id := inputs[rng.IntN(len(inputs))]
			switch op := rng.IntN(10); {
			case op < 3: // type over a cell, and end the edit one way or another
				ed.FocusCell(id) // a click elsewhere ends an edit being typed
				sh.commit()
				sh.narrOpen = false
				text := texts[rng.IntN(len(texts))]
				for _, r := range text {
					c.Focused().TypedRune(r)
				}
				end := []fyne.KeyName{fyne.KeyTab, fyne.KeyReturn, fyne.KeyEscape, ""}[rng.IntN(4)]
				if end != "" {
					c.Focused().TypedKey(&fyne.KeyEvent{Name: end})
				}
				log = append(log, fmt.Sprintf("type %s %q %s", id, text, end))
				switch end {
				case fyne.KeyEscape:
				case "":
					sh.pend = &pending{id, text}
				default:
					sh.pend = &pending{id, text}
					sh.commit()
				}
			case op == 3:
				ed.FocusCell(id)
				sh.commit()
				sh.narrOpen = false
				c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
				log = append(log, "delete "+id)
				sh.push(sh.with(func(c map[model.CellID]string) { c[id] = "" }))
			case op == 4:
				ed.FocusCell(id)
				sh.commit()
				sh.narrOpen = false
				var rows []string
				for range 1 + rng.IntN(3) {
					var f []string
					for range 1 + rng.IntN(4) {
						f = append(f, texts[rng.IntN(len(texts))])
					}
					rows = append(rows, strings.Join(f, "\t"))
				}
				clip := test.NewClipboard()
				clip.SetContent(strings.Join(rows, "\r\n"))
				c.Focused().(fyne.Shortcutable).TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
				log = append(log, fmt.Sprintf("paste %s %q", id, clip.Content()))
				sh.push(sh.with(func(c map[model.CellID]string) { pasteInto(c, tpl, id, clip.Content()) }))
			case op == 5:
				// A click on the narrative's tab (which takes the focus
				// from the grid), then in the box.
				e := ed.Narrative["overview"]
				if c.Focused() != e {
					c.Unfocus()
					ed.Tabs.SelectIndex(1)
					if ed.Tabs.Selected().Text != "一、总体情况" {
						t.Fatalf("tab %q", ed.Tabs.Selected().Text)
					}
					c.Focus(e)
				}
				if c.Focused() != e {
					t.Fatalf("focus on %T, not the narrative", c.Focused())
				}
				sh.commit()
				text := texts[rng.IntN(len(texts))]
				before := e.Text
				test.Type(e, text)
				log = append(log, fmt.Sprintf("narrative %q", text))
				// Where the caret was is the entry's business; the text
				// grew by what was typed.
				if len(e.Text) != len(before)+len(text) {
					t.Fatalf("typing %q in the narrative: %q became %q", text, before, e.Text)
				}
				n := state{sh.cur().cells, e.Text}
				if sh.narrOpen {
					sh.hist = append(sh.hist[:sh.k], n) // the burst goes on
				} else {
					sh.push(n)
				}
				sh.narrOpen = true
			case op < 9:
				undoRedo(false)
				switch {
				case sh.pend != nil: // takes back the edit being typed
					sh.pend = nil
				case sh.k > 0:
					sh.k--
					sh.narrOpen = false
				}
			default:
				undoRedo(true)
				if sh.pend == nil && sh.k < len(sh.hist)-1 { // typing is kept
					sh.k++
					sh.narrOpen = false
				}
			}
			check(log[len(log)-1])
		}
		// Closing the window ends an edit being typed.
		a.Quit()
		sh.commit()
		saved = sh.cur()
		r, err := drafts{db}.Load(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range inputs {
			if got := r.Text(id); got != saved.cells[id] {
				t.Fatalf("round %d: %s: the draft holds %q, the screen showed %q\nsteps:\n%s", round, id, got, saved.cells[id], strings.Join(log, "\n"))
			}
		}
		if r.Narrative["overview"] != saved.narr {
			t.Fatalf("round %d: narrative: the draft holds %q, the screen showed %q", round, r.Narrative["overview"], saved.narr)
		}
		log = append(log, "-- closed and reopened")
	}
}

// menuItem is an item of the window's menu, found by its label.
func menuItem(t *testing.T, a *ui.App, menu, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range a.Win.MainMenu().Items {
		if m.Label != menu {
			continue
		}
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %s → %s", menu, label)
	return nil
}

// pasteInto is what pasting text at a cell does to the cells, by the
// model's own rules for placing a block (tested on their own in model):
// one value replaces the cell; a refused block changes nothing.
func pasteInto(cells map[model.CellID]string, tpl *model.Template, at model.CellID, text string) {
	r := model.NewReport(tpl)
	for id, v := range cells {
		_ = r.Set(id, v)
	}
	text = strings.TrimRight(text, "\r\n")
	if strings.ContainsAny(text, "\t\r\n") {
		if _, err := r.Paste(at, text); err != nil {
			return
		}
	} else {
		_ = r.Set(at, strings.TrimSpace(text))
	}
	for id := range cells {
		cells[id] = r.Text(id)
	}
}

// tidy is how a cell shows what was typed once the edit ends: a valid
// number in its plain form (the model's), anything else as typed.
func tidy(s string) string {
	r := model.NewReport(model.TemplateForYear(2024))
	_ = r.Set("t3.new_received.natural", s)
	return r.Text("t3.new_received.natural")
}
