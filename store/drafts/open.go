package drafts

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
	"syscall"
	"time"

	"nianbao/model"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DB is an open drafts file. Its methods are safe for concurrent use.
type DB struct {
	path string
	bolt *bbolt.DB
	opts Options

	// readOnly: opened with bbolt's ReadOnly; every write is refused with
	// model.CodeReadOnly. plain: a schema 2 file (read-only, never migrated),
	// whose values carry no checksum.
	readOnly bool
	plain    bool

	mu        sync.Mutex
	savers    map[*Autosaver]struct{}
	closed    bool
	backupDay string         // day of the latest rolling-backup check
	backupErr error          // the latest daily backup failure, nil after a success
	bg        sync.WaitGroup // background backups, waited for by Close

	pruneWarned sync.Map // draft ID → true: "history not pruned" logged

	// fault, when tests set it, fails every write transaction and every
	// backup copy with it: a full or failing disk, which cannot be had on
	// demand otherwise.
	fault atomic.Pointer[error]
}

// Open opens the drafts file at path, creating it (and its directory) on
// first run unless opts.MustExist. It never waits long and never writes to
// a file it does not recognise:
//
//   - no file and opts.MustExist (or opts.ReadOnly): model.CodeMissing;
//   - another running copy holds the file: *model.Failure with model.CodeLocked, after
//     opts.Timeout;
//   - a damaged, truncated or empty (0 bytes) file, or not a database:
//     model.CodeCorrupt;
//   - another program's database: model.CodeForeign;
//   - a file from a newer version of this program: model.CodeTooNew.
//
// In the last three cases the file is left byte for byte as it was; offer
// the clerk FreshPath(path). A file from an older version is copied to the
// backup directory and then migrated step by step.
//
// A file that cannot be written (marked read-only, on a CD or a
// write-protected stick), or any file with opts.ReadOnly, is opened
// read-only: everything can be read, every change is refused with
// model.CodeReadOnly, no backup is made (DB.ReadOnly says so). A damaged record
// does not stop Open: its draft is listed as damaged (DraftInfo.Damaged)
// and the others open as usual.
func Open(path string, opts Options) (*DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &model.Failure{Code: model.CodeIO, Path: path, Msg: "数据文件的路径无效：" + path, Err: err}
	}
	opts = opts.withDefaults(abs)
	created := false
	switch _, err := os.Stat(abs); {
	case errors.Is(err, fs.ErrNotExist):
		if opts.MustExist || opts.ReadOnly {
			return nil, errMissing(abs)
		}
		if err := create(abs, opts); err != nil {
			return nil, err
		}
		created = true
	case err != nil:
		return nil, openError(abs, err)
	}
	found, err := inspect(abs, opts.Timeout)
	if err != nil {
		return nil, err
	}
	for _, where := range found.damaged {
		opts.Log.Warn("damaged record", "path", abs, "record", where)
	}
	if !opts.ReadOnly {
		w, err := writable(abs)
		if err != nil {
			return nil, err
		}
		opts.ReadOnly = !w
	}
	if opts.ReadOnly {
		return openReadOnly(abs, opts, found.schema)
	}
	bdb, err := bbolt.Open(abs, 0o600, &bbolt.Options{Timeout: opts.Timeout})
	if err != nil {
		return nil, openError(abs, err)
	}
	db := &DB{path: abs, bolt: bdb, opts: opts, savers: map[*Autosaver]struct{}{}}
	if schema := found.schema; schema > 0 && schema < schemaVersion {
		// A migration rewrites every draft; keep the file as it was first.
		name := fmt.Sprintf("%s-schema%d-%s.db", db.stem(), schema, opts.Now().Format("20060102-150405"))
		if err := db.copyTo(filepath.Join(opts.BackupDir, name)); err != nil {
			_ = bdb.Close()
			return nil, &model.Failure{Code: model.CodeIO, Path: abs, Msg: "升级数据文件前无法先做备份，数据文件没有改动。请检查磁盘空间和权限。",
				Err: fmt.Errorf("backup before migration: %w", err)}
		}
	}
	if err := db.initialise(); err != nil {
		_ = bdb.Close()
		return nil, err
	}
	if !created && found.schema > 0 && db.backupDue() {
		if err := db.rollBackups(); err != nil {
			db.backupFailed(err)
		}
	}
	return db, nil
}

