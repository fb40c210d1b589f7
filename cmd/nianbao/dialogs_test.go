package main

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/ui"
)

// Dialogs the keyboard finishes: Enter submits 新建报告 from its field,
// Enter or Esc closes a message, also one opened over another dialog.
func TestDialogsByKeyboard(t *testing.T) {
	db, _ := testDB(t)
	a := testApp(t, db, nil)
	c := a.Win.Canvas()
	key := func(k fyne.KeyName) {
		if f := c.Focused(); f != nil {
			f.TypedKey(&fyne.KeyEvent{Name: k})
		} else if h := c.OnTypedKey(); h != nil {
			h(&fyne.KeyEvent{Name: k})
		}
	}
	open := func() bool { return c.Overlays().Top() != nil }

	// Enter with the unit left empty: an error over the form; Enter closes it.
	a.NewDraftDialog()
	if !open() || c.Focused() == nil {
		t.Fatal("no form, or its first field has no focus")
	}
	key(fyne.KeyReturn)
	if a.LastError() != "请填写单位名称。" || !open() {
		t.Fatalf("error %q, dialog open %v", a.LastError(), open())
	}
	key(fyne.KeyReturn)
	if open() {
		t.Fatal("Enter did not close the error shown over the form")
	}

	// The unit typed, Enter: the report is made and opened.
	a.NewDraftDialog()
	test.Type(c.Focused(), "某某县人民政府办公室")
	key(fyne.KeyReturn)
	if open() || a.Ed == nil || a.Ed.Report().Meta.Unit != "某某县人民政府办公室" {
		t.Fatalf("Enter in 新建报告: dialog open %v, editor %v", open(), a.Ed != nil)
	}

	// Esc closes a message; Enter too.
	a.CheckNow()
	if !open() {
		t.Fatal("no 检查结果")
	}
	key(fyne.KeyEscape)
	if open() {
		t.Error("Esc did not close 检查结果")
	}
	a.CheckNow()
	key(fyne.KeyReturn)
	if open() {
		t.Error("Enter did not close 检查结果")
	}
	a.Quit()
}

// The drafts list takes the keyboard: the draft saved last is selected,
// Enter opens it, the arrow keys choose another.
func TestDraftsListByKeyboard(t *testing.T) {
	db, _ := testDB(t)
	first, _ := draftStore{db}.Create("甲局", 2024, "")
	time.Sleep(10 * time.Millisecond)
	second, _ := draftStore{db}.Create("乙局", 2024, "")
	a := testApp(t, db, nil)
	c := a.Win.Canvas()
	if a.Home.Selected != second.ID || c.Focused() == nil {
		t.Fatalf("selected %q (want the latest, %s), focus %v", a.Home.Selected, second.ID, c.Focused())
	}
	i := slices.IndexFunc(a.Home.Items, func(d ui.DraftInfo) bool { return d.ID == first.ID })
	for range len(a.Home.Items) {
		if a.Home.Selected == first.ID {
			break
		}
		dir := fyne.KeyDown
		if slices.IndexFunc(a.Home.Items, func(d ui.DraftInfo) bool { return d.ID == a.Home.Selected }) > i {
			dir = fyne.KeyUp
		}
		c.Focused().TypedKey(&fyne.KeyEvent{Name: dir})
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if a.Ed == nil || a.Ed.Report().Meta.Unit != "甲局" {
		t.Fatalf("Enter did not open 甲局")
	}
	// The keyboard left the list with it: keys and the menu's 撤销 went
	// to a list no longer shown.
	if f := c.Focused(); f != nil {
		t.Fatalf("after opening a draft the focus is on %T", f)
	}
	// A table's tab takes the keyboard into its grid: typing fills the
	// selected cell at once.
	a.Ed.Tabs.SelectIndex(3)
	for _, r := range "12" {
		if c.Focused() == nil {
			t.Fatalf("tab %q: no focus", a.Ed.Tabs.Selected().Text)
		}
		c.Focused().TypedRune(r)
	}
	c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := a.Ed.Report().Text("t3.new_received.natural"); got != "12" {
		t.Fatalf("typed on 表三's tab: 一、本年新收·自然人 = %q", got)
	}
	a.Quit()
}
