package main

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/store/docx"
	"nianbao/ui"
)

// 报告 → 生成Word文档… writes the open report as a .docx where the clerk
// saves it (the chooser opens in the home folder; Enter takes the name it
// offers).
func TestPublishWordFromMenu(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	db, _ := testDB(t)
	a := ui.NewApp(test.NewTempApp(t), ui.Deps{Drafts: draftStore{db}, UserMessage: userMessage, Dispatch: drop, Async: inline,
		PublishWord: docx.WriteFile})
	defer a.Quit()
	c := a.Win.Canvas()
	key := func(k fyne.KeyName) {
		if f := c.Focused(); f != nil {
			f.TypedKey(&fyne.KeyEvent{Name: k})
		} else if h := c.OnTypedKey(); h != nil {
			h(&fyne.KeyEvent{Name: k})
		}
	}
	a.NewDraftDialog()
	test.Type(c.Focused(), "某某县人民政府办公室")
	key(fyne.KeyReturn)
	if a.Ed == nil {
		t.Fatal("no report open")
	}
	year := a.Ed.Report().Meta.Year
	menuItem(t, a, "报告", "生成Word文档…").Action()
	if c.Overlays().Top() == nil {
		t.Fatal("no dialog")
	}
	key(fyne.KeyReturn)
	want := filepath.Join(home, "某某县人民政府办公室"+strconv.Itoa(year)+"年度政府信息公开工作年度报告.docx")
	z, err := zip.OpenReader(want)
	if err != nil {
		entries, _ := os.ReadDir(home)
		t.Fatalf("%v; home holds %v; error shown %q", err, entries, a.LastError())
	}
	defer z.Close()
	if _, err := z.Open("word/document.xml"); err != nil {
		t.Error(err)
	}
}
