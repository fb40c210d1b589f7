package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"nianbao/model"
)

// A --db that does not exist is refused (exit 2, nothing created) unless
// --new is given.
func TestDBMustExist(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "drafs.db") // the typo
	out := filepath.Join(dir, "年报.xlsx")
	page := filepath.Join(dir, "年报.html")
	for _, args := range [][]string{
		{"import", "--db", db, seedJSON},
		{"export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", out},
		{"publish", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", page},
	} {
		code, _, errOut := run(t, args...)
		if code != 2 || !strings.Contains(errOut, "数据文件 "+db+" 不存在") || !strings.Contains(errOut, "请加上 --new") {
			t.Errorf("%s: exit %d, %q", args[0], code, errOut)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("%s created %v", args[0], entries)
		}
	}
	if code, _, errOut := run(t, "import", "--db", db, "--new", seedJSON); code != 0 {
		t.Fatalf("import --new: %d %s", code, errOut)
	}
	if code, _, errOut := run(t, "export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", out); code != 0 {
		t.Fatalf("export from the new file: %d %s", code, errOut)
	}
}

// Without --db the default file is created on first use, silently.
func TestDefaultDBCreated(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("the default path is set through XDG_DATA_HOME here")
	}
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	if code, _, errOut := run(t, "import", seedJSON); code != 0 || errOut != "" {
		t.Fatalf("import: %d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, "nianbao", "drafts.db")); err != nil {
		t.Fatal(err)
	}
}

// twoDrafts imports the seed and a copy under another unit into a new
// database.
func twoDrafts(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "drafts.db")
	other := writeReport(t, func(r *model.Report) { r.Meta.Unit = "另一单位" })
	if code, _, errOut := run(t, "import", "--new", "--db", db, seedJSON, other); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	return db
}

// A read-only database (0444, as a copy from a CD; the mode is what counts,
// so this holds for root) exports and publishes; import says why not; the
// file is not touched.
func TestReadOnlyDB(t *testing.T) {
	db := twoDrafts(t)
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	dir := t.TempDir()
	book, page := filepath.Join(dir, "年报.xlsx"), filepath.Join(dir, "年报.html")
	if code, out, errOut := run(t, "export", "--db", db, "--unit", "另一单位", "--year", "2022", "-o", book); code != 0 || !strings.HasPrefix(out, "已导出") {
		t.Errorf("export: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run(t, "publish", "--db", db, "--unit", "另一单位", "--year", "2022", "-o", page); code != 0 || !strings.HasPrefix(out, "已生成") {
		t.Errorf("publish: %d %q %q", code, out, errOut)
	}
	other := writeReport(t, func(r *model.Report) { r.Meta.Unit = "第三单位" })
	if code, _, errOut := run(t, "import", "--db", db, other); code != 2 || !strings.Contains(errOut, "只读") {
		t.Errorf("import into a read-only file: %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the read-only file changed")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(db), "backups")); !os.IsNotExist(err) {
		t.Error("a backup was attempted")
	}
}

// A byte changed inside one stored report: that report is refused by
// name (export and publish, exit 2, no file written); the other exports.
func TestDamagedDraft(t *testing.T) {
	db := twoDrafts(t)
	damageReport(t, db, "衢州市人民政府办公室", []byte("835"), '9')
	dir := t.TempDir()
	book, page := filepath.Join(dir, "年报.xlsx"), filepath.Join(dir, "年报.html")
	for _, args := range [][]string{
		{"export", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", book},
		{"publish", "--db", db, "--unit", "衢州市人民政府办公室", "--year", "2022", "-o", page},
	} {
		code, _, errOut := run(t, args...)
		if code != 2 || !strings.Contains(errOut, "报告“衢州市人民政府办公室 2022年度”的数据已损坏") || !strings.Contains(errOut, "备份") {
			t.Errorf("%s: exit %d, %q", args[0], code, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("written from a damaged draft: %v", entries)
	}
	if code, _, errOut := run(t, "export", "--db", db, "--unit", "另一单位", "--year", "2022", "-o", book); code != 0 {
		t.Errorf("the intact draft: %d %q", code, errOut)
	}
}

// damageReport changes, in the file, the first byte of find inside the
// stored report of unit, wherever the file holds that value (stale copies
// in freed pages included, so the live one surely changes).
func damageReport(t *testing.T, path, unit string, find []byte, to byte) {
	t.Helper()
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var value []byte
	_ = bdb.View(func(tx *bbolt.Tx) error {
		drafts := tx.Bucket([]byte("drafts"))
		return drafts.ForEachBucket(func(k []byte) error {
			b := drafts.Bucket(k)
			if bytes.Contains(b.Get([]byte("info")), []byte(`"unit":"`+unit+`"`)) {
				value = bytes.Clone(b.Get([]byte("report")))
			}
			return nil
		})
	})
	_ = bdb.Close()
	at := bytes.Index(value, find)
	if value == nil || at < 0 {
		t.Fatalf("no report of %s holding %q", unit, find)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; ; {
		j := bytes.Index(data[i:], value)
		if j < 0 {
			break
		}
		data[i+j+at] = to
		i += j + 1
		n++
	}
	if n == 0 {
		t.Fatal("the value is not in the file")
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// An empty (0 byte) database is damaged, not new: refused and kept.
func TestEmptyDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "drafts.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "import", "--db", db, "--new", seedJSON)
	if code != 2 || !strings.Contains(errOut, "是空的（0 字节）") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if fi, err := os.Stat(db); err != nil || fi.Size() != 0 {
		t.Error("the empty file was changed")
	}
}

// export -o onto a file marked read-only: refused, the file kept.
func TestExportKeepsReadOnlyTarget(t *testing.T) {
	db := twoDrafts(t)
	book := filepath.Join(t.TempDir(), "年报.xlsx")
	if err := os.WriteFile(book, []byte("定稿"), 0o444); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "export", "--db", db, "--unit", "另一单位", "--year", "2022", "-o", book)
	if code != 2 || !strings.Contains(errOut, "是只读的，没有覆盖") {
		t.Errorf("exit %d, %q", code, errOut)
	}
	if data, _ := os.ReadFile(book); string(data) != "定稿" {
		t.Error("the read-only file was replaced")
	}
}
