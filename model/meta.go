package model

import (
	"fmt"
	"strconv"
	"strings"
)

// The years a report can be for: from 2008, the first year of the 条例, to
// 2100. Every part of the program (typing, the drafts file, titles found in
// files) holds a year to this one range.
const (
	MinYear = 2008
	MaxYear = 2100
)

// ValidYear reports whether y is a year a report can be for.
func ValidYear(y int) bool { return y >= MinYear && y <= MaxYear }

// SameUnit reports whether two 单位名称 name the same unit: compared as
// labels are (UnitKey), so a full-width space or a stray blank does not make
// two units of one. The roll-up, the drafts file and the lookup of last
// year's report all ask this.
func SameUnit(a, b string) bool {
	ka, kb := UnitKey(a), UnitKey(b)
	return ka != "" && ka == kb
}

// The 基本信息 fields, by key: Meta's JSON names.
const (
	MetaUnit      = "unit"
	MetaYear      = "year"
	MetaScope     = "scope"
	MetaDate      = "date"
	MetaIndexNo   = "index_no"
	MetaPublisher = "publisher"
	MetaContact   = "contact"
	MetaPhone     = "phone"
)

// A MetaField is one 基本信息 field: its key, the label printed on our
// forms and cover sheet, the labels other workbooks and published reports
// use for it, and whether a report may leave it blank.
type MetaField struct {
	Key      string
	Label    string
	Aliases  []string
	Optional bool
}

// MetaFields are the 基本信息 fields in the order the forms show them. The
// editor's form, the cover sheet, the importer's labels and the drafts
// file's history all come from this one list.
var MetaFields = []MetaField{
	{Key: MetaUnit, Label: "单位名称", Aliases: []string{"填报单位", "报送单位", "填报机关", "机关名称", "单位"}},
	{Key: MetaYear, Label: "报告年度", Aliases: []string{"统计年度", "年度"}},
	{Key: MetaScope, Label: "报告范围", Aliases: []string{"范围"}},
	{Key: MetaDate, Label: "成文日期", Aliases: []string{"填报日期"}, Optional: true},
	{Key: MetaIndexNo, Label: "索引号", Optional: true},
	{Key: MetaPublisher, Label: "发布机构", Optional: true},
	{Key: MetaContact, Label: "联系人", Aliases: []string{"填报人"}, Optional: true},
	{Key: MetaPhone, Label: "联系电话", Aliases: []string{"电话"}, Optional: true},
}

// MetaLabel is the printed label of a 基本信息 field, "" for an unknown key.
func MetaLabel(key string) string {
	for _, f := range MetaFields {
		if f.Key == key {
			return f.Label
		}
	}
	return ""
}

// Field is the text of a 基本信息 field as SetField takes it back: the year
// in digits ("" when not set), the scope by its code.
func (m Meta) Field(key string) string {
	switch key {
	case MetaUnit:
		return m.Unit
	case MetaYear:
		if m.Year == 0 {
			return ""
		}
		return strconv.Itoa(m.Year)
	case MetaScope:
		return string(m.Scope)
	case MetaDate:
		return m.Date
	case MetaIndexNo:
		return m.IndexNo
	case MetaPublisher:
		return m.Publisher
	case MetaContact:
		return m.Contact
	case MetaPhone:
		return m.Phone
	}
	return ""
}

// SetField sets a 基本信息 field from text as typed. A year is read by
// ParseYear (blank clears it); a scope by its code or label (blank is
// 本机关). An error is in Chinese; the field is then unchanged.
func (m *Meta) SetField(key, text string) error {
	switch key {
	case MetaUnit:
		m.Unit = text
	case MetaYear:
		y := 0
		if strings.TrimSpace(text) != "" {
			var err error
			if y, err = ParseYear(text); err != nil {
				return err
			}
		}
		m.Year = y
	case MetaScope:
		sc, err := ParseScope(strings.TrimSpace(text))
		if err != nil {
			return err
		}
		m.Scope = sc
	case MetaDate:
		m.Date = text
	case MetaIndexNo:
		m.IndexNo = text
	case MetaPublisher:
		m.Publisher = text
	case MetaContact:
		m.Contact = text
	case MetaPhone:
		m.Phone = text
	default:
		return fmt.Errorf("基本信息中没有“%s”这一项。", key)
	}
	return nil
}
