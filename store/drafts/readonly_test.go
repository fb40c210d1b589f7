package drafts

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nianbao/model"
)

// A path that does not exist is refused with MustExist (or ReadOnly), and
// nothing is created: not the file, not its folder.
func TestOpenMissing(t *testing.T) {
	for _, opts := range []Options{{MustExist: true}, {ReadOnly: true}} {
		dir := t.TempDir()
		path := filepath.Join(dir, "sub", "drafts.db")
		_, err := Open(path, opts)
		wantCode(t, err, model.CodeMissing)
		if model.ErrorCodeOf(err) != model.CodeMissing || !strings.Contains(model.ErrorMessage(err), path) || !strings.Contains(model.ErrorMessage(err), "不存在") {
			t.Errorf("%+v: error %v", opts, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%+v: Open created %v", opts, entries)
		}
	}
	// Without MustExist the file is created, as on first run.
	path := filepath.Join(t.TempDir(), "drafts.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	db, err = Open(path, Options{MustExist: true})
	if err != nil {
		t.Fatalf("MustExist on an existing file: %v", err)
	}
	_ = db.Close()
}

// A new file appears complete or not at all: no empty file and no
// temporary file is left beside it.
func TestCreateIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "drafts.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != "drafts.db" {
		t.Errorf("folder holds %v", names)
	}
	if v := rawSchema(t, path); v != "3" {
		t.Errorf("new file: schema %q", v)
	}
}

// An empty (0 byte) file is damaged, not new: kept as it is and named.
func TestOpenEmptyFile(t *testing.T) {
	for _, opts := range []Options{{}, {ReadOnly: true}, {MustExist: true}} {
		dir := t.TempDir()
		path := filepath.Join(dir, "drafts.db")
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(path, opts)
		wantCode(t, err, model.CodeCorrupt)
		if msg := model.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, "是空的（0 字节）") {
			t.Errorf("message %q", msg)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
			t.Errorf("the empty file was changed: %v, %v", fi, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("files beside it: %v", entries)
		}
		if FreshPath(path) == path {
			t.Error("no fresh path offered")
		}
	}
}

// readOnlyFixture makes a drafts file with two drafts, one with history.
func readOnlyFixture(t *testing.T) (path, id string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "drafts.db")
	db, err := Open(path, Options{Backups: -1})
	if err != nil {
		t.Fatal(err)
	}
	info := mustCreate(t, db, "某某局", 2024)
	mustCreate(t, db, "另一局", 2023)
	as, _ := db.Autosave(info.ID, nil)
	_ = as.Set("t3.new_received.natural", "842")
	_ = as.SetNarrative("overview", "总体情况")
	if err := as.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, info.ID
}

// checkReadOnly: everything can be read; every change is refused with
// model.CodeReadOnly; the file and its folder stay as they were.
func checkReadOnly(t *testing.T, db *DB, id string) {
	t.Helper()
	if !db.ReadOnly() {
		t.Fatal("ReadOnly() = false")
	}
	list, err := db.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("List: %v, %v", list, err)
	}
	r := mustLoad(t, db, id)
	if r.Text("t3.new_received.natural") != "842" {
		t.Errorf("content %q", r.Text("t3.new_received.natural"))
	}
	if revs, err := db.History(id); err != nil || len(revs) != 2 {
		t.Errorf("History: %d, %v", len(revs), err)
	}
	if _, err := db.StateAt(id, 1); err != nil {
		t.Errorf("StateAt: %v", err)
	}
	if res := r.Evaluate(nil); res == nil {
		t.Error("no evaluation")
	}
	other := model.NewReport(model.TemplateForYear(2024))
	other.Meta.Unit, other.Meta.Year = "新单位", 2024
	writes := map[string]error{
		"Create":          second(db.Create(DraftKey{Unit: "新单位", Year: 2024})),
		"CreateFrom":      second(db.CreateFrom(other)),
		"Rename":          second(db.Rename(id, "改名局")),
		"Duplicate":       second(db.Duplicate(id, DraftKey{Unit: "副本局", Year: 2024})),
		"Replace":         second(db.Replace(id, other)),
		"RestoreRevision": second(db.RestoreRevision(id, 0)),
		"Finalise":        second(db.Finalise(id)),
		"Unlock":          second(db.Unlock(id, "原因")),
		"RollForward":     second(db.RollForward(id)),
		"Delete":          db.Delete(id),
		"Restore":         second(db.Restore(id)),
		"Purge":           db.Purge(id),
	}
	for what, err := range writes {
		if model.ErrorCodeOf(err) != model.CodeReadOnly || !strings.Contains(model.ErrorMessage(err), "只读") {
			t.Errorf("%s: %v", what, err)
		}
	}
	// An autosaver can be had (the editor shows the draft through it) but
	// refuses every edit at once.
	as, err := db.Autosave(id, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, as.Set("t3.new_received.natural", "1"), model.CodeReadOnly)
	if err := as.Close(); err != nil {
		t.Errorf("closing a read-only autosaver: %v", err)
	}
	// A copy can still be made, to a writable place.
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := db.BackupTo(dst); err != nil {
		t.Errorf("BackupTo from a read-only file: %v", err)
	}
}

