package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

func xlsxFilter() storage.FileFilter { return storage.NewExtensionFileFilter([]string{".xlsx"}) }

// askOpenXlsx asks, over win, for a workbook to read and calls fn with its
// local path.
func askOpenXlsx(win fyne.Window, fn func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			dialogFailed(win, err)
			return
		}
		path := rc.URI().Path()
		rc.Close()
		fn(path)
	}, win)
	d.SetFilter(xlsxFilter())
	d.Show()
}

// askSave asks, over win, where to save and calls fn with the local path.
// (Fyne's dialog creates the file it hands over; our writers replace it
// whole.)
func askSave(win fyne.Window, name string, filter storage.FileFilter, fn func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			dialogFailed(win, err)
			return
		}
		path := wc.URI().Path()
		wc.Close()
		fn(path)
	}, win)
	if filter != nil {
		d.SetFilter(filter)
	}
	d.SetFileName(name)
	d.Show()
}

// dialogFailed reports a file dialog's own failure (nil: cancelled).
func dialogFailed(win fyne.Window, err error) {
	if err != nil {
		dialog.ShowError(errors.New("无法使用所选的文件或文件夹："+err.Error()), win)
	}
}
