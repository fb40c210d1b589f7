package ui

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// chooser is the program's own open, save and folder dialog, used where
// the system's is not (Linux; Windows has its own, see files_windows.go).
// Fyne's file dialog shows English place names ("Home", "Computer") and
// an English overwrite question, and opens the chosen file for writing
// (emptying it) before the program can check it; this one is Chinese,
// keyboard-complete (arrows, Enter opens a folder or chooses, Backspace
// goes up, Esc cancels) and only names a path.
type chooser struct {
	win    fyne.Window
	mode   chooseMode
	exts   []string // files shown, by lower-case extension; none: all
	dir    string
	items  []chooserItem
	List   *keyList
	Places *widget.List
	Path   *widget.Label
	Name   *keyEntry // the file name, when saving
	Error  *widget.Label
	d      dialog.Dialog
	done   func(path string)
}

type chooseMode int

const (
	chooseOpen chooseMode = iota
	chooseSave
	chooseFolder
)

type chooserItem struct {
	name string
	dir  bool
}

type place struct{ name, path string }

// places are where the chooser can jump: the clerk's folders by their
// Chinese names, and the whole computer.
func places() []place {
	home, _ := os.UserHomeDir()
	var out []place
	if home != "" {
		out = append(out, place{"主目录", home})
		for _, p := range []struct{ name, dir string }{
			{"桌面", "Desktop"}, {"桌面", "桌面"}, {"文档", "Documents"}, {"文档", "文档"},
			{"下载", "Downloads"}, {"下载", "下载"},
		} {
			if st, err := os.Stat(filepath.Join(home, p.dir)); err == nil && st.IsDir() {
				out = append(out, place{p.name, filepath.Join(home, p.dir)})
			}
		}
	}
	out = append(out, place{"计算机", string(filepath.Separator)})
	for _, m := range []string{"/media", "/run/media", "/mnt"} {
		if st, err := os.Stat(m); err == nil && st.IsDir() {
			out = append(out, place{"U盘、光盘（" + m + "）", m})
		}
	}
	return out
}

// lastDirs remembers, per window, the folder last chosen in.
var lastDirs = map[fyne.Window]string{}

func newChooser(win fyne.Window, mode chooseMode, title, name string, exts []string, done func(string)) *chooser {
	c := &chooser{win: win, mode: mode, exts: exts, done: done}
	c.dir = lastDirs[win]
	if c.dir == "" {
		if wd, err := os.Getwd(); err == nil {
			c.dir = wd
		}
		if home, err := os.UserHomeDir(); err == nil {
			c.dir = home
		}
	}
	c.Path = widget.NewLabel("")
	c.Path.Truncation = fyne.TextTruncateEllipsis
	c.Error = widget.NewLabel("")
	c.Error.Importance = widget.DangerImportance
	c.Error.Wrapping = fyne.TextWrapWord
	c.List = newKeyList(func() int { return len(c.items) },
		func() fyne.CanvasObject {
			return newListRow(c.List, container.NewHBox(widget.NewIcon(theme.FolderIcon()), widget.NewLabel("")))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*listRow)
			row.id = i
			it := c.items[i]
			icon := theme.FileIcon()
			if it.dir {
				icon = theme.FolderIcon()
			}
			row.box.Objects[0].(*widget.Icon).SetResource(icon)
			row.box.Objects[1].(*widget.Label).SetText(it.name)
		})
	c.List.onEnter = c.enter
	c.List.onBack = c.up
	c.List.OnSelected = func(i widget.ListItemID) {
		c.List.at = i
		if it := c.items[i]; !it.dir && c.Name != nil {
			c.Name.SetText(it.name)
		}
	}
	ps := places()
	c.Places = widget.NewList(func() int { return len(ps) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(ps[i].name) })
	c.Places.OnSelected = func(i widget.ListItemID) {
		c.Places.UnselectAll()
		c.cd(ps[i].path)
	}
	up := widget.NewButtonWithIcon("上一级", theme.NavigateBackIcon(), c.up)
	top := container.NewBorder(nil, nil, up, nil, c.Path)
	var bottom fyne.CanvasObject = c.Error
	if mode == chooseSave {
		c.Name = newKeyEntry()
		c.Name.SetText(name)
		bottom = container.NewVBox(widget.NewForm(widget.NewFormItem("文件名", c.Name)), c.Error)
	}
	body := container.NewBorder(top, bottom, nil, nil,
		container.NewHSplit(c.Places, c.List))
	body.Objects[0].(*container.Split).SetOffset(0.25)
	okText := map[chooseMode]string{chooseOpen: "打开", chooseSave: "保存", chooseFolder: "选择此文件夹"}[mode]
	ok := widget.NewButtonWithIcon(okText, theme.ConfirmIcon(), c.choose)
	ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("取消", theme.CancelIcon(), func() { c.d.Hide() })
	buttons := container.NewHBox(layout.NewSpacer(), cancel, ok)
	d := dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, buttons, nil, nil, body), win)
	c.d = d
	var entries []*keyEntry
	if c.Name != nil {
		entries = append(entries, c.Name)
	}
	keysWhileShown(win, d, c.enter, d.Hide, entries...)
	d.Resize(fyne.NewSize(820, 560))
	c.cd(c.dir)
	return c
}

