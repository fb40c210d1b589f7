package drafts

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"nianbao/model"

	"go.etcd.io/bbolt"
)

// Rolling backups: the first time the file is opened on a day (and when a
// long session crosses midnight), a consistent copy is written to
// BackupDir as <name>-YYYY-MM-DD.db and all but the newest Options.Backups
// such copies are deleted. Other files in the directory are never touched.
// A copy is an ordinary drafts file: to restore one, open it (or copy it
// over the damaged file while the program is closed).

const dayLayout = "2006-01-02"

// backupDue reports whether today's backup has not been looked after yet,
// and marks it looked after.
func (db *DB) backupDue() bool {
	if db.opts.Backups < 0 || db.readOnly {
		return false
	}
	day := db.opts.Now().Format(dayLayout)
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.backupDay == day || db.closed {
		return false
	}
	db.backupDay = day
	return true
}

// backupLater runs a due daily backup in the background, so that the
// autosave that noticed the new day is not held up by it.
func (db *DB) backupLater() {
	if !db.backupDue() {
		return
	}
	db.bg.Add(1)
	go func() {
		defer db.bg.Done()
		if err := db.rollBackups(); err != nil {
			db.backupFailed(err)
		}
	}()
}

// backupFailed logs a failed daily backup and tells the clerk through
// Options.OnBackupError. The day counts as looked after all the same:
// trying again after every commit would only repeat the message.
func (db *DB) backupFailed(err error) {
	dir := db.opts.BackupDir
	db.opts.Log.Warn("daily backup failed", "path", db.path, "dir", dir, "err", err)
	e := &model.Failure{Code: model.CodeIO, Path: dir,
		Msg: "今天的自动备份没有做成：无法把数据文件复制到备份文件夹 " + dir + "（文件夹只读、磁盘已满或没有权限）。" +
			"数据文件本身没有受影响，填写的内容照常保存。请检查这个文件夹，或另外备份一份数据文件。",
		Err: fmt.Errorf("daily backup to %s: %w", dir, err)}
	db.mu.Lock()
	db.backupErr = e
	db.mu.Unlock()
	if db.opts.OnBackupError != nil {
		db.opts.OnBackupError(e)
	}
}

// BackupError is the latest daily backup failure since Open (an *model.Failure
// for the clerk), nil if there was none or a later backup succeeded.
func (db *DB) BackupError() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.backupErr
}

// rollBackups writes today's copy unless it exists, then deletes the
// oldest copies beyond the number kept.
func (db *DB) rollBackups() error {
	day := db.opts.Now().Format(dayLayout)
	name := filepath.Join(db.opts.BackupDir, db.stem()+"-"+day+".db")
	if _, err := os.Stat(name); os.IsNotExist(err) {
		if err := db.copyTo(name); err != nil {
			return err
		}
	}
	old, err := db.Backups()
	if err != nil {
		return err
	}
	for len(old) > db.opts.Backups {
		if err := os.Remove(old[0]); err != nil {
			return fmt.Errorf("remove old backup: %w", err)
		}
		old = old[1:]
	}
	db.mu.Lock()
	db.backupErr = nil
	db.mu.Unlock()
	return nil
}

// Backups lists the rolling daily copies, oldest first.
func (db *DB) Backups() ([]string, error) {
	entries, err := os.ReadDir(db.opts.BackupDir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, &model.Failure{Code: model.CodeIO, Path: db.opts.BackupDir, Msg: "无法读取备份文件夹 " + db.opts.BackupDir + "。",
			Err: fmt.Errorf("list backups: %w", err)}
	}
	var out []string
	prefix := db.stem() + "-"
	for _, e := range entries {
		day, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || !e.Type().IsRegular() {
			continue
		}
		day, ok = strings.CutSuffix(day, ".db")
		if _, err := time.Parse(dayLayout, day); !ok || err != nil {
			continue
		}
		out = append(out, filepath.Join(db.opts.BackupDir, e.Name()))
	}
	slices.Sort(out) // the dates sort as text
	return out, nil
}

// BackupTo writes a consistent copy of the whole file to path (备份到…),
// replacing it if it exists. The copy is complete or not there at all.
func (db *DB) BackupTo(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return &model.Failure{Code: model.CodeInvalid, Path: path, Msg: "备份路径无效：" + path, Err: err}
	}
	if a, b := statOrNil(abs), statOrNil(db.path); a != nil && b != nil && os.SameFile(a, b) {
		return invalid("不能备份到数据文件本身，请另选一个位置。")
	}
	if fi := statOrNil(abs); fi != nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o200 == 0 {
		// As an export does: a file marked read-only is kept (root could
		// replace it, and a rename would on any system).
		return &model.Failure{Code: model.CodeInvalid, Path: abs, Msg: "文件 " + abs + " 是只读的，没有覆盖；请换一个文件名或先取消只读。"}
	}
	if err := db.copyTo(abs); err != nil {
		return &model.Failure{Code: model.CodeIO, Path: abs, Msg: "无法备份到 " + abs + "，请检查该位置是否可写、空间是否足够。",
			Err: fmt.Errorf("backup to %s: %w", abs, err)}
	}
	return nil
}

func statOrNil(path string) os.FileInfo {
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	return fi
}

// copyTo writes a copy from a read transaction (consistent, and typing
// goes on meanwhile) to a temporary file, syncs it and renames it into
// place.
func (db *DB) copyTo(path string) (err error) {
	if f := db.fault.Load(); f != nil {
		return *f
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	err = db.bolt.View(func(tx *bbolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename durable where the OS needs it (not Windows, where
// directories cannot be opened for syncing). Best effort: the copy itself
// is already synced.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
