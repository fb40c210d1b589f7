package model

import (
	"fmt"
	"maps"
	"slices"
)

// Scope says what a report covers: the agency itself, the government at its
// level, or a roll-up (汇总) of a whole area.
type Scope string

const (
	ScopeAgency     Scope = "agency"     // 本机关
	ScopeGovernment Scope = "government" // 本级政府
	ScopeRegion     Scope = "region"     // 本行政区域汇总
)

// Scopes lists the scopes in the order offered to the clerk.
var Scopes = []Scope{ScopeAgency, ScopeGovernment, ScopeRegion}

// Label is the scope in Chinese.
func (s Scope) Label() string {
	switch s {
	case ScopeGovernment:
		return "本级政府"
	case ScopeRegion:
		return "本行政区域汇总"
	}
	return "本机关"
}

// ParseScope accepts a code or its Chinese label; empty means 本机关.
func ParseScope(s string) (Scope, error) {
	for _, sc := range Scopes {
		if s == string(sc) || s == sc.Label() {
			return sc, nil
		}
	}
	if s == "" {
		return ScopeAgency, nil
	}
	return "", fmt.Errorf("未知的报告范围“%s”（可选：本机关、本级政府、本行政区域汇总）", s)
}

// Meta is the report's 基本信息.
type Meta struct {
	Unit      string `json:"unit"`                // 单位名称
	Year      int    `json:"year"`                // 报告年度
	Scope     Scope  `json:"scope"`               // 范围
	Date      string `json:"date,omitempty"`      // 成文日期, YYYY-MM-DD
	IndexNo   string `json:"index_no,omitempty"`  // 索引号
	Publisher string `json:"publisher,omitempty"` // 发布机构
	Contact   string `json:"contact,omitempty"`   // 联系人
	Phone     string `json:"phone,omitempty"`     // 联系电话
}

// A Report is one unit's annual report for one year: its 基本信息, the typed
// cells of its tables, the totals a file stated (if it came from one), the
// narrative sections, and the clerk's 说明 on findings.
//
// Typed text that could not be read as a number is kept as it was typed
// (Text returns it) and reported as an INPUT finding; the cell counts as
// blank until corrected. Nothing typed is dropped.
type Report struct {
	Meta      Meta
	Narrative map[string]string // by narrative key ("overview.requests")
	Notes     map[string]string // 说明, by finding key ("T3-R1.natural")
	// Rollup is set on a roll-up this program summed (汇总): the units it
	// holds. Nil for a unit's own report. See MergeReports.
	Rollup *Rollup

	tpl  *Template
	vals []Value        // typed cells; for derived cells, the stated total
	raw  map[int]string // text that did not parse, by cell index
}

// NewReport makes an empty report in template t.
func NewReport(t *Template) *Report {
	return &Report{
		Meta:      Meta{Scope: ScopeAgency},
		Narrative: map[string]string{},
		Notes:     map[string]string{},
		tpl:       t,
		vals:      make([]Value, len(t.cells)),
		raw:       map[int]string{},
	}
}

// Template is the report's format.
func (r *Report) Template() *Template { return r.tpl }

func (r *Report) cell(id CellID) (*Cell, error) {
	c, ok := r.tpl.byID[id]
	if !ok {
		return nil, fmt.Errorf("模板“%s”中没有单元格 %s", r.tpl.Name, id)
	}
	return c, nil
}

// Set stores what the clerk typed into a typed cell. If the text is not a
// valid value of the cell's kind, the text is kept (Text returns it), the
// cell counts as blank, and the *InputError says why in Chinese.
//
// A total stated by a file describes the file's parts: once a part changes,
// the statement no longer applies and is dropped, so the total is computed
// again. Set of a total with blank text drops its statement ("采用计算值");
// a total can never be typed.
func (r *Report) Set(id CellID, text string) error {
	c, err := r.cell(id)
	if err != nil {
		return err
	}
	if c.Derived {
		if normalize(text) == "" {
			r.dropStated(c.Index)
			return nil
		}
		return fmt.Errorf("%s 是自动计算的合计，不能填写", c.Name())
	}
	return r.setText(c, text)
}

