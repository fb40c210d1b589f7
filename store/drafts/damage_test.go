package drafts

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// damageValue changes one byte inside a stored value, in the file, as a
// failing disk would: the byte at the first occurrence of find in the
// value (the middle of the value if find is nil) becomes to. The value's
// place in the file is taken from bbolt's memory map, so it is the live
// value that changes, not a stale copy in a freed page. A value in a small
// (inline) bucket may be handed out as a copy instead; then every place
// in the file holding the whole sealed value changes (its checksum covers
// its key, so no other record holds the same bytes).
func damageValue(t *testing.T, path string, keys []string, find []byte, to byte) {
	t.Helper()
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var (
		offs  []int64
		value []byte
		at    int
	)
	_ = bdb.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket([]byte(keys[0]))
		for _, k := range keys[1 : len(keys)-1] {
			if b = b.Bucket([]byte(k)); b == nil {
				return nil
			}
		}
		last := []byte(keys[len(keys)-1])
		if len(last) == 1 && last[0] < 10 { // a history number
			last = seqKey(uint64(last[0]))
		}
		v := b.Get(last)
		if len(v) <= sealHeader {
			return nil
		}
		at = sealHeader + (len(v)-sealHeader)/2
		if find != nil {
			if at = bytes.Index(v, find); at < 0 {
				return nil
			}
		}
		value = bytes.Clone(v)
		start, size := bdb.Info().Data, uintptr(tx.Size())
		if p := uintptr(unsafe.Pointer(&v[0])); p >= start && p < start+size {
			offs = append(offs, int64(p-start)+int64(at))
		}
		return nil
	})
	_ = bdb.Close()
	if value == nil {
		t.Fatalf("value %q (%q) not found", keys, find)
	}
	data := readFile(t, path)
	if offs == nil {
		for i := 0; ; {
			j := bytes.Index(data[i:], value)
			if j < 0 {
				break
			}
			offs = append(offs, int64(i+j+at))
			i += j + 1
		}
	}
	if len(offs) == 0 {
		t.Fatalf("value %q not found in the file", keys)
	}
	was := value[at]
	if was == to {
		to ^= 0x01
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, off := range offs {
		if data[off] != was {
			t.Fatalf("byte %d of the file is %q, the value has %q", off, data[off], was)
		}
		if _, err := f.WriteAt([]byte{to}, off); err != nil {
			t.Fatal(err)
		}
	}
}

// damageFixture is a file with three live drafts and one deleted, and
// their IDs: 甲局 and 乙局 2024, 丙局 2023, 丁局 in the recycle bucket. 乙局
// has the figure 842 typed (its only 842), three history entries and the
// snapshot at 0.
func damageFixture(t *testing.T) (path string, ids map[string]string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "drafts.db")
	db, err := Open(path, Options{Backups: -1, MergeWindow: -1})
	if err != nil {
		t.Fatal(err)
	}
	ids = map[string]string{}
	for _, u := range []struct {
		unit string
		year int
	}{{"甲局", 2024}, {"乙局", 2024}, {"丙局", 2023}, {"丁局", 2024}} {
		ids[u.unit] = mustCreate(t, db, u.unit, u.year).ID
	}
	as, _ := db.Autosave(ids["乙局"], nil)
	_ = as.Set("t3.new_received.natural", "842")
	_ = as.Flush()
	_ = as.Set("t3.new_received.legal", "5")
	_ = as.Flush()
	_ = as.SetNarrative("overview", "乙局的总体情况")
	if err := as.Close(); err != nil {
		t.Fatal(err)
	}
	as, _ = db.Autosave(ids["甲局"], nil)
	_ = as.Set("t3.new_received.natural", "7")
	_ = as.Close()
	if err := db.Delete(ids["丁局"]); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path, ids
}

