package drafts

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// Status of a draft.
type Status string

const (
	StatusDraft Status = "draft" // 草稿: editable
	StatusFinal Status = "final" // 已定稿: read-only until unlocked, with a reason
)

// Label is the status in Chinese.
func (s Status) Label() string {
	if s == StatusFinal {
		return "已定稿"
	}
	return "草稿"
}

// DraftKey is what a draft is to the clerk: a unit's report for a year, in
// a format. Live drafts have distinct keys when they are created, renamed,
// duplicated or restored. An edit of 单位名称 or 年度 in the form is never
// refused, though, so two drafts can end up with the same key; List shows
// both and the IDs still tell them apart.
type DraftKey struct {
	Unit     string
	Year     int
	Template string // a model template ID; "" in Create means the year's default
}

// DraftInfo describes a stored draft.
type DraftInfo struct {
	ID string // stable and never reused
	DraftKey
	Status      Status
	Created     time.Time
	Updated     time.Time // the latest committed change
	Deleted     time.Time // when it went to the recycle bucket; zero if live
	FinalisedAt time.Time
	FinalisedBy string
	From        string // the draft it was duplicated or carried over from
	Rev         uint64 // the latest revision; see History
	Oldest      uint64 // the oldest revision still restorable
	// Damaged, if not nil, says (an *model.Failure with model.CodeDamaged) that the
	// draft's info or report is damaged: Load refuses it. List still
	// lists it, with what could be read.
	Damaged error
}

// Title names a draft for lists and window titles: 某某局 2024年度.
func (d DraftInfo) Title() string {
	return fmt.Sprintf("%s %d年度", strings.TrimSpace(d.Unit), d.Year)
}

// normal validates a key for a new or renamed draft and resolves its
// template.
func (k DraftKey) normal() (DraftKey, *model.Template, error) {
	k.Unit = strings.TrimSpace(k.Unit)
	if k.Unit == "" {
		return k, nil, invalid("请填写单位名称。")
	}
	if !model.ValidYear(k.Year) {
		return k, nil, invalid(fmt.Sprintf("报告年度“%d”不对，应为%d年至%d年之间的年份，例如 2024。", k.Year, model.MinYear, model.MaxYear))
	}
	var t *model.Template
	if k.Template == "" {
		if t = model.TemplateForYear(k.Year); t == nil {
			return k, nil, invalid(fmt.Sprintf("没有适用于 %d 年度的报告格式。", k.Year))
		}
	} else {
		var ok bool
		if t, ok = model.LookupTemplate(k.Template); !ok {
			return k, nil, invalid(fmt.Sprintf("未知的报告格式“%s”。", k.Template))
		}
	}
	k.Template = t.ID
	return k, t, nil
}

func (k DraftKey) same(o DraftKey) bool {
	return model.SameUnit(k.Unit, o.Unit) && k.Year == o.Year && k.Template == o.Template
}

// conflict returns a model.CodeExists error if a live draft other than except
// has the key. A draft whose info record is damaged has no key to compare
// and does not block anything.
func (db *DB) conflict(tx *bbolt.Tx, key DraftKey, except string) error {
	drafts := tx.Bucket(bucketDrafts)
	return drafts.ForEachBucket(func(k []byte) error {
		rec, err := db.readInfo(drafts.Bucket(k))
		if err != nil || rec.ID == except || !key.same(DraftKey{rec.Unit, rec.Year, rec.Template}) {
			return nil
		}
		name := key.Template
		if t, ok := model.LookupTemplate(key.Template); ok {
			name = t.Name
		}
		return &model.Failure{Code: model.CodeExists,
			Msg: fmt.Sprintf("“%s”%d年度（%s）的草稿已经存在。", strings.TrimSpace(key.Unit), key.Year, name),
			Err: fmt.Errorf("key taken by draft %s", rec.ID)}
	})
}

// draft finds a draft under parent (drafts or trash). A damaged info
// record is a model.CodeDamaged error naming the draft.
func (db *DB) draft(tx *bbolt.Tx, parent []byte, id string) (*bbolt.Bucket, infoRecord, error) {
	var b *bbolt.Bucket
	if p := tx.Bucket(parent); p != nil && id != "" {
		b = p.Bucket([]byte(id))
	}
	if b == nil {
		return nil, infoRecord{}, errNotFound(id)
	}
	rec, err := db.readInfo(b)
	if err != nil {
		return nil, rec, db.damaged(b, id, nil, err)
	}
	return b, rec, nil
}

// describe is a draft's DraftInfo, damaged or not: a draft whose info or
// report cannot be read is listed with Damaged set, so that the clerk sees
// it (and what to do) while every other draft opens as usual.
func (db *DB) describe(b *bbolt.Bucket, id string) DraftInfo {
	rec, err := db.readInfo(b)
	if err != nil {
		info := DraftInfo{ID: id, Damaged: db.damaged(b, id, nil, err)}
		if r, rerr := db.readReport(b); rerr == nil {
			info.DraftKey = DraftKey{Unit: r.Meta.Unit, Year: r.Meta.Year, Template: r.Template().ID}
		}
		return info
	}
	info := rec.public()
	if err := db.checkReport(b); err != nil {
		info.Damaged = db.damaged(b, id, &rec, err)
	}
	return info
}

