package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// Offer is an action proposed with a start-up error, such as starting a
// fresh database beside a damaged one.
type Offer struct {
	Label string // button text
	Do    func()
	After string // what to tell the clerk once done
}

// ShowStartupError shows why the app cannot start (in Chinese), with an
// optional way out, runs until the window is closed and returns the exit
// code for main.
func ShowStartupError(fa fyne.App, msg string, offer *Offer) int {
	StartupErrorWindow(fa, msg, offer).ShowAndRun()
	return 1
}

// StartupErrorWindow is ShowStartupError's window, not yet shown, for an
// app that is already running or about to run.
func StartupErrorWindow(fa fyne.App, msg string, offer *Offer) fyne.Window {
	fa.Settings().SetTheme(Theme{})
	w := fa.NewWindow("政务公开年报填报 — 无法打开数据文件")
	text := widget.NewLabel(msg)
	text.Wrapping = fyne.TextWrapWord
	buttons := container.NewHBox()
	if offer != nil {
		buttons.Add(widget.NewButton(offer.Label, func() {
			offer.Do()
			text.SetText(offer.After)
			buttons.RemoveAll()
			buttons.Add(widget.NewButton("关闭", w.Close))
		}))
	}
	buttons.Add(widget.NewButton("关闭", w.Close))
	w.SetContent(container.NewPadded(container.NewBorder(nil, buttons, nil, nil, text)))
	w.Resize(fyne.NewSize(560, 220))
	return w
}

// Quit flushes the open draft and ends the app. If the last edits could
// not be saved, the app stays open on the drafts list with the message (a
// rescue copy written) instead of vanishing with it; quitting again ends it.
func (a *App) Quit() {
	if !a.closeDraft() {
		a.showHome()
		return
	}
	a.fa.Quit()
}
