package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// menuItem finds an item of the 插入数字 menu or its submenus by the start
// of its label.
func menuItem(t *testing.T, m *fyne.Menu, prefix string) *fyne.MenuItem {
	t.Helper()
	var find func(m *fyne.Menu) *fyne.MenuItem
	find = func(m *fyne.Menu) *fyne.MenuItem {
		for _, it := range m.Items {
			if strings.HasPrefix(it.Label, prefix) && it.Action != nil {
				return it
			}
			if it.ChildMenu != nil {
				if found := find(it.ChildMenu); found != nil {
					return found
				}
			}
		}
		return nil
	}
	it := find(m)
	if it == nil {
		t.Fatalf("no menu item %q", prefix)
	}
	return it
}

func TestInsertFigureIntoNarrative(t *testing.T) {
	r := seed(t)
	r.Narrative["overview.requests"] = ""
	ed, w, rec := newTestEditor(t, r)
	e := ed.Narrative["overview.requests"]
	w.Canvas().Focus(e)
	test.Type(e, "本年度共收到政府信息公开申请件。")
	// The cursor goes back before 件, where the number belongs.
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})

	// The menu offers the figures with their current values: the clerk
	// changes a table cell first, and the menu follows.
	typeInto(t, w, ed, "t3.new_received.natural", "820")
	m := ed.FigureMenu("overview.requests")
	item := menuItem(t, m, "本年新收申请总数：")
	if item.Label != "本年新收申请总数：836件" {
		t.Fatalf("item %q", item.Label)
	}
	item.Action()

	want := "本年度共收到政府信息公开申请836件。"
	if e.Text != want {
		t.Fatalf("entry %q, want %q", e.Text, want)
	}
	if got := ed.Report().Narrative["overview.requests"]; got != want {
		t.Errorf("model %q", got)
	}
	if last := rec.edits[len(rec.edits)-1]; last != "overview.requests="+want {
		t.Errorf("saved %q", last)
	}
	if w.Canvas().Focused() != e {
		t.Error("the entry did not get focus back")
	}
	// What was inserted agrees with the tables.
	for _, f := range ed.Result().Findings {
		if f.Rule == "N-R1" && strings.Contains(f.Where, "依申请公开") {
			t.Errorf("inserted figure flagged: %s", f)
		}
	}

	// A sentence meant for this section comes first among the sentences,
	// and replaces a selection.
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	var first *fyne.MenuItem
	for _, it := range m.Items {
		if strings.HasPrefix(it.Label, "句子：") {
			first = it
			break
		}
	}
	if first == nil || first.Label != "句子：依申请公开：收到、办理和结转的申请数" || m.Items[0] != first {
		t.Fatalf("first sentence %v", first)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	menuItem(t, ed.FigureMenu("overview.requests"), "句子：依申请公开").Action()
	if !strings.HasPrefix(e.Text, "本年度共收到政府信息公开申请836件，上年结转23件；予以公开368件") || strings.Contains(e.Text, "本年度共收到政府信息公开申请836件。") {
		t.Errorf("sentence: %q", e.Text)
	}
	if got := ed.Report().Narrative["overview.requests"]; got != e.Text {
		t.Errorf("model %q", got)
	}

	// A finalised report takes no insertion.
	ed.SetReadOnly(true)
	before := e.Text
	ed.InsertText("overview.requests", "999")
	if e.Text != before || !ed.figureButtons[0].Disabled() {
		t.Errorf("read-only: %q", e.Text)
	}
}
