package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// A MergeInput is one unit's report offered to a roll-up (汇总).
type MergeInput struct {
	// Source says where the report came from, for the breakdown: a file
	// path, or e.g. "草稿：××局 2023年度".
	Source string
	// Report is nil when the source could not be read; Err (its Error() is
	// Chinese) says why, and the unit is listed as refused.
	Report *Report
	Err    error
}

// MergeOptions choose the roll-up's format, year and name. Zero values
// choose for the caller (see MergeReports).
type MergeOptions struct {
	Template *Template
	Year     int
	Unit     string // 单位名称 of the roll-up
}

// Figures are a unit's key figures, computed from its typed cells (a total
// the file stated is not used: the roll-up sums typed cells only).
type Figures struct {
	NewReceived  int64 // 表三 一、本年新收·总计
	Processed    int64 // 表三 （七）总计·总计 (办结)
	CarryForward int64 // 表三 四、结转下年度继续办理·总计
	Review       int64 // 表四 行政复议·总计
	Litigation   int64 // 表四 行政诉讼 总计 (未经复议直接起诉 + 复议后起诉)
}

// MergeStatus says whether a unit went into the roll-up and, if not, why.
type MergeStatus int

const (
	MergeIncluded   MergeStatus = iota // summed
	MergeUnreadable                    // the source could not be read
	MergeDuplicate                     // same unit and year as an earlier input
	MergeOtherYear                     // a different report year
	MergeNoMapping                     // its format does not map exactly onto the roll-up's
)

// Label is the status in Chinese, for the breakdown's 状态 column.
func (s MergeStatus) Label() string {
	switch s {
	case MergeUnreadable:
		return "无法读取"
	case MergeDuplicate:
		return "重复，未计入"
	case MergeOtherYear:
		return "年度不同，未计入"
	case MergeNoMapping:
		return "格式无法换算，未计入"
	}
	return "已计入"
}

// Code is the status's stable English code, used in JSON.
func (s MergeStatus) Code() string {
	switch s {
	case MergeUnreadable:
		return "unreadable"
	case MergeDuplicate:
		return "duplicate"
	case MergeOtherYear:
		return "other_year"
	case MergeNoMapping:
		return "no_mapping"
	}
	return "included"
}

// A MergeUnit is one line of the breakdown (分单位情况).
type MergeUnit struct {
	Index    int    // position among the inputs
	Source   string // MergeInput.Source
	Unit     string // 单位名称 as the report gives it
	Year     int
	Template *Template // the unit's own format; nil if unreadable
	Figures  Figures
	// Errors and Warnings count the unit's own findings (Report.Evaluate
	// without last year); an unreadable source counts as one error.
	Errors, Warnings int
	Findings         []Finding
	Status           MergeStatus
	// DuplicateOf is the Source of the earlier input of the same unit and
	// year (Status MergeDuplicate).
	DuplicateOf string
	// Reason explains the status in Chinese: why a unit was refused, or for
	// an included one how its format was mapped ("" if nothing to say).
	Reason string
}

// Included reports whether the unit was summed.
func (u *MergeUnit) Included() bool { return u.Status == MergeIncluded }

// A Merge is a roll-up: the summed report, its check, and the breakdown.
type Merge struct {
	// Report is the roll-up: scope 本行政区域汇总, typed cells the
	// cell-wise sums of the included units (blank where no unit filled the
	// cell), totals computed, narrative left for the clerk.
	Report *Report
	// Result is Report.Evaluate(nil): the rules on the roll-up.
	Result *Result
	// Units is the breakdown, problems first: units with 错误 (or
	// unreadable), then the other refused units, then the rest; input
	// order within each group.
	Units []MergeUnit
	// Notes are findings about the roll-up as a whole that the rules cannot
	// see (AGG-R1: 现行有效件数 summed over units may double count).
	Notes    []Finding
	Included int // units summed
}

// Errors counts the 错误 of the roll-up and of every unit in the breakdown
// (an unreadable source counts as one): what a script's exit code reports.
func (m *Merge) Errors() int {
	n := m.Result.Errors
	for _, u := range m.Units {
		n += u.Errors
	}
	return n
}

// ErrNothingToMerge is returned when no input could be read.
var ErrNothingToMerge = errors.New("没有可以汇总的报告：所选的报告都无法读取")

// RuleAggregate is AGG-R1 of format.md: a roll-up's cells are the cell-wise
// sums of its units, except that a document several units share is
// counted once per unit in 现行有效件数.
var RuleAggregate = &Rule{ID: "AGG-R1", SeverityName: "info", Kind: "builtin",
	Name: "汇总表是各单位之和（现行有效件数可能重复计算）"}

