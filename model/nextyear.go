package model

import (
	"fmt"
	"strings"
)

// Row keys of 表三 linked from one year to the next: what one year
// 结转下年度继续办理 (t3.carry_forward.<col>) is the next year's 上年结转
// (t3.carried_over.<col>).
const (
	carryFrom = "t3.carry_forward."
	carryInto = "t3.carried_over."
)

// NextYear starts next year's report from last year's (以去年为底稿): same
// unit, year+1 in that year's default format, the 基本信息 that do not
// change from year to year (unit, scope, publisher, contact, phone), and
// last year's 结转下年度继续办理 as this year's 上年结转, column by column.
// Tables, narrative and 说明 start empty, as do 成文日期 and 索引号, which
// belong to one published document.
func NextYear(prev *Report) (*Report, error) {
	if prev.Meta.Year == 0 {
		return nil, fmt.Errorf("上年报告没有填写年度，无法确定新报告的年度")
	}
	year := prev.Meta.Year + 1
	t := TemplateForYear(year)
	if t == nil {
		return nil, fmt.Errorf("没有适用于 %d 年度的报告格式", year)
	}
	r := NewReport(t)
	r.Meta = Meta{
		Unit:      prev.Meta.Unit,
		Year:      year,
		Scope:     prev.Meta.Scope,
		Publisher: prev.Meta.Publisher,
		Contact:   prev.Meta.Contact,
		Phone:     prev.Meta.Phone,
	}
	// The linked cells are found in the templates rather than listed here,
	// so a format that adds a column carries it too; text that did not
	// parse last year is carried as typed (and reported again).
	for _, c := range prev.Template().Cells() {
		col, ok := strings.CutPrefix(c.ID, carryFrom)
		if !ok {
			continue
		}
		into, ok := t.Cell(carryInto + col)
		if !ok || into.Derived {
			continue
		}
		if text := prev.Text(c.ID); text != "" && !c.Derived {
			_ = r.Set(into.ID, text) // invalid text is kept, and reported by the model
		}
	}
	return r, nil
}
