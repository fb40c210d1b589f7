package model

import (
	"fmt"
	"slices"
	"strings"
)

// CellID names one cell of a report: "t3.new_received.natural",
// "t2.fee.amount", "t4.review_total". IDs are the contract between the model,
// files, tests and the command line; they never change once published.
type CellID = string

// A Template is one official format of the annual report: its tables (as
// data, loaded from templates/*.json), its narrative sections and its
// consistency rules. Templates are immutable once loaded.
type Template struct {
	ID    string `json:"id"`    // "2021", "2019", "hybrid"
	Name  string `json:"name"`  // shown to the clerk
	Basis string `json:"basis"` // the notice that issued it
	// FirstYear and LastYear bound the report years the format is meant for
	// (0: open). A hybrid has both 0: it is chosen by detection, not by year.
	FirstYear int `json:"first_year"`
	LastYear  int `json:"last_year"`
	// Default marks the template picked for years in its range.
	Default   bool         `json:"default"`
	Tables    []*Table     `json:"tables"`
	Narrative []*Narrative `json:"narrative"`
	// Figures name the numbers of the tables that texts state, for the
	// narrative check, the 插入数字… menu and the roll-up's breakdown
	// (figures.go); Sentences are ready-made sentences stating them.
	Figures   []*FigureDef   `json:"figures"`
	Sentences []*SentenceDef `json:"sentences,omitempty"`
	// CarryForward links one year's report to the next (nextyear.go).
	CarryForward *CarryLink `json:"carry_forward"`
	Rules        []*Rule    `json:"rules"`

	cells       []*Cell
	byID        map[CellID]*Cell
	formulas    []formula
	checks      []*check
	cross       []*check // need last year's report
	jumps       []jump   // figures compared with last year's
	checkIdx    map[string]int
	blankRow    [][]int // typed cells of each table row, for 未填 findings
	rowWhere    []string
	rowBlankKey []string
	rowCellIDs  [][]CellID
	narrKeys    map[string]bool
	narrByKey   map[string]*Narrative
	figureByID  map[string]*FigureDef // see figures.go
	carry       carry                 // see nextyear.go
	// dependents lists, per cell, the derived cells whose sums include it
	// (directly or through another total).
	dependents [][]int
}

// A Table is one numbered table (表二, 表三, 表四).
type Table struct {
	ID    string `json:"id"`    // "t2"
	Title string `json:"title"` // section heading, e.g. 二、主动公开政府信息情况
	Short string `json:"short"` // 表二
	// Tab titles the table's page in the editor: 三、收到和处理申请.
	Tab string `json:"tab"`
	// Note is shown under the table in the editor ("" for none).
	Note   string   `json:"note,omitempty"`
	Blocks []*Block `json:"blocks"`

	layout *Layout
}

// A Block is a part of a table with its own column heads: 表二 has one block
// per 第二十条 item; 表三 and 表四 have one block each.
type Block struct {
	Caption string    `json:"caption,omitempty"` // 第二十条第（一）项
	Corner  string    `json:"corner,omitempty"`  // text of the top-left head cell
	Columns []*Column `json:"columns"`
	Rows    []*Row    `json:"rows"`

	Table *Table `json:"-"`
}

// A Column of a block. Groups are the merged head cells above its label,
// outermost first (表三 商业企业: 申请人情况 › 法人或其他组织).
type Column struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Groups  []string `json:"groups,omitempty"`
	Aliases []string `json:"aliases,omitempty"` // other printed labels (本年新发件数)
	Kind    string   `json:"kind,omitempty"`    // count (default), signed, amount
	Unit    string   `json:"unit,omitempty"`    // 件, 万元, 元
	// Sum makes the column derived: in every row it is the sum of these
	// columns. Rule names the check that compares a stated total with it.
	Sum  []string `json:"sum,omitempty"`
	Rule string   `json:"rule,omitempty"`
	// Stock marks a column of stock figures (现行有效件数): summed over the
	// units of a roll-up, a document several units share counts once per
	// unit (AGG-R1).
	Stock bool `json:"stock,omitempty"`

	kind   Kind
	full   string // see FullLabel
	labels *labelSet
	blk    *Block
}