// logBuffer is a Logger whose output the test reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// A byte flipped inside one stored record is found and reported by the
// draft's name; the file opens and every other draft works.
func TestDamagedRecord(t *testing.T) {
	tests := []struct {
		name  string
		keys  []string // where, under drafts/ or trash/; "乙局" stands for its ID
		find  []byte   // the first byte of this in the value changes to to:
		to    byte     // a change the JSON still reads, so only the checksum can tell
		check func(t *testing.T, db *DB, ids map[string]string)
	}{
		{"a figure in the report", []string{"drafts", "乙局", "report"}, []byte("842"), '9', func(t *testing.T, db *DB, ids map[string]string) {
			id := ids["乙局"]
			info := listed(t, db, id)
			wantCode(t, info.Damaged, model.CodeDamaged)
			if info.Unit != "乙局" || info.Year != 2024 {
				t.Errorf("listed as %+v", info)
			}
			_, _, err := db.Load(id)
			wantDamaged(t, err, "乙局 2024年度")
			if got, err := db.Info(id); err != nil || got.Damaged == nil {
				t.Errorf("Info: %+v, %v", got, err)
			}
			// Nothing built on the damaged figures.
			wantCode(t, second(db.Finalise(id)), model.CodeDamaged)
			wantCode(t, second(db.Duplicate(id, DraftKey{Unit: "乙局副本", Year: 2024})), model.CodeDamaged)
			wantCode(t, second(db.RollForward(id)), model.CodeDamaged)
			as, err := db.Autosave(id, nil)
			if err != nil {
				t.Fatal(err)
			}
			_ = as.Set("t3.new_received.legal", "6")
			wantCode(t, as.Flush(), model.CodeDamaged)
			if as.Pending() != 0 {
				t.Errorf("%d edits still queued: a damaged draft is not retried", as.Pending())
			}
			_ = as.Close()
			// Its history is another record, intact.
			if revs, err := db.History(id); err != nil || len(revs) != 3 {
				t.Errorf("History: %d, %v", len(revs), err)
			}
			// Without the checksum the changed digit would pass for a figure:
			// this is the damage the seal is there to catch.
			var raw []byte
			_ = db.bolt.View(func(tx *bbolt.Tx) error {
				raw = bytes.Clone(tx.Bucket(bucketDrafts).Bucket([]byte(id)).Get(keyReport))
				return nil
			})
			if r, err := model.UnmarshalReport(raw[sealHeader:]); err != nil {
				t.Errorf("unchecked read: %v", err)
			} else if got := r.Text("t3.new_received.natural"); got != "942" {
				t.Errorf("the damaged figure reads %q unchecked; the test flipped the wrong byte", got)
			}
			// Importing it again (Replace) repairs the draft.
			good, err := db.StateAt(id, 3)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.Replace(id, good); err != nil {
				t.Fatal(err)
			}
			if r := mustLoad(t, db, id); r.Text("t3.new_received.natural") != "842" {
				t.Errorf("after Replace: %q", r.Text("t3.new_received.natural"))
			}
		}},
		{"the info record", []string{"drafts", "乙局", "info"}, []byte(`2024,"template"`), '3', func(t *testing.T, db *DB, ids map[string]string) {
			id := ids["乙局"]
			info := listed(t, db, id)
			wantCode(t, info.Damaged, model.CodeDamaged)
			if info.Unit != "乙局" || info.Year != 2024 { // from the report
				t.Errorf("listed as %+v", info)
			}
			_, _, err := db.Load(id)
			wantDamaged(t, err, "乙局 2024年度")
			wantCode(t, second(db.Info(id)), model.CodeDamaged)
			// A damaged draft keeps no key: a good copy can be imported.
			if _, err := db.Create(DraftKey{Unit: "乙局", Year: 2024}); err != nil {
				t.Errorf("Create beside the damaged draft: %v", err)
			}
		}},
		{"a history entry", []string{"drafts", "乙局", "log", "\x02"}, []byte(`5"}`), '6', func(t *testing.T, db *DB, ids map[string]string) {
			id := ids["乙局"]
			if info := listed(t, db, id); info.Damaged != nil {
				t.Errorf("the content is intact, yet listed damaged: %v", info.Damaged)
			}
			if r := mustLoad(t, db, id); r.Text("t3.new_received.natural") != "842" {
				t.Error("content")
			}
			_, err := db.History(id)
			wantDamaged(t, err, "乙局 2024年度")
			if !strings.Contains(model.ErrorMessage(err), "修改记录已损坏") {
				t.Errorf("message %q", model.ErrorMessage(err))
			}
			wantCode(t, second(db.StateAt(id, 3)), model.CodeDamaged)
			if _, err := db.StateAt(id, 1); err != nil {
				t.Errorf("a state before the damaged entry: %v", err)
			}
			// Typing goes on.
			as, _ := db.Autosave(id, nil)
			_ = as.Set("t3.new_received.legal", "6")
			if err := as.Close(); err != nil {
				t.Errorf("editing a draft with a damaged history entry: %v", err)
			}
		}},
		{"a snapshot", []string{"drafts", "乙局", "snap", "\x00"}, []byte(`乙局`), 0xb0, func(t *testing.T, db *DB, ids map[string]string) {
			id := ids["乙局"]
			mustLoad(t, db, id)
			if revs, err := db.History(id); err != nil || len(revs) != 3 {
				t.Errorf("History: %d, %v", len(revs), err)
			}
			wantCode(t, second(db.StateAt(id, 0)), model.CodeDamaged)
			wantCode(t, second(db.RestoreRevision(id, 1)), model.CodeDamaged)
		}},
		{"a deleted draft", []string{"trash", "丁局", "info"}, []byte(`2024,"template"`), '1', func(t *testing.T, db *DB, ids map[string]string) {
			id := ids["丁局"]
			trash, err := db.Trash()
			if err != nil || len(trash) != 1 || trash[0].ID != id {
				t.Fatalf("Trash: %+v, %v", trash, err)
			}
			wantCode(t, trash[0].Damaged, model.CodeDamaged)
			wantCode(t, second(db.Restore(id)), model.CodeDamaged)
			if err := db.Purge(id); err != nil {
				t.Errorf("purging a damaged draft: %v", err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, ids := damageFixture(t)
			keys := append([]string(nil), tt.keys...)
			keys[1] = ids[keys[1]]
			damageValue(t, path, keys, tt.find, tt.to)

			var log logBuffer
			db, err := Open(path, Options{Log: log.logger(), Backups: -1})
			if err != nil {
				t.Fatalf("one damaged record made Open fail: %v", err)
			}
			defer db.Close()
			where := strings.Join(keys[:3], "/")
			if !strings.Contains(log.String(), "damaged record") || !strings.Contains(log.String(), where) {
				t.Errorf("log does not name %s:\n%s", where, log.String())
			}
			// Every other draft is listed and loads.
			list, err := db.List()
			if err != nil || len(list) != 3 {
				t.Fatalf("List: %d drafts, %v", len(list), err)
			}
			for _, unit := range []string{"甲局", "丙局"} {
				info := listed(t, db, ids[unit])
				if info.Damaged != nil || info.Unit != unit {
					t.Errorf("%s: %+v", unit, info)
				}
				mustLoad(t, db, ids[unit])
			}
			if r := mustLoad(t, db, ids["甲局"]); r.Text("t3.new_received.natural") != "7" {
				t.Error("甲局's content")
			}
			tt.check(t, db, ids)
		})
	}
}

func listed(t *testing.T, db *DB, id string) DraftInfo {
	t.Helper()
	list, err := db.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, info := range list {
		if info.ID == id {
			return info
		}
	}
	t.Fatalf("%s not listed", id)
	return DraftInfo{}
}

func wantDamaged(t *testing.T, err error, name string) {
	t.Helper()
	wantCode(t, err, model.CodeDamaged)
	if msg := model.ErrorMessage(err); !strings.Contains(msg, "“"+name+"”") || !strings.Contains(msg, "备份") {
		t.Errorf("message %q does not name %s or the backups", msg, name)
	}
}

// Every single flipped bit in a sealed value is caught, and so is a value
// moved to another key or left unsealed.
func TestSeal(t *testing.T) {
	payload := []byte(`{"v":1,"id":"d000001","unit":"某某局","year":2024,"template":"2021","status":"draft","rev":12}`)
	key := []byte("info")
	v := seal(key, payload)
	if got, err := unseal(key, v); err != nil || !bytes.Equal(got, payload) {
		t.Fatalf("round trip: %q, %v", got, err)
	}
	for i := range v {
		for bit := range 8 {
			w := bytes.Clone(v)
			w[i] ^= 1 << bit
			if _, err := unseal(key, w); err == nil {
				t.Fatalf("byte %d bit %d flipped: not caught", i, bit)
			}
		}
	}
	if _, err := unseal([]byte("report"), v); err == nil {
		t.Error("a value under another key: not caught")
	}
	if _, err := unseal(key, payload); err == nil {
		t.Error("a plain value: not caught")
	}
	if _, err := unseal(key, v[:len(v)-1]); err == nil {
		t.Error("a truncated value: not caught")
	}
}
