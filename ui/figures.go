package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The “插入数字…” button beside each narrative entry lists the tables'
// figures with their current values (model.Result.Figures) and ready-made
// sentences (model.Result.Sentences); choosing one inserts it at the
// entry's cursor, so the clerk does not retype numbers from the tables
// (the mistakes N-R1 finds).

// withFigureButton puts the button beside a narrative entry.
func (ed *Editor) withFigureButton(key string, e fyne.CanvasObject) fyne.CanvasObject {
	var btn *widget.Button
	btn = widget.NewButtonWithIcon("插入数字…", theme.ContentAddIcon(), func() {
		if ed.readOnly {
			return
		}
		cv := fyne.CurrentApp().Driver().CanvasForObject(btn)
		if cv == nil {
			return
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(btn).AddXY(0, btn.Size().Height)
		widget.ShowPopUpMenuAtPosition(ed.FigureMenu(key), cv, pos)
	})
	btn.Importance = widget.LowImportance
	ed.figureButtons = append(ed.figureButtons, btn)
	return container.NewBorder(nil, nil, nil, container.NewVBox(btn), e)
}

// FigureMenu lists what can be inserted into the narrative entry key: the
// ready-made sentences (those meant for this section first), then the
// figures as the tables stand now, one submenu per table.
func (ed *Editor) FigureMenu(key string) *fyne.Menu {
	res := ed.res
	if res == nil {
		res = ed.report.Evaluate(ed.prev)
	}
	var items []*fyne.MenuItem
	ss := res.Sentences()
	for _, mine := range []bool{true, false} {
		for _, s := range ss {
			if (s.Key == key) == mine {
				text := s.Text
				items = append(items, fyne.NewMenuItem("句子："+s.Label, func() { ed.InsertText(key, text) }))
			}
		}
	}
	items = append(items, fyne.NewMenuItemSeparator())
	tpl := ed.report.Template()
	sub := map[string]*fyne.MenuItem{}
	for _, f := range res.Figures() {
		c, _ := tpl.Cell(f.Cells[0])
		group := sub[c.Table.ID]
		if group == nil {
			group = fyne.NewMenuItem(c.Table.Title, nil)
			group.ChildMenu = fyne.NewMenu(c.Table.Title)
			sub[c.Table.ID] = group
			items = append(items, group)
		}
		text := f.Text()
		group.ChildMenu.Items = append(group.ChildMenu.Items,
			fyne.NewMenuItem(f.Label+"："+text+f.Unit, func() { ed.InsertText(key, text) }))
	}
	return fyne.NewMenu("插入数字", items...)
}

// InsertText inserts text at the cursor of narrative entry key, replacing a
// selection, as a paste would: one edit, saved and undoable.
func (ed *Editor) InsertText(key, text string) {
	e := ed.Narrative[key]
	if e == nil || ed.readOnly {
		return
	}
	ed.undo.closeOpen() // an insertion is a step of its own
	e.Entry.TypedShortcut(&fyne.ShortcutPaste{Clipboard: &textClipboard{text}})
	ed.undo.closeOpen()
	ed.showNarrative(e)
}

// holds reports whether o is target or contains it in its containers.
func holds(o, target fyne.CanvasObject) bool {
	switch c := o.(type) {
	case *fyne.Container:
		for _, child := range c.Objects {
			if holds(child, target) {
				return true
			}
		}
	case *container.Scroll:
		return holds(c.Content, target)
	}
	return o == target
}

// textClipboard hands a text to the entry's paste without touching the
// system clipboard.
type textClipboard struct{ text string }

func (c *textClipboard) Content() string           { return c.text }
func (c *textClipboard) SetContent(content string) { c.text = content }

var _ fyne.Clipboard = (*textClipboard)(nil)

// figureButtonsEnabled follows the editor's read-only state.
func (ed *Editor) figureButtonsEnabled(on bool) {
	for _, b := range ed.figureButtons {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}
