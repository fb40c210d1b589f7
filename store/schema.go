package store

import (
	"bytes"
	"fmt"
	"strconv"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// schemaVersion is the layout this program writes (meta/schema).
//
//	1  the prototype: drafts/<unit>\x00<year> = report JSON; no IDs, no
//	   history, no recycle bucket.
//	2  drafts/<id>/{info, report, log/, snap/} and trash/<id>/…
const schemaVersion = 2

// migrations[i] turns schema i+1 into schema i+2. Open runs them in order,
// all in the transaction that creates the buckets, so a file is migrated
// completely or not at all; Open copied the file to the backup directory
// before. A step writes the layout of its target version: when that layout
// changes again, the step keeps its own copy of any helper it uses.
var migrations = []func(db *DB, tx *bbolt.Tx) error{
	migrate1to2,
}

func (db *DB) migrate(tx *bbolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	v, err := strconv.Atoi(string(meta.Get(keySchema)))
	if err != nil || v < 1 {
		return corrupt(db.path, fmt.Errorf("schema version %q", meta.Get(keySchema)))
	}
	if v > schemaVersion {
		// inspect has refused such a file already; this is a second line.
		return &Error{Code: CodeTooNew, Path: db.path, Msg: "数据文件是由较新版本的程序保存的，请升级程序。",
			Err: fmt.Errorf("schema %d", v)}
	}
	for ; v < schemaVersion; v++ {
		if err := migrations[v-1](db, tx); err != nil {
			return err
		}
		db.opts.Log.Info("migrated drafts file", "path", db.path, "from", v, "to", v+1)
	}
	return meta.Put(keySchema, []byte(strconv.Itoa(schemaVersion)))
}

// migrate1to2 gives every prototype draft an ID, an info record and an
// empty history whose base snapshot is the draft as it was.
func migrate1to2(db *DB, tx *bbolt.Tx) error {
	drafts := tx.Bucket(bucketDrafts)
	type old struct{ key, value []byte }
	var olds []old
	err := drafts.ForEach(func(k, v []byte) error {
		if v == nil {
			return fmt.Errorf("schema 1 draft %q is a bucket", k)
		}
		olds = append(olds, old{bytes.Clone(k), bytes.Clone(v)})
		return nil
	})
	if err != nil {
		return corrupt(db.path, err)
	}
	now := db.now()
	for _, o := range olds {
		r, err := model.UnmarshalReport(o.value)
		if err != nil {
			name := string(bytes.ReplaceAll(o.key, []byte{0}, []byte(" ")))
			return &Error{Code: CodeCorrupt, Path: db.path,
				Msg: "升级数据文件 " + db.path + " 时，草稿“" + name + "”无法读取。数据文件没有改动，请把它交给技术人员检查。",
				Err: fmt.Errorf("migrate schema 1 draft %q: %w", o.key, err)}
		}
		if err := drafts.Delete(o.key); err != nil {
			return err
		}
		id, err := newID(tx)
		if err != nil {
			return err
		}
		// Schema 1 kept no times: the migration is the earliest one known.
		rec := &infoRecord{ID: id, Status: StatusDraft, Created: now, Updated: now}
		if err := putNewDraft(drafts, rec, r); err != nil {
			return err
		}
	}
	return nil
}
