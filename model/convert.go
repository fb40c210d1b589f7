package model

import (
	"fmt"
	"strings"
)

// A conversion maps the typed cells of one template onto another where the
// mapping is exact, for the roll-up (汇总) of reports made in different
// formats. Two rules, both read from the template data, not hard-coded:
//
//   - a cell with the same ID and the same kind and unit is the same figure
//     (IDs of unchanged cells are kept across format years);
//   - a target row that is a group of rows in the source is their sum: the
//     2019 single row “（六）其他处理” is the sum of the 2021 rows grouped
//     under “（六）其他处理” (1. 逾期不补正, 2. 逾期未缴费, 3. 其他).
//
// Everything else has no exact counterpart (2019 表二 本年新制作数量 versus
// 2021 本年制发件数; the 2019 single （六） row cannot be split into three):
// a source cell holding a value there makes the report unconvertible.
type conversion struct {
	from, to *Template
	terms    [][]int // per target cell index: source cell indexes summed
	lost     []int   // typed source cells with no exact target
}

func newConversion(from, to *Template) *conversion {
	cv := &conversion{from: from, to: to, terms: make([][]int, len(to.cells))}
	used := make([]bool, len(from.cells))
	for _, tc := range to.cells {
		if tc.Derived {
			continue
		}
		if sc, ok := from.byID[tc.ID]; ok {
			if !sc.Derived && sc.Kind == tc.Kind {
				cv.terms[tc.Index] = []int{sc.Index}
				used[sc.Index] = true
			}
			continue
		}
		// A target row named like a group of source rows sums them.
		stb := from.Table(tc.Table.ID)
		if stb == nil {
			continue
		}
		path := append(normLabels(tc.Row.Groups), NormalizeLabel(tc.Row.Label))
		for _, sb := range stb.Blocks {
			for _, sr := range sb.Rows {
				if len(sr.Sum) > 0 || !equalStrings(normLabels(sr.Groups), path) {
					continue
				}
				sc, ok := from.byID[cellID(stb.ID, sr.Key, tc.Col.Key)]
				if ok && !sc.Derived && sc.Kind == tc.Kind {
					cv.terms[tc.Index] = append(cv.terms[tc.Index], sc.Index)
					used[sc.Index] = true
				}
			}
		}
	}
	for _, sc := range from.cells {
		if !sc.Derived && !used[sc.Index] {
			cv.lost = append(cv.lost, sc.Index)
		}
	}
	return cv
}

func normLabels(ls []string) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = NormalizeLabel(l)
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// check returns nil if every filled cell of r has an exact counterpart, else
// a Chinese reason naming the cells that have none.
func (cv *conversion) check(r *Report) error {
	var names []string
	n := 0
	for _, i := range cv.lost {
		_, bad := r.raw[i]
		if r.vals[i].IsBlank() && !bad {
			continue
		}
		n++
		if len(names) < 3 {
			names = append(names, cv.from.cells[i].Name())
		}
	}
	if n == 0 {
		return nil
	}
	more := ""
	if n > len(names) {
		more = fmt.Sprintf("等%d格", n)
	}
	return fmt.Errorf("“%s”格式的%s%s在“%s”格式中没有完全对应的栏目，无法准确换算",
		cv.from.Name, strings.Join(names, "、"), more, cv.to.Name)
}

// folds says, in Chinese, which rows the conversion sums into one ("" if
// none), for the breakdown.
func (cv *conversion) folds(r *Report) string {
	var rows []string
	seen := map[*Row]bool{}
	for ti, terms := range cv.terms {
		if len(terms) < 2 {
			continue
		}
		filled := false
		for _, i := range terms {
			filled = filled || !r.vals[i].IsBlank()
		}
		if row := cv.to.cells[ti].Row; filled && !seen[row] {
			seen[row] = true
			rows = append(rows, cv.to.cells[ti].Table.Short+"“"+row.Label+"”")
		}
	}
	if len(rows) == 0 {
		return ""
	}
	return "按" + strings.Join(rows, "、") + "合并各分项"
}

// ConvertTo returns r in template t: every typed cell mapped exactly (see
// conversion), narrative and 基本信息 kept, totals computed (stated totals
// are dropped: they described the old layout). Text that did not parse is
// kept where the cell maps one to one. An error (Chinese) names the filled
// cells that have no exact counterpart in t; r itself is never changed.
func (r *Report) ConvertTo(t *Template) (*Report, error) {
	if t == r.tpl {
		return r.Clone(), nil
	}
	cv := newConversion(r.tpl, t)
	if err := cv.check(r); err != nil {
		return nil, err
	}
	out := NewReport(t)
	out.Meta = r.Meta
	out.Rollup = r.Rollup.clone()
	for k, v := range r.Narrative {
		if t.narrKeys[k] {
			out.Narrative[k] = v
		}
	}
	for k, v := range r.Notes {
		out.Notes[k] = v
	}
	for ti, terms := range cv.terms {
		var sum int64
		set := false
		for _, i := range terms {
			if v := r.vals[i]; !v.IsBlank() {
				sum += v.n
				set = true
			}
		}
		if set {
			out.vals[ti] = FromUnits(sum)
		}
		if len(terms) == 1 {
			if raw, bad := r.raw[terms[0]]; bad {
				out.raw[ti] = raw
			}
		}
	}
	return out, nil
}
