package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"nianbao/ui"
)

// The log is created at the first line, and past its cap it moves to .1
// and starts again: never more than about twice the cap on disk.
func TestLogFileRotates(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "nianbao.log")
	lf := newLogFile(path, 1000)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("created before anything was written")
	}
	line := strings.Repeat("x", 99) + "\n"
	for i := range 25 {
		if _, err := lf.Write([]byte(line)); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
	}
	if err := lf.Close(); err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(path + ".1")
	if err != nil {
		t.Fatal(err)
	}
	// 25 lines of 100 bytes, 10 per file: .1 holds lines 11-20, the
	// current file 21-25 (lines 1-10 are gone with the first .1).
	if len(old) != 1000 || len(cur) != 500 {
		t.Errorf("nianbao.log.1 %d bytes, nianbao.log %d bytes", len(old), len(cur))
	}
	// Reopened, it goes on from the size it has.
	lf = newLogFile(path, 1000)
	for range 6 {
		_, _ = lf.Write([]byte(line))
	}
	_ = lf.Close()
	if cur, _ := os.ReadFile(path); len(cur) != 100 {
		t.Errorf("after reopening: %d bytes, want 100 (500 + 500 reached the cap, then one line)", len(cur))
	}
}

// An error shown to the clerk has its cause in the log; 帮助 → 打开日志文件夹
// opens the data folder.
func TestShownErrorLogged(t *testing.T) {
	db, _ := testDB(t)
	var logged strings.Builder
	fa := test.NewTempApp(t)
	a := ui.NewApp(fa, ui.Deps{Drafts: draftStore{db}, Excel: excel{"test"}, UserMessage: userMessage, Dispatch: drop, Async: inline,
		Log: slog.New(slog.NewTextHandler(&logged, nil)), LogFolder: t.TempDir()})
	a.ImportFile(filepath.Join(t.TempDir(), "缺失.xlsx"))
	if !strings.Contains(logged.String(), "error shown") || !strings.Contains(logged.String(), "缺失.xlsx") {
		t.Errorf("log: %q", logged.String())
	}
	menuItem(t, a, "帮助", "打开日志文件夹").Action()
}
