package drafts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"nianbao/model"
)

// backupHook records what Options.OnBackupError was told.
type backupHook struct {
	mu   sync.Mutex
	errs []error
}

func (h *backupHook) report(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.errs = append(h.errs, err)
}

func (h *backupHook) got() []error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]error(nil), h.errs...)
}

// wantBackupFailure: the clerk was told once, in Chinese, naming the
// folder; BackupError says the same; the log has it.
func wantBackupFailure(t *testing.T, db *DB, hook *backupHook, log *logBuffer, cause error) {
	t.Helper()
	errs := hook.got()
	if len(errs) != 1 {
		t.Fatalf("OnBackupError called %d times: %v", len(errs), errs)
	}
	err := errs[0]
	wantCode(t, err, model.CodeIO)
	if msg := model.ErrorMessage(err); !strings.Contains(msg, "自动备份没有做成") || !strings.Contains(msg, db.opts.BackupDir) {
		t.Errorf("message %q", msg)
	}
	if cause != nil && !errors.Is(err, cause) {
		t.Errorf("cause %v, want %v", err, cause)
	}
	if db.BackupError() != err {
		t.Errorf("BackupError() = %v", db.BackupError())
	}
	if !strings.Contains(log.String(), "daily backup failed") {
		t.Errorf("not logged:\n%s", log.String())
	}
}

// newFileOfYesterday makes a drafts file and returns its path and a clock
// on the next day, when opening it is due a backup.
func newFileOfYesterday(t *testing.T, dir string) (string, *clock) {
	t.Helper()
	path := filepath.Join(dir, "drafts.db")
	clk := newClock()
	db, err := Open(path, Options{Now: clk.Now, Backups: -1})
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, "某某局", 2024)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	clk.Advance(24 * time.Hour)
	return path, clk
}

// The backup folder cannot be made (a file is in the way; root cannot get
// past that either): Open works, and the failure is told and logged.
func TestBackupFailureIsTold(t *testing.T) {
	dir := t.TempDir()
	path, clk := newFileOfYesterday(t, dir)
	blocker := filepath.Join(dir, "not-a-folder")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	var (
		hook backupHook
		log  logBuffer
	)
	db, err := Open(path, Options{Now: clk.Now, BackupDir: filepath.Join(blocker, "backups"), OnBackupError: hook.report, Log: log.logger()})
	if err != nil {
		t.Fatalf("a failing backup stopped Open: %v", err)
	}
	defer db.Close()
	wantBackupFailure(t, db, &hook, &log, nil)
	// Work goes on.
	mustCreate(t, db, "另一局", 2024)
}

// Without root, a read-only backup folder, or a read-only folder holding
// a writable file (no backups folder can be made in it), are the same.
func TestBackupFailureReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes into read-only folders; TestBackupFailureIsTold covers the failure")
	}
	t.Run("backups folder", func(t *testing.T) {
		dir := t.TempDir()
		path, clk := newFileOfYesterday(t, dir)
		bdir := filepath.Join(dir, "backups")
		if err := os.Mkdir(bdir, 0o555); err != nil {
			t.Fatal(err)
		}
		var (
			hook backupHook
			log  logBuffer
		)
		db, err := Open(path, Options{Now: clk.Now, OnBackupError: hook.report, Log: log.logger()})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		wantBackupFailure(t, db, &hook, &log, os.ErrPermission)
	})
	t.Run("data folder", func(t *testing.T) {
		dir := t.TempDir()
		path, clk := newFileOfYesterday(t, dir)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
		var (
			hook backupHook
			log  logBuffer
		)
		db, err := Open(path, Options{Now: clk.Now, OnBackupError: hook.report, Log: log.logger()})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if db.ReadOnly() {
			t.Error("a writable file in a read-only folder opened read-only")
		}
		wantBackupFailure(t, db, &hook, &log, os.ErrPermission)
	})
}

// A full disk fails the backup a long session makes after midnight; the
// next day's succeeds and clears the failure.
func TestBackupFailureDiskFull(t *testing.T) {
	var (
		hook backupHook
		log  logBuffer
	)
	clk := newClock()
	db := openTest(t, Options{Now: clk.Now, OnBackupError: hook.report, Log: log.logger()})
	mustCreate(t, db, "某某局", 2024)
	diskFull := error(syscall.ENOSPC)
	db.fault.Store(&diskFull)
	clk.Advance(24 * time.Hour)
	db.backupLater()
	db.bg.Wait()
	wantBackupFailure(t, db, &hook, &log, syscall.ENOSPC)

	db.fault.Store(nil)
	clk.Advance(24 * time.Hour)
	db.backupLater()
	db.bg.Wait()
	if err := db.BackupError(); err != nil {
		t.Errorf("after a good backup: %v", err)
	}
	if got, _ := db.Backups(); len(got) != 1 {
		t.Errorf("backups %v", got)
	}
	if n := len(hook.got()); n != 1 {
		t.Errorf("told %d times", n)
	}
}
