package model

import (
	"fmt"
	"strings"
)

// Severity of a finding.
type Severity int

const (
	Info    Severity = iota // 提示
	Warning                 // 警告: may be legitimately violated; the clerk can add a 说明
	Error                   // 错误: the table is inconsistent
)

// String is the Chinese word that starts every finding line.
func (s Severity) String() string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	}
	return "提示"
}

// Code is the severity's stable English code, used in JSON.
func (s Severity) Code() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "info"
}

// ParseSeverity reads a severity code as written in template data.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown severity %q", s)
}

// A Rule is one consistency rule (勾稽关系), as template data.
//
// Kind "sum" rules check derived cells: wherever a file states a total
// (import), the stated number must equal the sum of its parts. Derived
// columns and rows name their sum rule.
//
// Kind "balance" rules are linear: Σ Left = Σ Right (or ≤ with Op "le"),
// instantiated once per column (Per "column": terms are row keys) or once per
// row (Per "row": terms are column keys) of Table. A term may start with "-"
// (subtracted) and "prev:" (taken from last year's report); a rule with a
// prev term is a cross-year rule and runs only when last year is given.
type Rule struct {
	ID string `json:"id"`
	// Short names the rule in a word or two for the clerk (勾稽不平,
	// 未填), where the ID is only a code.
	Short        string   `json:"short,omitempty"`
	SeverityName string   `json:"severity"`
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Table        string   `json:"table,omitempty"`
	Per          string   `json:"per,omitempty"`
	Rows         []string `json:"rows,omitempty"`    // per row: which rows (default all)
	Columns      []string `json:"columns,omitempty"` // per column: which columns (default all)
	Left         []string `json:"left,omitempty"`
	Right        []string `json:"right,omitempty"`
	LeftLabel    string   `json:"left_label,omitempty"`
	RightLabel   string   `json:"right_label,omitempty"`
	Op           string   `json:"op,omitempty"`      // "eq" (default) or "le"
	Balance      string   `json:"balance,omitempty"` // the term that would balance the rule, for the hint
	// SoftenOnScopeChange makes a cross-year error a warning when last year's
	// report covered a different scope (本机关 vs 汇总).
	SoftenOnScopeChange bool `json:"soften_on_scope_change,omitempty"`

	// Kind "jump" (see jump.go): the figures watched, as cell-ID patterns,
	// the ratio that is too far, and the size under which both years are noise.
	Cells []string `json:"cells,omitempty"`
	Ratio float64  `json:"ratio,omitempty"`
	Min   int64    `json:"min,omitempty"`
}

// Severity of the rule's findings.
func (r *Rule) Severity() Severity {
	s, _ := ParseSeverity(r.SeverityName) // validated by compile
	return s
}

// Built-in rules that every template has.
var (
	RuleBlank = &Rule{ID: "BLANK", Short: "未填", SeverityName: "warning", Kind: "builtin",
		Name: "未填的格按0计算；确实为0请填0"}
	RuleInput = &Rule{ID: "INPUT", Short: "输入有误", SeverityName: "error", Kind: "builtin",
		Name: "填写的内容不是有效的数字"}
	RuleMeta = &Rule{ID: "META", Short: "基本信息", SeverityName: "warning", Kind: "builtin",
		Name: "基本信息不完整或与模板不符"}
)

type term struct {
	id   CellID
	idx  int // in the current template; -1 for prev terms (looked up by ID)
	neg  bool
	prev bool
}

// check is one instance of a rule (one column of T3-R1, one stated total).
type check struct {
	rule       *Rule
	key        string // stable: "T3-R1.natural"
	where      string // 表三·自然人列
	left       []term
	right      []term
	leftLabel  string
	rightLabel string
	le         bool
	balance    *term // nil: no hint
	cells      []CellID
	kind       Kind
	cross      bool
	// computedOnly: every current-year cell is a derived total. Such a check
	// (T3-R1 on the 总计 column) is the sum of the checks on the typed
	// columns, so unless a file stated one of its totals it would only repeat
	// their findings.
	computedOnly bool
}

