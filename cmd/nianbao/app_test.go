package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
	"nianbao/store/drafts"
	"nianbao/ui"
)

// TestReopenShowsWhatWasTyped drives the real wiring (GUI ↔ store) headless:
// type into a new draft, close the app, open it again on the same file, and
// find the same text — the last draft is reopened by itself.
func TestReopenShowsWhatWasTyped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drafts.db")
	fa := test.NewTempApp(t)

	db, err := drafts.Open(path, drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := ui.NewApp(fa, ui.Deps{Drafts: draftStore{db}, UserMessage: model.ErrorMessage, Version: "test", Dispatch: drop, Async: inline})
	info, err := draftStore{db}.Create("某某县人民政府办公室", 2025, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.OpenDraft(info.ID); err != nil {
		t.Fatal(err)
	}
	a.Win.Resize(fyne.NewSize(1366, 768))
	ed := a.Ed
	typed := map[string]string{
		"t3.new_received.natural":  "８３５", // full-width, as an IME types it
		"t3.granted.natural":       "800",
		"t3.carry_forward.natural": "3５",
		"t3.partial.legal":         "12a", // invalid: kept as typed
		"t2.fee.amount":            "24252.311082",
	}
	for id, text := range typed {
		if !ed.TypeCell(id, text) {
			t.Fatalf("no cell %s", id)
		}
	}
	ed.Narrative["overview"].SetText("2025年，本县……")
	ed.Meta.Phone.SetText("0570-1234567")
	a.Quit() // flushes, as closing the window does
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = drafts.Open(path, drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b := ui.NewApp(fa, ui.Deps{Drafts: draftStore{db}, UserMessage: model.ErrorMessage, Version: "test", Dispatch: drop, Async: inline})
	if b.Ed == nil {
		t.Fatal("the last draft was not reopened")
	}
	// Valid numbers come back in their plain form, invalid text as typed.
	want := map[string]string{"t3.new_received.natural": "835", "t3.granted.natural": "800",
		"t3.carry_forward.natural": "35", "t3.partial.legal": "12a", "t2.fee.amount": "24252.311082"}
	for id, text := range want {
		if got := b.Ed.Shown(id); got != text {
			t.Errorf("%s shows %q after reopening, want %q", id, got, text)
		}
	}
	if got := b.Ed.Narrative["overview"].Text; got != "2025年，本县……" {
		t.Errorf("overview %q", got)
	}
	if got := b.Ed.Meta.Phone.Text; got != "0570-1234567" {
		t.Errorf("phone %q", got)
	}
	if got := b.Ed.Shown("t3.total_processed.natural"); got != "800" {
		t.Errorf("（七）总计 %q", got)
	}
	if !strings.Contains(b.Ed.Problems.Counts.Text, "个错误") {
		t.Errorf("counts %q", b.Ed.Problems.Counts.Text)
	}
	b.Quit()

	// The history says who changed what; restoring an early state works.
	revs, err := draftStore{db}.History(info.ID)
	if err != nil || len(revs) < len(typed) {
		t.Fatalf("history: %d entries, %v", len(revs), err)
	}
	at := -1
	for i, r := range revs {
		if strings.Contains(r.What, "表三·（一）予以公开·自然人") && strings.Contains(r.What, "800") {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("no history entry for 予以公开·自然人: %+v", revs)
	}
	// Restore the state right after 800 was typed: what came later is gone.
	if err := (draftStore{db}).RestoreRevision(info.ID, revs[at].Seq); err != nil {
		t.Fatal(err)
	}
	r, _, err := db.Load(info.ID)
	if err != nil || r.Text("t3.granted.natural") != "800" {
		t.Fatalf("after restoring: %q, %v", r.Text("t3.granted.natural"), err)
	}
	for _, rev := range revs[at+1:] {
		if strings.Contains(rev.What, "联系电话") && r.Meta.Phone != "" {
			t.Errorf("a later change survived the restore: %s", rev.What)
		}
	}
}

// Excel out of one database and into another through the GUI's adapter.
func TestExcelAdapter(t *testing.T) {
	dir := t.TempDir()
	fa := test.NewTempApp(t)
	db, err := drafts.Open(filepath.Join(dir, "a.db"), drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	info, _ := draftStore{db}.Create("某某镇人民政府", 2024, "")
	a := ui.NewApp(fa, ui.Deps{Drafts: draftStore{db}, Excel: excel{"test"}, UserMessage: userMessage, Dispatch: drop, Async: inline})
	if err := a.OpenDraft(info.ID); err != nil {
		t.Fatal(err)
	}
	a.Ed.TypeCell("t3.new_received.natural", "7")
	book := filepath.Join(dir, "town.xlsx")
	if err := (excel{"test"}).Export(book, a.Ed.Report()); err != nil {
		t.Fatal(err)
	}
	a.Quit()

	r, _, err := excel{}.Import(book)
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Unit != "某某镇人民政府" || r.Text("t3.new_received.natural") != "7" || r.Text("t3.granted.natural") != "" {
		t.Errorf("imported %q %q %q", r.Meta.Unit, r.Text("t3.new_received.natural"), r.Text("t3.granted.natural"))
	}
	if _, _, err := (excel{}).Import(filepath.Join(dir, "none.xlsx")); err == nil || !strings.Contains(userMessage(err), "none.xlsx") {
		t.Errorf("missing file: %v / %q", err, userMessage(err))
	}
}

// drop discards save notifications: the test driver would run them on the
// autosaver's goroutine, racing with the test's own widget calls.
func drop(func()) {}

// inline runs the app's background work at once, on the test's goroutine
// (the headless UI thread).
func inline(work, done func()) { work(); done() }

// The rescue copy written when the last edits cannot be committed reads
// back as the same report.
func TestRescue(t *testing.T) {
	db, err := drafts.Open(filepath.Join(t.TempDir(), "d.db"), drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := model.NewReport(model.TemplateForYear(2025))
	r.Meta.Unit = "某局"
	_ = r.Set("t3.granted.natural", "12a")
	path, err := draftStore{db}.Rescue(r)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	back, err := model.UnmarshalReport(data)
	if err != nil || !back.Equal(r) {
		t.Fatalf("rescue file does not read back: %v", err)
	}
}

// A total an imported file stated (表四 复议后起诉 总计 = 0, its parts 11)
// is a figure of the file: a part typed drops it, 撤销 puts it back, and
// the draft on disk holds it again after reopening, with no error shown.
func TestUndoPutsStatedTotalBackInTheDraft(t *testing.T) {
	db, _ := testDB(t)
	r := model.NewReport(model.TemplateForYear(2022))
	r.Meta = model.Meta{Unit: "某某县人民政府办公室", Year: 2022}
	for id, v := range map[model.CellID]string{"t4.lit_after_review_maintain": "5", "t4.lit_after_review_other": "6"} {
		_ = r.Set(id, v)
	}
	if err := r.SetStated("t4.lit_after_review_total", "0"); err != nil {
		t.Fatal(err)
	}
	info, err := draftStore{db}.CreateFrom(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, how := range []string{"typed part", "采用计算值"} {
		a := testApp(t, db, nil)
		if err := a.OpenDraft(info.ID); err != nil {
			t.Fatal(err)
		}
		a.Win.Resize(fyne.NewSize(1366, 768))
		if how == "typed part" {
			a.Ed.TypeCell("t4.lit_after_review_maintain", "9")
		} else {
			a.Ed.AcceptComputed("t4.lit_after_review_total")
		}
		if got := a.Ed.Report().Text("t4.lit_after_review_total"); got != "" {
			t.Fatalf("%s: the statement is still %q", how, got)
		}
		menuItem(t, a, "编辑", "撤销").Action()
		a.Quit()
		if e := a.LastError(); e != "" {
			t.Errorf("%s: error shown: %s", how, e)
		}
		got, err := draftStore{db}.Load(info.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Stated("t4.lit_after_review_total") || got.Text("t4.lit_after_review_total") != "0" || got.Text("t4.lit_after_review_maintain") != "5" {
			t.Errorf("%s, undone, reopened: stated %v, total %q, part %q", how, got.Stated("t4.lit_after_review_total"),
				got.Text("t4.lit_after_review_total"), got.Text("t4.lit_after_review_maintain"))
		}
	}
}

// The save notices reach the status bar: 已保存 after a commit, and 保存失败！
// with the reason when the store refuses an edit (here: the draft was
// finalised from elsewhere while open). The notices are run here, on the
// test's goroutine, as the UI thread would run them.
func TestSaveStatusShown(t *testing.T) {
	db, _ := testDB(t)
	info, err := draftStore{db}.Create("某某县人民政府办公室", 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	notices := make(chan func(), 100)
	a := ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: draftStore{db}, UserMessage: userMessage,
		Dispatch: func(f func()) { notices <- f }, Async: inline})
	if err := a.OpenDraft(info.ID); err != nil {
		t.Fatal(err)
	}
	next := func(what string) {
		t.Helper()
		select {
		case f := <-notices:
			f()
		case <-time.After(10 * time.Second):
			t.Fatalf("no save notice after %s", what)
		}
	}
	a.Ed.TypeCell("t2.license.decisions", "5")
	next("typing")
	if !strings.HasPrefix(a.Saved.Text, "已保存 ") {
		t.Fatalf("status %q after a commit", a.Saved.Text)
	}
	if _, err := db.Finalise(info.ID); err != nil {
		t.Fatal(err)
	}
	a.Ed.TypeCell("t2.license.decisions", "6")
	next("typing into a draft finalised elsewhere")
	if !strings.Contains(a.LastError(), "定稿") {
		t.Errorf("error shown %q", a.LastError())
	}
	// The refused 6 is not left on screen as if it were the report: the
	// editor shows what the drafts file holds, read-only.
	if got := a.Ed.Report().Text("t2.license.decisions"); got != "5" || !a.Ed.ReadOnly() {
		t.Errorf("after the refusal the editor shows %q (read-only %v), want the stored 5, read-only", got, a.Ed.ReadOnly())
	}
	if msg := a.LastError(); strings.Contains(msg, "另存") || strings.Contains(msg, "rescue") {
		t.Errorf("a refused edit made a rescue file: %q", msg)
	}
}