// A Row of a block. Groups are the merged label cells to its left,
// outermost first (三、本年度办理结果 › （三）不予公开).
type Row struct {
	Key     string   `json:"key"`
	Label   string   `json:"label"`
	Short   string   `json:"short,omitempty"` // for messages, when Label is long
	Groups  []string `json:"groups,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	// Sum makes the row derived: in every column it is the sum of these rows.
	Sum  []string `json:"sum,omitempty"`
	Rule string   `json:"rule,omitempty"`

	labels *labelSet
}

// Narrative is a free-text section of the report, possibly with parts.
type Narrative struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Hint  string `json:"hint,omitempty"`
	// Place says where a section goes, in print and in the editor:
	// PlacePreface, PlaceBeforeTables or PlaceAfterTables. Parts have none.
	Place string `json:"place,omitempty"`
	// Tab titles the editor page a section is edited on; sections with the
	// same Tab share it. A preface is edited beside 基本信息 and has none.
	Tab string `json:"tab,omitempty"`
	// Fee marks where the statement on 信息处理费 belongs (N-R2): at most
	// one section or part; its section is searched for the statement.
	Fee   bool         `json:"fee,omitempty"`
	Parts []*Narrative `json:"parts,omitempty"`
}

// Places of a narrative section (Narrative.Place), in the order they come.
const (
	PlacePreface      = "preface"       // before 一, untitled in print (前言)
	PlaceBeforeTables = "before_tables" // 一、总体情况
	PlaceAfterTables  = "after_tables"  // 五、六
)

// Sections lists the top-level narrative sections placed at place, in order.
func (t *Template) Sections(place string) []*Narrative {
	var out []*Narrative
	for _, n := range t.Narrative {
		if n.Place == place {
			out = append(out, n)
		}
	}
	return out
}

// NarrativeByKey looks a narrative section or part up by key.
func (t *Template) NarrativeByKey(key string) (*Narrative, bool) {
	n, ok := t.narrByKey[key]
	return n, ok
}

// A Cell of a template, resolved.
type Cell struct {
	ID      CellID
	Index   int
	Table   *Table
	Block   *Block
	Row     *Row
	Col     *Column
	Kind    Kind
	Derived bool // computed from other cells, never typed
}

// Name is the cell's place in Chinese for messages: 表三·一、本年新收·自然人.
func (c *Cell) Name() string {
	parts := []string{c.Table.Short}
	if c.Row.Key != "" {
		parts = append(parts, c.Row.ShortLabel())
	}
	parts = append(parts, c.Col.FullLabel())
	return strings.Join(parts, "·")
}

// ShortLabel is the row's label for messages.
func (r *Row) ShortLabel() string {
	if r.Short != "" {
		return r.Short
	}
	return r.Label
}

// Path is the row's full hierarchical label: 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密.
func (r *Row) Path() string {
	return strings.Join(append(append([]string{}, r.Groups...), r.Label), " › ")
}

// FullLabel names a column for messages: its label, prefixed by its
// innermost group where the label repeats in the block (表四's 结果维持
// appears three times, so it is 行政复议结果维持; 表三's 商业企业 is just
// 商业企业).
func (c *Column) FullLabel() string { return c.full }

// Kind of the column's values.
func (c *Column) ValueKind() Kind { return c.kind }

// The printed shape of a table, shared by every layout (editor, xlsx,
// HTML): row labels take LabelDepth columns (one per group level plus the
// label: 表三's 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密 is 3);
// values take DataWidth columns (the widest block; a narrower block's last
// column spans the rest, like 表二's （五）（六）（八）); a block's column
// heads take HeadDepth rows.

// LabelDepth is the number of row-label columns of the table.
func (tb *Table) LabelDepth() int {
	n := 0
	for _, b := range tb.Blocks {
		n = max(n, b.LabelDepth())
	}
	return n
}

// LabelDepth is the number of row-label columns the block's own rows need.
func (b *Block) LabelDepth() int {
	n := 0
	for _, r := range b.Rows {
		if r.Label != "" {
			n = max(n, len(r.Groups)+1)
		}
	}
	return n
}

// DataWidth is the number of value columns of the widest block.
func (tb *Table) DataWidth() int {
	n := 0
	for _, b := range tb.Blocks {
		n = max(n, len(b.Columns))
	}
	return n
}

// HeadDepth is the number of header rows of a block: its deepest column's
// group levels plus the label.
func (b *Block) HeadDepth() int {
	n := 1
	for _, c := range b.Columns {
		n = max(n, len(c.Groups)+1)
	}
	return n
}

// Cells lists every cell in template order (table, block, row, column).
func (t *Template) Cells() []*Cell { return t.cells }

// Cell looks a cell up by ID.
func (t *Template) Cell(id CellID) (*Cell, bool) {
	c, ok := t.byID[id]
	return c, ok
}

// CellAt is the cell of a table at a row and column of one of its blocks.
func (t *Template) CellAt(tb *Table, r *Row, c *Column) *Cell {
	return t.byID[cellID(tb.ID, r.Key, c.Key)]
}

// Table looks a table up by ID.
func (t *Template) Table(id string) *Table {
	for _, tb := range t.Tables {
		if tb.ID == id {
			return tb
		}
	}
	return nil
}

// NarrativeKeys lists every narrative section and part key in order.
func (t *Template) NarrativeKeys() []string {
	var keys []string
	var walk func([]*Narrative)
	walk = func(ns []*Narrative) {
		for _, n := range ns {
			keys = append(keys, n.Key)
			walk(n.Parts)
		}
	}
	walk(t.Narrative)
	return keys
}

// Rule looks a rule up by ID.
func (t *Template) Rule(id string) *Rule {
	for _, r := range t.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// cellID builds the stable ID of a cell. 表四 has a single unnamed row, so
// its cells are named by column alone.
func cellID(table, row, col string) CellID {
	if row == "" {
		return table + "." + col
	}
	return table + "." + row + "." + col
}

// formula computes one derived cell as the sum of others.
type formula struct {
	cell  int
	terms []int
}

// compile resolves names to indexes, checks the data for mistakes, and
// builds the formulas and checks used by Evaluate.
func (t *Template) compile() error {
	t.byID = map[CellID]*Cell{}
	t.narrKeys = map[string]bool{}
	for _, k := range t.NarrativeKeys() {
		if t.narrKeys[k] {
			return fmt.Errorf("narrative key %q twice", k)
		}
		t.narrKeys[k] = true
	}
	if err := t.compileNarrative(); err != nil {
		return err
	}
	for _, r := range t.Rules {
		if _, err := ParseSeverity(r.SeverityName); err != nil {
			return fmt.Errorf("rule %s: %w", r.ID, err)
		}
	}
	tableIDs := map[string]bool{}
	for _, tb := range t.Tables {
		if tb.ID == "" || tableIDs[tb.ID] {
			return fmt.Errorf("table id %q empty or twice", tb.ID)
		}
		tableIDs[tb.ID] = true
		if tb.Tab == "" {
			return fmt.Errorf("table %s: no tab title", tb.ID)
		}
		rowKeys := map[string]bool{}
		for _, b := range tb.Blocks {
			b.Table = tb
			seen := map[string]int{}
			for _, c := range b.Columns {
				seen[c.Label]++
			}
			for _, c := range b.Columns {
				c.blk = b
				c.full = c.Label
				if seen[c.Label] > 1 && len(c.Groups) > 0 {
					c.full = c.Groups[len(c.Groups)-1] + c.Label
				}
				k, err := kindOf(c.Kind, c.Unit)
				if err != nil {
					return fmt.Errorf("%s column %s: %w", tb.ID, c.Key, err)
				}
				c.kind = k
				c.labels = newLabelSet(c.Label, c.Aliases)
			}
			for _, r := range b.Rows {
				if rowKeys[r.Key] && r.Key != "" {
					return fmt.Errorf("%s: row %q twice", tb.ID, r.Key)
				}
				rowKeys[r.Key] = true
				r.labels = newLabelSet(r.Label, r.Aliases)
				var typed []int
				for _, c := range b.Columns {
					id := cellID(tb.ID, r.Key, c.Key)
					if _, dup := t.byID[id]; dup {
						return fmt.Errorf("cell %s twice", id)
					}
					cell := &Cell{ID: id, Index: len(t.cells), Table: tb, Block: b, Row: r, Col: c,
						Kind: c.kind, Derived: len(c.Sum) > 0 || len(r.Sum) > 0}
					t.cells = append(t.cells, cell)
					t.byID[id] = cell
					if !cell.Derived {
						typed = append(typed, cell.Index)
					}
				}
				if len(typed) > 0 {
					t.blankRow = append(t.blankRow, typed)
					where := tb.Short
					if r.Key != "" {
						where += "·" + r.ShortLabel() + "行"
					}
					t.rowWhere = append(t.rowWhere, where)
					key := tb.ID
					if r.Key != "" {
						key += "." + r.Key
					}
					t.rowBlankKey = append(t.rowBlankKey, RuleBlank.ID+"."+key)
					ids := make([]CellID, len(typed))
					for i, idx := range typed {
						ids[i] = t.cells[idx].ID
					}
					t.rowCellIDs = append(t.rowCellIDs, ids)
				}
			}
		}
	}
	if err := t.buildFormulas(); err != nil {
		return err
	}
	if err := t.buildChecks(); err != nil {
		return err
	}
	if err := t.compileFigures(); err != nil {
		return err
	}
	if err := t.compileCarry(); err != nil {
		return err
	}
	for _, tb := range t.Tables {
		tb.layout = buildLayout(t, tb)
	}
	t.checkIdx = map[string]int{}
	for i, ch := range append(append([]*check{}, t.checks...), t.cross...) {
		if _, dup := t.checkIdx[ch.key]; dup {
			return fmt.Errorf("check %s twice", ch.key)
		}
		t.checkIdx[ch.key] = i
	}
	return nil
}

func kindOf(name, unit string) (Kind, error) {
	switch name {
	case "", "count":
		if unit == "" {
			unit = "件"
		}
		return Kind{Type: Count, Unit: unit}, nil
	case "signed":
		return Kind{Type: Signed, Unit: unit}, nil
	case "amount":
		if unitExp(unit) == 0 && unit != "元" {
			return Kind{}, fmt.Errorf("amount unit %q: want 元, 万元 or 亿元", unit)
		}
		return Kind{Type: Amount, Unit: unit}, nil
	}
	return Kind{}, fmt.Errorf("unknown kind %q", name)
}

// buildFormulas makes one formula per derived cell. Cells in a derived
// column sum across their row; cells in a derived row sum down their column
// (so the corner cell 总计×（七）总计 sums the 总计 column, which is the
// same number). Formulas are ordered so every term is computed first.
func (t *Template) buildFormulas() error {
	var colF, rowF []formula
	for _, c := range t.cells {
		if !c.Derived {
			continue
		}
		f := formula{cell: c.Index}
		if len(c.Row.Sum) > 0 {
			for _, rk := range c.Row.Sum {
				term, ok := t.byID[cellID(c.Table.ID, rk, c.Col.Key)]
				if !ok {
					return fmt.Errorf("%s: sum row %q not found", c.ID, rk)
				}
				f.terms = append(f.terms, term.Index)
			}
			rowF = append(rowF, f)
			continue
		}
		for _, ck := range c.Col.Sum {
			term, ok := t.byID[cellID(c.Table.ID, c.Row.Key, ck)]
			if !ok {
				return fmt.Errorf("%s: sum column %q not found", c.ID, ck)
			}
			if term.Derived {
				return fmt.Errorf("%s: sums derived column %q", c.ID, ck)
			}
			f.terms = append(f.terms, term.Index)
		}
		colF = append(colF, f)
	}
	// Derived rows may only sum non-derived rows; derived columns are
	// computed first, so a derived row's 总计 cell sees them.
	for _, f := range rowF {
		for _, term := range f.terms {
			if len(t.cells[term].Row.Sum) > 0 {
				return fmt.Errorf("%s sums a derived row", t.cells[f.cell].ID)
			}
		}
	}
	t.formulas = append(colF, rowF...)
	t.dependents = make([][]int, len(t.cells))
	// Formulas are ordered so that a total's terms come first, so one pass
	// in order makes the closure: a total inherits its terms' dependents.
	for _, f := range t.formulas {
		for _, term := range f.terms {
			t.dependents[term] = append(t.dependents[term], f.cell)
		}
	}
	for i := len(t.formulas) - 1; i >= 0; i-- {
		f := t.formulas[i]
		for _, term := range f.terms {
			for _, d := range t.dependents[f.cell] {
				if !slices.Contains(t.dependents[term], d) {
					t.dependents[term] = append(t.dependents[term], d)
				}
			}
		}
	}
	return nil
}
