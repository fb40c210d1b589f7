package model

import (
	"strconv"
	"strings"
)

// A Figure is a number of the tables that report texts state: a cell or a
// sum of cells (不予公开 is the sum of its eight rows), named for the clerk.
// The narrative check (N-R1) compares the texts with figures, and the
// editor offers them for insertion so that nobody retypes them.
type Figure struct {
	ID    string   // stable: "received", "granted_partial", "normative_issued"
	Label string   // 本年新收申请总数
	Value int64    // as the tables stand (Result.Value of its cells, summed)
	Unit  string   // 件
	Cells []CellID // the cells summed
}

// Text is the number as a narrative writes it: 835.
func (f Figure) Text() string { return strconv.FormatInt(f.Value, 10) }

// figureDef defines a figure by its terms. A term is a cell ID, alternatives
// separated by "|" (the first the template has is taken: 2019 names 制发
// "made"), or a pattern with one "*" that sums every matching cell (the
// rows of a category). Label "" takes the cell's name.
type figureDef struct {
	id, label string
	terms     []string
}

var figureDefs = []figureDef{
	{"received", "本年新收申请总数", []string{"t3.new_received.total"}},
	{"carried_over", "上年结转申请数", []string{"t3.carried_over.total"}},
	{"received_all", "本年新收与上年结转合计", []string{"t3.new_received.total", "t3.carried_over.total"}},
	{"processed", "本年度办理结果总计（（七）总计）", []string{"t3.total_processed.total"}},
	{"granted", "予以公开", []string{"t3.granted.total"}},
	{"partial", "部分公开", []string{"t3.partial.total"}},
	{"granted_partial", "予以公开和部分公开合计", []string{"t3.granted.total", "t3.partial.total"}},
	{"denied", "不予公开合计", []string{"t3.denied_*.total"}},
	{"unable", "无法提供合计", []string{"t3.unable_*.total"}},
	{"notproc", "不予处理合计", []string{"t3.notproc_*.total"}},
	{"other_handled", "其他处理合计", []string{"t3.other*.total"}},
	{"no_fee", "逾期未缴纳信息处理费不再处理的申请", []string{"t3.other_no_fee.total"}},
	{"carry_forward", "结转下年度继续办理", []string{"t3.carry_forward.total"}},
	{"review", "行政复议总数", []string{"t4.review_total"}},
	{"review_correct", "行政复议结果纠正", []string{"t4.review_correct"}},
	{"litigation", "行政诉讼总数（直接起诉＋复议后起诉）", []string{"t4.lit_direct_total", "t4.lit_after_review_total"}},
	{"lit_direct", "未经复议直接起诉总数", []string{"t4.lit_direct_total"}},
	{"lit_after_review", "复议后起诉总数", []string{"t4.lit_after_review_total"}},
	{"review_litigation", "行政复议和行政诉讼合计", []string{"t4.review_total", "t4.lit_direct_total", "t4.lit_after_review_total"}},
	{"normative_issued", "", []string{"t2.normative.issued|t2.normative.made"}},
	{"normative_repealed", "", []string{"t2.normative.repealed"}},
	{"normative_published", "", []string{"t2.normative.published"}},
	{"normative_valid", "", []string{"t2.normative.valid|t2.normative.total_public"}},
	{"rules_issued", "", []string{"t2.rules.issued|t2.rules.made"}},
	{"rules_repealed", "", []string{"t2.rules.repealed"}},
	{"rules_published", "", []string{"t2.rules.published"}},
	{"rules_valid", "", []string{"t2.rules.valid|t2.rules.total_public"}},
	{"license", "", []string{"t2.license.decisions"}},
	{"penalty", "", []string{"t2.penalty.decisions"}},
	{"coercion", "", []string{"t2.coercion.decisions"}},
}