// openReadOnly opens a file that is not to be written. A schema 2 file is
// read as it is (plain values); a schema 1 file would need migrating and
// is refused.
func openReadOnly(abs string, opts Options, schema int) (*DB, error) {
	if schema > 0 && schema < 2 {
		return nil, &model.Failure{Code: model.CodeReadOnly, Path: abs,
			Msg: "数据文件 " + abs + " 是很早版本的程序保存的，需要先升级才能读取，而它是只读的（文件设为只读，或在光盘、写保护的U盘上）。" +
				"请把它复制到电脑上可以写入的文件夹，再打开复制的文件。",
			Err: fmt.Errorf("schema %d, read-only", schema)}
	}
	bdb, err := bbolt.Open(abs, 0o600, &bbolt.Options{ReadOnly: true, Timeout: opts.Timeout})
	if err != nil {
		return nil, openError(abs, err)
	}
	opts.Log.Info("opened read-only", "path", abs, "schema", schema)
	return &DB{path: abs, bolt: bdb, opts: opts, savers: map[*Autosaver]struct{}{},
		readOnly: true, plain: schema > 0 && schema < sealedSince}, nil
}

// ReadOnly reports whether the file is open read-only: viewing, checking,
// exporting and BackupTo work, every change returns model.CodeReadOnly.
func (db *DB) ReadOnly() bool { return db.readOnly }

// writable reports whether the file may be written. Its owner-write
// permission must be set: a file marked read-only or copied from a CD has
// it cleared (on Windows too, where Go maps the read-only attribute to
// it), and it is respected even by root, who could write anyway. And it
// must open for writing, which a read-only medium or another user's file
// refuses.
func writable(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, openError(path, err)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return false, nil
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	switch {
	case err == nil:
		_ = f.Close()
		return true, nil
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return false, nil
	}
	return false, openError(path, err)
}

// create makes a new, initialised drafts file at path. It is built under a
// temporary name and linked into place only when complete, so that a crash
// on first run never leaves an empty (0 byte) file, which Open would take
// for a damaged one. Should another copy of the program create the file at
// the same moment, its file is kept and this one dropped.
func create(path string, opts Options) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "无法创建数据文件夹 " + dir + "，请检查权限。",
			Err: fmt.Errorf("create data dir: %w", err)}
	}
	fail := func(err error) error {
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "无法在文件夹 " + dir + " 中新建数据文件，请检查权限和磁盘空间。",
			Err: fmt.Errorf("create %s: %w", path, err)}
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fail(err)
	}
	tmp := f.Name()
	_ = f.Close()
	defer os.Remove(tmp)
	bdb, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: opts.Timeout})
	if err != nil {
		return fail(err)
	}
	db := &DB{path: path, bolt: bdb, opts: opts}
	err = db.initialise()
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fail(err)
	}
	// A link fails if the name exists; rename would replace it.
	err = os.Link(tmp, path)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		// No hard links here (FAT on a USB stick, some shares).
		if _, serr := os.Lstat(path); serr == nil {
			return nil
		}
		if err := os.Rename(tmp, path); err != nil {
			return fail(err)
		}
	}
	syncDir(dir)
	return nil
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
		first = &model.Failure{Code: model.CodeIO, Path: db.path, Msg: "关闭数据文件时出错。", Err: err}
	}
	return first
}

// inspection is what inspect found in a file.
type inspection struct {
	schema  int      // the file's schema version; 0 for an empty bbolt file
	damaged []string // values whose checksum does not match, for the log
}

// inspect looks at an existing file before it is opened for writing. It
// holds a shared lock meanwhile, so a running copy is reported as such, and
// it only reads.
func inspect(path string, timeout time.Duration) (inspection, error) {
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return inspection{}, openError(path, err)
	case fi.IsDir():
		return inspection{}, &model.Failure{Code: model.CodeInvalid, Path: path, Msg: path + " 是一个文件夹，不是数据文件。"}
	case fi.Size() == 0:
		// Not new: Open never leaves an empty file (see create). Something
		// else emptied it (a failed copy, a disk check), and bbolt would
		// happily initialise it over whatever the clerk expected there.
		return inspection{}, &model.Failure{Code: model.CodeCorrupt, Path: path,
			Msg: "数据文件 " + path + " 是空的（0 字节），里面没有任何报告，可能是复制或保存时出了错。程序没有改动它。" +
				"如有备份，请从备份恢复；也可以在它旁边新建一个数据文件继续工作。",
			Err: fmt.Errorf("check %s: empty file", path)}
	}
	// A read-only open reads and checks only the two meta pages; nothing
	// beyond them is touched before verify has checked the file's length.
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: timeout})
	if err != nil {
		return inspection{}, openError(path, err)
	}
	defer bdb.Close()
	return verify(bdb, path)
}

