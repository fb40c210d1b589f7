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
	// IncludeRollups counts roll-ups this program wrote (Report.Rollup) as
	// inputs, for a roll-up of roll-ups (a county's 汇总 sent to the city),
	// but only a roll-up none of whose units is also held by another input
	// (MergeRollupOverlap). Without it a roll-up is never counted
	// (MergeRollup), so rolling up a folder that holds an earlier roll-up
	// does not count its units twice.
	IncludeRollups bool
}

// A Rollup marks a report that MergeReports summed: which units, of which
// year, it holds. A roll-up of roll-ups holds their units (not the
// roll-ups), so overlaps are found at any depth. The JSON interchange (and
// so the drafts database) and the xlsx marker sheet carry it, so a roll-up
// is known as one when it comes back as an input.
type Rollup struct {
	Units []RollupUnit `json:"units"`
}

// A RollupUnit is one unit summed into a roll-up.
type RollupUnit struct {
	Unit string `json:"unit"` // 单位名称 as the unit's report gave it ("" if none)
	Year int    `json:"year"`
}

// Describe says what the roll-up holds, e.g. "含12个单位".
func (r *Rollup) Describe() string { return fmt.Sprintf("含%d个单位", len(r.Units)) }

// Equal compares two marks (nil is not a roll-up).
func (r *Rollup) Equal(o *Rollup) bool {
	if r == nil || o == nil {
		return r == o
	}
	return slices.Equal(r.Units, o.Units)
}

func (r *Rollup) clone() *Rollup {
	if r == nil {
		return nil
	}
	return &Rollup{Units: slices.Clone(r.Units)}
}

