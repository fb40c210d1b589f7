package drafts

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// A Revision is one entry of a draft's history: who changed what, when,
// from which text to which. Seq numbers the entries of one draft from 1;
// the state "at revision n" is the draft after entry n (0 is the draft as
// created).
//
// History is bounded. Successive edits of one field by one author within
// Options.MergeWindow are one entry (typing 1, 12, 123 is one change from
// "" to 123). A full copy of the draft is kept every Options.SnapshotEvery
// entries, after every import and restore, and at the oldest kept entry;
// any state from there on is rebuilt from the nearest copy before it plus
// the entries after that copy. When a draft has more than
// Options.MaxRevisions entries (plus a tenth, so pruning is not done on
// every edit), the oldest are dropped: a copy is made at the new oldest
// state, and entries and copies before it are deleted. Freed pages are
// reused by bbolt; the file itself never shrinks.
type Revision struct {
	Seq    uint64    `json:"-"`
	Time   time.Time `json:"t"`
	Author string    `json:"by,omitempty"`
	Kind   Kind      `json:"k"`
	Key    string    `json:"key,omitempty"`
	Old    string    `json:"old,omitempty"`
	New    string    `json:"new,omitempty"`
	Reason string    `json:"why,omitempty"`
}

// Describe says what the entry did, in Chinese, naming cells as t (the
// draft's format) does: 表三·一、本年新收·自然人：12 → 15.
func (rev Revision) Describe(t *model.Template) string {
	show := func(s string) string {
		if s == "" {
			return "（空）"
		}
		return s
	}
	where := rev.Key
	switch rev.Kind {
	case KindCell, KindStated:
		if t != nil {
			if c, ok := t.Cell(rev.Key); ok {
				where = c.Name()
			}
		}
	case KindMeta:
		where = "基本信息·" + model.MetaLabel(rev.Key)
		if rev.Key == model.MetaScope {
			return where + "：" + model.Scope(rev.Old).Label() + " → " + model.Scope(rev.New).Label()
		}
	case KindNarrative:
		where = "文字·" + narrativeTitle(t, rev.Key)
	case KindNote:
		where = "说明·" + rev.Key
	case KindReplace:
		return "导入了整份报告"
	case KindRestore:
		return "恢复到第 " + rev.New + " 次修改后的状态"
	case KindFinal:
		return "定稿"
	case KindUnlock:
		return "解除定稿，原因：" + rev.Reason
	}
	if rev.Kind == KindNarrative || rev.Kind == KindNote {
		return where + "：修改了文字（" + strconv.Itoa(len([]rune(rev.New))) + " 字）"
	}
	return where + "：" + show(rev.Old) + " → " + show(rev.New)
}

func narrativeTitle(t *model.Template, key string) string {
	if t == nil {
		return key
	}
	var find func(ns []*model.Narrative) string
	find = func(ns []*model.Narrative) string {
		for _, n := range ns {
			if n.Key == key {
				return n.Title
			}
			if s := find(n.Parts); s != "" {
				return s
			}
		}
		return ""
	}
	if s := find(t.Narrative); s != "" {
		return s
	}
	return key
}

// History returns a live draft's kept history, oldest first.
func (db *DB) History(id string) ([]Revision, error) {
	var out []Revision
	err := db.view("history of "+id, func(tx *bbolt.Tx) error {
		b, rec, err := db.draft(tx, bucketDrafts, id)
		if err != nil {
			return err
		}
		return b.Bucket(bucketLog).ForEach(func(k, v []byte) error {
			rev, err := db.decodeRevision(k, v)
			if err != nil {
				return db.damagedHistory(b, &rec, err)
			}
			out = append(out, rev)
			return nil
		})
	})
	return out, err
}

// StateAt rebuilds a live draft as it was at revision seq, for viewing or
// comparing; DraftInfo.Oldest is the earliest one kept.
func (db *DB) StateAt(id string, seq uint64) (*model.Report, error) {
	var r *model.Report
	err := db.view("state of "+id, func(tx *bbolt.Tx) error {
		b, rec, err := db.draft(tx, bucketDrafts, id)
		if err != nil {
			return err
		}
		r, err = db.stateAt(b, &rec, seq)
		return err
	})
	return r, err
}

// RestoreRevision makes the state at revision seq the draft's content
// again. It is itself a new entry, so it can be undone the same way.
func (db *DB) RestoreRevision(id string, seq uint64) (DraftInfo, error) {
	return db.replace(id, KindRestore, strconv.FormatUint(seq, 10), func(b *bbolt.Bucket, rec *infoRecord) (*model.Report, error) {
		return db.stateAt(b, rec, seq)
	})
}

