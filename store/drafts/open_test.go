package drafts

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

func TestOpenCreatesFileAndDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "drafts.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	info := mustCreate(t, db, "某某局", 2024)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	db, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if got, err := db.Info(info.ID); err != nil || got.Unit != "某某局" {
		t.Errorf("after reopening: %+v, %v", got, err)
	}
	if _, err := db.List(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = db.List()
	wantCode(t, err, model.CodeClosed)
}

// A second Open of an open file, in the same process, times out with the
// friendly error: flock belongs to the open file, not the process.
func TestOpenLockedInProcess(t *testing.T) {
	db := openTest(t, Options{})
	start := time.Now()
	_, err := Open(db.Path(), Options{Timeout: 300 * time.Millisecond})
	elapsed := time.Since(start)
	wantCode(t, err, model.CodeLocked)
	if !strings.Contains(model.ErrorMessage(err), "数据文件正被另一个窗口使用") {
		t.Errorf("message %q", model.ErrorMessage(err))
	}
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
	t.Logf("second Open in process refused after %v", elapsed.Round(time.Millisecond))
}

// A second running copy of the program gets the friendly error quickly.
func TestOpenLockedByAnotherProcess(t *testing.T) {
	db := openTest(t, Options{})
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), envChild+"=lock", envPath+"="+db.Path())
	start := time.Now()
	out, err := cmd.Output()
	wall := time.Since(start)
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	fields := strings.SplitN(strings.TrimSpace(string(out)), " ", 3)
	if len(fields) != 3 {
		t.Fatalf("child said %q", out)
	}
	ms, _ := strconv.Atoi(fields[1])
	if model.ErrorCode(fields[0]) != model.CodeLocked || !strings.Contains(fields[2], "数据文件正被另一个窗口使用") {
		t.Errorf("child's Open: code %s, message %q", fields[0], fields[2])
	}
	if ms > 2000 || wall > 5*time.Second {
		t.Errorf("child's Open took %d ms (process %v)", ms, wall)
	}
	t.Logf("second process refused after %d ms (whole child process %v): %s", ms, wall.Round(time.Millisecond), fields[2])
}

// lockChild opens path with the program's default options and prints the
// error code, the milliseconds it took and the message.
func lockChild(path string) {
	start := time.Now()
	db, err := Open(path, Options{})
	if err == nil {
		_ = db.Close()
	}
	fmt.Printf("%s %d %s\n", model.ErrorCodeOf(err), time.Since(start).Milliseconds(), model.ErrorMessage(err))
}

// A damaged or foreign file is reported, named and left exactly as it was;
// a fresh file beside it works.
func TestOpenDamagedFile(t *testing.T) {
	valid := makeValidFile(t)
	rnd := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(rnd.Uint32())
	}
	scribbled := bytes.Clone(valid)
	for i := 2 * 4096; i < len(scribbled); i++ {
		scribbled[i] = byte(rnd.Uint32())
	}

	tests := []struct {
		name string
		data func(t *testing.T, path string)
		code model.ErrorCode
	}{
		{"garbage", write(garbage), model.CodeCorrupt},
		{"text", write([]byte("这不是数据库\n")), model.CodeCorrupt},
		{"zeros", write(make([]byte, 16<<10)), model.CodeCorrupt},
		{"first bytes only", write(valid[:1000]), model.CodeCorrupt},
		{"truncated", write(valid[:len(valid)/2]), model.CodeCorrupt},
		{"pages overwritten", write(scribbled), model.CodeCorrupt},
		{"another program's bbolt file", boltFile(func(tx *bbolt.Tx) error {
			b, err := tx.CreateBucket([]byte("widgets"))
			if err != nil {
				return err
			}
			return b.Put([]byte("a"), []byte("b"))
		}), model.CodeForeign},
		{"from a newer version", boltFile(func(tx *bbolt.Tx) error {
			b, err := tx.CreateBucket(bucketMeta)
			if err != nil {
				return err
			}
			if err := b.Put(keyMagic, []byte(magic)); err != nil {
				return err
			}
			return b.Put(keySchema, []byte("99"))
		}), model.CodeTooNew},
		{"schema 1 with an unreadable draft", func(t *testing.T, path string) {
			if err := writeV1(path, v1Reports()); err != nil {
				t.Fatal(err)
			}
			boltFile(func(tx *bbolt.Tx) error {
				return tx.Bucket(bucketDrafts).Put([]byte("坏的\x002024"), []byte("{not json"))
			})(t, path)
		}, model.CodeCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "drafts.db")
			tt.data(t, path)
			before := readFile(t, path)

			_, err := Open(path, Options{Timeout: 200 * time.Millisecond})
			wantCode(t, err, tt.code)
			var se *model.Failure
			if !errors.As(err, &se) || se.Path != path || !strings.Contains(se.Msg, path) {
				t.Errorf("error does not name the file: %#v", err)
			}
			t.Logf("%s\n    cause: %v", model.ErrorMessage(err), errors.Unwrap(err))
			if after := readFile(t, path); !bytes.Equal(before, after) {
				t.Errorf("the file was changed (%d bytes → %d)", len(before), len(after))
			}

			fresh := FreshPath(path)
			if filepath.Dir(fresh) != dir || fresh == path {
				t.Fatalf("FreshPath = %s", fresh)
			}
			db, err := Open(fresh, Options{})
			if err != nil {
				t.Fatalf("fresh file: %v", err)
			}
			mustCreate(t, db, "某某局", 2024)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func write(data []byte) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// boltFile creates or changes a bbolt file directly.
func boltFile(fn func(tx *bbolt.Tx) error) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		if err := bdb.Update(fn); err != nil {
			t.Fatal(err)
		}
		if err := bdb.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// makeValidFile returns the bytes of a drafts file with a few drafts in it,
// many pages long.
func makeValidFile(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "valid.db")
	db, err := Open(path, Options{Backups: -1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		info := mustCreate(t, db, fmt.Sprintf("单位%d", i), 2024)
		r := mustLoad(t, db, info.ID)
		r.Narrative["overview"] = strings.Repeat("本机关认真贯彻落实政府信息公开条例。", 200)
		fill(r)
		if _, err := db.Replace(info.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	data := readFile(t, path)
	if len(data) < 10*4096 {
		t.Fatalf("valid file is only %d bytes", len(data))
	}
	return data
}

// fill types a number into every typed cell of r.
func fill(r *model.Report) {
	for i, c := range r.Template().Cells() {
		if !c.Derived {
			_ = r.Set(c.ID, strconv.Itoa(i%50))
		}
	}
}