// MergeReports rolls units' reports up into one report (汇总).
//
// Year: opts.Year, or else the year most inputs have (ties: the latest).
// A report of another year is refused (MergeOtherYear), not summed.
//
// Format: opts.Template, or else the format of the inputs onto which the
// most of them map exactly (see Report.ConvertTo); ties go to the official
// format of the year (TemplateForYear), then to the newest. So 2021 and
// hybrid reports together roll up as hybrid (the three （六） rows sum into
// one), and a lone 2019 report among 2021 ones is refused with the cells
// that have no counterpart named, rather than dragging the roll-up back to
// the 2019 format.
//
// The same unit twice (same 单位名称, compared like labels, and same year)
// is flagged MergeDuplicate and summed once: the first input counts. Totals
// a file stated are not summed; the roll-up's totals are computed from the
// summed cells, and Result holds its rules. A unit whose own tables are
// wrong is still summed (its errors are in the breakdown, listed first).
//
// It fails only when no input is readable (ErrNothingToMerge).
func MergeReports(in []MergeInput, opts MergeOptions) (*Merge, error) {
	units := make([]MergeUnit, len(in))
	for i, mi := range in {
		u := &units[i]
		u.Index, u.Source = i, mi.Source
		if mi.Report == nil {
			u.Status, u.Errors = MergeUnreadable, 1
			u.Reason = "无法读取"
			if mi.Err != nil {
				u.Reason = mi.Err.Error()
			}
			continue
		}
		r := mi.Report
		u.Unit, u.Year, u.Template = r.Meta.Unit, r.Meta.Year, r.tpl
		res := r.Evaluate(nil)
		u.Findings, u.Errors, u.Warnings = res.Findings, res.Errors, res.Warnings
		u.Figures = Figures{
			NewReceived:  res.Computed("t3.new_received.total"),
			Processed:    res.Computed("t3.total_processed.total"),
			CarryForward: res.Computed("t3.carry_forward.total"),
			Review:       res.Computed("t4.review_total"),
			Litigation:   res.Computed("t4.lit_direct_total") + res.Computed("t4.lit_after_review_total"),
		}
	}

	year := opts.Year
	if year == 0 {
		year = commonYear(units)
		if year == 0 && !anyReadable(in) {
			return nil, ErrNothingToMerge
		}
	}
	// Duplicates and other years first: they do not vote on the format.
	first := map[string]int{}
	for i := range units {
		u := &units[i]
		if u.Status != MergeIncluded {
			continue
		}
		if u.Year != year {
			u.Status = MergeOtherYear
			u.Reason = fmt.Sprintf("报告年度为%s，汇总的是%d年度", yearText(u.Year), year)
			continue
		}
		key := UnitKey(u.Unit)
		if key == "" {
			continue // no name: nothing to compare
		}
		if j, dup := first[key]; dup {
			u.Status, u.DuplicateOf = MergeDuplicate, units[j].Source
			u.Reason = "与" + units[j].Source + "是同一单位、同一年度，只计入一次"
			continue
		}
		first[key] = i
	}

	tpl := opts.Template
	if tpl == nil {
		tpl = chooseMergeTemplate(in, units, year)
		if tpl == nil {
			return nil, ErrNothingToMerge
		}
	}
	out := NewReport(tpl)
	out.Meta = Meta{Unit: opts.Unit, Year: year, Scope: ScopeRegion}

	m := &Merge{Report: out}
	convs := map[*Template]*conversion{}
	for i := range units {
		u := &units[i]
		if u.Status != MergeIncluded {
			continue
		}
		r := in[i].Report
		cv := convs[r.tpl]
		if cv == nil {
			cv = newConversion(r.tpl, tpl)
			convs[r.tpl] = cv
		}
		if err := cv.check(r); err != nil {
			u.Status, u.Reason = MergeNoMapping, err.Error()
			continue
		}
		if err := addInto(out, r, cv); err != nil {
			u.Status, u.Reason = MergeNoMapping, err.Error()
			continue
		}
		if r.tpl != tpl {
			u.Reason = "由“" + r.tpl.Name + "”换算为“" + tpl.Name + "”"
			if f := cv.folds(r); f != "" {
				u.Reason += "，" + f
			}
		}
		m.Included++
	}
	m.Result = out.Evaluate(nil)
	m.Notes = aggregateNotes(out)

	rank := func(u *MergeUnit) int {
		switch {
		case u.Errors > 0:
			return 0
		case u.Status != MergeIncluded:
			return 1
		}
		return 2
	}
	slices.SortStableFunc(units, func(a, b MergeUnit) int { return rank(&a) - rank(&b) })
	m.Units = units
	return m, nil
}

