package main

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"nianbao/store/drafts"
	"nianbao/ui"
)

// testDB opens a fresh draft database in a temporary folder (returned too,
// for files beside it); it is closed when the test ends.
func testDB(t *testing.T) (*drafts.DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := drafts.Open(filepath.Join(dir, "drafts.db"), drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dir
}

// testApp is the GUI on db, wired as main wires it, in a headless test app;
// x may be nil (no Excel).
func testApp(t *testing.T, db *drafts.DB, x ui.Excel) *ui.App {
	return ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: draftStore{db}, Excel: x, UserMessage: userMessage, Dispatch: drop, Async: inline})
}
