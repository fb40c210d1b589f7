package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// A total as an imported file stated it (表四 复议后起诉 总计 = 0, its
// parts summing to 11) is a figure of the file: every way of changing a
// part or the total, undone, brings it back, on screen and in the draft.
func TestUndoBringsBackStatedTotal(t *testing.T) {
	const total, part = "t4.lit_after_review_total", "t4.lit_after_review_maintain"
	stated := func(t *testing.T) (*Editor, fyne.Window, *recorder) {
		r := seed(t)
		if err := r.SetStated(total, "0"); err != nil {
			t.Fatal(err)
		}
		return newTestEditor(t, r)
	}
	check := func(t *testing.T, ed *Editor, rec *recorder, when, want string) {
		t.Helper()
		if got := ed.Report().Text(total); got != want {
			t.Errorf("%s: the model's total is %q, want %q", when, got, want)
		}
		if got, ok := rec.saved(total); ok && got != want {
			t.Errorf("%s: the draft's total is %q, want %q", when, got, want)
		}
	}
	t.Run("typed part, Tab, Ctrl+Z, Ctrl+Y", func(t *testing.T) {
		ed, w, rec := stated(t)
		typeInto(t, w, ed, part, "9")
		check(t, ed, rec, "typing a part", "")
		press(w, fyne.KeyTab)
		shortcut(w, &fyne.ShortcutUndo{})
		check(t, ed, rec, "Ctrl+Z", "0")
		if ed.Status.Text != "已撤销：表四·复议后起诉结果维持" {
			t.Errorf("status %q", ed.Status.Text)
		}
		if ed.Shown(total) != "0" || ed.Report().Text(part) == "9" {
			t.Errorf("after Ctrl+Z: total shows %q, part %q", ed.Shown(total), ed.Report().Text(part))
		}
		shortcut(w, &fyne.ShortcutRedo{})
		check(t, ed, rec, "Ctrl+Y", "")
		if ed.Report().Text(part) != "9" {
			t.Errorf("after Ctrl+Y the part is %q", ed.Report().Text(part))
		}
	})
	t.Run("the same number typed again", func(t *testing.T) {
		ed, w, rec := stated(t)
		was := ed.Report().Text(part)
		typeInto(t, w, ed, part, was+"0")
		check(t, ed, rec, "typing", "")
		press(w, fyne.KeyBackspace) // back to what it held
		check(t, ed, rec, "typed back", "0")
		press(w, fyne.KeyReturn)
		check(t, ed, rec, "Enter", "0")
		shortcut(w, &fyne.ShortcutUndo{})
		if ed.Status.Text != "没有可以撤销的修改。" {
			t.Errorf("an edit that changed nothing was recorded: %q", ed.Status.Text)
		}
	})
	t.Run("typed part, Esc", func(t *testing.T) {
		ed, w, rec := stated(t)
		typeInto(t, w, ed, part, "9")
		press(w, fyne.KeyEscape)
		check(t, ed, rec, "Esc", "0")
	})
	t.Run("Delete on a part, Ctrl+Z", func(t *testing.T) {
		ed, w, rec := stated(t)
		ed.FocusCell(part)
		press(w, fyne.KeyDelete)
		check(t, ed, rec, "Delete", "")
		shortcut(w, &fyne.ShortcutUndo{})
		check(t, ed, rec, "Ctrl+Z", "0")
	})
	t.Run("采用计算值, Ctrl+Z", func(t *testing.T) {
		ed, w, rec := stated(t)
		ed.AcceptComputed(total)
		check(t, ed, rec, "采用计算值", "")
		ed.FocusCell(part)
		shortcut(w, &fyne.ShortcutUndo{})
		check(t, ed, rec, "Ctrl+Z", "0")
		if _, ok := ed.HasOutline(total); !ok {
			t.Error("the stated total is back but not outlined")
		}
	})
	t.Run("pasted block, Ctrl+Z", func(t *testing.T) {
		ed, w, rec := stated(t)
		ed.FocusCell(part)
		clip := test.NewClipboard()
		clip.SetContent("1\t2\r\n")
		shortcut(w, &fyne.ShortcutPaste{Clipboard: clip})
		check(t, ed, rec, "paste", "")
		shortcut(w, &fyne.ShortcutUndo{})
		check(t, ed, rec, "Ctrl+Z", "0")
	})
}

// A total cannot be cleared or cut, as it cannot be typed over: the
// clerk is told, and the total and the clipboard stay as they were.
func TestTotalRefusesDeleteAndCut(t *testing.T) {
	r := seed(t)
	const total = "t4.lit_after_review_total"
	if err := r.SetStated(total, "0"); err != nil {
		t.Fatal(err)
	}
	ed, w, _ := newTestEditor(t, r)
	ed.FocusCell(total)
	if ed.Selected() != total {
		t.Fatalf("selected %q", ed.Selected())
	}
	press(w, fyne.KeyDelete)
	if got := ed.Report().Text(total); got != "0" || !strings.Contains(ed.Status.Text, "自动计算的合计，不能删除") {
		t.Errorf("after Delete: total %q, status %q", got, ed.Status.Text)
	}
	clip := test.NewClipboard()
	clip.SetContent("keep")
	ed.Status.SetText("")
	shortcut(w, &fyne.ShortcutCut{Clipboard: clip})
	if got := ed.Report().Text(total); got != "0" || clip.Content() != "keep" || !strings.Contains(ed.Status.Text, "不能剪切") {
		t.Errorf("after Ctrl+X: total %q, clipboard %q, status %q", got, clip.Content(), ed.Status.Text)
	}
	// Nothing to undo: the refusals were not edits.
	shortcut(w, &fyne.ShortcutUndo{})
	if ed.Status.Text != "没有可以撤销的修改。" {
		t.Errorf("status %q", ed.Status.Text)
	}
}