// unitKeys are the UnitKeys of the units a report stands for: a roll-up's
// units, or the report's own unit; names that are blank are left out.
func unitKeys(r *Report) []string {
	if r.Rollup == nil {
		if k := UnitKey(r.Meta.Unit); k != "" {
			return []string{k}
		}
		return nil
	}
	var keys []string
	seen := map[string]bool{}
	for _, u := range r.Rollup.Units {
		if k := UnitKey(u.Unit); k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys
}

// Figures are a unit's key figures, computed from its typed cells (a total
// the file stated is not used: the roll-up sums typed cells only). They are
// the template's figures received, processed, carry_forward, review and
// litigation (breakdownFigures), which every template defines.
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
	MergeIncluded      MergeStatus = iota // summed
	MergeUnreadable                       // the source could not be read
	MergeDuplicate                        // same unit and year as an earlier input
	MergeOtherYear                        // a different report year
	MergeNoMapping                        // its format does not map exactly onto the roll-up's
	MergeNoYear                           // the report gives no year
	MergeRollup                           // a roll-up this program wrote: not a unit
	MergeConflict                         // same unit and year as another input, other figures
	MergeRollupOverlap                    // a roll-up holding a unit another input holds too
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
	case MergeNoYear:
		return "未填年度，未计入"
	case MergeRollup:
		return "汇总表，不计入"
	case MergeConflict:
		return "重复报送且数字不同，未计入"
	case MergeRollupOverlap:
		return "汇总表与其他报告重叠，未计入"
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
	case MergeNoYear:
		return "no_year"
	case MergeRollup:
		return "rollup"
	case MergeConflict:
		return "conflict"
	case MergeRollupOverlap:
		return "rollup_overlap"
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
	// DuplicateOf is the Source of the input of the same unit and year
	// that was summed (Status MergeDuplicate), or whose figures differ
	// (MergeConflict).
	DuplicateOf string
	// RollupUnits is, for a roll-up among the inputs (Report.Rollup), the
	// number of units it holds; 0 for a unit's own report.
	RollupUnits int
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
// A roll-up that was not counted (MergeRollup) is not a unit: its own
// errors are shown but not counted.
func (m *Merge) Errors() int {
	n := m.Result.Errors
	for _, u := range m.Units {
		if u.Status != MergeRollup {
			n += u.Errors
		}
	}
	return n
}

// Omitted counts the units left out of the roll-up: reports refused for
// another year, no year or a format that does not map, unless the same
// unit (by UnitKey) was summed from another input; copies of one unit whose
// figures differ (none of them is summed); roll-ups asked for that overlap
// another input. Identical duplicates, roll-ups not asked for
// (MergeRollup) and unreadable sources are not counted. With Errors, what
// tells a script that the roll-up is not the whole of what it was given.
func (m *Merge) Omitted() int {
	summed := map[string]bool{}
	for _, u := range m.Units {
		if u.Included() {
			summed[UnitKey(u.Unit)] = true
		}
	}
	n := 0
	for _, u := range m.Units {
		switch u.Status {
		case MergeOtherYear, MergeNoYear, MergeNoMapping:
			if k := UnitKey(u.Unit); k == "" || !summed[k] {
				n++
			}
		case MergeConflict, MergeRollupOverlap:
			n++
		}
	}
	return n
}

// Rollups counts the roll-ups among the inputs that were not counted
// because they are roll-ups (MergeRollup): not units, so neither in
// Omitted nor in Units proper.
func (m *Merge) Rollups() int {
	n := 0
	for _, u := range m.Units {
		if u.Status == MergeRollup {
			n++
		}
	}
	return n
}

// The errors of MergeReports are plain: their text is the message for the
// clerk, shown as it is.
var (
	// ErrNothingToMerge is returned when no input could be read.
	ErrNothingToMerge = errors.New("没有可以汇总的报告：所选的报告都无法读取")
	// ErrNoYear is returned when no year was asked for and no readable
	// report gives one.
	ErrNoYear = errors.New("无法确定汇总哪一年度：所选的报告都没有填写报告年度，请先在报告中填写年度")
	// ErrOnlyRollups is returned when no year was asked for and every
	// readable input is a roll-up not to be counted.
	ErrOnlyRollups = errors.New("所选的都是本程序生成的汇总表，不计入汇总；若要把下级的汇总表汇总，请选择“计入下级汇总表”（命令行 --include-rollups）")
)

// RuleAggregate is AGG-R1 of format.md: a roll-up's cells are the cell-wise
// sums of its units, except that a document several units share is
// counted once per unit in 现行有效件数.
var RuleAggregate = &Rule{ID: "AGG-R1", Short: "汇总", SeverityName: "info", Kind: "builtin",
	Name: "汇总表是各单位之和（现行有效件数可能重复计算）"}

// MergeReports rolls units' reports up into one report (汇总).
//
// Roll-ups: a report this program summed (Report.Rollup) is not a unit and
// is not counted (MergeRollup), whatever its year, unless
// opts.IncludeRollups; then it counts like a unit as long as none of the
// units it holds is held by another input (else MergeRollupOverlap, naming
// the other input; the other input is counted as usual).
//
// Year: opts.Year, or else the year most inputs have (ties: the latest).
// A report of another year is refused (MergeOtherYear), and one that gives
// no year (MergeNoYear) is refused whatever the year: it neither votes nor
// is summed.
//
// Format: opts.Template, or else the year's official format
// (TemplateForYear) unless another format meant for the year maps strictly
// more units exactly (see Report.ConvertTo); ties between other formats go
// to the newest. So 2021 and hybrid reports together roll up as hybrid
// (the three （六） rows sum into one), and a 2019-format report among 2021
// ones is refused with the cells that have no counterpart named, rather
// than dragging the roll-up back to the 2019 format. A format not meant
// for the year (2019 for 2021 on) is used only when no format meant for it
// maps any unit, so a region whose units all used the old format still
// rolls up.
//
// The same unit twice (same 单位名称 by UnitKey, and same year) is
// compared among the copies that map: copies whose figures are the same
// in the roll-up's format are summed once (the first; later ones
// MergeDuplicate); if any copy's figures differ, none is summed
// (MergeConflict, naming the other file and the first cells that differ),
// since only the clerk can tell which is right. An earlier copy refused
// for its format keeps its own reason. Totals a file stated are not
// summed; the roll-up's totals are computed from the summed cells, and
// Result holds its rules. A unit whose own tables are wrong is still
// summed (its errors are in the breakdown, listed first).
//
// The roll-up's Report.Rollup lists the units summed (those of a summed
// roll-up included).
//
// It fails only when no input is readable (ErrNothingToMerge), or when
// opts.Year is 0 and no readable input gives a year (ErrNoYear). A Merge
// with Included 0 (every unit refused) is returned, not an error, so the
// breakdown can say why.
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
		switch {
		case r.Rollup != nil && !opts.IncludeRollups:
			u.Status, u.Reason = MergeRollup, "这是本程序生成的汇总表（"+r.Rollup.Describe()+"），不计入"
		case u.Year == 0:
			u.Status, u.Reason = MergeNoYear, "报告未填年度，无法确认是哪一年度的报告"
		}
		if r.Rollup != nil {
			u.RollupUnits = len(r.Rollup.Units)
		}
		res := r.Evaluate(nil)
		u.Findings, u.Errors, u.Warnings = res.Findings, res.Errors, res.Warnings
		u.Figures = Figures{
			NewReceived:  res.computedFigure("received"),
			Processed:    res.computedFigure("processed"),
			CarryForward: res.computedFigure("carry_forward"),
			Review:       res.computedFigure("review"),
			Litigation:   res.computedFigure("litigation"),
		}
	}

	if !anyReadable(in) {
		return nil, ErrNothingToMerge
	}
	year := opts.Year
	if year == 0 {
		if year = commonYear(units); year == 0 {
			if len(units) > 0 && allRollups(units) {
				return nil, ErrOnlyRollups
			}
			return nil, ErrNoYear
		}
	}
	// Other years first: they do not vote on the format.
	for i := range units {
		u := &units[i]
		if u.Status == MergeIncluded && u.Year != year {
			u.Status = MergeOtherYear
			u.Reason = fmt.Sprintf("报告年度为%d年度，汇总的是%d年度", u.Year, year)
		}
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
	conv := func(r *Report) *conversion {
		cv := convs[r.tpl]
		if cv == nil {
			cv = newConversion(r.tpl, tpl)
			convs[r.tpl] = cv
		}
		return cv
	}
	// Copies of one unit are compared among the copies that map, so that a
	// copy refused for its format does not stand in for a later one.
	sameUnits(in, units, conv)
	if opts.IncludeRollups {
		rollupOverlaps(in, units)
	}

	out.Rollup = &Rollup{Units: []RollupUnit{}}
	summed := map[string]int{}
	for i := range units {
		u := &units[i]
		if u.Status != MergeIncluded {
			continue
		}
		r := in[i].Report
		cv := conv(r)
		if err := addInto(out, r, cv); err != nil {
			u.Status, u.Reason = MergeNoMapping, err.Error()
			continue
		}
		if r.tpl != tpl {
			u.Reason = joinReason(u.Reason, "由“"+r.tpl.Name+"”换算为“"+tpl.Name+"”")
			if f := cv.folds(r); f != "" {
				u.Reason += "，" + f
			}
		}
		if key := UnitKey(u.Unit); key != "" {
			summed[key] = i
		}
		if r.Rollup != nil {
			out.Rollup.Units = append(out.Rollup.Units, r.Rollup.Units...)
		} else {
			out.Rollup.Units = append(out.Rollup.Units, RollupUnit{Unit: r.Meta.Unit, Year: r.Meta.Year})
		}
		m.Included++
	}
	// A refused report of a unit summed from another input says so.
	for i := range units {
		u := &units[i]
		switch u.Status {
		case MergeOtherYear, MergeNoYear, MergeNoMapping:
			if j, ok := summed[UnitKey(u.Unit)]; ok && UnitKey(u.Unit) != "" {
				u.Reason += "；同一单位的" + units[j].Source + "已计入"
			}
		}
	}
	m.Result = out.Evaluate(nil)
	m.Notes = aggregateNotes(out)

	rank := func(u *MergeUnit) int {
		switch {
		case u.Status == MergeRollup:
			return 2 // not a unit: its own errors are not the roll-up's
		case u.Errors > 0, u.Status == MergeConflict:
			return 0
		case u.Status != MergeIncluded:
			return 1
		}
		return 3
	}
	slices.SortStableFunc(units, func(a, b MergeUnit) int { return rank(&a) - rank(&b) })
	m.Units = units
	return m, nil
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	return a + "；" + b
}

