package store

import (
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DB is an open drafts file. Its methods are safe for concurrent use.
type DB struct {
	path string
	bolt *bbolt.DB
	opts Options

	mu        sync.Mutex
	savers    map[*Autosaver]struct{}
	closed    bool
	backupDay string         // day of the latest rolling-backup check
	bg        sync.WaitGroup // background backups, waited for by Close

	// fault, when tests set it, fails every write transaction with it:
	// a full or failing disk, which cannot be had on demand otherwise.
	fault atomic.Pointer[error]
}

// Open opens the drafts file at path, creating it (and its directory) on
// first run. It never waits long and never writes to a file it does not
// recognise:
//
//   - another running copy holds the file: *Error with CodeLocked, after
//     opts.Timeout;
//   - a damaged or truncated file, or not a database: CodeCorrupt;
//   - another program's database: CodeForeign;
//   - a file from a newer version of this program: CodeTooNew.
//
// In the last three cases the file is left byte for byte as it was; offer
// the clerk FreshPath(path). A file from an older version is copied to the
// backup directory and then migrated step by step.
func Open(path string, opts Options) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{Code: CodeIO, Path: path, Msg: "数据文件的路径无效：" + path, Err: err}
	}
	opts = opts.withDefaults(abs)
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, &Error{Code: CodeIO, Path: abs, Msg: "无法创建数据文件夹 " + filepath.Dir(abs) + "，请检查权限。",
			Err: fmt.Errorf("create data dir: %w", err)}
	}
	fresh, schema, err := inspect(abs, opts.Timeout)
	if err != nil {
		return nil, err
	}
	bdb, err := bbolt.Open(abs, 0o600, &bbolt.Options{Timeout: opts.Timeout})
	if err != nil {
		return nil, openError(abs, err)
	}
	db := &DB{path: abs, bolt: bdb, opts: opts, savers: map[*Autosaver]struct{}{}}
	if schema > 0 && schema < schemaVersion {
		// A migration rewrites every draft; keep the file as it was first.
		name := fmt.Sprintf("%s-schema%d-%s.db", db.stem(), schema, opts.Now().Format("20060102-150405"))
		if err := db.copyTo(filepath.Join(opts.BackupDir, name)); err != nil {
			_ = bdb.Close()
			return nil, &Error{Code: CodeIO, Path: abs, Msg: "升级数据文件前无法先做备份，数据文件没有改动。请检查磁盘空间和权限。",
				Err: fmt.Errorf("backup before migration: %w", err)}
		}
	}
	if err := db.initialise(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	if !fresh && db.backupDue() {
		if err := db.rollBackups(); err != nil {
			opts.Log.Warn("daily backup failed", "path", abs, "err", err)
		}
	}
	return db, nil
}

// Path is the absolute path of the drafts file.
func (db *DB) Path() string { return db.path }

// Close flushes and closes every autosaver, waits for a running backup and
// closes the file. The first error is returned; the file is closed anyway.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	db.closed = true
	savers := make([]*Autosaver, 0, len(db.savers))
	for a := range db.savers {
		savers = append(savers, a)
	}
	db.mu.Unlock()

	var first error
	for _, a := range savers {
		if err := a.Close(); err != nil && first == nil {
			first = err
		}
	}
	db.bg.Wait()
	if err := db.bolt.Close(); err != nil && first == nil {
		first = &Error{Code: CodeIO, Path: db.path, Msg: "关闭数据文件时出错。", Err: err}
	}
	return first
}

// inspect looks at an existing file before it is opened for writing. It
// holds a shared lock meanwhile, so a running copy is reported as such, and
// it only reads. fresh means there is nothing to lose (no file, or an empty
// one); schema is the file's schema version (0 when fresh).
func inspect(path string, timeout time.Duration) (fresh bool, schema int, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, 0, nil
	case err != nil:
		return false, 0, openError(path, err)
	case fi.IsDir():
		return false, 0, &Error{Code: CodeInvalid, Path: path, Msg: path + " 是一个文件夹，不是数据文件。"}
	case fi.Size() == 0:
		// bbolt initialises an empty file; a crash right after it was
		// created leaves one.
		return true, 0, nil
	}
	// A read-only open reads and checks only the two meta pages; nothing
	// beyond them is touched before verify has checked the file's length.
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return false, 0, openError(path, err)
	}
	defer bdb.Close()
	schema, err = verify(bdb, path)
	if err != nil {
		return false, 0, err
	}
	return schema == 0, schema, nil
}

// verify checks an open file: long enough for every page it claims, every
// page readable, bbolt's own consistency check, and that it is ours. A
// damaged page can make bbolt read outside the mapped file; SetPanicOnFault
// turns that fault into a panic recovered here instead of a crash, which is
// why every value is read in this goroutine before bbolt's Check (which
// runs in its own goroutine) reads them again.
func verify(bdb *bbolt.DB, path string) (schema int, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			schema, err = 0, corrupt(path, fmt.Errorf("reading the file failed: %v", r))
		}
	}()
	tx, err := bdb.Begin(false)
	if err != nil {
		return 0, openError(path, err)
	}
	defer func() { _ = tx.Rollback() }()

	fi, err := os.Stat(path)
	if err != nil {
		return 0, openError(path, err)
	}
	if fi.Size() < tx.Size() {
		return 0, corrupt(path, fmt.Errorf("truncated: %d bytes, the pages need %d", fi.Size(), tx.Size()))
	}
	if err := tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
		return walk(b, 1)
	}); err != nil {
		return 0, corrupt(path, err)
	}
	var first error
	for err := range tx.Check() {
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return 0, corrupt(path, fmt.Errorf("consistency check: %w", first))
	}
	return identify(tx, path)
}

