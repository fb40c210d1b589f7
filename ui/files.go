package ui

import (
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