func (r *Report) dropStated(i int) {
	r.vals[i] = Blank
	delete(r.raw, i)
}

// SetStated records a total as a file stated it, so the rules can compare it
// with the sum of its parts. Blank text removes the statement.
func (r *Report) SetStated(id CellID, text string) error {
	c, err := r.cell(id)
	if err != nil {
		return err
	}
	if !c.Derived {
		return fmt.Errorf("%s 不是合计格", c.Name())
	}
	return r.setText(c, text)
}

func (r *Report) setText(c *Cell, text string) error {
	if !c.Derived {
		for _, d := range r.tpl.dependents[c.Index] {
			r.dropStated(d)
		}
	}
	v, err := c.Kind.Parse(text)
	if err != nil {
		r.vals[c.Index] = Blank
		r.raw[c.Index] = text
		return err
	}
	delete(r.raw, c.Index)
	r.vals[c.Index] = v
	return nil
}

// SetValue stores a value already parsed (used when summing reports).
func (r *Report) SetValue(id CellID, v Value) error {
	c, err := r.cell(id)
	if err != nil {
		return err
	}
	delete(r.raw, c.Index)
	r.vals[c.Index] = v
	if !c.Derived {
		for _, d := range r.tpl.dependents[c.Index] {
			r.dropStated(d)
		}
	}
	return nil
}

// Value is a cell's typed (or stated) value; Blank if unfilled or invalid.
func (r *Report) Value(id CellID) Value {
	if c, ok := r.tpl.byID[id]; ok {
		return r.vals[c.Index]
	}
	return Blank
}

// Text is what an entry for the cell shows: the invalid text as typed, or
// the value formatted.
func (r *Report) Text(id CellID) string {
	c, ok := r.tpl.byID[id]
	if !ok {
		return ""
	}
	if raw, bad := r.raw[c.Index]; bad {
		return raw
	}
	return c.Kind.Format(r.vals[c.Index])
}

// Invalid returns the kept text of a cell whose input was rejected.
func (r *Report) Invalid(id CellID) (string, bool) {
	if c, ok := r.tpl.byID[id]; ok {
		raw, bad := r.raw[c.Index]
		return raw, bad
	}
	return "", false
}

// Stated reports whether a derived cell carries a total stated by a file.
func (r *Report) Stated(id CellID) bool {
	c, ok := r.tpl.byID[id]
	return ok && c.Derived && r.stated(c.Index)
}

func (r *Report) stated(i int) bool {
	if !r.vals[i].IsBlank() {
		return true
	}
	_, bad := r.raw[i]
	return bad
}

// ClearStated drops every stated total, e.g. once the clerk has taken an
// imported report over and the totals are computed from then on.
func (r *Report) ClearStated() {
	for _, c := range r.tpl.cells {
		if c.Derived {
			r.dropStated(c.Index)
		}
	}
}

// Clone returns a deep copy.
func (r *Report) Clone() *Report {
	return &Report{
		Meta:      r.Meta,
		Narrative: maps.Clone(r.Narrative),
		Notes:     maps.Clone(r.Notes),
		Rollup:    r.Rollup.clone(),
		tpl:       r.tpl,
		vals:      slices.Clone(r.vals),
		raw:       maps.Clone(r.raw),
	}
}

// Equal reports whether two reports hold the same content.
func (r *Report) Equal(o *Report) bool {
	return r.tpl == o.tpl && r.Meta == o.Meta && r.Rollup.Equal(o.Rollup) &&
		slices.Equal(r.vals, o.vals) && maps.Equal(r.raw, o.raw) &&
		equalText(r.Narrative, o.Narrative) && equalText(r.Notes, o.Notes)
}

// equalText compares text maps, treating a missing key as "".
func equalText(a, b map[string]string) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// CanFinalise says whether r may be marked 定稿: not while its tables have
// errors (a 定稿 report vouches for its figures). The error says how many,
// in Chinese. Rules that compare with last year's report are the editor's
// to add; this is the floor every path to 定稿 holds.
func CanFinalise(r *Report) error {
	if res := r.Evaluate(nil); res.Errors > 0 {
		return fmt.Errorf("还有 %d 个错误，请改正后再定稿。", res.Errors)
	}
	return nil
}
