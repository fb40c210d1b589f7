package drafts

import (
	"bytes"
	"encoding/json"
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
//	3  the same, every value under drafts/ and trash/ sealed with a
//	   CRC-32C (seal.go)
const schemaVersion = 3

// migrations[i] turns schema i+1 into schema i+2. Open runs them in order,
// all in the transaction that creates the buckets, so a file is migrated
// completely or not at all; Open copied the file to the backup directory
// before. A step writes the layout of its target version: when that layout
// changes again, the step keeps its own copy of any helper it uses.
var migrations = []func(db *DB, tx *bbolt.Tx) error{
	migrate1to2,
	migrate2to3,
}

func (db *DB) migrate(tx *bbolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	v, err := strconv.Atoi(string(meta.Get(keySchema)))
	if err != nil || v < 1 {
		return corrupt(db.path, fmt.Errorf("schema version %q", meta.Get(keySchema)))
	}
	if v > schemaVersion {
		// inspect has refused such a file already; this is a second line.
		return &model.Failure{Code: model.CodeTooNew, Path: db.path, Msg: "数据文件是由较新版本的程序保存的，请升级程序。",
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
			return &model.Failure{Code: model.CodeCorrupt, Path: db.path,
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
		if err := putNewDraftV2(drafts, rec, r); err != nil {
			return err
		}
	}
	return nil
}

// putNewDraftV2 is putNewDraft as schema 2 wrote it: plain JSON values.
// migrate2to3 seals them next.
func putNewDraftV2(parent *bbolt.Bucket, rec *infoRecord, r *model.Report) error {
	b, err := parent.CreateBucket([]byte(rec.ID))
	if err != nil {
		return fmt.Errorf("create draft %s: %w", rec.ID, err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode draft %s: %w", rec.ID, err)
	}
	if err := b.Put(keyReport, data); err != nil {
		return err
	}
	if _, err := b.CreateBucket(bucketLog); err != nil {
		return err
	}
	snap, err := b.CreateBucket(bucketSnap)
	if err != nil {
		return err
	}
	if err := snap.Put(seqKey(0), data); err != nil {
		return err
	}
	rec.syncKey(r)
	rec.V, rec.Rev, rec.Base, rec.Snap = 1, 0, 0, 0
	info, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return b.Put(keyInfo, info)
}

// migrate2to3 seals every value of every draft, live and deleted: info,
// report, history entries and snapshots. The bytes are sealed as they are,
// not decoded first: a value already unreadable stays unreadable and is
// reported by its draft (model.CodeDamaged) like any other, instead of stopping
// the migration of the whole file. One draft at a time is held in memory.
func migrate2to3(db *DB, tx *bbolt.Tx) error {
	for _, name := range [][]byte{bucketDrafts, bucketTrash} {
		parent := tx.Bucket(name)
		var ids [][]byte
		if err := parent.ForEachBucket(func(k []byte) error {
			ids = append(ids, bytes.Clone(k))
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			if err := sealBucket(parent.Bucket(id), 0); err != nil {
				return corrupt(db.path, fmt.Errorf("seal draft %s: %w", id, err))
			}
		}
	}
	return nil
}

// sealBucket seals the values of b and of its buckets (log/, snap/).
// Values are collected first: bbolt forbids writing under ForEach.
func sealBucket(b *bbolt.Bucket, depth int) error {
	type kv struct{ k, v []byte }
	var values []kv
	var subs [][]byte
	if err := b.ForEach(func(k, v []byte) error {
		if v == nil {
			subs = append(subs, bytes.Clone(k))
		} else {
			values = append(values, kv{bytes.Clone(k), seal(k, v)})
		}
		return nil
	}); err != nil {
		return err
	}
	for _, e := range values {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	if depth > 0 && len(subs) > 0 {
		return fmt.Errorf("unexpected bucket %q", subs[0])
	}
	for _, k := range subs {
		if err := sealBucket(b.Bucket(k), depth+1); err != nil {
			return err
		}
	}
	return nil
}