func allRollups(units []MergeUnit) bool {
	for _, u := range units {
		if u.Status != MergeRollup && u.Status != MergeUnreadable {
			return false
		}
	}
	return true
}

// sameUnits finds the inputs still in play that are the same unit (by
// UnitKey; roll-ups among roll-ups) and year: after the first copy that maps, a copy with the same
// figures is MergeDuplicate, one with other figures makes every copy
// MergeConflict. A copy that does not map is refused (MergeNoMapping).
func sameUnits(in []MergeInput, units []MergeUnit, conv func(*Report) *conversion) {
	first := map[string]int{}   // unit key → first copy that maps
	dupOf := map[int]int{}      // identical later copy → first copy
	clash := map[int][]int{}    // first copy → later copies that differ
	diffs := map[int][]string{} // later copy → its differences from the first
	for i := range units {
		u := &units[i]
		if u.Status != MergeIncluded {
			continue
		}
		r := in[i].Report
		cv := conv(r)
		if err := cv.check(r); err != nil {
			u.Status, u.Reason = MergeNoMapping, err.Error()
			continue
		}
		key := UnitKey(u.Unit) // "": no name, nothing to compare
		if key == "" {
			continue
		}
		if r.Rollup != nil {
			key = "rollup:" + key // a roll-up is compared with roll-ups only
		}
		j, seen := first[key]
		if !seen {
			first[key] = i
			continue
		}
		u.DuplicateOf = units[j].Source
		d := figureDiffs(in[j].Report, conv(in[j].Report), r, cv)
		if len(d) == 0 {
			u.Status = MergeDuplicate
			u.Reason = "与" + units[j].Source + "是同一单位、同一年度，数字相同，只计入一次"
			dupOf[i] = j
			continue
		}
		u.Status = MergeConflict
		u.Reason = "与" + units[j].Source + "是同一单位、同一年度，但数字不同（" + units[j].Source + " ≠ 本文件）：" +
			describeDiffs(d) + "；两份都未计入，请确认哪一份正确，去掉另一份后重新汇总"
		clash[j] = append(clash[j], i)
		diffs[i] = d
	}
	for j, later := range clash {
		u := &units[j]
		u.Status, u.DuplicateOf = MergeConflict, units[later[0]].Source
		others := units[later[0]].Source
		if len(later) > 1 {
			others += fmt.Sprintf("等%d份", len(later))
		}
		u.Reason = "与" + others + "是同一单位、同一年度，但数字不同（本文件 ≠ " + units[later[0]].Source + "）：" +
			describeDiffs(diffs[later[0]]) + "；两份都未计入，请确认哪一份正确，去掉另一份后重新汇总"
	}
	for i, j := range dupOf {
		if units[j].Status == MergeConflict {
			units[i].Status = MergeConflict
			units[i].Reason = "与" + units[j].Source + "数字相同，但同一单位的" + units[j].DuplicateOf +
				"数字不同，都未计入：请确认哪一份正确，去掉其余的后重新汇总"
		}
	}
}

