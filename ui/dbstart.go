package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// MissingDatabase is what can be done about a data file that does not
// exist. Each is called before the question's window closes, so that the
// window it opens keeps the app running.
type MissingDatabase struct {
	Create func()            // 新建: an empty data file at that path
	Choose func(path string) // 选择其他文件: an existing data file
	Quit   func()            // 退出 (may be nil)
}

// MissingDatabaseWindow asks what to do about a data file that does not
// exist (a typo in --db, a USB stick not plugged in) instead of quietly
// starting an empty one. Its buttons are exported for tests.
type MissingDatabaseWindow struct {
	Win                  fyne.Window
	Create, Choose, Quit *widget.Button
}

// AskMissingDatabase shows the question; the window closes itself once
// the clerk has chosen.
func AskMissingDatabase(fa fyne.App, path string, do MissingDatabase) *MissingDatabaseWindow {
	fa.Settings().SetTheme(Theme{})
	w := fa.NewWindow("政务公开年报填报 — 找不到数据文件")
	msg := widget.NewLabel("找不到数据文件：" + path + "\n\n" +
		"如果路径写错了，或者数据文件在还没有插好的U盘上，请选择其他文件，或者退出后检查。" +
		"只有确实要从头开始填报时，才新建一个空的数据文件。")
	msg.Wrapping = fyne.TextWrapWord
	m := &MissingDatabaseWindow{Win: w}
	m.Create = widget.NewButton("新建", func() {
		do.Create()
		w.Close()
	})
	m.Choose = widget.NewButton("选择其他文件…", func() {
		askOpen(w, "选择数据文件", []string{".db"}, "年报数据文件", func(path string) {
			do.Choose(path)
			w.Close()
		})
	})
	m.Quit = widget.NewButton("退出", func() {
		if do.Quit != nil {
			do.Quit()
		}
		w.Close()
	})
	m.Choose.Importance = widget.HighImportance
	buttons := container.NewHBox(m.Choose, m.Create, m.Quit)
	w.SetContent(container.NewPadded(container.NewBorder(nil, buttons, nil, nil, msg)))
	w.Resize(fyne.NewSize(600, 240))
	w.Show()
	return m
}
