package main

import (
	"bytes"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"go.etcd.io/bbolt"

	"nianbao/model"
	"nianbao/store/drafts"
)

// testGUI is main's start-up on a headless app, with the default data
// file at def.
func testGUI(t *testing.T, def string) *gui {
	t.Helper()
	fa := test.NewTempApp(t)
	g := &gui{fa: fa, prefs: fa.Preferences(), log: slog.New(slog.NewTextHandler(io.Discard, nil)), defaultPath: def}
	t.Cleanup(func() {
		if g.db != nil {
			if g.app != nil {
				g.app.Quit()
			}
			_ = g.db.Close()
		}
	})
	return g
}

func windowTitles(fa fyne.App) []string {
	var out []string
	for _, w := range fa.Driver().AllWindows() {
		out = append(out, w.Title())
	}
	return out
}

// A data file the clerk named that does not exist is asked about, not
// created: 新建 creates it and opens the main window; 退出 creates nothing.
func TestMissingDatabaseAsks(t *testing.T) {
	dir := t.TempDir()
	typo := filepath.Join(dir, "drafs.db")
	g := testGUI(t, filepath.Join(dir, "default", "drafts.db"))
	g.start(typo, false)
	if g.missing == nil || g.db != nil {
		t.Fatalf("not asked: %v", windowTitles(g.fa))
	}
	if _, err := os.Stat(typo); !os.IsNotExist(err) {
		t.Fatal("the file was created before the clerk chose")
	}
	if g.code != 1 {
		t.Errorf("exit code %d while nothing is open", g.code)
	}
	test.Tap(g.missing.Create)
	if g.db == nil || g.app == nil || g.code != 0 {
		t.Fatalf("新建 did not open the new file: %v", windowTitles(g.fa))
	}
	if _, err := os.Stat(typo); err != nil {
		t.Errorf("新建: %v", err)
	}
	for _, title := range windowTitles(g.fa) {
		if strings.Contains(title, "找不到数据文件") {
			t.Errorf("the question stays open: %v", windowTitles(g.fa))
		}
	}

	other := filepath.Join(dir, "other.db")
	h := testGUI(t, filepath.Join(dir, "default", "drafts.db"))
	h.start(other, false)
	test.Tap(h.missing.Quit)
	if h.db != nil || h.code != 1 {
		t.Errorf("退出: db %v, code %d", h.db, h.code)
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Error("退出 created the file")
	}
}

// The default data file is created on first run without a question.
func TestDefaultDatabaseCreated(t *testing.T) {
	def := filepath.Join(t.TempDir(), "nianbao", "drafts.db")
	g := testGUI(t, def)
	g.start(def, false)
	if g.missing != nil || g.db == nil || g.code != 0 {
		t.Fatalf("first run: asked %v, db %v", g.missing != nil, g.db)
	}
}

// A read-only data file opens with the banner and an editor that takes no
// typing; the file is left as it was.
func TestReadOnlyDatabaseGUI(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "drafts.db")
	db, err := drafts.Open(path, drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	info, err := draftStore{db}.Create("某某县人民政府办公室", 2025, "")
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	g := testGUI(t, filepath.Join(dir, "default.db"))
	g.start(path, false)
	if g.app == nil {
		t.Fatalf("not opened: %v", windowTitles(g.fa))
	}
	a := g.app
	if !strings.Contains(a.Banner(), "只读：数据文件 "+path+" 不能写入，只能查看、检查、导出和发布") {
		t.Errorf("banner %q", a.Banner())
	}
	if err := a.OpenDraft(info.ID); err != nil {
		t.Fatal(err)
	}
	if !a.Ed.ReadOnly() {
		t.Error("the editor takes typing")
	}
	a.Ed.TypeCell("t3.new_received.natural", "12")
	test.Type(a.Ed.Narrative["overview"], "x")
	if got := a.Ed.Shown("t3.new_received.natural"); got != "" {
		t.Errorf("typed into a read-only draft: %q", got)
	}
	if got := a.Ed.Narrative["overview"].Text; got != "" {
		t.Errorf("typed into a read-only draft's text: %q", got)
	}
	a.Quit()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the read-only file changed")
	}
}

// A daily backup that fails is shown in the banner, at start and later.
func TestBackupFailureShown(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "drafts.db")
	db, err := drafts.Open(path, drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	// A file where the backups folder should go: no backup can be made,
	// root or not.
	if err := os.WriteFile(filepath.Join(dir, "backups"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	g := testGUI(t, filepath.Join(dir, "default.db"))
	g.start(path, false)
	if g.app == nil {
		t.Fatal("not opened")
	}
	if b := g.app.Banner(); !strings.Contains(b, "备份失败：今天的自动备份没有做成") || !strings.Contains(b, filepath.Join(dir, "backups")) {
		t.Errorf("banner %q", b)
	}
	// A later one (a session past midnight) reaches the window too.
	g.backups.report(&model.Failure{Code: model.CodeIO, Msg: "第二天的备份也没有做成"})
	if b := g.app.Banner(); !strings.Contains(b, "第二天的备份也没有做成") {
		t.Errorf("banner %q", b)
	}
}

// A damaged draft is listed as such; opening it says which one and what
// to do; the others open.
func TestDamagedDraftGUI(t *testing.T) {
	db, dir := testDB(t)
	bad, err := draftStore{db}.Create("乙局", 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	good, err := draftStore{db}.Create("甲局", 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	path := db.Path()
	_ = db.Close()
	flipInReport(t, path, bad.ID)
	db, err = drafts.Open(path, drafts.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = dir
	a := testApp(t, db, nil)
	var listed bool
	for _, it := range a.Home.Items {
		if it.ID == bad.ID {
			listed = it.Damaged
		} else if it.Damaged {
			t.Errorf("%s listed damaged", it.Unit)
		}
	}
	if !listed {
		t.Errorf("the damaged draft is not marked: %+v", a.Home.Items)
	}
	err = a.OpenDraft(bad.ID)
	if msg := userMessage(err); model.ErrorCodeOf(err) != model.CodeDamaged || !strings.Contains(msg, "“乙局 2024年度”的数据已损坏") {
		t.Errorf("opening it: %q", msg)
	}
	if err := a.OpenDraft(good.ID); err != nil {
		t.Errorf("the other draft: %v", err)
	}
	a.Quit()
}

// flipInReport changes one byte in the middle of a draft's stored report,
// wherever the file holds that value.
func flipInReport(t *testing.T, path, id string) {
	t.Helper()
	bdb, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var value []byte
	_ = bdb.View(func(tx *bbolt.Tx) error {
		value = bytes.Clone(tx.Bucket([]byte("drafts")).Bucket([]byte(id)).Get([]byte("report")))
		return nil
	})
	_ = bdb.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for i := 0; len(value) > 0; {
		j := bytes.Index(data[i:], value)
		if j < 0 {
			break
		}
		data[i+j+len(value)/2] ^= 0x01
		i += j + 1
		n++
	}
	if n == 0 {
		t.Fatal("the report is not in the file")
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
