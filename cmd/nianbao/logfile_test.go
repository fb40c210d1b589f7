package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
