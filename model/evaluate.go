package model

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A Finding is one problem the rules found, in plain Chinese, pointing at
// its cells.
type Finding struct {
	Severity Severity
	Rule     string   // T3-R1, BLANK, INPUT …
	Key      string   // stable per rule instance; 说明 are stored under it
	Where    string   // 表三·自然人列
	Message  string   // 第一项+第二项=842，第三项+第四项=841，相差1；…
	Cells    []CellID // involved cells; the first is the one to go to
	Note     string   // the clerk's 说明, if any
	// Narrative, for a finding about the text, is the key of the section
	// it is in; At and End are the bytes of its sentence there (both 0:
	// the section as a whole).
	Narrative string
	At, End   int
}

// String is the one-line form used by the command line:
// 错误 T3-R1 表三·自然人列：第一项+第二项=842，第三项+第四项=841，相差1
func (f Finding) String() string {
	s := f.Severity.String() + " " + f.Rule + " " + f.Where + "：" + f.Message
	if f.Note != "" {
		s += "（说明：" + f.Note + "）"
	}
	return s
}

// Result is a report evaluated: every total computed and every rule checked.
type Result struct {
	tpl      *Template
	eff      []int64 // as the report stands: typed, stated or computed
	computed []int64 // derived cells computed from the typed cells
	sides    []side  // per check of the template (checks, then cross checks)
	prev     *Result // last year's, if given
	Findings []Finding
	Errors   int
	Warnings int
	Infos    int
}

// Value is the cell's number as the table stands (0 for blank): typed, or for
// a total the stated number if a file stated one, else the computed sum.
func (res *Result) Value(id CellID) int64 {
	if c, ok := res.tpl.byID[id]; ok {
		return res.eff[c.Index]
	}
	return 0
}

// Lookup is Value for a cell the template may not have (last year's report
// in another format): ok is false if it has no such cell.
func (res *Result) Lookup(id CellID) (v int64, ok bool) {
	c, ok := res.tpl.byID[id]
	if !ok {
		return 0, false
	}
	return res.eff[c.Index], true
}

// Prev is last year's result, or nil if last year's report was not given.
func (res *Result) Prev() *Result { return res.prev }

// Computed is the cell's number computed from typed cells only.
func (res *Result) Computed(id CellID) int64 {
	if c, ok := res.tpl.byID[id]; ok {
		return res.computed[c.Index]
	}
	return 0
}

// Display formats Value in the cell's kind.
func (res *Result) Display(id CellID) string {
	if c, ok := res.tpl.byID[id]; ok {
		return c.Kind.FormatUnits(res.eff[c.Index])
	}
	return ""
}

// Sides returns the two sums of a rule instance (e.g. "T3-R1.natural":
// 一+二 and 三+四), whether or not it holds.
func (res *Result) Sides(key string) (left, right int64, ok bool) {
	i, found := res.tpl.checkIdx[key]
	if !found {
		return 0, 0, false
	}
	s := res.sides[i]
	return s.l, s.r, s.ok
}

type side struct {
	l, r int64
	ok   bool
}