// Ctrl+Y while a cell is being typed in keeps the typing: nothing undone
// is redone over it.
func TestRedoWhileEditingKeepsTyping(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	const a, b = "t3.granted.natural", "t3.partial.natural" // 357, 54
	typeInto(t, w, ed, a, "1")
	press(w, fyne.KeyTab)
	shortcut(w, &fyne.ShortcutUndo{})
	wasB := ed.Report().Text(b)
	typeInto(t, w, ed, b, "77")
	shortcut(w, &fyne.ShortcutRedo{})
	if ed.sheetOf[b].edit == nil || ed.Shown(b) != "77" {
		t.Fatalf("Ctrl+Y while editing: editing %v, cell shows %q", ed.sheetOf[b].edit != nil, ed.Shown(b))
	}
	if got := ed.Report().Text(a); got != "357" {
		t.Errorf("Ctrl+Y while editing redid %s: %q", a, got)
	}
	press(w, fyne.KeyReturn)
	if got, _ := rec.saved(b); got != "77" {
		t.Errorf("draft holds %q", got)
	}
	// The new edit ends what could be redone, as in every editor.
	shortcut(w, &fyne.ShortcutRedo{})
	if got := ed.Report().Text(a); got != "357" || ed.Status.Text != "没有可以恢复的修改。" {
		t.Errorf("redo after a new edit: %s = %q, status %q", a, got, ed.Status.Text)
	}
	shortcut(w, &fyne.ShortcutUndo{})
	if got := ed.Report().Text(b); got != wasB {
		t.Errorf("undo: %s = %q, want %q", b, got, wasB)
	}
}

// A click on a table's pinned head puts the keyboard in its body, where
// the cells are.
func TestClickOnHeadFocusesBody(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	ed.Tabs.Select(ed.tableTab["t3"])
	var head *sheet
	for _, s := range ed.allSheets {
		if s.focusTo == ed.Sheets["t3"] {
			head = s
		}
	}
	if head == nil {
		t.Fatal("表三 has no pinned head")
	}
	test.Tap(head)
	if w.Canvas().Focused() != ed.Sheets["t3"] {
		t.Fatalf("after a click on the head the focus is on %T", w.Canvas().Focused())
	}
	if ed.Selected() == "" {
		t.Error("no cell selected in the body")
	}
}

// A finding added or gone keeps every other finding on its own row (set
// and wrapped once), and the rows show the findings in order.
func TestProblemRowsFollowTheirFindings(t *testing.T) {
	ed, _, _ := newTestEditor(t, seed(t))
	ed.TypeCell("t3.carry_forward.legal", "2") // the 法律服务机构 column no longer balances
	rowOf := func(what string) *findingRow {
		for _, r := range ed.Problems.Rows {
			if r.Visible() && strings.Contains(r.Text.Text, what) {
				return r
			}
		}
		return nil
	}
	before := rowOf("法律服务机构列")
	if before == nil {
		t.Fatal("no finding for the 法律服务机构 column")
	}
	ed.TypeCell("t3.granted.natural", "x") // a new problem
	if after := rowOf("法律服务机构列"); after != before {
		t.Error("the finding moved to another row")
	}
	res := ed.Result()
	for i, f := range res.Findings {
		if r := ed.Problems.Rows[i]; !r.Visible() || r.f.Key != f.Key || r.f.Rule != f.Rule {
			t.Errorf("row %d shows %s %s, want %s %s", i, r.f.Rule, r.f.Key, f.Rule, f.Key)
		}
	}
	for _, r := range ed.Problems.Rows[len(res.Findings):] {
		if r.Visible() {
			t.Errorf("a spare row is shown: %q", r.Text.Text)
		}
	}
	if got := len(ed.Problems.box.Objects); got != len(ed.Problems.Rows) {
		t.Errorf("%d objects in the list, %d rows", got, len(ed.Problems.Rows))
	}
	// Laid out: one under another, each as tall as its text needs.
	ed.TypeCell("t3.granted.natural", "357") // the problem goes again
	var y float32
	for i, r := range ed.Problems.Rows[:len(ed.Result().Findings)] {
		if r.Position().Y < y || r.Size().Height < r.MinSize().Height || r.Size().Width <= 0 {
			t.Errorf("row %d at y=%v (the one above ends at %v), %v high for %v: %q", i, r.Position().Y, y, r.Size().Height, r.MinSize().Height, r.Text.Text)
		}
		y = r.Position().Y + r.Size().Height
	}
	if h := ed.Problems.box.Size().Height; h < y {
		t.Errorf("the list is %v high, its rows %v", h, y)
	}
}