func (t *Template) buildChecks() error {
	rules := map[string]*Rule{}
	for _, r := range t.Rules {
		if rules[r.ID] != nil {
			return fmt.Errorf("rule %s defined twice", r.ID)
		}
		rules[r.ID] = r
	}
	// Stated totals: one check per derived cell.
	for _, c := range t.cells {
		if !c.Derived {
			continue
		}
		ruleID, where := c.Col.Rule, ""
		if len(c.Row.Sum) > 0 {
			ruleID = c.Row.Rule
			where = c.Table.Short + "·" + c.Col.FullLabel() + "列"
		} else if c.Row.Key != "" {
			where = c.Table.Short + "·" + c.Row.ShortLabel() + "行"
		} else {
			where = c.Table.Short + "·" + c.Col.Groups[len(c.Col.Groups)-1]
		}
		r := rules[ruleID]
		if r == nil || r.Kind != "sum" {
			return fmt.Errorf("%s: sum rule %q not defined", c.ID, ruleID)
		}
		ch := &check{rule: r, key: r.ID + "." + c.ID, where: where, kind: c.Kind,
			leftLabel: r.LeftLabel, rightLabel: r.RightLabel}
		ch.left = []term{{id: c.ID, idx: c.Index}}
		for _, f := range t.formulas {
			if f.cell == c.Index {
				for _, i := range f.terms {
					ch.right = append(ch.right, term{id: t.cells[i].ID, idx: i})
				}
			}
		}
		ch.balance = &ch.left[0]
		ch.cells = []CellID{c.ID}
		for _, tm := range ch.right {
			ch.cells = append(ch.cells, tm.id)
		}
		t.checks = append(t.checks, ch)
	}
	for _, r := range t.Rules {
		switch r.Kind {
		case "sum":
		case "balance":
			if err := t.expandBalance(r); err != nil {
				return fmt.Errorf("rule %s: %w", r.ID, err)
			}
		case "jump":
			if err := t.expandJump(r); err != nil {
				return fmt.Errorf("rule %s: %w", r.ID, err)
			}
		default:
			return fmt.Errorf("rule %s: unknown kind %q", r.ID, r.Kind)
		}
	}
	return nil
}

// expandBalance instantiates a linear rule for each column or row.
func (t *Template) expandBalance(r *Rule) error {
	tb := t.Table(r.Table)
	if tb == nil {
		return fmt.Errorf("table %q not found", r.Table)
	}
	type inst struct{ key, where string }
	var insts []inst
	switch r.Per {
	case "column":
		if len(tb.Blocks) != 1 {
			return fmt.Errorf("per column needs a one-block table")
		}
		for _, c := range tb.Blocks[0].Columns {
			if len(r.Columns) == 0 || contains(r.Columns, c.Key) {
				insts = append(insts, inst{c.Key, tb.Short + "·" + c.FullLabel() + "列"})
			}
		}
	case "row":
		for _, b := range tb.Blocks {
			for _, row := range b.Rows {
				if len(r.Rows) == 0 || contains(r.Rows, row.Key) {
					insts = append(insts, inst{row.Key, tb.Short + "·" + row.ShortLabel() + "行"})
				}
			}
		}
	default:
		return fmt.Errorf("per %q: want column or row", r.Per)
	}
	for _, in := range insts {
		ch := &check{rule: r, key: r.ID + "." + in.key, where: in.where,
			leftLabel: r.LeftLabel, rightLabel: r.RightLabel, le: r.Op == "le"}
		side := func(specs []string) ([]term, error) {
			var out []term
			for _, s := range specs {
				tm := term{}
				s, tm.neg = strings.CutPrefix(s, "-")
				s, tm.prev = strings.CutPrefix(s, "prev:")
				if r.Per == "column" {
					tm.id = cellID(tb.ID, s, in.key)
				} else {
					tm.id = cellID(tb.ID, in.key, s)
				}
				c, ok := t.byID[tm.id]
				if !ok {
					return nil, fmt.Errorf("cell %s not found", tm.id)
				}
				ch.kind = c.Kind
				tm.idx = c.Index
				if tm.prev {
					ch.cross = true
				} else {
					ch.cells = append(ch.cells, tm.id)
				}
				out = append(out, tm)
			}
			return out, nil
		}
		var err error
		if ch.left, err = side(r.Left); err != nil {
			return err
		}
		if ch.right, err = side(r.Right); err != nil {
			return err
		}
		ch.computedOnly = true
		for _, tm := range append(append([]term{}, ch.left...), ch.right...) {
			if !tm.prev && !t.cells[tm.idx].Derived {
				ch.computedOnly = false
			}
		}
		if r.Balance != "" {
			want := cellID(tb.ID, in.key, r.Balance)
			if r.Per == "column" {
				want = cellID(tb.ID, r.Balance, in.key)
			}
			for _, s := range []*[]term{&ch.left, &ch.right} {
				for i := range *s {
					if tm := &(*s)[i]; !tm.prev && tm.id == want {
						ch.balance = tm
					}
				}
			}
			if ch.balance == nil {
				return fmt.Errorf("balance term %q not in the rule", r.Balance)
			}
			// The cell to look at first is the one that would balance it.
			ch.cells = append([]CellID{ch.balance.id}, remove(ch.cells, ch.balance.id)...)
		}
		if ch.cross {
			t.cross = append(t.cross, ch)
		} else {
			t.checks = append(t.checks, ch)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func remove(list []string, s string) []string {
	out := make([]string, 0, len(list))
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

// builtinRules are the rules every template has, beside its own.
func builtinRules() []*Rule {
	return []*Rule{RuleBlank, RuleInput, RuleMeta, RuleNarrative, RuleFee, RuleAggregate}
}

// RuleWord names a rule of the template (or a built-in one) in words for
// the clerk: its Short, else its Name, else the code itself.
func (t *Template) RuleWord(id string) string {
	r := t.Rule(id)
	if r == nil {
		for _, b := range builtinRules() {
			if b.ID == id {
				r = b
			}
		}
	}
	switch {
	case r == nil:
		return id
	case r.Short != "":
		return r.Short
	case r.Name != "":
		return r.Name
	}
	return id
}
