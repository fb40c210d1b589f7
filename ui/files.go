package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
)

// File dialogs: the system's own on Windows (files_windows.go), the
// program's own Chinese one elsewhere (chooser.go). Both only name a
// path; the writers check the file (read-only, locked) and replace it
// whole.

// reportExts are the files the import dialogs offer: every kind a report
// is read from.
var reportExts = []string{".xlsx", ".xlsm", ".docx", ".html", ".htm", ".json"}

// askOpenReport asks, over win, for a report file to read (a workbook, a
// Word document, a web page, a JSON file) and calls fn with its path.
func askOpenReport(win fyne.Window, fn func(path string)) {
	askOpen(win, "打开年报文件", reportExts, "年报文件（Excel、Word、网页）", fn)
}

// askOpen asks for an existing file with one of exts (desc names them).
func askOpen(win fyne.Window, title string, exts []string, desc string, fn func(path string)) {
	if nativeOpen(win, title, exts, desc, fn) {
		return
	}
	newChooser(win, chooseOpen, title, "", exts, fn).show()
}

// askSave asks where to save a file named name (with the first of exts).
func askSave(win fyne.Window, title, name string, exts []string, desc string, fn func(path string)) {
	if nativeSave(win, title, name, exts, desc, fn) {
		return
	}
	newChooser(win, chooseSave, title, name, exts, fn).show()
}

// askFolder asks for a folder.
func askFolder(win fyne.Window, title string, fn func(path string)) {
	if nativeFolder(win, title, fn) {
		return
	}
	newChooser(win, chooseFolder, title, "", nil, fn).show()
}

// isReportFile: a file of one of reportExts, by name.
func isReportFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return slices.Contains(reportExts, ext)
}

// localPaths are the files among dropped items (a browser may drop a web
// address, which is not a file here).
func localPaths(uris []fyne.URI) []string {
	var out []string
	for _, u := range uris {
		if u != nil && u.Scheme() == "file" {
			out = append(out, u.Path())
		}
	}
	return out
}

// Dropped imports the report files dropped on the main window, each into a
// new draft, as 导入 does; anything else is named with why it is not read.
func (a *App) Dropped(paths []string) {
	var not []string
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			not = append(not, filepath.Base(p)+"（文件夹：要汇总一个文件夹中的报告，请在“报告 → 汇总…”窗口中添加或拖入）")
			continue
		}
		if !isReportFile(p) {
			not = append(not, filepath.Base(p)+"（不是年报文件）")
			continue
		}
		a.ImportFile(p)
	}
	if len(not) > 0 {
		a.showMessage("以下文件没有导入：\n" + strings.Join(not, "\n") + "\n\n可导入的是年报的 Excel 表格（.xlsx）、Word 文档（.docx）、网页（.html）和 .json 数据文件。")
	}
}