// FindingsFor lists the findings that involve a cell.
func (res *Result) FindingsFor(id CellID) []Finding {
	var out []Finding
	for _, f := range res.Findings {
		for _, c := range f.Cells {
			if c == id {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Evaluate computes every total and checks every rule. prev, if not nil, is
// last year's report of the same unit and enables the cross-year rules.
func (r *Report) Evaluate(prev *Report) *Result {
	t := r.tpl
	n := len(t.cells)
	buf := make([]int64, 2*n)
	res := &Result{tpl: t, eff: buf[:n], computed: buf[n:], sides: make([]side, len(t.checks)+len(t.cross))}
	for i, v := range r.vals {
		res.computed[i] = v.n
		res.eff[i] = v.n
	}
	for _, f := range t.formulas {
		var s int64
		for _, i := range f.terms {
			s += res.computed[i]
		}
		res.computed[f.cell] = s
		if r.vals[f.cell].IsBlank() {
			res.eff[f.cell] = s
		}
	}

	// Input errors first: they are the clerk's most direct fix, and a rule
	// broken by a rejected (blank-counted) cell heals with it.
	res.inputFindings(r)
	for ci, ch := range t.checks {
		if ch.rule.Kind == "sum" && !r.stated(ch.left[0].idx) {
			continue // nothing stated: the total is computed and holds by construction
		}
		l, rt := res.sum(ch.left, nil), res.sum(ch.right, nil)
		res.sides[ci] = side{l, rt, true}
		if ch.computedOnly && !r.anyStated(ch) {
			continue // sides kept for display; the typed columns' checks speak
		}
		res.judge(r, ch, ch.rule.Severity(), l, rt)
	}
	if prev != nil {
		pres := prev.Evaluate(nil)
		res.prev = pres
		for ci, ch := range t.cross {
			if !ch.available(prev) || (ch.computedOnly && !r.anyStated(ch)) {
				continue
			}
			l, rt := res.sum(ch.left, pres), res.sum(ch.right, pres)
			res.sides[len(t.checks)+ci] = side{l, rt, true}
			sev := ch.rule.Severity()
			if ch.rule.SoftenOnScopeChange && sev == Error && prev.Meta.Scope != r.Meta.Scope {
				sev = Warning
			}
			res.judge(r, ch, sev, l, rt)
		}
		res.jumpFindings(r, pres)
	}
	res.blankFindings(r)
	res.metaFindings(r)
	res.narrativeFindings(r)

	slices.SortStableFunc(res.Findings, func(a, b Finding) int { return int(b.Severity) - int(a.Severity) })
	for i := range res.Findings {
		f := &res.Findings[i]
		f.Note = r.Notes[f.Key]
		switch f.Severity {
		case Error:
			res.Errors++
		case Warning:
			res.Warnings++
		default:
			res.Infos++
		}
	}
	return res
}

func (r *Report) anyStated(ch *check) bool {
	for _, s := range [][]term{ch.left, ch.right} {
		for _, tm := range s {
			if !tm.prev && r.stated(tm.idx) {
				return true
			}
		}
	}
	return false
}

// sum adds a side of a rule; prev terms come from last year's result.
func (res *Result) sum(terms []term, prev *Result) int64 {
	var s int64
	for _, tm := range terms {
		var v int64
		if tm.prev {
			v = prev.Value(tm.id)
		} else {
			v = res.eff[tm.idx]
		}
		if tm.neg {
			v = -v
		}
		s += v
	}
	return s
}

// available reports whether last year's template has every prev cell (a 2019
// 表二 has no 现行有效件数, so X-R2 cannot be checked against it).
func (ch *check) available(prev *Report) bool {
	for _, s := range [][]term{ch.left, ch.right} {
		for _, tm := range s {
			if _, ok := prev.tpl.byID[tm.id]; tm.prev && !ok {
				return false
			}
		}
	}
	return true
}

// judge adds a finding if the check fails.
func (res *Result) judge(r *Report, ch *check, sev Severity, l, rt int64) {
	k := ch.kind
	var msg strings.Builder
	if ch.le {
		if l <= rt {
			return
		}
		msg.WriteString(ch.leftLabel + "=" + k.FormatUnits(l) + "，超过" + ch.rightLabel + "=" +
			k.FormatUnits(rt) + "，多" + k.FormatUnits(l-rt))
	} else {
		if l == rt {
			return
		}
		d := l - rt
		if d < 0 {
			d = -d
		}
		msg.WriteString(ch.leftLabel + "=" + k.FormatUnits(l) + "，" + ch.rightLabel + "=" +
			k.FormatUnits(rt) + "，相差" + k.FormatUnits(d))
		if b := ch.balance; b != nil {
			c := res.tpl.cells[b.idx]
			// Only a typed cell can be corrected by typing; a stated total
			// is named only by its own sum rule (the fix is its sum).
			if !c.Derived || ch.rule.Kind == "sum" {
				cur := res.eff[b.idx]
				want := cur + rt - l // balance on the left
				if inRight(ch, b) {
					want = cur + l - rt
				}
				if b.neg {
					want = 2*cur - want
				}
				if want >= 0 || c.Kind.Type == Signed {
					msg.WriteString("；" + c.Name() + " 应为 " + c.Kind.FormatUnits(want))
				}
			}
		}
	}
	res.Findings = append(res.Findings, Finding{Severity: sev, Rule: ch.rule.ID, Key: ch.key,
		Where: ch.where, Message: msg.String(), Cells: ch.cells})
}

func inRight(ch *check, b *term) bool {
	for i := range ch.right {
		if &ch.right[i] == b {
			return true
		}
	}
	return false
}

// inputFindings reports every cell whose text was rejected.
func (res *Result) inputFindings(r *Report) {
	if len(r.raw) == 0 {
		return
	}
	idx := make([]int, 0, len(r.raw))
	for i := range r.raw {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		c := res.tpl.cells[i]
		_, err := c.Kind.Parse(r.raw[i])
		msg := "填写的内容无效"
		if err != nil {
			msg = err.Error()
		}
		res.Findings = append(res.Findings, Finding{Severity: RuleInput.Severity(), Rule: RuleInput.ID,
			Key: RuleInput.ID + "." + c.ID, Where: c.Name(), Message: msg + "（已保留原文，改正前按空白计算）",
			Cells: []CellID{c.ID}})
	}
}

// blankFindings makes one 未填 warning per table row that has unfilled
// typed cells, naming them; a row of 7 columns is one finding, not 6. A
// wholly blank row (every row of a new draft) costs no allocation.
func (res *Result) blankFindings(r *Report) {
	t := res.tpl
	for ri, cells := range t.blankRow {
		nblank := 0
		for _, i := range cells {
			if r.vals[i].IsBlank() && r.raw[i] == "" {
				nblank++
			}
		}
		if nblank == 0 {
			continue
		}
		f := Finding{Severity: Warning, Rule: RuleBlank.ID, Key: t.rowBlankKey[ri], Where: t.rowWhere[ri],
			Message: "整行未填，按0计算；确实为0请填0", Cells: t.rowCellIDs[ri]}
		if nblank < len(cells) {
			blank := make([]CellID, 0, nblank)
			var names []string
			for _, i := range cells {
				if r.vals[i].IsBlank() && r.raw[i] == "" {
					blank = append(blank, t.cells[i].ID)
					names = append(names, t.cells[i].Col.FullLabel())
				}
			}
			f.Cells = blank
			f.Message = strings.Join(names, "、") + " 未填（" + strconv.Itoa(nblank) + "格），按0计算；确实为0请填0"
		}
		res.Findings = append(res.Findings, f)
	}
}

// metaFindings checks the 基本信息 that a submission cannot do without.
func (res *Result) metaFindings(r *Report) {
	add := func(key, msg string) {
		res.Findings = append(res.Findings, Finding{Severity: RuleMeta.Severity(), Rule: RuleMeta.ID,
			Key: RuleMeta.ID + "." + key, Where: "基本信息", Message: msg})
	}
	t := res.tpl
	if strings.TrimSpace(r.Meta.Unit) == "" {
		add("unit", "单位名称未填")
	}
	y := r.Meta.Year
	switch {
	case y == 0:
		add("year", "报告年度未填")
	case (t.FirstYear != 0 && y < t.FirstYear) || (t.LastYear != 0 && y > t.LastYear):
		if want := TemplateForYear(y); want != nil {
			add("year", strconv.Itoa(y)+"年度报告应使用"+want.Name+"格式，当前为"+t.Name)
		} else {
			add("year", strconv.Itoa(y)+"年度没有对应的报告格式")
		}
	}
}