// stateAt replays the entries after the nearest snapshot at or before seq.
func (db *DB) stateAt(b *bbolt.Bucket, rec *infoRecord, seq uint64) (*model.Report, error) {
	if seq < rec.Base || seq > rec.Rev {
		return nil, &model.Failure{Code: model.CodeNotFound,
			Msg: fmt.Sprintf("第 %d 次修改后的状态已不在修改记录中（保留第 %d 至 %d 次）。", seq, rec.Base, rec.Rev),
			Err: fmt.Errorf("draft %s: revision %d outside %d…%d", rec.ID, seq, rec.Base, rec.Rev)}
	}
	c := b.Bucket(bucketSnap).Cursor()
	k, v := c.Seek(seqKey(seq))
	if k == nil || keySeq(k) != seq {
		k, v = c.Prev()
	}
	if k == nil {
		return nil, db.damagedHistory(b, rec, fmt.Errorf("no snapshot at or before %d", seq))
	}
	p, err := db.payload(k, v)
	if err != nil {
		return nil, db.damagedHistory(b, rec, fmt.Errorf("snapshot %d: %w", keySeq(k), err))
	}
	r, err := model.UnmarshalReport(bytes.Clone(p))
	if err != nil {
		return nil, db.damagedHistory(b, rec, fmt.Errorf("snapshot %d: %w", keySeq(k), err))
	}
	from := keySeq(k)
	lc := b.Bucket(bucketLog).Cursor()
	for k, v := lc.Seek(seqKey(from + 1)); k != nil && keySeq(k) <= seq; k, v = lc.Next() {
		rev, err := db.decodeRevision(k, v)
		if err != nil {
			return nil, db.damagedHistory(b, rec, err)
		}
		if !rev.Kind.content() {
			continue
		}
		if _, _, err := (Edit{Kind: rev.Kind, Key: rev.Key, Text: rev.New}).apply(r); err != nil {
			return nil, db.damagedHistory(b, rec, fmt.Errorf("replay %d: %w", rev.Seq, err))
		}
	}
	return r, nil
}

// appendHistory appends revs to a draft's log, merging and snapshotting
// and pruning as described at Revision. current is the draft's content
// after revs (nil to read it).
func (db *DB) appendHistory(b *bbolt.Bucket, rec *infoRecord, current []byte, revs []Revision, snapshot bool) error {
	log := b.Bucket(bucketLog)
	// The latest entry can absorb the next edit unless a snapshot was taken
	// at it: a snapshot is the state at its entry, which must not change.
	var last *Revision
	if rec.Rev > rec.Snap && rec.Rev > rec.Base {
		if k, v := log.Cursor().Last(); k != nil && keySeq(k) == rec.Rev {
			if rev, err := db.decodeRevision(k, v); err == nil {
				last = &rev
			}
		}
	}
	for _, rev := range revs {
		if last != nil && db.mergeable(*last, rev) {
			last.New, last.Time = rev.New, rev.Time
			if last.New == last.Old {
				// Typed and typed back: no change left to record.
				if err := log.Delete(seqKey(last.Seq)); err != nil {
					return err
				}
				rec.Rev--
				last = nil
				continue
			}
			if err := putRevision(log, *last); err != nil {
				return err
			}
			continue
		}
		rec.Rev++
		rev.Seq = rec.Rev
		if err := putRevision(log, rev); err != nil {
			return err
		}
		last = &rev
	}
	if snapshot || rec.Rev-rec.Snap >= uint64(db.opts.SnapshotEvery) {
		if current == nil {
			if err := db.checkReport(b); err != nil {
				return db.damaged(b, rec.ID, rec, err)
			}
			current, _ = db.value(b, keyReport)
		}
		if _, err := put(b.Bucket(bucketSnap), seqKey(rec.Rev), current); err != nil {
			return err
		}
		rec.Snap = rec.Rev
	}
	return db.prune(b, rec)
}

func (db *DB) mergeable(last, next Revision) bool {
	if db.opts.MergeWindow < 0 || !next.Kind.content() {
		return false
	}
	gap := next.Time.Sub(last.Time)
	return last.Kind == next.Kind && last.Key == next.Key && last.Author == next.Author &&
		gap >= 0 && gap <= db.opts.MergeWindow
}

// prune drops the oldest entries once there are a tenth more than
// MaxRevisions, keeping MaxRevisions.
func (db *DB) prune(b *bbolt.Bucket, rec *infoRecord) error {
	limit := uint64(db.opts.MaxRevisions)
	if rec.Rev-rec.Base <= limit+limit/10 {
		return nil
	}
	base := rec.Rev - limit
	r, err := db.stateAt(b, rec, base)
	if model.ErrorCodeOf(err) == model.CodeDamaged {
		// The clerk's edit matters more than a bounded history: keep
		// everything (the damaged entries too, for a technician) and
		// say so in the log.
		if _, told := db.pruneWarned.LoadOrStore(rec.ID, true); !told {
			db.opts.Log.Warn("history not pruned: damaged", "draft", rec.ID, "err", err)
		}
		return nil
	}
	if err != nil {
		return err
	}
	snaps := b.Bucket(bucketSnap)
	if _, err := putJSON(snaps, seqKey(base), r); err != nil {
		return fmt.Errorf("store snapshot of draft %s: %w", rec.ID, err)
	}
	// Keys are collected first: deleting under a moving cursor skips keys.
	if err := deleteBelow(b.Bucket(bucketLog), base+1); err != nil {
		return err
	}
	if err := deleteBelow(snaps, base); err != nil {
		return err
	}
	rec.Base = base
	rec.Snap = max(rec.Snap, base)
	return nil
}

// deleteBelow deletes the keys of b numbered below n.
func deleteBelow(b *bbolt.Bucket, n uint64) error {
	var keys [][]byte
	c := b.Cursor()
	for k, _ := c.First(); k != nil && keySeq(k) < n; k, _ = c.Next() {
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