// addInto adds r's typed cells, converted by cv, into the roll-up out. It
// changes nothing if a sum would overflow.
func addInto(out, r *Report, cv *conversion) error {
	sums := make([]int64, 0, 8)
	idx := make([]int, 0, 8)
	for ti, terms := range cv.terms {
		var s int64
		set := false
		for _, i := range terms {
			if v := r.vals[i]; !v.IsBlank() {
				s, set = s+v.n, true
			}
		}
		if !set {
			continue
		}
		cur := out.vals[ti].n
		if (s > 0 && cur > math.MaxInt64-s) || (s < 0 && cur < math.MinInt64-s) {
			return fmt.Errorf("%s 数值过大，加总会溢出", cv.to.cells[ti].Name())
		}
		sums, idx = append(sums, cur+s), append(idx, ti)
	}
	for k, ti := range idx {
		out.vals[ti] = FromUnits(sums[k])
	}
	return nil
}

// commonYear is the year most readable units have (ties: the latest).
func commonYear(units []MergeUnit) int {
	count := map[int]int{}
	best := 0
	for _, u := range units {
		if u.Status != MergeIncluded {
			continue
		}
		count[u.Year]++
		if c, b := count[u.Year], count[best]; c > b || (c == b && u.Year > best) {
			best = u.Year
		}
	}
	return best
}

func anyReadable(in []MergeInput) bool {
	for _, mi := range in {
		if mi.Report != nil {
			return true
		}
	}
	return false
}

func yearText(y int) string {
	if y == 0 {
		return "空（未填）"
	}
	return fmt.Sprintf("%d年度", y)
}

// chooseMergeTemplate picks the format onto which most of the units still
// in play map exactly; see MergeReports.
func chooseMergeTemplate(in []MergeInput, units []MergeUnit, year int) *Template {
	var cands []*Template
	for _, t := range Templates() { // newest first
		for i := range units {
			if units[i].Status == MergeIncluded && units[i].Template == t {
				cands = append(cands, t)
				break
			}
		}
	}
	if len(cands) == 0 {
		// Every readable input was refused: the official format of the year.
		if t := TemplateForYear(year); t != nil {
			return t
		}
		for _, mi := range in {
			if mi.Report != nil {
				return mi.Report.tpl
			}
		}
		return nil
	}
	official := TemplateForYear(year)
	var best *Template
	bestN := -1
	for _, t := range cands {
		n := 0
		convs := map[*Template]*conversion{}
		for i := range units {
			if units[i].Status != MergeIncluded {
				continue
			}
			r := in[i].Report
			cv := convs[r.tpl]
			if cv == nil {
				cv = newConversion(r.tpl, t)
				convs[r.tpl] = cv
			}
			if cv.check(r) == nil {
				n++
			}
		}
		if n > bestN || (n == bestN && t == official && best != official) {
			best, bestN = t, n
		}
	}
	return best
}

// aggregateNotes are the AGG-R1 notes: stock figures (现行有效件数, 2019
// 对外公开总数量) summed over units count a shared document once per unit.
func aggregateNotes(r *Report) []Finding {
	var out []Finding
	for _, tb := range r.tpl.Tables {
		for _, b := range tb.Blocks {
			for _, c := range b.Columns {
				if c.Key != "valid" && c.Key != "total_public" {
					continue
				}
				var cells []CellID
				for _, row := range b.Rows {
					cell := r.tpl.CellAt(tb, row, c)
					if cell != nil && !r.vals[cell.Index].IsBlank() {
						cells = append(cells, cell.ID)
					}
				}
				if len(cells) == 0 {
					continue
				}
				out = append(out, Finding{Severity: Info, Rule: RuleAggregate.ID,
					Key: RuleAggregate.ID + "." + c.Key, Where: tb.Short + "·" + c.Label,
					Message: c.Label + "是各单位之和；几个单位共同执行的文件会被重复计算，请核对后按实际件数修改",
					Cells:   cells})
			}
		}
	}
	return out
}

// UnitKey is how the roll-up tells units apart: the 单位名称 compared like a
// printed label (spaces and bracket widths do not matter).
func UnitKey(unit string) string { return NormalizeLabel(strings.TrimSpace(unit)) }
