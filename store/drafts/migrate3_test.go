package drafts

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// v2Fixture was written by the schema 2 store itself (commit 4de136b):
// drafts with pruned history, snapshots, 定稿 and unlocking, a draft
// carried over from another, one in the recycle bucket. See
// testdata/README.md. It is frozen.
const v2Fixture = "testdata/drafts-v2.db"

// v2Content is what the schema 2 fixture holds, read straight from its
// plain JSON values with bbolt, not through the store.
type v2Content struct {
	live, trash []string
	infos       map[string]infoRecord
	reports     map[string]*model.Report
	logs        map[string][]Revision
	values      int // every value under drafts/ and trash/
}

func rawV2(t *testing.T, path string) v2Content {
	t.Helper()
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	c := v2Content{infos: map[string]infoRecord{}, reports: map[string]*model.Report{}, logs: map[string][]Revision{}}
	err = bdb.View(func(tx *bbolt.Tx) error {
		for _, parent := range []string{"drafts", "trash"} {
			p := tx.Bucket([]byte(parent))
			err := p.ForEachBucket(func(k []byte) error {
				id := string(k)
				b := p.Bucket(k)
				if parent == "drafts" {
					c.live = append(c.live, id)
				} else {
					c.trash = append(c.trash, id)
				}
				var rec infoRecord
				if err := json.Unmarshal(b.Get(keyInfo), &rec); err != nil {
					return err
				}
				c.infos[id] = rec
				r, err := model.UnmarshalReport(bytes.Clone(b.Get(keyReport)))
				if err != nil {
					return err
				}
				c.reports[id] = r
				c.values += 2
				_ = b.Bucket(bucketSnap).ForEach(func(_, _ []byte) error { c.values++; return nil })
				return b.Bucket(bucketLog).ForEach(func(k, v []byte) error {
					c.values++
					var rr revRecord
					if err := json.Unmarshal(v, &rr); err != nil {
						return err
					}
					rr.Seq = keySeq(k)
					c.logs[id] = append(c.logs[id], rr.Revision)
					return nil
				})
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMigrateV2Fixture opens (a copy of) the schema 2 fixture: the old file
// is backed up, every value is sealed, and every draft, history entry and
// past state reads as before.
func TestMigrateV2Fixture(t *testing.T) {
	orig := readFile(t, v2Fixture)
	want := rawV2(t, v2Fixture)
	if len(want.live) != 3 || len(want.trash) != 1 || want.infos["d000001"].Base == 0 {
		t.Fatalf("fixture: live %v, trash %v, %+v", want.live, want.trash, want.infos["d000001"])
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "drafts.db")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	// The same file read as it is (read-only, plain values), to compare
	// past states with.
	plainPath := filepath.Join(t.TempDir(), "plain.db")
	if err := os.WriteFile(plainPath, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	plain, err := Open(plainPath, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()

	clk := newClock()
	db, err := Open(path, Options{Now: clk.Now, Author: "李四"})
	if err != nil {
		t.Fatal(err)
	}
	// The copy before migration holds what the file held (a consistent
	// copy by bbolt, not byte for byte).
	backup := filepath.Join(dir, "backups", "drafts-schema2-20250110-090000.db")
	if v := rawSchema(t, backup); v != "2" {
		t.Errorf("backup before migration: schema %q", v)
	}
	if got := rawV2(t, backup); got.values != want.values || len(got.live) != len(want.live) || !got.reports["d000001"].Equal(want.reports["d000001"]) {
		t.Error("the backup before migration is not the file as it was")
	}

	list, err := db.List()
	if err != nil || len(list) != len(want.live) {
		t.Fatalf("List: %d, %v", len(list), err)
	}
	for _, info := range list {
		w := want.infos[info.ID]
		if info.Damaged != nil || info.Unit != w.Unit || info.Year != w.Year || info.Template != w.Template ||
			info.Status != w.Status || info.Rev != w.Rev || info.Oldest != w.Base || info.From != w.From ||
			!info.Created.Equal(w.Created) || !info.Updated.Equal(w.Updated) || !info.FinalisedAt.Equal(w.FinalAt) {
			t.Errorf("%s: info %+v, want %+v", info.ID, info, w)
		}
		if r := mustLoad(t, db, info.ID); !r.Equal(want.reports[info.ID]) {
			t.Errorf("%s: content changed", info.ID)
		}
		revs, err := db.History(info.ID)
		if err != nil || len(revs) != len(want.logs[info.ID]) {
			t.Fatalf("%s: history %d entries, %v", info.ID, len(revs), err)
		}
		for i, rev := range revs {
			w := want.logs[info.ID][i]
			if rev.Seq != w.Seq || !rev.Time.Equal(w.Time) || rev.Author != w.Author || rev.Kind != w.Kind ||
				rev.Key != w.Key || rev.Old != w.Old || rev.New != w.New || rev.Reason != w.Reason {
				t.Errorf("%s: entry %d is %+v, want %+v", info.ID, i, rev, w)
			}
		}
		for seq := info.Oldest; seq <= info.Rev; seq++ {
			got, err := db.StateAt(info.ID, seq)
			if err != nil {
				t.Fatalf("%s at %d: %v", info.ID, seq, err)
			}
			old, err := plain.StateAt(info.ID, seq)
			if err != nil {
				t.Fatalf("%s at %d, unmigrated: %v", info.ID, seq, err)
			}
			if !got.Equal(old) {
				t.Errorf("%s: state at %d differs after migration", info.ID, seq)
			}
		}
	}
	trash, err := db.Trash()
	if err != nil || len(trash) != 1 || trash[0].Unit != "已删除的单位" {
		t.Fatalf("Trash: %+v, %v", trash, err)
	}
	if _, err := db.Restore(trash[0].ID); err != nil {
		t.Fatal(err)
	}
	// The migrated draft with pruned history takes edits and prunes on.
	as, err := db.Autosave("d000001", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := as.Set("t3.new_received.natural", "12345"); err != nil {
		t.Fatal(err)
	}
	if err := as.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Every value is sealed, none is left plain.
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	sealed := 0
	_ = bdb.View(func(tx *bbolt.Tx) error {
		if bad := scanSeals(tx); len(bad) != 0 {
			t.Errorf("values not sealed: %v", bad)
		}
		for _, parent := range [][]byte{bucketDrafts, bucketTrash} {
			_ = tx.Bucket(parent).ForEachBucket(func(k []byte) error {
				b := tx.Bucket(parent).Bucket(k)
				_ = b.ForEach(func(k, v []byte) error {
					if v != nil {
						sealed++
						return nil
					}
					return b.Bucket(k).ForEach(func(_, _ []byte) error { sealed++; return nil })
				})
				return nil
			})
		}
		return nil
	})
	// One edit adds one history entry (no snapshot due: SnapshotEvery).
	if sealed != want.values+1 {
		t.Errorf("%d values after migration and one edit, the fixture had %d", sealed, want.values)
	}
	if !bytes.Equal(orig, readFile(t, v2Fixture)) {
		t.Error("the fixture changed")
	}
}