// List returns the live drafts, newest year first, then by unit. Damaged
// drafts are in the list with DraftInfo.Damaged set.
func (db *DB) List() ([]DraftInfo, error) {
	return db.list(bucketDrafts, func(a, b DraftInfo) int {
		return cmp.Or(cmp.Compare(b.Year, a.Year), strings.Compare(a.Unit, b.Unit),
			strings.Compare(a.Template, b.Template), strings.Compare(a.ID, b.ID))
	})
}

// Trash returns the drafts in the recycle bucket, most recently deleted
// first.
func (db *DB) Trash() ([]DraftInfo, error) {
	return db.list(bucketTrash, func(a, b DraftInfo) int {
		return cmp.Or(b.Deleted.Compare(a.Deleted), strings.Compare(a.ID, b.ID))
	})
}

func (db *DB) list(parent []byte, order func(a, b DraftInfo) int) ([]DraftInfo, error) {
	var out []DraftInfo
	err := db.view("list drafts", func(tx *bbolt.Tx) error {
		p := tx.Bucket(parent)
		if p == nil {
			return nil // an empty file opened read-only has no buckets
		}
		return p.ForEachBucket(func(k []byte) error {
			out = append(out, db.describe(p.Bucket(k), string(k)))
			return nil
		})
	})
	slices.SortFunc(out, order)
	return out, err
}

// Info describes a live draft; Damaged is set if its report is damaged.
func (db *DB) Info(id string) (DraftInfo, error) {
	var info DraftInfo
	err := db.view("draft info "+id, func(tx *bbolt.Tx) error {
		b, rec, err := db.draft(tx, bucketDrafts, id)
		if err != nil {
			return err
		}
		info = rec.public()
		if err := db.checkReport(b); err != nil {
			info.Damaged = db.damaged(b, id, &rec, err)
		}
		return nil
	})
	return info, err
}

// Load reads a live draft. The report is the caller's own copy.
func (db *DB) Load(id string) (*model.Report, DraftInfo, error) {
	var (
		r    *model.Report
		info DraftInfo
	)
	err := db.view("load draft "+id, func(tx *bbolt.Tx) error {
		b, rec, err := db.draft(tx, bucketDrafts, id)
		if err != nil {
			return err
		}
		info = rec.public()
		if r, err = db.readReport(b); err != nil {
			return db.damaged(b, id, &rec, err)
		}
		return nil
	})
	return r, info, err
}

// Create makes an empty draft for key. Its template defaults to the
// year's.
func (db *DB) Create(key DraftKey) (DraftInfo, error) {
	key, t, err := key.normal()
	if err != nil {
		return DraftInfo{}, err
	}
	r := model.NewReport(t)
	r.Meta.Unit = key.Unit
	r.Meta.Year = key.Year
	return db.create("create draft", r, "")
}

// CreateFrom stores r (say, an imported report) as a new draft. Its key is
// taken from r's 基本信息 and format.
func (db *DB) CreateFrom(r *model.Report) (DraftInfo, error) {
	return db.create("create draft from report", r.Clone(), "")
}

func (db *DB) create(what string, r *model.Report, from string) (DraftInfo, error) {
	key, _, err := DraftKey{r.Meta.Unit, r.Meta.Year, r.Template().ID}.normal()
	if err != nil {
		return DraftInfo{}, err
	}
	var rec infoRecord
	err = db.update(what, func(tx *bbolt.Tx) error {
		if err := db.conflict(tx, key, ""); err != nil {
			return err
		}
		id, err := newID(tx)
		if err != nil {
			return err
		}
		now := db.now()
		rec = infoRecord{ID: id, Status: StatusDraft, Created: now, Updated: now, From: from}
		return putNewDraft(tx.Bucket(bucketDrafts), &rec, r)
	})
	if err != nil {
		return DraftInfo{}, err
	}
	return rec.public(), nil
}

// Rename changes a draft's unit name (its 基本信息 too), keeping its
// history; the change is recorded like any edit.
func (db *DB) Rename(id, unit string) (DraftInfo, error) {
	if err := db.flushSavers(id); err != nil {
		return DraftInfo{}, err
	}
	var rec infoRecord
	err := db.update("rename draft "+id, func(tx *bbolt.Tx) error {
		var (
			b   *bbolt.Bucket
			err error
		)
		if b, rec, err = db.draft(tx, bucketDrafts, id); err != nil {
			return err
		}
		if rec.Status == StatusFinal {
			return errFinal(id)
		}
		key, _, err := DraftKey{unit, rec.Year, rec.Template}.normal()
		if err != nil {
			return err
		}
		if err := db.conflict(tx, key, id); err != nil {
			return err
		}
		_, err = db.applyEdits(b, &rec, nil, []Edit{{Kind: KindMeta, Key: model.MetaUnit, Text: key.Unit}})
		return err
	})
	return rec.public(), err
}

