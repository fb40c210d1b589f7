package drafts

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"nianbao/model"
)

// TestRollingBackups opens the store on ten days in a row, with an edit on
// each, and keeps the last three daily copies, each as it was at the
// start of its day.
func TestRollingBackups(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "drafts.db")
	bdir := filepath.Join(dir, "backups")
	if err := os.MkdirAll(bdir, 0o700); err != nil {
		t.Fatal(err)
	}
	// Files that merely look alike are not the store's to delete.
	others := []string{"notes.txt", "drafts-schema1-20240101-120000.db", "drafts-2024-13-01.db", "other-2025-01-01.db"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(bdir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	clk := newClock()
	opts := Options{Backups: 3, Now: clk.Now}
	var id string
	for day := 1; day <= 10; day++ {
		db, err := Open(path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if id == "" {
			id = mustCreate(t, db, "某某局", 2024).ID
		}
		as, err := db.Autosave(id, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := as.Set("t3.new_received.natural", strconv.Itoa(day)); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		clk.Advance(24 * time.Hour)
	}
	db, err := Open(path, Options{Backups: 3, Now: clk.Now, BackupDir: bdir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Backups()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range got {
		names = append(names, filepath.Base(p))
	}
	// Day 1 is 2025-01-10; the store was opened again on day 11 (01-20).
	want := []string{"drafts-2025-01-18.db", "drafts-2025-01-19.db", "drafts-2025-01-20.db"}
	if len(names) != len(want) || names[0] != want[0] || names[2] != want[2] {
		t.Fatalf("backups %v, want %v", names, want)
	}
	for _, name := range others {
		if _, err := os.Stat(filepath.Join(bdir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A copy is an ordinary drafts file holding the state when it was made:
	// the copy of 01-18 (day 9) was made before day 9's edit.
	old, err := Open(got[0], Options{Backups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if r := mustLoad(t, old, id); r.Text("t3.new_received.natural") != "8" {
		t.Errorf("backup of day 9 holds %q, want 8", r.Text("t3.new_received.natural"))
	}
}

// A session that runs past midnight makes the new day's copy after its
// next commit.
func TestBackupWhenDayChanges(t *testing.T) {
	clk := newClock()
	path := filepath.Join(t.TempDir(), "drafts.db")
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	info := mustCreate(t, db, "某某局", 2024)
	as, _ := db.Autosave(info.ID, nil)
	clk.Advance(24 * time.Hour)
	_ = as.Set("t3.new_received.natural", "1")
	// Closing the autosaver waits for its commit, which starts the backup;
	// closing the store waits for the backup.
	_ = as.Close()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "drafts-*.db"))
	if len(backups) != 1 || filepath.Base(backups[0]) != "drafts-2025-01-11.db" {
		t.Errorf("backups %v", backups)
	}
}

func TestBackupTo(t *testing.T) {
	db := openTest(t, Options{})
	info := mustCreate(t, db, "某某局", 2024)
	as, _ := db.Autosave(info.ID, nil)
	_ = as.Set("t3.new_received.natural", "42")
	_ = as.Flush()

	dst := filepath.Join(t.TempDir(), "U盘", "备份.db")
	if err := db.BackupTo(dst); err != nil {
		t.Fatal(err)
	}
	if err := db.BackupTo(dst); err != nil { // replacing an earlier copy
		t.Fatal(err)
	}
	wantCode(t, db.BackupTo(db.Path()), model.CodeInvalid)
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dst), ".*tmp*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	copyDB, err := Open(dst, Options{Backups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	if r := mustLoad(t, copyDB, info.ID); r.Text("t3.new_received.natural") != "42" {
		t.Errorf("copy holds %q", r.Text("t3.new_received.natural"))
	}
}
