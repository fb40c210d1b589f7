package drafts

import (
	"io"
	"log/slog"
	"os/user"
	"path/filepath"
	"time"
)

// Options tune a store. The zero value is what the program uses.
type Options struct {
	// MustExist refuses a file that does not exist (model.CodeMissing) instead
	// of creating it: for a path the clerk typed or picked, where a typo
	// must not quietly start an empty database. The default path, on
	// first run, leaves it false.
	MustExist bool

	// ReadOnly opens the file for reading only, even if it could be
	// written (to look inside a backup, say). Open also opens a file
	// read-only by itself when it cannot be written; DB.ReadOnly tells.
	ReadOnly bool

	// Timeout bounds the wait for the file lock that another running copy
	// holds. Zero means 500 ms. bbolt's own default is to wait forever,
	// which to a clerk looks like a program that never starts.
	Timeout time.Duration

	// Author names whoever makes the edits, for the history. Empty means
	// the operating-system user name.
	Author string

	// Backups is how many daily copies of the file to keep. Zero means 7;
	// negative turns rolling backups off (the copy made before a schema
	// migration is made regardless).
	Backups int
	// BackupDir holds the daily copies; empty means "backups" beside the file.
	BackupDir string

	// MaxRevisions is how many history entries to keep per draft before the
	// oldest are pruned. Zero means 5000.
	MaxRevisions int
	// SnapshotEvery is how many history entries may separate two full copies
	// of a draft. Zero means 200.
	SnapshotEvery int
	// MergeWindow: successive edits of the same field by the same author
	// within this time become one history entry (a number typed key by key
	// is one change, not four). Zero means 2 minutes; negative never merges.
	MergeWindow time.Duration

	// Log receives problems that have no caller to return to, such as a
	// failed daily backup. Nil discards them.
	Log *slog.Logger

	// OnBackupError, if set, is called with an *model.Failure (a Chinese message
	// for the clerk) each time a daily backup fails, besides the log: a
	// backup that silently stops is found out only when it is needed. It
	// is called from Open or from a background goroutine.
	OnBackupError func(err error)

	// Now is the clock. Nil means time.Now; tests set it.
	Now func() time.Time
}

func (o Options) withDefaults(path string) Options {
	if o.Timeout <= 0 {
		o.Timeout = 500 * time.Millisecond
	}
	if o.Author == "" {
		if u, err := user.Current(); err == nil {
			o.Author = u.Username
		}
	}
	if o.Backups == 0 {
		o.Backups = 7
	}
	if o.BackupDir == "" {
		o.BackupDir = filepath.Join(filepath.Dir(path), "backups")
	}
	if o.MaxRevisions <= 0 {
		o.MaxRevisions = 5000
	}
	if o.SnapshotEvery <= 0 {
		o.SnapshotEvery = 200
	}
	if o.MergeWindow == 0 {
		o.MergeWindow = 2 * time.Minute
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
