package model

import (
	"fmt"
	"path"
	"strconv"
)

// Kind "jump" rules compare figures with last year's: a figure more than
// Ratio times last year's, or less than 1/Ratio of it, is worth a second
// look (a digit typed twice, a unit's scope changed). Figures where both
// years are under Min are ignored: 2 → 11 is noise, not news. Nor is a
// figure that was 0 or blank last year compared: no ratio can be had, and
// a blank last year is usually a table not filled in, not a real zero;
// likewise a figure not yet filled in this year (the BLANK rule says so).
//
// Cells lists the figures as cell-ID patterns ("t3.*.total"); a pattern's
// "*" stands for one part of the ID.

// jump is one figure a jump rule watches.
type jump struct {
	rule *Rule
	cell *Cell
}

func (t *Template) expandJump(r *Rule) error {
	if r.Ratio <= 1 {
		return fmt.Errorf("ratio %v: want more than 1", r.Ratio)
	}
	for _, pat := range r.Cells {
		if _, err := path.Match(pat, ""); err != nil {
			return fmt.Errorf("cell pattern %q: %w", pat, err)
		}
		n := 0
		for _, c := range t.cells {
			// path.Match's "*" stops at "/", so the ID's dots become slashes.
			if ok, _ := path.Match(slashed(pat), slashed(c.ID)); ok {
				t.jumps = append(t.jumps, jump{rule: r, cell: c})
				n++
			}
		}
		if n == 0 {
			return fmt.Errorf("no cell matches %q", pat)
		}
	}
	return nil
}

func slashed(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '.' {
			b[i] = '/'
		}
	}
	return string(b)
}

// jumpFindings warns of figures far from last year's. Last year's report
// may be in another format: figures it does not have are skipped.
func (res *Result) jumpFindings(r *Report, prev *Result) {
	for _, j := range res.tpl.jumps {
		id := j.cell.ID
		last, ok := prev.Lookup(id)
		if !ok {
			continue
		}
		now := res.eff[j.cell.Index]
		if max(now, last) < j.rule.Min || now < 0 || last <= 0 || now == 0 && r.unfilled(j.cell.Index) {
			continue
		}
		k := j.cell.Kind
		msg := "本年" + k.FormatUnits(now) + "，上年" + k.FormatUnits(last)
		switch r := j.rule.Ratio; {
		case now == 0:
			msg += "，本年为0"
		case float64(now) > r*float64(last):
			msg += "，是上年的" + ratio(now, last) + "倍"
		case float64(now)*r < float64(last):
			msg += "，" + percentOf(now, last)
		default:
			continue
		}
		res.Findings = append(res.Findings, Finding{Severity: j.rule.Severity(), Rule: j.rule.ID,
			Key: j.rule.ID + "." + id, Where: j.cell.Name(), Message: msg + "，请核对；如属实可填写说明",
			Cells: []CellID{id}})
	}
}

// ratio formats now/last with one decimal: 10.4.
func ratio(now, last int64) string {
	return strconv.FormatFloat(float64(now)/float64(last), 'f', 1, 64)
}

// percentOf says how small now is beside last: 约为上年的8%.
func percentOf(now, last int64) string {
	p := float64(now) * 100 / float64(last)
	if p < 1 {
		return "不到上年的1%"
	}
	return "约为上年的" + strconv.FormatFloat(p, 'f', 0, 64) + "%"
}

// unfilled reports whether nothing was entered for cell i: a typed cell
// left blank, or a total all of whose parts are.
func (r *Report) unfilled(i int) bool {
	if !r.vals[i].IsBlank() {
		return false
	}
	for _, f := range r.tpl.formulas {
		if f.cell == i {
			for _, t := range f.terms {
				if !r.unfilled(t) {
					return false
				}
			}
		}
	}
	return true
}