// figureCells resolves a definition in a template; nil if the template
// lacks a term (2019 has no 本年废止件数).
func (t *Template) figureCells(d figureDef) []CellID {
	var out []CellID
	for _, term := range d.terms {
		if pre, suf, wild := strings.Cut(term, "*"); wild {
			n := len(out)
			for _, c := range t.cells {
				if strings.HasPrefix(c.ID, pre) && strings.HasSuffix(c.ID, suf) && len(c.ID) > len(pre)+len(suf) {
					out = append(out, c.ID)
				}
			}
			if len(out) == n {
				return nil
			}
			continue
		}
		found := false
		for _, id := range strings.Split(term, "|") {
			if c, ok := t.byID[id]; ok && c.Kind.Type == Count {
				out, found = append(out, id), true
				break
			}
		}
		if !found {
			return nil
		}
	}
	return out
}

// resolveFigures resolves every figure definition once, at compile.
func (t *Template) resolveFigures() {
	t.figures = map[string][]CellID{}
	for _, d := range figureDefs {
		if cells := t.figureCells(d); cells != nil {
			t.figures[d.id] = cells
		}
	}
}

// Figures lists the figures the template has, with their values, in the
// order offered to the clerk (表三, 表四, then 表二).
func (res *Result) Figures() []Figure {
	var out []Figure
	for _, d := range figureDefs {
		if f, ok := res.figure(d.id); ok {
			out = append(out, f)
		}
	}
	return out
}

// Figure looks one figure up by ID.
func (res *Result) Figure(id string) (Figure, bool) { return res.figure(id) }

func (res *Result) figure(id string) (Figure, bool) {
	for _, d := range figureDefs {
		if d.id != id {
			continue
		}
		cells := res.tpl.figures[d.id]
		if cells == nil {
			return Figure{}, false
		}
		f := Figure{ID: d.id, Label: d.label, Unit: "件", Cells: cells}
		if f.Label == "" {
			f.Label = res.tpl.byID[cells[0]].Name()
		}
		for _, id := range cells {
			f.Value += res.Value(id)
		}
		return f, true
	}
	return Figure{}, false
}

// A Sentence is a ready-made sentence stating figures, for the narrative
// section it suits.
type Sentence struct {
	Key   string // narrative key: "overview.requests"
	Label string // what it says, for a menu
	Text  string
}

// Sentences are the usual sentences of the narrative with the figures of
// the tables filled in. Each passes N-R1 by construction (tested).
func (res *Result) Sentences() []Sentence {
	v := func(id string) string {
		f, _ := res.figure(id)
		return f.Text()
	}
	var out []Sentence
	if _, ok := res.figure("denied"); ok {
		s := "本年度共收到政府信息公开申请" + v("received") + "件，上年结转" + v("carried_over") + "件；予以公开" +
			v("granted") + "件，部分公开" + v("partial") + "件，不予公开" + v("denied") + "件，无法提供" +
			v("unable") + "件，不予处理" + v("notproc") + "件，其他处理" + v("other_handled") +
			"件；结转下年度继续办理" + v("carry_forward") + "件。"
		out = append(out, Sentence{"overview.requests", "依申请公开：收到、办理和结转的申请数", s})
	}
	if _, ok := res.figure("review"); ok {
		out = append(out, Sentence{"overview.requests", "行政复议和行政诉讼数",
			"本年度因政府信息公开被申请行政复议" + v("review") + "件，被提起行政诉讼" + v("litigation") + "件。"})
	}
	if _, ok := res.figure("normative_repealed"); ok {
		out = append(out, Sentence{"overview.management", "行政规范性文件：制发、废止、现行有效",
			"本年度制发行政规范性文件" + v("normative_issued") + "件，废止" + v("normative_repealed") +
				"件，现行有效" + v("normative_valid") + "件。"})
	} else if _, ok := res.figure("normative_published"); ok {
		out = append(out, Sentence{"overview.management", "规范性文件：新制作、新公开、对外公开总数",
			"本年度新制作规范性文件" + v("normative_issued") + "件，新公开" + v("normative_published") +
				"件，对外公开总数" + v("normative_valid") + "件。"})
	}
	out = append(out, Sentence{"other.fee", "未收取信息处理费", "本年度未收取政府信息公开信息处理费。"})
	return out
}
