package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// MetaAsk is the dialog that asks for the unit or year an imported file
// does not name, prefilled with what it does; the draft is made when it is
// confirmed. App.Asking holds it while it is open (tests fill it in).
type MetaAsk struct {
	Unit, Year *keyEntry
	Form       *dialog.FormDialog
}

// askUnitYear asks for r's missing unit or year, then imports it.
func (a *App) askUnitYear(path string, r *model.Report, warnings []string) {
	unit := newKeyEntry()
	unit.SetPlaceHolder("如：××县人民政府办公室")
	unit.SetText(r.Meta.Unit)
	unit.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("请填写单位名称")
		}
		return nil
	}
	year := newKeyEntry()
	year.SetPlaceHolder("如：2025")
	if r.Meta.Year != 0 {
		year.SetText(itoa(r.Meta.Year))
	}
	year.Validator = func(s string) error { _, err := model.ParseYear(s); return err }

	var missing []string
	if r.Meta.Unit == "" {
		missing = append(missing, model.MetaLabel(model.MetaUnit))
	}
	if r.Meta.Year == 0 {
		missing = append(missing, model.MetaLabel(model.MetaYear))
	}
	note := widget.NewLabel("文件“" + filepath.Base(path) + "”中没有找到" + strings.Join(missing, "和") + "，请填写：")
	note.Wrapping = fyne.TextWrapWord
	ask := &MetaAsk{Unit: unit, Year: year}
	ask.Form = dialog.NewForm("导入报告", "导入", "取消", []*widget.FormItem{
		widget.NewFormItem("", note),
		widget.NewFormItem(model.MetaLabel(model.MetaUnit), unit),
		widget.NewFormItem(model.MetaLabel(model.MetaYear), year),
	}, func(ok bool) {
		a.Asking = nil
		if !ok {
			return
		}
		y, err := model.ParseYear(year.Text)
		if err != nil {
			a.showError(err)
			return
		}
		r.Meta.Unit, r.Meta.Year = strings.TrimSpace(unit.Text), y
		// What was missing is filled in now.
		kept := warnings[:0:0]
		for _, w := range warnings {
			if !strings.HasPrefix(w, "没有找到单位名称") && !strings.HasPrefix(w, "没有找到报告年度") {
				kept = append(kept, w)
			}
		}
		a.importDone(path, r, append(kept, strings.Join(missing, "、")+"按填写取为“"+r.Meta.Unit+" "+itoa(y)+"年度”。"))
	}, a.Win)
	keysWhileShown(a.Win, ask.Form, ask.Form.Submit, ask.Form.Hide, unit, year)
	ask.Form.Resize(fyne.NewSize(460, 260))
	a.Asking = ask
	ask.Form.Show()
	a.Win.Canvas().Focus(unit)
}

// importDone stores an imported report as a new draft, opens it and shows
// what the import noticed.
func (a *App) importDone(path string, r *model.Report, warnings []string) {
	if !a.openNew(r) {
		return
	}
	a.ImportNotes = warnings
	a.Ed.say("已导入 " + filepath.Base(path) + "。")
	if len(warnings) > 0 {
		// What the importer noticed must be read, not scroll by in the
		// status bar.
		a.Ed.say(fmt.Sprintf("已导入 %s，有%d条说明。", filepath.Base(path), len(warnings)))
		showInfo(a.Win, "导入说明："+filepath.Base(path), strings.Join(warnings, "\n"))
	}
}
