package drafts

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// The layout of the file; doc.go describes it for people.
var (
	bucketMeta   = []byte("meta")
	bucketDrafts = []byte("drafts")
	bucketTrash  = []byte("trash")

	keyMagic   = []byte("magic")
	keySchema  = []byte("schema")
	keyCreated = []byte("created")

	keyInfo    = []byte("info")
	keyReport  = []byte("report")
	bucketLog  = []byte("log")
	bucketSnap = []byte("snap")
)

// magic marks a file as ours, so that another program's bbolt file is
// recognised as foreign rather than "migrated".
const magic = "nianbao-drafts"

// recordVersion is the "v" of info and history records. A reader accepts
// every version up to it. The seal around each record (seal.go) belongs to
// the schema, not to the record.
const recordVersion = 1

// infoRecord is the stored form of a draft's info ("info" key), kept apart
// from DraftInfo so the public type can change without changing the file.
type infoRecord struct {
	V        int       `json:"v"`
	ID       string    `json:"id"`
	Unit     string    `json:"unit"`
	Year     int       `json:"year"`
	Template string    `json:"template"`
	Status   Status    `json:"status"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	Deleted  time.Time `json:"deleted,omitzero"`
	FinalAt  time.Time `json:"final_at,omitzero"`
	FinalBy  string    `json:"final_by,omitempty"`
	From     string    `json:"from,omitempty"`
	// History bookkeeping: entries Base+1…Rev are in "log"; "snap" holds a
	// copy at Base (always) and at Snap (the latest).
	Rev  uint64 `json:"rev"`
	Base uint64 `json:"base"`
	Snap uint64 `json:"snap"`
}

func (rec *infoRecord) public() DraftInfo {
	return DraftInfo{
		ID:          rec.ID,
		DraftKey:    DraftKey{Unit: rec.Unit, Year: rec.Year, Template: rec.Template},
		Status:      rec.Status,
		Created:     rec.Created,
		Updated:     rec.Updated,
		Deleted:     rec.Deleted,
		FinalisedAt: rec.FinalAt,
		FinalisedBy: rec.FinalBy,
		From:        rec.From,
		Rev:         rec.Rev,
		Oldest:      rec.Base,
	}
}

// syncKey copies the report's identity into the record, which List shows
// without decoding every report.
func (rec *infoRecord) syncKey(r *model.Report) {
	rec.Unit = r.Meta.Unit
	rec.Year = r.Meta.Year
	rec.Template = r.Template().ID
}

// revRecord is the stored form of a history entry.
type revRecord struct {
	V int `json:"v"`
	Revision
}

// seqKey encodes a history sequence number so that keys sort numerically.
func seqKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

func keySeq(k []byte) uint64 {
	if len(k) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k)
}

func (db *DB) readInfo(b *bbolt.Bucket) (infoRecord, error) {
	var rec infoRecord
	data, err := db.value(b, keyInfo)
	switch {
	case err != nil:
		return rec, fmt.Errorf("info record: %w", err)
	case data == nil:
		return rec, fmt.Errorf("no info record")
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return rec, fmt.Errorf("info record: %w", err)
	}
	if rec.V < 1 || rec.V > recordVersion {
		return rec, fmt.Errorf("info record version %d", rec.V)
	}
	return rec, nil
}

func writeInfo(b *bbolt.Bucket, rec *infoRecord) error {
	rec.V = recordVersion
	_, err := putJSON(b, keyInfo, rec)
	return err
}

func (db *DB) readReport(b *bbolt.Bucket) (*model.Report, error) {
	data, err := db.value(b, keyReport)
	switch {
	case err != nil:
		return nil, fmt.Errorf("report: %w", err)
	case data == nil:
		return nil, fmt.Errorf("no report")
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return r, nil
}

// checkReport checks the report's seal without decoding it, which is
// what List can afford for every draft.
func (db *DB) checkReport(b *bbolt.Bucket) error {
	v := b.Get(keyReport)
	if v == nil {
		return fmt.Errorf("no report")
	}
	if _, err := db.payload(keyReport, v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

func (db *DB) decodeRevision(k, v []byte) (Revision, error) {
	p, err := db.payload(k, v)
	if err != nil {
		return Revision{}, fmt.Errorf("history entry %d: %w", keySeq(k), err)
	}
	var rr revRecord
	if err := json.Unmarshal(bytes.Clone(p), &rr); err != nil {
		return Revision{}, fmt.Errorf("history entry %d: %w", keySeq(k), err)
	}
	if rr.V < 1 || rr.V > recordVersion {
		return Revision{}, fmt.Errorf("history entry %d: version %d", keySeq(k), rr.V)
	}
	rr.Seq = keySeq(k)
	return rr.Revision, nil
}

func putRevision(log *bbolt.Bucket, rev Revision) error {
	_, err := putJSON(log, seqKey(rev.Seq), revRecord{V: recordVersion, Revision: rev})
	return err
}

// putNewDraft stores a new draft: its info, its report and the first
// snapshot (revision 0), from which the whole history replays.
func putNewDraft(parent *bbolt.Bucket, rec *infoRecord, r *model.Report) error {
	b, err := parent.CreateBucket([]byte(rec.ID))
	if err != nil {
		return fmt.Errorf("create draft %s: %w", rec.ID, err)
	}
	stored, err := putJSON(b, keyReport, r)
	if err != nil {
		return fmt.Errorf("encode draft %s: %w", rec.ID, err)
	}
	if _, err := b.CreateBucket(bucketLog); err != nil {
		return err
	}
	snap, err := b.CreateBucket(bucketSnap)
	if err != nil {
		return err
	}
	if _, err := put(snap, seqKey(0), stored[sealHeader:]); err != nil {
		return err
	}
	rec.syncKey(r)
	rec.Rev, rec.Base, rec.Snap = 0, 0, 0
	if rec.Status == "" {
		rec.Status = StatusDraft
	}
	return writeInfo(b, rec)
}

// newID allocates a draft ID. IDs are never reused, not even after a draft
// is purged, so a history or a log line naming one is never ambiguous.
func newID(tx *bbolt.Tx) (string, error) {
	n, err := tx.Bucket(bucketMeta).NextSequence()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("d%06d", n), nil
}
