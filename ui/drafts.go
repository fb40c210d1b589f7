package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// draftsList is the home screen: every draft in the database.
type draftsList struct {
	a        *App
	Items    []DraftInfo
	List     *keyList
	Selected string
	Buttons  map[string]*widget.Button
	Empty    *widget.Label
	content  fyne.CanvasObject
}

func newDraftsList(a *App) *draftsList {
	d := &draftsList{a: a, Buttons: map[string]*widget.Button{}}
	d.List = newKeyList(
		func() int { return len(d.Items) },
		func() fyne.CanvasObject {
			cols := make([]fyne.CanvasObject, 5)
			for i := range cols {
				l := widget.NewLabel("")
				l.Truncation = fyne.TextTruncateEllipsis
				cols[i] = l
			}
			return newListRow(d.List, container.New(&spanGrid{widths: []float32{360, 90, 200, 90, 170}, flex: 0,
				spans: []span{{0, 0, 1, 1}, {0, 1, 1, 1}, {0, 2, 1, 1}, {0, 3, 1, 1}, {0, 4, 1, 1}}}, cols...))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := d.Items[i]
			row := o.(*listRow)
			row.id = i
			cols := row.box.Objects
			tpl := it.Template
			if t, ok := model.LookupTemplate(it.Template); ok {
				tpl = t.Name
			}
			status := "草稿"
			if it.Final {
				status = "已定稿"
			}
			if it.Damaged {
				status = "已损坏"
			}
			for j, s := range []string{it.Unit, fmt.Sprintf("%d年度", it.Year), tpl, status, "保存于 " + it.Updated.Format("2006-01-02 15:04")} {
				cols[j].(*widget.Label).SetText(s)
			}
		})
	d.List.OnSelected = func(i widget.ListItemID) { d.Selected = d.Items[i].ID; d.List.at = i; d.updateButtons() }
	d.List.onEnter = d.open
	d.List.OnUnselected = func(widget.ListItemID) { d.Selected = ""; d.updateButtons() }
	btn := func(key, label string, fn func()) *widget.Button {
		b := widget.NewButton(label, fn)
		d.Buttons[key] = b
		return b
	}
	open := btn("open", "打开", d.open)
	open.Importance = widget.HighImportance
	bar := container.NewHBox(
		btn("new", "新建报告…", a.NewDraftDialog),
		open,
		btn("import", "导入报告文件…", a.importDialog),
		btn("next", "以去年为底稿", d.fromLastYear),
		btn("copy", "复制", d.duplicate),
		btn("delete", "删除", d.delete),
		btn("trash", "回收站…", d.trash),
		btn("merge", "汇总…", func() { a.ShowMerge() }),
	)
	d.Empty = widget.NewLabel("还没有报告。点击“新建报告…”开始填报，或“导入报告文件…”读入已有的年报（Excel 表格、Word 文档或网页）。")
	d.Empty.Wrapping = fyne.TextWrapWord
	title := widget.NewLabelWithStyle("年度报告草稿", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.content = container.NewBorder(container.NewVBox(title, bar, d.Empty), nil, nil, nil, d.List)
	return d
}

// focusLatest selects the draft saved last and gives the list the
// keyboard, so that Enter opens it and the arrow keys choose another.
func (d *draftsList) focusLatest() {
	latest := -1
	for i, it := range d.Items {
		if latest < 0 || it.Updated.After(d.Items[latest].Updated) {
			latest = i
		}
	}
	if latest < 0 {
		return
	}
	d.List.Select(latest)
	d.List.ScrollTo(latest)
	d.a.Win.Canvas().Focus(d.List)
}

// open opens the selected draft (打开, Enter, a double click).
func (d *draftsList) open() {
	if d.Selected != "" {
		d.a.showError(d.a.OpenDraft(d.Selected))
	}
}

func (d *draftsList) reload() {
	items, err := d.a.deps.Drafts.List()
	if err != nil {
		d.a.showError(err)
	}
	d.Items = items
	d.Selected = ""
	d.List.UnselectAll()
	d.List.at = -1
	d.List.Refresh()
	if len(items) == 0 {
		d.Empty.Show()
	} else {
		d.Empty.Hide()
	}
	d.updateButtons()
}

func (d *draftsList) updateButtons() {
	for _, k := range []string{"open", "copy", "delete"} {
		if d.Selected == "" {
			d.Buttons[k].Disable()
		} else {
			d.Buttons[k].Enable()
		}
	}
	if d.a.deps.Excel == nil {
		d.Buttons["import"].Disable()
	}
}

// fromLastYear starts next year's draft from the selected one, or with
// none selected, from last year's workbook.
func (d *draftsList) fromLastYear() {
	if d.Selected == "" {
		d.a.fromLastYearExcel()
		return
	}
	info, err := d.a.deps.Drafts.FromLastYear(d.Selected)
	if err != nil {
		d.a.showError(err)
		return
	}
	d.a.showError(d.a.OpenDraft(info.ID))
}

func (d *draftsList) duplicate() {
	if _, err := d.a.deps.Drafts.Duplicate(d.Selected); err != nil {
		d.a.showError(err)
	}
	d.reload()
}

func (d *draftsList) delete() {
	id := d.Selected
	showConfirm(d.a.Win, "删除", "删除的报告会放入回收站，可以恢复。确定删除吗？", "删除", func() {
		if err := d.a.deps.Drafts.Delete(id); err != nil {
			d.a.showError(err)
		}
		d.reload()
	})
}

func (d *draftsList) trash() {
	items, err := d.a.deps.Drafts.Trash()
	if err != nil {
		d.a.showError(err)
		return
	}
	if len(items) == 0 {
		showInfo(d.a.Win, "回收站", "回收站是空的。")
		return
	}
	var names []string
	for _, it := range items {
		names = append(names, it.Title())
	}
	sel := widget.NewSelect(names, nil)
	showForm(d.a.Win, "回收站", "恢复", []*widget.FormItem{widget.NewFormItem("已删除的报告", sel)}, func() {
		if sel.SelectedIndex() < 0 {
			return
		}
		if err := d.a.deps.Drafts.Restore(items[sel.SelectedIndex()].ID); err != nil {
			d.a.showError(err)
		}
		d.reload()
	}, fyne.NewSize(460, 200))
}
