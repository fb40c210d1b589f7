package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestChooser(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1000, 700))
	dir := t.TempDir()
	for _, f := range []string{"年报.xlsx", "说明.txt", "~$年报.xlsx", ".hidden.xlsx"} {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	os.Mkdir(filepath.Join(dir, "各单位"), 0o755)
	os.WriteFile(filepath.Join(dir, "各单位", "甲.xlsx"), []byte("x"), 0o644)
	lastDirs[w] = dir

	// Open: folders first, only workbooks, no lock or hidden files.
	var got string
	c := newChooser(w, chooseOpen, "打开", "", reportExts, func(p string) { got = p })
	c.show()
	if len(c.items) != 2 || c.items[0].name != "各单位" || c.items[1].name != "年报.xlsx" {
		t.Fatalf("items %+v", c.items)
	}
	key := func(k fyne.KeyName) { w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyDown) // 各单位
	key(fyne.KeyReturn)
	if c.dir != filepath.Join(dir, "各单位") || len(c.items) != 1 {
		t.Fatalf("Enter on a folder: in %s, %+v", c.dir, c.items)
	}
	key(fyne.KeyBackspace)
	if c.dir != dir {
		t.Fatalf("Backspace: in %s", c.dir)
	}
	key(fyne.KeyDown)
	key(fyne.KeyDown) // 年报.xlsx
	key(fyne.KeyReturn)
	if got != filepath.Join(dir, "年报.xlsx") || w.Canvas().Overlays().Top() != nil {
		t.Fatalf("chose %q, dialog open %v", got, w.Canvas().Overlays().Top() != nil)
	}

	// Save over an existing file: asked in Chinese first; a folder's name
	// is refused; the extension is added.
	got = ""
	c = newChooser(w, chooseSave, "导出", "年报", []string{".xlsx"}, func(p string) { got = p })
	c.show()
	key(fyne.KeyReturn) // 年报 → 年报.xlsx, which exists
	if got != "" || w.Canvas().Overlays().Top() == nil {
		t.Fatal("an existing file was replaced without asking")
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn}) // 替换
	if got != filepath.Join(dir, "年报.xlsx") {
		t.Fatalf("after 替换: %q", got)
	}
	got = ""
	c = newChooser(w, chooseSave, "导出", "各单位", nil, func(p string) { got = p })
	c.show()
	key(fyne.KeyReturn)
	if got != "" || c.Error.Text == "" {
		t.Errorf("saved over a folder: %q, %q", got, c.Error.Text)
	}
	key(fyne.KeyEscape)
	if w.Canvas().Overlays().Top() != nil {
		t.Error("Esc did not close the chooser")
	}
}
