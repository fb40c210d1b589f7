package ui

import (
	"fmt"
	"image/color"
	"path/filepath"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// Last year's report beside this year's (与上年对比): the cross-year rules
// (X-R1 上年结转, X-R2 现行有效, X-R4 large changes) need it, and with the
// comparison shown every cell carries last year's figure in small grey type.

var colorPrev = color.NRGBA{R: 0x5F, G: 0x6B, B: 0x7A, A: 0xFF}

// Prev is last year's report, or nil.
func (ed *Editor) Prev() *model.Report { return ed.prev }

// SetPrev sets (or with nil, drops) last year's report and re-checks.
func (ed *Editor) SetPrev(prev *model.Report) {
	ed.prev = prev
	if prev == nil {
		ed.comparing = false
	}
	ed.recheck()
}

// Comparing reports whether last year's figures are shown.
func (ed *Editor) Comparing() bool { return ed.comparing }

// ShowPrev shows or hides last year's figure in every cell.
func (ed *Editor) ShowPrev(on bool) {
	ed.comparing = on && ed.prev != nil
	ed.recheck()
}

// prevText is the small "上年 835" in a cell's corner while the
// comparison is shown; "" otherwise, and where both years are 0 (0 beside
// 0 says nothing and would fill the table with 上年 0).
func (ed *Editor) prevText(id model.CellID) string {
	if !ed.comparing || ed.res == nil || ed.res.Prev() == nil {
		return ""
	}
	v, ok := ed.res.Prev().Lookup(id)
	if !ok || (v == 0 && ed.res.Value(id) == 0) {
		return ""
	}
	c, _ := ed.report.Template().Cell(id)
	return "上年 " + c.Kind.FormatUnits(v)
}

// PrevShown is the last year's figure a cell shows, for tests.
func (ed *Editor) PrevShown(id model.CellID) string { return ed.prevText(id) }

// prevHint is the hint bar's line on last year's figure of a cell.
func (ed *Editor) prevHint(id model.CellID) string {
	if ed.res == nil || ed.res.Prev() == nil {
		return ""
	}
	v, ok := ed.res.Prev().Lookup(id)
	if !ok {
		return ""
	}
	c, _ := ed.report.Template().Cell(id)
	return "（上年 " + c.Kind.FormatUnits(v) + "）"
}

// toggleCompare shows or hides last year's figures, asking for last
// year's report first if there is none.
func (a *App) toggleCompare() {
	if a.Ed == nil {
		showInfo(a.Win, "与上年对比", "请先打开一份报告。")
		return
	}
	if a.Ed.Prev() == nil {
		a.choosePrev()
		return
	}
	a.Ed.ShowPrev(!a.Ed.Comparing())
}

// choosePrev lets the clerk pick last year's report: a draft in the
// database or a workbook (an xlsx from last year, perhaps made elsewhere).
func (a *App) choosePrev() {
	if a.Ed == nil {
		showInfo(a.Win, "选择上年报告", "请先打开一份报告。")
		return
	}
	cur := a.draft.Info()
	all, err := a.deps.Drafts.List()
	if err != nil {
		a.showError(err)
		return
	}
	var items []DraftInfo
	for _, d := range all {
		if d.ID != cur.ID && d.Year < cur.Year {
			items = append(items, d)
		}
	}
	// Likeliest first: the same unit, the year before.
	rank := func(d DraftInfo) int {
		switch {
		case d.Unit == cur.Unit && d.Year == cur.Year-1:
			return 0
		case d.Year == cur.Year-1:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(items, func(x, y DraftInfo) int { return rank(x) - rank(y) })
	var dlg dialog.Dialog
	list := widget.NewList(func() int { return len(items) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(items[i].Title()) })
	list.OnSelected = func(i widget.ListItemID) {
		r, err := a.deps.Drafts.Load(items[i].ID)
		if err != nil {
			a.showError(err)
			return
		}
		dlg.Hide()
		a.usePrev(r, items[i].Title()+"（草稿）")
	}
	fromFile := widget.NewButton("从Excel文件读入…", func() {
		dlg.Hide()
		askOpenReport(a.Win, a.UsePrevFile)
	})
	if a.deps.Excel == nil {
		fromFile.Disable()
	}
	none := widget.NewButton("不与上年对比", func() {
		dlg.Hide()
		a.Ed.SetPrev(nil)
		a.prevChosen = true
		a.Ed.Status.SetText("已取消与上年对比。")
	})
	msg := widget.NewLabel("选择上年的报告，用于检查“上年结转”“现行有效件数”等跨年度关系，并在每格中显示上年数字。")
	msg.Wrapping = fyne.TextWrapWord
	if len(items) == 0 {
		msg.SetText(msg.Text + "\n数据文件中没有更早年度的报告，可从Excel文件读入。")
	}
	body := container.NewBorder(msg, container.NewHBox(fromFile, none), nil, nil, list)
	dlg = dialog.NewCustom("选择上年报告", "取消", body, a.Win)
	keysWhileShown(a.Win, dlg, nil, dlg.Hide)
	dlg.Resize(fyne.NewSize(520, 420))
	dlg.Show()
}

// usePrev makes r last year's report of the open draft and shows it.
func (a *App) usePrev(r *model.Report, name string) {
	if a.Ed == nil {
		return
	}
	a.prevChosen = true
	a.Ed.SetPrev(r)
	a.Ed.ShowPrev(true)
	msg := "上年报告：" + name
	if want := a.Ed.Report().Meta.Year - 1; r.Meta.Year != 0 && r.Meta.Year != want {
		msg += fmt.Sprintf("。注意：它是%d年度的，不是%d年度。", r.Meta.Year, want)
	}
	if u := a.Ed.Report().Meta.Unit; r.Meta.Unit != "" && r.Meta.Unit != u {
		msg += "。注意：单位名称与本报告不同（" + r.Meta.Unit + "）。"
	}
	a.Ed.Status.SetText(msg)
}

// findLastYear looks the unit's report of the year before up in the
// drafts file, off the UI thread (it runs as 单位名称 is typed): only the
// answer to the latest lookup is taken, and only for the draft it was for.
func (a *App) findLastYear(m model.Meta) {
	if a.Ed == nil || a.prevChosen {
		return
	}
	a.lookups++
	n, d, drafts := a.lookups, a.draft, a.deps.Drafts
	self := d.Info().ID
	var found *model.Report
	a.deps.Async(func() {
		all, err := drafts.List()
		if err != nil {
			return
		}
		for _, info := range all {
			if model.SameUnit(info.Unit, m.Unit) && info.Year == m.Year-1 && info.ID != self {
				if r, err := drafts.Load(info.ID); err == nil {
					found = r
					return
				}
			}
		}
	}, func() {
		if n != a.lookups || a.draft != d || a.Ed == nil || a.prevChosen {
			return // typed on, or closed, meanwhile
		}
		if found != nil || a.Ed.Prev() != nil {
			a.Ed.SetPrev(found)
		}
	})
}

// fromLastYearExcel starts this year's draft from last year's workbook
// (以去年为底稿, when last year was not filled in with this program).
func (a *App) fromLastYearExcel() {
	if a.deps.Excel != nil {
		askOpenReport(a.Win, a.FromLastYearFile)
	}
}

// FromLastYearFile starts next year's draft from the workbook at path,
// opens it, and compares it with that workbook.
func (a *App) FromLastYearFile(path string) {
	a.readFile(path, func(prev *model.Report, _ []string, err error) {
		if err != nil {
			a.showError(err)
			return
		}
		r, err := model.NextYear(prev)
		if err != nil {
			a.showMessage(err.Error())
			return
		}
		if !a.openNew(r) {
			return
		}
		a.usePrev(prev, filepath.Base(path))
		a.Ed.Status.SetText(fmt.Sprintf("已以 %s 为底稿新建%d年度报告：上年“结转下年度继续办理”已填入本年“上年结转”，基本信息已带入；每格右下角显示上年数字。",
			filepath.Base(path), r.Meta.Year))
	})
}

// UsePrevFile reads last year's report from a workbook for the open draft.
func (a *App) UsePrevFile(path string) {
	d := a.draft
	a.readFile(path, func(r *model.Report, _ []string, err error) {
		if err != nil {
			a.showError(err)
			return
		}
		if a.draft != d {
			return // another draft was opened while the file was read
		}
		a.usePrev(r, filepath.Base(path))
	})
}

func metaKey(m model.Meta) string { return model.UnitKey(m.Unit) + "\x00" + fmt.Sprint(m.Year) }
