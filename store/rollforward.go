package store

import (
	"fmt"
	"strings"

	"nianbao/model"
)

// Row keys of 表三 linked from one year to the next: what one year
// 结转下年度继续办理 (t3.carry_forward.<col>) is the next year's 上年结转
// (t3.carried_over.<col>).
const (
	carryFrom = "t3.carry_forward."
	carryInto = "t3.carried_over."
)

// RollForward starts next year's draft from a live draft (以去年为底稿):
// same unit, year+1 in that year's default format, the 基本信息 that do not
// change from year to year (unit, scope, publisher, contact, phone), and
// last year's 结转下年度继续办理 as this year's 上年结转, column by column.
// Tables, narrative and 说明 start empty, as do 成文日期 and 索引号, which
// belong to one published document.
func (db *DB) RollForward(id string) (DraftInfo, error) {
	if err := db.flushSavers(id); err != nil {
		return DraftInfo{}, err
	}
	prev, info, err := db.Load(id)
	if err != nil {
		return DraftInfo{}, err
	}
	year := info.Year + 1
	t := model.TemplateForYear(year)
	if t == nil {
		return DraftInfo{}, invalid(fmt.Sprintf("没有适用于 %d 年度的报告格式。", year))
	}
	return db.create("roll forward draft "+id, carryForward(prev, t, year), id)
}

// carryForward builds the new year's report. The linked cells are found
// in the templates rather than listed here, so a format that adds a column
// carries it too; text that did not parse last year is carried as typed.
func carryForward(prev *model.Report, t *model.Template, year int) *model.Report {
	r := model.NewReport(t)
	r.Meta = model.Meta{
		Unit:      prev.Meta.Unit,
		Year:      year,
		Scope:     prev.Meta.Scope,
		Publisher: prev.Meta.Publisher,
		Contact:   prev.Meta.Contact,
		Phone:     prev.Meta.Phone,
	}
	for _, c := range prev.Template().Cells() {
		col, ok := strings.CutPrefix(c.ID, carryFrom)
		if !ok || c.Derived {
			continue
		}
		into, ok := t.Cell(carryInto + col)
		if !ok || into.Derived {
			continue
		}
		if text := prev.Text(c.ID); text != "" {
			_ = r.Set(into.ID, text) // invalid text is kept, and reported by the model
		}
	}
	return r
}
