package model

import (
	"fmt"
)

// A CarryLink, in template data, names the rows of a table linked from one
// year to the next: what one year 结转下年度继续办理 (From) is the next
// year's 上年结转 (Into), column by column.
type CarryLink struct {
	Table string `json:"table"`
	From  string `json:"from"`
	Into  string `json:"into"`
}

// carry is the resolved CarryLink.
type carry struct {
	from, into []*Cell // the typed cells of each row, in column order
}

// compileCarry resolves the carry-forward link; a template must have one
// whose rows exist and have typed cells.
func (t *Template) compileCarry() error {
	l := t.CarryForward
	if l == nil {
		return fmt.Errorf("no carry_forward link")
	}
	tb := t.Table(l.Table)
	if tb == nil {
		return fmt.Errorf("carry_forward: table %q not found", l.Table)
	}
	row := func(key string) ([]*Cell, error) {
		var out []*Cell
		found := false
		for _, c := range t.cells {
			if c.Table == tb && c.Row.Key == key {
				found = true
				if !c.Derived {
					out = append(out, c)
				}
			}
		}
		switch {
		case !found:
			return nil, fmt.Errorf("carry_forward: row %q not found in %s", key, tb.ID)
		case len(out) == 0:
			return nil, fmt.Errorf("carry_forward: row %q of %s has no typed cell", key, tb.ID)
		}
		return out, nil
	}
	var err error
	if t.carry.from, err = row(l.From); err != nil {
		return err
	}
	if t.carry.into, err = row(l.Into); err != nil {
		return err
	}
	return nil
}

// carryInto is the cell of this template's 上年结转 row that receives a
// cell of last year's 结转下年度 row (of template from): the column with the
// same key, else (a format that renamed its keys) the one with the same
// label under the same groups; nil if none.
func (t *Template) carryInto(from *Cell) *Cell {
	for _, c := range t.carry.into {
		if c.Col.Key == from.Col.Key {
			return c
		}
	}
	want := append(normLabels(from.Col.Groups), NormalizeLabel(from.Col.Label))
	for _, c := range t.carry.into {
		if equalStrings(append(normLabels(c.Col.Groups), NormalizeLabel(c.Col.Label)), want) {
			return c
		}
	}
	return nil
}

// NextYear starts next year's report from last year's (以去年为底稿): same
// unit, year+1 in that year's default format (last year's, if it is a
// default format still meant for the year), the 基本信息 that do not
// change from year to year (unit, scope, publisher, contact, phone), and
// last year's 结转下年度继续办理 as this year's 上年结转, column by column
// (the rows are the templates' carry_forward links).
// Tables, narrative and 说明 start empty, as do 成文日期 and 索引号, which
// belong to one published document.
func NextYear(prev *Report) (*Report, error) {
	if prev.Meta.Year == 0 {
		return nil, fmt.Errorf("上年报告没有填写年度，无法确定新报告的年度")
	}
	year := prev.Meta.Year + 1
	t := TemplateForYear(year)
	if pt := prev.Template(); pt.Default && pt.meantFor(year) {
		t = pt // still an official format for the year: keep it
	}
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
	// Text that did not parse last year is carried as typed (and reported
	// again).
	for _, c := range prev.Template().carry.from {
		into := t.carryInto(c)
		if into == nil {
			continue
		}
		if text := prev.Text(c.ID); text != "" {
			_ = r.Set(into.ID, text) // invalid text is kept, and reported by the model
		}
	}
	return r, nil
}