// verify checks an open file: long enough for every page it claims, every
// page readable, bbolt's own consistency check, and that it is ours. A
// damaged page can make bbolt read outside the mapped file; SetPanicOnFault
// turns that fault into a panic recovered here instead of a crash, which is
// why every value is read in this goroutine before bbolt's Check (which
// runs in its own goroutine) reads them again.
func verify(bdb *bbolt.DB, path string) (found inspection, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			found, err = inspection{}, corrupt(path, fmt.Errorf("reading the file failed: %v", r))
		}
	}()
	tx, err := bdb.Begin(false)
	if err != nil {
		return found, openError(path, err)
	}
	defer func() { _ = tx.Rollback() }()

	fi, err := os.Stat(path)
	if err != nil {
		return found, openError(path, err)
	}
	if fi.Size() < tx.Size() {
		return found, corrupt(path, fmt.Errorf("truncated: %d bytes, the pages need %d", fi.Size(), tx.Size()))
	}
	if err := tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
		return walk(b, 1)
	}); err != nil {
		return found, corrupt(path, err)
	}
	var first error
	for err := range tx.Check() {
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return found, corrupt(path, fmt.Errorf("consistency check: %w", first))
	}
	if found.schema, err = identify(tx, path); err != nil {
		return found, err
	}
	if found.schema >= sealedSince {
		found.damaged = scanSeals(tx)
	}
	return found, nil
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
		return 0, &model.Failure{Code: model.CodeTooNew, Path: path,
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
		return &model.Failure{Code: model.CodeLocked, Path: path,
			Msg: "数据文件正被另一个窗口使用：" + path + "。请先关闭另一个窗口（或另一台电脑上打开的本程序），再重新打开。",
			Err: fmt.Errorf("lock %s: %w", path, err)}
	case errors.Is(err, fs.ErrPermission):
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "没有权限读写数据文件 " + path + "。",
			Err: fmt.Errorf("open %s: %w", path, err)}
	case errors.As(err, &pe):
		return &model.Failure{Code: model.CodeIO, Path: path, Msg: "无法打开数据文件 " + path + "。",
			Err: fmt.Errorf("open %s: %w", path, err)}
	}
	// Invalid meta pages, checksum or version mismatch, too short a file.
	return corrupt(path, err)
}

func corrupt(path string, err error) error {
	return &model.Failure{Code: model.CodeCorrupt, Path: path,
		Msg: "数据文件 " + path + " 已损坏，或者不是本程序的数据文件。程序没有改动它。" +
			"可以在它旁边新建一个数据文件继续工作，并把原文件交给技术人员检查。",
		Err: fmt.Errorf("check %s: %w", path, err)}
}

func foreign(path string, err error) error {
	return &model.Failure{Code: model.CodeForeign, Path: path,
		Msg: "文件 " + path + " 不是本程序的数据文件（可能属于其他程序）。程序没有改动它。" +
			"请另选数据文件，或在它旁边新建一个。",
		Err: fmt.Errorf("identify %s: %w", path, err)}
}

// update runs fn in a read-write transaction, committed with fsync. A panic
// in fn rolls the transaction back and becomes an error: an autosave must
// not take the clerk's unsaved typing down with the program.
func (db *DB) update(what string, fn func(tx *bbolt.Tx) error) error {
	if db.readOnly {
		return errReadOnly(db.path)
	}
	if f := db.fault.Load(); f != nil {
		return db.wrap(what, *f)
	}
	err := db.bolt.Update(func(tx *bbolt.Tx) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &model.Failure{Code: model.CodeInternal, Msg: "程序内部错误，本次修改没有保存。",
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
				err = &model.Failure{Code: model.CodeInternal, Msg: "程序内部错误。",
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
	var se *model.Failure
	if errors.As(err, &se) {
		return err
	}
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return &model.Failure{Code: model.CodeClosed, Path: db.path, Msg: "数据文件已关闭。", Err: fmt.Errorf("%s: %w", what, err)}
	}
	return &model.Failure{Code: model.CodeIO, Path: db.path,
		Msg: "无法写入数据文件 " + db.path + "，请检查磁盘空间和权限。",
		Err: fmt.Errorf("%s: %w", what, err)}
}
