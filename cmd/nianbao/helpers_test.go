package main

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"nianbao/store"
	"nianbao/ui"
)

// testDB opens a fresh draft database in a temporary folder (returned too,
// for files beside it); it is closed when the test ends.
func testDB(t *testing.T) (*store.DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "drafts.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dir
}

// testApp is the GUI on db, wired as main wires it, in a headless test app;
// x may be nil (no Excel).
func testApp(t *testing.T, db *store.DB, x ui.Excel) *ui.App {
	return ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: drafts{db}, Excel: x, UserMessage: userMessage, Dispatch: drop, Async: inline})
}
