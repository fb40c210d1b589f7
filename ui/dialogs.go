package ui

import (
	"errors"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Dialogs that the keyboard finishes: Enter does what the default button
// does, Esc cancels, whether the focus is in a field or nowhere; every
// button says what it does in Chinese (确定／取消, not Fyne's 是／不).

// keyEntry is a one-line field of a dialog: Enter submits the dialog, Esc
// cancels it.
type keyEntry struct {
	widget.Entry
	onEnter, onEsc func()
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if e.onEsc != nil {
			e.onEsc()
			return
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if e.onEnter != nil && !e.MultiLine {
			e.onEnter()
			return
		}
	}
	e.Entry.TypedKey(k)
}

// keysWhileShown makes Enter and Esc pressed with nothing focused run
// enter and esc while the dialog is up; entries of the dialog do the same
// themselves (keyEntry). Dialogs open over dialogs (an error over the
// form that caused it): the keys go to the topmost one still open.
func keysWhileShown(win fyne.Window, d dialog.Dialog, enter, esc func(), entries ...*keyEntry) {
	for _, e := range entries {
		e.onEnter, e.onEsc = enter, esc
	}
	ks := dialogKeysOf(win)
	h := &dialogKey{enter: enter, esc: esc}
	ks.open = append(ks.open, h)
	d.SetOnClosed(func() { ks.open = slices.DeleteFunc(ks.open, func(x *dialogKey) bool { return x == h }) })
}

// dialogKeys are the Enter/Esc handlers of a window's open dialogs, in
// the order they opened, and what the window did with keys before.
type dialogKeys struct {
	open []*dialogKey
	base func(*fyne.KeyEvent)
}

type dialogKey struct{ enter, esc func() }

var windowKeys = map[fyne.Window]*dialogKeys{}

func dialogKeysOf(win fyne.Window) *dialogKeys {
	if ks := windowKeys[win]; ks != nil {
		return ks
	}
	c := win.Canvas()
	ks := &dialogKeys{base: c.OnTypedKey()}
	c.SetOnTypedKey(ks.typed)
	windowKeys[win] = ks
	return ks
}

func (ks *dialogKeys) typed(k *fyne.KeyEvent) {
	if n := len(ks.open); n > 0 {
		h := ks.open[n-1]
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			if h.enter != nil {
				h.enter()
			}
			return
		case fyne.KeyEscape:
			if h.esc != nil {
				h.esc()
			}
			return
		}
	}
	if ks.base != nil {
		ks.base(k)
	}
}

// showInfo shows a message that Enter or Esc closes.
func showInfo(win fyne.Window, title, msg string) dialog.Dialog {
	d := dialog.NewInformation(title, msg, win)
	d.SetDismissText("确定")
	keysWhileShown(win, d, d.Hide, d.Hide)
	d.Show()
	win.Canvas().Unfocus()
	return d
}

// showErrorText shows an error message that Enter or Esc closes.
func showErrorText(win fyne.Window, msg string) dialog.Dialog {
	d := dialog.NewError(errors.New(msg), win)
	d.SetDismissText("确定")
	keysWhileShown(win, d, d.Hide, d.Hide)
	d.Show()
	win.Canvas().Unfocus()
	return d
}

// showConfirm asks a question; yes names the action (定稿, 删除), Enter
// confirms and Esc cancels.
func showConfirm(win fyne.Window, title, msg, yes string, onYes func()) dialog.Dialog {
	var d *dialog.ConfirmDialog
	d = dialog.NewConfirm(title, msg, func(ok bool) {
		if ok {
			onYes()
		}
	}, win)
	d.SetConfirmText(yes)
	d.SetDismissText("取消")
	keysWhileShown(win, d, func() { d.Confirm() }, d.Hide)
	d.Show()
	win.Canvas().Unfocus()
	return d
}

// showForm shows a form whose keyEntry fields submit on Enter and cancel
// on Esc; onOK runs when it is submitted. The first entry gets the focus.
func showForm(win fyne.Window, title, ok string, items []*widget.FormItem, onOK func(), size fyne.Size) *dialog.FormDialog {
	d := dialog.NewForm(title, ok, "取消", items, func(yes bool) {
		if yes {
			onOK()
		}
	}, win)
	var entries []*keyEntry
	for _, it := range items {
		if e, ok := it.Widget.(*keyEntry); ok {
			entries = append(entries, e)
		}
	}
	keysWhileShown(win, d, d.Submit, d.Hide, entries...)
	d.Resize(size)
	d.Show()
	if len(entries) > 0 {
		win.Canvas().Focus(entries[0])
	} else {
		win.Canvas().Unfocus()
	}
	return d
}