// Duplicate copies a live draft's whole content into a new draft for key,
// e.g. for a sister unit. The copy starts its own history; key.Template
// must be empty or the source's format.
func (db *DB) Duplicate(id string, key DraftKey) (DraftInfo, error) {
	if err := db.flushSavers(id); err != nil {
		return DraftInfo{}, err
	}
	r, info, err := db.Load(id)
	if err != nil {
		return DraftInfo{}, err
	}
	if key.Template == "" {
		key.Template = info.Template
	}
	if key.Template != info.Template {
		return DraftInfo{}, invalid("复制的草稿必须沿用原来的报告格式。")
	}
	if key, _, err = key.normal(); err != nil {
		return DraftInfo{}, err
	}
	r.Meta.Unit, r.Meta.Year = key.Unit, key.Year
	return db.create("duplicate draft "+id, r, id)
}

// Delete moves a draft, with its history, to the recycle bucket, from
// which Restore brings it back. A finalised draft must be unlocked first.
func (db *DB) Delete(id string) error {
	if err := db.flushSavers(id); err != nil {
		return err
	}
	err := db.update("delete draft "+id, func(tx *bbolt.Tx) error {
		_, rec, err := db.draft(tx, bucketDrafts, id)
		if err != nil {
			return err
		}
		if rec.Status == StatusFinal {
			return &model.Failure{Code: model.CodeFinal, Msg: "已定稿的报告不能删除，请先解除定稿。", Err: fmt.Errorf("delete final draft %s", id)}
		}
		rec.Deleted = db.now()
		return moveDraft(tx, id, bucketDrafts, bucketTrash, &rec)
	})
	db.refreshSavers(id)
	return err
}

// Restore brings a draft back from the recycle bucket. If a live draft has
// taken its key meanwhile, the clerk must rename one of them first.
func (db *DB) Restore(id string) (DraftInfo, error) {
	var rec infoRecord
	err := db.update("restore draft "+id, func(tx *bbolt.Tx) error {
		var err error
		if _, rec, err = db.draft(tx, bucketTrash, id); err != nil {
			return err
		}
		if err := db.conflict(tx, DraftKey{rec.Unit, rec.Year, rec.Template}, id); err != nil {
			var se *model.Failure
			if errors.As(err, &se) && se.Code == model.CodeExists {
				se.Msg += "请先把现有的草稿改名，再恢复这一份。"
			}
			return err
		}
		rec.Deleted = time.Time{}
		return moveDraft(tx, id, bucketTrash, bucketDrafts, &rec)
	})
	db.refreshSavers(id)
	return rec.public(), err
}

// moveDraft moves a draft between drafts and trash and then writes rec
// into it. In that order: bbolt's MoveBucket moves the bucket as last
// committed, and drops changes made to it earlier in the transaction.
func moveDraft(tx *bbolt.Tx, id string, from, to []byte, rec *infoRecord) error {
	if err := tx.MoveBucket([]byte(id), tx.Bucket(from), tx.Bucket(to)); err != nil {
		return fmt.Errorf("move draft %s from %s to %s: %w", id, from, to, err)
	}
	return writeInfo(tx.Bucket(to).Bucket([]byte(id)), rec)
}

// Purge deletes a draft in the recycle bucket for good, damaged or not.
func (db *DB) Purge(id string) error {
	return db.update("purge draft "+id, func(tx *bbolt.Tx) error {
		trash := tx.Bucket(bucketTrash)
		if id == "" || trash.Bucket([]byte(id)) == nil {
			return errNotFound(id)
		}
		return trash.DeleteBucket([]byte(id))
	})
}

// Replace makes r the content of a draft, e.g. after importing a
// spreadsheet into it; the format may change. It is one history entry,
// restorable like any other. Editors of the draft must reload it.
func (db *DB) Replace(id string, r *model.Report) (DraftInfo, error) {
	return db.replace(id, KindReplace, "", func(*bbolt.Bucket, *infoRecord) (*model.Report, error) {
		return r.Clone(), nil
	})
}

// replace is Replace and RestoreRevision: unsaved edits are flushed first,
// so they are in the history just before the new content.
func (db *DB) replace(id string, kind Kind, note string, content func(*bbolt.Bucket, *infoRecord) (*model.Report, error)) (DraftInfo, error) {
	if err := db.flushSavers(id); err != nil {
		return DraftInfo{}, err
	}
	var rec infoRecord
	err := db.update(string(kind)+" draft "+id, func(tx *bbolt.Tx) error {
		var (
			b   *bbolt.Bucket
			err error
		)
		if b, rec, err = db.draft(tx, bucketDrafts, id); err != nil {
			return err
		}
		if rec.Status == StatusFinal {
			return errFinal(id)
		}
		r, err := content(b, &rec)
		if err != nil {
			return err
		}
		rev := Revision{Time: db.now(), Author: db.opts.Author, Kind: kind, New: note}
		_, err = db.record(b, &rec, r, []Revision{rev}, true)
		return err
	})
	db.refreshSavers(id)
	return rec.public(), err
}