// walk reads every key and value under b.
func walk(b *bbolt.Bucket, depth int) error {
	if depth > 8 {
		return fmt.Errorf("buckets nested too deep")
	}
	var sum uint32
	return b.ForEach(func(k, v []byte) error {
		if v != nil {
			sum = crc32.Update(sum, crc32.IEEETable, v)
			return nil
		}
		child := b.Bucket(k)
		if child == nil {
			return fmt.Errorf("bucket %q: unreadable", k)
		}
		return walk(child, depth+1)
	})
}

// identify tells our file from another program's. An empty bbolt file
// (no buckets) counts as ours and new.
func identify(tx *bbolt.Tx, path string) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bbolt.Bucket) error {
			empty = false
			return nil
		})
		if empty {
			return 0, nil
		}
		return 0, foreign(path, fmt.Errorf("no %q bucket", bucketMeta))
	}
	if m := meta.Get(keyMagic); string(m) != magic {
		return 0, foreign(path, fmt.Errorf("magic %q", m))
	}
	v, err := strconv.Atoi(string(meta.Get(keySchema)))
	if err != nil || v < 1 {
		return 0, corrupt(path, fmt.Errorf("schema version %q", meta.Get(keySchema)))
	}
	if v > schemaVersion {
		return 0, &Error{Code: CodeTooNew, Path: path,
			Msg: fmt.Sprintf("数据文件 %s 是由较新版本的程序保存的，本程序无法读取。请升级程序后再打开。", path),
			Err: fmt.Errorf("schema %d, this program knows up to %d", v, schemaVersion)}
	}
	return v, nil
}

// initialise creates the buckets, in one transaction, and migrates an
// older file to the current schema. It all commits or none of it does.
func (db *DB) initialise() error {
	return db.update("initialise", func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketMeta, bucketDrafts, bucketTrash} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if meta.Get(keyMagic) == nil {
			if err := meta.Put(keyMagic, []byte(magic)); err != nil {
				return err
			}
			if err := meta.Put(keyCreated, []byte(db.now().Format(time.RFC3339))); err != nil {
				return err
			}
			return meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
		}
		return db.migrate(tx)
	})
}

func (db *DB) now() time.Time { return db.opts.Now().Round(0) }

func (db *DB) stem() string {
	base := filepath.Base(db.path)
	return base[:len(base)-len(filepath.Ext(base))]
}

// openError explains why bbolt could not open a file.
func openError(path string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &Error{Code: CodeLocked, Path: path,
			Msg: "数据文件正被另一个窗口使用：" + path + "。请先关闭另一个窗口（或另一台电脑上打开的本程序），再重新打开。",
			Err: fmt.Errorf("lock %s: %w", path, err)}
	case errors.Is(err, fs.ErrPermission):
		return &Error{Code: CodeIO, Path: path, Msg: "没有权限读写数据文件 " + path + "。",
			Err: fmt.Errorf("open %s: %w", path, err)}
	case errors.As(err, &pe):
		return &Error{Code: CodeIO, Path: path, Msg: "无法打开数据文件 " + path + "。",
			Err: fmt.Errorf("open %s: %w", path, err)}
	}
	// Invalid meta pages, checksum or version mismatch, too short a file.
	return corrupt(path, err)
}

func corrupt(path string, err error) error {
	return &Error{Code: CodeCorrupt, Path: path,
		Msg: "数据文件 " + path + " 已损坏，或者不是本程序的数据文件。程序没有改动它。" +
			"可以在它旁边新建一个数据文件继续工作，并把原文件交给技术人员检查。",
		Err: fmt.Errorf("check %s: %w", path, err)}
}

func foreign(path string, err error) error {
	return &Error{Code: CodeForeign, Path: path,
		Msg: "文件 " + path + " 不是本程序的数据文件（可能属于其他程序）。程序没有改动它。" +
			"请另选数据文件，或在它旁边新建一个。",
		Err: fmt.Errorf("identify %s: %w", path, err)}
}

// update runs fn in a read-write transaction, committed with fsync. A panic
// in fn rolls the transaction back and becomes an error: an autosave must
// not take the clerk's unsaved typing down with the program.
func (db *DB) update(what string, fn func(tx *bbolt.Tx) error) error {
	if f := db.fault.Load(); f != nil {
		return db.wrap(what, *f)
	}
	err := db.bolt.Update(func(tx *bbolt.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &Error{Code: CodeInternal, Msg: "程序内部错误，本次修改没有保存。",
					Err: fmt.Errorf("%s: panic: %v\n%s", what, r, debug.Stack())}
			}
		}()
		return fn(tx)
	})
	return db.wrap(what, err)
}

// view runs fn in a read-only transaction.
func (db *DB) view(what string, fn func(tx *bbolt.Tx) error) error {
	err := db.bolt.View(func(tx *bbolt.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &Error{Code: CodeInternal, Msg: "程序内部错误。",
					Err: fmt.Errorf("%s: panic: %v\n%s", what, r, debug.Stack())}
			}
		}()
		return fn(tx)
	})
	return db.wrap(what, err)
}

func (db *DB) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	var se *Error
	if errors.As(err, &se) {
		return err
	}
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return &Error{Code: CodeClosed, Path: db.path, Msg: "数据文件已关闭。", Err: fmt.Errorf("%s: %w", what, err)}
	}
	return &Error{Code: CodeIO, Path: db.path,
		Msg: "无法写入数据文件 " + db.path + "，请检查磁盘空间和权限。",
		Err: fmt.Errorf("%s: %w", what, err)}
}