// Options.ReadOnly: tested as any user, root included.
func TestReadOnlyOption(t *testing.T) {
	path, id := readOnlyFixture(t)
	before := readFile(t, path)
	clk := newClock()
	db, err := Open(path, Options{ReadOnly: true, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, db, id)
	// A second reader may look at it too; a writer waits for them.
	db2, err := Open(path, Options{ReadOnly: true, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Errorf("second read-only open: %v", err)
	} else {
		_ = db2.Close()
	}
	_, err = Open(path, Options{Timeout: 200 * time.Millisecond})
	wantCode(t, err, model.CodeLocked)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Error("the file changed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); !os.IsNotExist(err) {
		t.Errorf("a backup folder was made: %v", err)
	}
}

// A file whose mode says read-only (0444, the Windows read-only attribute,
// a copy from a CD) opens read-only by itself. The mode is what is
// checked, so this holds for root as well.
func TestReadOnlyFileMode(t *testing.T) {
	path, id := readOnlyFixture(t)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, path)
	clk := newClock()
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, db, id)
	// No daily backup, on this day or the next.
	clk.Advance(24 * time.Hour)
	db.backupLater()
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, readFile(t, path)) {
		t.Error("the file changed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); !os.IsNotExist(err) {
		t.Errorf("a backup folder was made: %v", err)
	}
}

// Without root, a file the user may not write (in a read-only folder, as
// on a CD) is detected by opening it for writing, too.
func TestReadOnlyFolderNotRoot(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes through permission bits; the mode check is tested by TestReadOnlyFileMode")
	}
	path, id := readOnlyFixture(t)
	dir := filepath.Dir(path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkReadOnly(t, db, id)
}

// The frozen schema 2 fixture on a read-only medium: read as it is, no
// migration, nothing written.
func TestReadOnlySchema2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drafts.db")
	orig := readFile(t, v2Fixture)
	if err := os.WriteFile(path, orig, 0o444); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !db.ReadOnly() || !db.plain {
		t.Errorf("ReadOnly %v, plain %v", db.ReadOnly(), db.plain)
	}
	want := rawV2(t, v2Fixture)
	list, err := db.List()
	if err != nil || len(list) != len(want.live) {
		t.Fatalf("List: %d drafts, %v", len(list), err)
	}
	for _, info := range list {
		if info.Damaged != nil {
			t.Errorf("%s: %v", info.ID, info.Damaged)
		}
		if r := mustLoad(t, db, info.ID); !r.Equal(want.reports[info.ID]) {
			t.Errorf("%s: content differs from the stored JSON", info.ID)
		}
	}
	wantCode(t, second(db.Create(DraftKey{Unit: "新单位", Year: 2024})), model.CodeReadOnly)
	_ = db.Close()
	if !bytes.Equal(orig, readFile(t, path)) {
		t.Error("the file changed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); !os.IsNotExist(err) {
		t.Error("a backup folder was made")
	}
}

// A schema 1 file cannot be read without migrating it: read-only, it is
// refused with a way out.
func TestReadOnlySchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drafts.db")
	if err := os.WriteFile(path, readFile(t, v1Fixture), 0o444); err != nil {
		t.Fatal(err)
	}
	_, err := Open(path, Options{})
	wantCode(t, err, model.CodeReadOnly)
	if !strings.Contains(model.ErrorMessage(err), "复制到电脑上可以写入的文件夹") {
		t.Errorf("message %q", model.ErrorMessage(err))
	}
}

// BackupTo never replaces a file marked read-only.
func TestBackupToReadOnlyTarget(t *testing.T) {
	db := openTest(t, Options{})
	dst := filepath.Join(t.TempDir(), "备份.db")
	if err := os.WriteFile(dst, []byte("旧的备份"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := db.BackupTo(dst)
	if err == nil || !strings.Contains(model.ErrorMessage(err), "是只读的，没有覆盖") {
		t.Errorf("error %v", err)
	}
	if string(readFile(t, dst)) != "旧的备份" {
		t.Error("the read-only file was replaced")
	}
}