// figureDiffs lists the cells of the roll-up's format where a and b (the
// same unit twice) would add different figures, in template order, as
// "表三·…·自然人：12 ≠ 15" (a's figure first). A blank cell counts as 0, as
// in the sum.
func figureDiffs(a *Report, ca *conversion, b *Report, cb *conversion) []string {
	var out []string
	for ti := range ca.terms {
		va, vb := convSum(a, ca.terms[ti]), convSum(b, cb.terms[ti])
		if va != vb {
			k := ca.to.cells[ti].Kind
			out = append(out, ca.to.cells[ti].Name()+"："+k.FormatUnits(va)+" ≠ "+k.FormatUnits(vb))
		}
	}
	return out
}

func convSum(r *Report, terms []int) int64 {
	var s int64
	for _, i := range terms {
		s += r.vals[i].n
	}
	return s
}

// describeDiffs names the first three differences and how many there are.
func describeDiffs(d []string) string {
	if len(d) <= 3 {
		return strings.Join(d, "；")
	}
	return strings.Join(d[:3], "；") + fmt.Sprintf("等%d格", len(d))
}

// rollupOverlaps refuses a roll-up still in play that holds a unit another
// input in play holds too (MergeRollupOverlap), naming the unit and the
// other input; that input is told of it but still counted (unless it is a
// roll-up refused for the same reason).
func rollupOverlaps(in []MergeInput, units []MergeUnit) {
	holders := map[string][]int{}
	for i := range units {
		if units[i].Status == MergeIncluded {
			for _, k := range unitKeys(in[i].Report) {
				holders[k] = append(holders[k], i)
			}
		}
	}
	type overlap struct {
		other int
		unit  string
	}
	found := map[int]overlap{}
	for i := range units {
		r := in[i].Report
		if units[i].Status != MergeIncluded || r.Rollup == nil {
			continue
		}
	search:
		for _, ru := range r.Rollup.Units {
			for _, h := range holders[UnitKey(ru.Unit)] {
				if h != i {
					found[i] = overlap{h, ru.Unit}
					break search
				}
			}
		}
	}
	for i := range units { // input order, so reasons read the same each run
		o, ok := found[i]
		if !ok {
			continue
		}
		u := &units[i]
		u.Status = MergeRollupOverlap
		u.Reason = "汇总表中的“" + o.unit + "”也在" + units[o.other].Source + "中，会重复计算，未计入：" +
			"请去掉其中一份后重新汇总"
		if units[o.other].Status == MergeIncluded {
			units[o.other].Reason = joinReason(units[o.other].Reason, "汇总表"+u.Source+"也含本单位，该汇总表未计入")
		}
	}
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

// commonYear is the year most readable units that give one have (ties: the
// latest); 0 if none gives one.
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

// chooseMergeTemplate picks the roll-up's format; see MergeReports.
func chooseMergeTemplate(in []MergeInput, units []MergeUnit, year int) *Template {
	official := TemplateForYear(year)
	var cands []*Template
	for _, t := range Templates() { // newest first
		if t == official {
			cands = append(cands, t)
			continue
		}
		for i := range units {
			if units[i].Status == MergeIncluded && units[i].Template == t {
				cands = append(cands, t)
				break
			}
		}
	}
	var best, fallback *Template
	bestN, fallbackN := 0, 0
	for _, t := range cands {
		n := mappedUnits(in, units, t)
		if !t.meantFor(year) {
			if n > fallbackN {
				fallback, fallbackN = t, n
			}
			continue
		}
		if n > bestN || (n == bestN && n > 0 && t == official) {
			best, bestN = t, n
		}
	}
	switch {
	case best != nil:
		return best
	case fallback != nil:
		return fallback
	case official != nil:
		return official // every unit refused
	}
	for _, mi := range in {
		if mi.Report != nil {
			return mi.Report.tpl
		}
	}
	return nil
}

// mappedUnits counts the units still in play that map exactly onto t, a
// unit sent twice once.
func mappedUnits(in []MergeInput, units []MergeUnit, t *Template) int {
	n := 0
	seen := map[string]bool{}
	convs := map[*Template]*conversion{}
	for i := range units {
		u := &units[i]
		if u.Status != MergeIncluded {
			continue
		}
		key := UnitKey(u.Unit)
		if key != "" && seen[key] {
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
			if key != "" {
				seen[key] = true
			}
		}
	}
	return n
}

// meantFor reports whether t is a format for report year y: the same test
// as META's "应使用…格式" warning.
func (t *Template) meantFor(y int) bool {
	return (t.FirstYear == 0 || y >= t.FirstYear) && (t.LastYear == 0 || y <= t.LastYear)
}

// aggregateNotes are the AGG-R1 notes: stock figures (Column.Stock:
// 现行有效件数, 2019 对外公开总数量) summed over units count a shared
// document once per unit.
func aggregateNotes(r *Report) []Finding {
	var out []Finding
	for _, tb := range r.tpl.Tables {
		for _, b := range tb.Blocks {
			for _, c := range b.Columns {
				if !c.Stock {
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
