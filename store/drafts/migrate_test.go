package drafts

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// The schema-1 fixture is frozen: it is rewritten only by its own flag,
// never by a general -update.
var writeV1Fixture = flag.Bool("write-v1-fixture", false, "rewrite the frozen testdata/drafts-v1.db")

const v1Fixture = "testdata/drafts-v1.db"

// writeV1 writes a drafts file in the schema 1 layout, as the prototype
// did: meta/{magic, schema "1"} and drafts/<unit>\x00<year> = report JSON.
// It is frozen: it must keep writing what schema 1 was.
func writeV1(path string, reports []*model.Report) error {
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		return err
	}
	err = bdb.Update(func(tx *bbolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte("meta"))
		if err != nil {
			return err
		}
		if err := meta.Put([]byte("magic"), []byte("nianbao-drafts")); err != nil {
			return err
		}
		if err := meta.Put([]byte("schema"), []byte("1")); err != nil {
			return err
		}
		drafts, err := tx.CreateBucketIfNotExists([]byte("drafts"))
		if err != nil {
			return err
		}
		for _, r := range reports {
			data, err := json.Marshal(r)
			if err != nil {
				return err
			}
			if err := drafts.Put([]byte(r.Meta.Unit+"\x00"+strconv.Itoa(r.Meta.Year)), data); err != nil {
				return err
			}
		}
		return nil
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	return err
}

// v1Reports is the content of the schema 1 fixture.
func v1Reports() []*model.Report {
	a := model.NewReport(model.TemplateForYear(2021))
	a.Meta = model.Meta{Unit: "衢州市人民政府办公室", Year: 2021, Scope: model.ScopeRegion, Date: "2022-01-28", Publisher: "市政府办公室"}
	_ = a.Set("t3.new_received.natural", "842")
	_ = a.Set("t3.carry_forward.natural", "12")
	_ = a.Set("t3.carry_forward.commercial", "3")
	_ = a.Set("t3.new_received.legal", "十二") // kept as typed
	a.Narrative["overview"] = "2021年，本机关坚持以习近平新时代中国特色社会主义思想为指导。"
	a.Notes["T3-R1.natural"] = "含跨年度办理的申请"

	b := model.NewReport(model.TemplateForYear(2020))
	b.Meta = model.Meta{Unit: "某县教育局", Year: 2020, Scope: model.ScopeAgency}
	_ = b.Set("t3.new_received.natural", "5")
	return []*model.Report{a, b}
}

// TestMigrateFixture opens the stored schema 1 file (a copy of it) and
// finds every draft migrated, with a history, and a backup of the old file.
func TestMigrateFixture(t *testing.T) {
	if *writeV1Fixture {
		_ = os.Remove(v1Fixture)
		if err := writeV1(v1Fixture, v1Reports()); err != nil {
			t.Fatal(err)
		}
	}
	orig := readFile(t, v1Fixture)
	dir := t.TempDir()
	path := filepath.Join(dir, "drafts.db")
	if err := os.WriteFile(path, orig, 0o600); err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, path)
	if !bytes.Equal(orig, readFile(t, v1Fixture)) {
		t.Error("the fixture changed")
	}
}

// TestMigrateWrittenNow migrates what writeV1 writes today, in case the
// fixture and the writer ever disagree.
func TestMigrateWrittenNow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drafts.db")
	if err := writeV1(path, v1Reports()); err != nil {
		t.Fatal(err)
	}
	checkMigrated(t, path)
}

func checkMigrated(t *testing.T, path string) {
	t.Helper()
	clk := newClock()
	db, err := Open(path, Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.List()
	if err != nil {
		t.Fatal(err)
	}
	want := v1Reports()
	if len(list) != len(want) {
		t.Fatalf("%d drafts after migration, want %d", len(list), len(want))
	}
	for _, w := range want {
		var found bool
		for _, info := range list {
			if info.Unit != w.Meta.Unit {
				continue
			}
			found = true
			r := mustLoad(t, db, info.ID)
			if !r.Equal(w) {
				t.Errorf("%s: content changed by the migration", info.Title())
			}
			if info.Year != w.Meta.Year || info.Template != w.Template().ID || info.Status != StatusDraft || info.Rev != 0 {
				t.Errorf("%s: info %+v", info.Title(), info)
			}
			if !info.Created.Equal(clk.Now()) {
				t.Errorf("%s: created %v", info.Title(), info.Created)
			}
			if s, err := db.StateAt(info.ID, 0); err != nil || !s.Equal(w) {
				t.Errorf("%s: state at revision 0: %v", info.Title(), err)
			}
			// The migrated draft works like any other.
			as, err := db.Autosave(info.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := as.Set("t3.new_received.natural", "7"); err != nil {
				t.Fatal(err)
			}
			if err := as.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if !found {
			t.Errorf("%s missing after migration", w.Meta.Unit)
		}
	}
	if _, err := db.Create(DraftKey{Unit: "衢州市人民政府办公室", Year: 2021}); model.ErrorCodeOf(err) != model.CodeExists {
		t.Errorf("a migrated key is not taken: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// The old file was kept before the migration.
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "drafts-schema1-*.db"))
	if len(backups) != 1 {
		t.Errorf("backups before migration: %v", backups)
	} else if v := rawSchema(t, backups[0]); v != "1" {
		t.Errorf("the backup has schema %s", v)
	}
	if v := rawSchema(t, path); v != strconv.Itoa(schemaVersion) {
		t.Errorf("schema %s after migration", v)
	}
	// A second open has nothing to migrate.
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := db.List(); len(list) != len(want) {
		t.Errorf("%d drafts after reopening", len(list))
	}
	_ = db.Close()
}

func rawSchema(t *testing.T, path string) string {
	t.Helper()
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	var v string
	_ = bdb.View(func(tx *bbolt.Tx) error {
		v = string(tx.Bucket(bucketMeta).Get(keySchema))
		return nil
	})
	return v
}

func TestMigrationsCoverEverySchema(t *testing.T) {
	if len(migrations) != schemaVersion-1 {
		t.Errorf("%d migrations for schema %d", len(migrations), schemaVersion)
	}
	if !strings.HasPrefix(magic, "nianbao") {
		t.Errorf("magic %q", magic)
	}
}