func (c *chooser) show() {
	c.d.Show()
	if c.Name != nil {
		c.win.Canvas().Focus(c.Name)
	} else {
		c.win.Canvas().Focus(c.List)
	}
}

// cd shows a folder; one that cannot be read is said, and the chooser
// stays where it was.
func (c *chooser) cd(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil && len(ents) == 0 {
		c.Error.SetText("无法打开文件夹 " + dir + "：" + osText(err))
		return
	}
	c.dir = dir
	c.items = c.items[:0]
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
				isDir = st.IsDir()
			}
		}
		if !isDir && (c.mode == chooseFolder || !c.wants(name)) {
			continue
		}
		c.items = append(c.items, chooserItem{name, isDir})
	}
	slices.SortFunc(c.items, func(a, b chooserItem) int {
		if a.dir != b.dir {
			if a.dir {
				return -1
			}
			return 1
		}
		return strings.Compare(a.name, b.name)
	})
	c.Path.SetText(dir)
	c.Error.SetText("")
	c.List.UnselectAll()
	c.List.at = -1
	c.List.Refresh()
	c.List.ScrollToTop()
}

func (c *chooser) wants(name string) bool {
	if len(c.exts) == 0 {
		return true
	}
	return slices.Contains(c.exts, strings.ToLower(filepath.Ext(name)))
}

func (c *chooser) up() {
	if parent := filepath.Dir(c.dir); parent != c.dir {
		c.cd(parent)
	}
}

// enter is Enter or a double click: into a selected folder, else choose.
func (c *chooser) enter() {
	if i := c.List.at; i >= 0 && i < len(c.items) && c.items[i].dir {
		if c.Name == nil || c.win.Canvas().Focused() != c.Name {
			c.cd(filepath.Join(c.dir, c.items[i].name))
			return
		}
	}
	c.choose()
}

// choose ends the dialog with the path chosen, if it can be used.
func (c *chooser) choose() {
	var path string
	switch c.mode {
	case chooseFolder:
		path = c.dir
		if i := c.List.at; i >= 0 && i < len(c.items) && c.items[i].dir {
			path = filepath.Join(c.dir, c.items[i].name)
		}
	case chooseOpen:
		i := c.List.at
		if i < 0 || i >= len(c.items) || c.items[i].dir {
			c.Error.SetText("请选择一个文件。")
			return
		}
		path = filepath.Join(c.dir, c.items[i].name)
	case chooseSave:
		name := strings.TrimSpace(c.Name.Text)
		if name == "" {
			c.Error.SetText("请填写文件名。")
			return
		}
		if strings.ContainsAny(name, `/\`) {
			path = name
			if !filepath.IsAbs(path) {
				path = filepath.Join(c.dir, name)
			}
		} else {
			path = filepath.Join(c.dir, name)
		}
		if len(c.exts) > 0 && !c.wants(path) {
			path += c.exts[0]
		}
		if st, err := os.Stat(path); err == nil {
			if st.IsDir() {
				c.Error.SetText("“" + filepath.Base(path) + "”是一个文件夹，请换一个文件名。")
				return
			}
			c.d.Hide()
			lastDirs[c.win] = filepath.Dir(path)
			showConfirm(c.win, "替换文件", "文件“"+filepath.Base(path)+"”已经存在。要用新内容替换它吗？", "替换",
				func() { c.done(path) })
			return
		}
	}
	c.d.Hide()
	lastDirs[c.win] = filepath.Dir(path)
	if c.mode == chooseFolder {
		lastDirs[c.win] = path
	}
	c.done(path)
}

func osText(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "没有权限"
	case errors.Is(err, fs.ErrNotExist):
		return "不存在"
	}
	return "无法读取"
}
