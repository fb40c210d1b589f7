package model

import (
	"fmt"
	"path"
	"strconv"
	"strings"
)

// A Figure is a number of the tables that report texts state: a cell or a
// sum of cells (不予公开 is the sum of its eight rows), named for the clerk.
// The narrative check (N-R1) compares the texts with figures, the editor
// offers them for insertion so that nobody retypes them, and the roll-up's
// breakdown lists each unit's main figures.
type Figure struct {
	ID    string   // stable: "received", "granted_partial", "normative_issued"
	Label string   // 本年新收申请总数
	Value int64    // as the tables stand (Result.Value of its cells, summed)
	Unit  string   // 件
	Cells []CellID // the cells summed
}

// Text is the number as a narrative writes it: 835.
func (f Figure) Text() string { return strconv.FormatInt(f.Value, 10) }

// A FigureDef defines a figure in template data: its ID, which the program
// knows it by (the narrative check's phrases name figures, not cells), its
// label ("" takes the first cell's name) and the cells summed. A cell entry
// is a cell ID or a pattern whose "*" stands for (part of) one part of the
// ID, summing every matching cell ("t3.denied_*.total": the rows of a
// category). Every entry must name at least one count cell of the
// template, or the template does not load.
type FigureDef struct {
	ID    string   `json:"id"`
	Label string   `json:"label,omitempty"`
	Cells []string `json:"cells"`

	cells []CellID // resolved
}

// breakdownFigures are the figures the roll-up's breakdown lists for each
// unit (Figures): every template must define them.
var breakdownFigures = []string{"received", "processed", "carry_forward", "review", "litigation"}

// compileFigures resolves the figures' cells and the sentences'
// placeholders; a name that does not resolve is a load error.
func (t *Template) compileFigures() error {
	t.figureByID = map[string]*FigureDef{}
	for _, d := range t.Figures {
		if d.ID == "" || t.figureByID[d.ID] != nil {
			return fmt.Errorf("figure %q: id empty or twice", d.ID)
		}
		if len(d.Cells) == 0 {
			return fmt.Errorf("figure %s: no cells", d.ID)
		}
		d.cells = nil
		for _, term := range d.Cells {
			ids, err := t.matchCells(term)
			if err != nil {
				return fmt.Errorf("figure %s: %w", d.ID, err)
			}
			for _, id := range ids {
				if c := t.byID[id]; c.Kind.Type != Count {
					return fmt.Errorf("figure %s: cell %s is not a count", d.ID, id)
				}
			}
			d.cells = append(d.cells, ids...)
		}
		t.figureByID[d.ID] = d
	}
	for _, id := range breakdownFigures {
		if t.figureByID[id] == nil {
			return fmt.Errorf("figure %q not defined (the roll-up's breakdown lists it)", id)
		}
	}
	for i, s := range t.Sentences {
		if !t.narrKeys[s.Narrative] {
			return fmt.Errorf("sentence %d: narrative %q not found", i+1, s.Narrative)
		}
		parts, err := parseSentence(s.Text)
		if err != nil {
			return fmt.Errorf("sentence %d: %w", i+1, err)
		}
		for _, p := range parts {
			if p.figure != "" && t.figureByID[p.figure] == nil {
				return fmt.Errorf("sentence %d: figure {%s} not defined", i+1, p.figure)
			}
		}
		s.parts = parts
	}
	return nil
}

// matchCells resolves a cell ID, or a pattern with "*" (see FigureDef), to
// the template's cells in template order; an error if none.
func (t *Template) matchCells(pat string) ([]CellID, error) {
	if !strings.Contains(pat, "*") {
		if _, ok := t.byID[pat]; !ok {
			return nil, fmt.Errorf("cell %s not found", pat)
		}
		return []CellID{pat}, nil
	}
	if _, err := path.Match(pat, ""); err != nil {
		return nil, fmt.Errorf("cell pattern %q: %w", pat, err)
	}
	var out []CellID
	for _, c := range t.cells {
		// path.Match's "*" stops at "/", so the ID's dots become slashes.
		if ok, _ := path.Match(slashed(pat), slashed(c.ID)); ok {
			out = append(out, c.ID)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no cell matches %q", pat)
	}
	return out, nil
}

// FigureCells are the cells a figure sums; nil if the template does not
// define it (the 2019 表二 has no 本年废止件数).
func (t *Template) FigureCells(id string) []CellID {
	if d := t.figureByID[id]; d != nil {
		return d.cells
	}
	return nil
}

// Figures lists the figures the template has, with their values, in the
// order offered to the clerk (the template's order).
func (res *Result) Figures() []Figure {
	out := make([]Figure, 0, len(res.tpl.Figures))
	for _, d := range res.tpl.Figures {
		f, _ := res.figure(d.ID)
		out = append(out, f)
	}
	return out
}

// Figure looks one figure up by ID.
func (res *Result) Figure(id string) (Figure, bool) { return res.figure(id) }

func (res *Result) figure(id string) (Figure, bool) {
	d := res.tpl.figureByID[id]
	if d == nil {
		return Figure{}, false
	}
	f := Figure{ID: d.ID, Label: d.Label, Unit: "件", Cells: d.cells}
	if f.Label == "" {
		f.Label = res.tpl.byID[d.cells[0]].Name()
	}
	for _, id := range d.cells {
		f.Value += res.Value(id)
	}
	return f, true
}

// computedFigure is a figure computed from the typed cells only (a total a
// file stated is not used); 0 if the template does not define it.
func (res *Result) computedFigure(id string) int64 {
	var v int64
	for _, c := range res.tpl.FigureCells(id) {
		v += res.Computed(c)
	}
	return v
}

// A Sentence is a ready-made sentence stating figures, for the narrative
// section it suits.
type Sentence struct {
	Key   string // narrative key: "overview.requests"
	Label string // what it says, for a menu
	Text  string
}

// A SentenceDef is a ready-made sentence in template data: the narrative
// section or part it suits, a label for the menu, and its text, where
// {id} stands for the figure id's number. Every figure named must be
// defined by the template.
type SentenceDef struct {
	Narrative string `json:"narrative"`
	Label     string `json:"label"`
	Text      string `json:"text"`

	parts []sentencePart
}

// sentencePart is a piece of a sentence's text or a figure's number.
type sentencePart struct {
	text, figure string
}

func parseSentence(s string) ([]sentencePart, error) {
	var out []sentencePart
	for s != "" {
		i := strings.IndexAny(s, "{}")
		if i < 0 {
			out = append(out, sentencePart{text: s})
			break
		}
		if s[i] == '}' {
			return nil, fmt.Errorf("unmatched } in %q", s)
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return nil, fmt.Errorf("unmatched { in %q", s)
		}
		if i > 0 {
			out = append(out, sentencePart{text: s[:i]})
		}
		out = append(out, sentencePart{figure: s[i+1 : i+j]})
		s = s[i+j+1:]
	}
	return out, nil
}

// Sentences are the template's ready-made sentences with the figures of
// the tables filled in. Each passes N-R1 by construction (tested).
func (res *Result) Sentences() []Sentence {
	out := make([]Sentence, 0, len(res.tpl.Sentences))
	for _, d := range res.tpl.Sentences {
		var b strings.Builder
		for _, p := range d.parts {
			if p.figure == "" {
				b.WriteString(p.text)
				continue
			}
			f, _ := res.figure(p.figure)
			b.WriteString(f.Text())
		}
		out = append(out, Sentence{Key: d.Narrative, Label: d.Label, Text: b.String()})
	}
	return out
}
