package drafts

import (
	"strings"
	"time"

	"nianbao/model"

	"go.etcd.io/bbolt"
)

// Finalise marks a draft 已定稿: read-only from then on. A report with
// errors cannot be finalised (model.CanFinalise; model.CodeInvalid). Edits already
// typed are saved first; edits typed afterwards are refused with model.CodeFinal,
// by the autosaver at once. Finalising a finalised draft does nothing.
func (db *DB) Finalise(id string) (DraftInfo, error) {
	// Refuse new typing before flushing, so nothing can slip in between the
	// flush and the status change.
	db.blockSavers(id, errFinal(id))
	defer db.refreshSavers(id)
	if err := db.flushSavers(id); err != nil {
		return DraftInfo{}, err
	}
	rec, err := db.setStatus(id, StatusFinal, "")
	return rec.public(), err
}

// Unlock makes a finalised draft editable again. The reason is required
// and is kept in the history with who unlocked it and when.
func (db *DB) Unlock(id, reason string) (DraftInfo, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return DraftInfo{}, invalid("请填写解除定稿的原因。")
	}
	rec, err := db.setStatus(id, StatusDraft, reason)
	db.refreshSavers(id)
	return rec.public(), err
}

func (db *DB) setStatus(id string, to Status, reason string) (infoRecord, error) {
	var rec infoRecord
	err := db.update("set status of "+id, func(tx *bbolt.Tx) error {
		var (
			b   *bbolt.Bucket
			err error
		)
		if b, rec, err = db.draft(tx, bucketDrafts, id); err != nil {
			return err
		}
		if rec.Status == to {
			return nil
		}
		if to == StatusFinal {
			// 定稿 vouches for the figures: not for ones that cannot be read.
			r, err := db.readReport(b)
			if err != nil {
				return db.damaged(b, id, &rec, err)
			}
			// Nor for figures that do not add up: the store holds this
			// rule, not only the menu that offers 定稿.
			if err := model.CanFinalise(r); err != nil {
				return invalid(err.Error())
			}
		}
		now := db.now()
		rev := Revision{Time: now, Author: db.opts.Author, Kind: KindFinal}
		rec.Status = to
		if to == StatusFinal {
			rec.FinalAt, rec.FinalBy = now, db.opts.Author
		} else {
			rev.Kind, rev.Reason = KindUnlock, reason
			rec.FinalAt, rec.FinalBy = time.Time{}, ""
		}
		rec.Updated = now
		if err := db.appendHistory(b, &rec, nil, []Revision{rev}, false); err != nil {
			return err
		}
		return writeInfo(b, &rec)
	})
	return rec, err
}
