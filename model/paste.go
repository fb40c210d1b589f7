package model

import (
	"fmt"
	"strings"
)

// PasteResult says what a pasted block did, for the clerk's summary.
type PasteResult struct {
	Filled   []CellID      // cells set (including cleared by an empty field)
	Rejected []PasteReject // kept as typed but not a valid number
	Totals   int           // fields that fell on computed totals and were skipped
	Outside  int           // fields beyond the edge of the table
	HeadRows int           // rows of column heads, recognised and skipped
	ByLabel  int           // rows placed by their printed row label
	Unplaced []string      // row labels that name no row: those rows not pasted
}

// PasteReject is a pasted field that did not parse.
type PasteReject struct {
	Cell CellID
	Text string
	Msg  string
}

// Summary is the result in one Chinese sentence.
func (p PasteResult) Summary() string {
	s := fmt.Sprintf("已填入 %d 格", len(p.Filled)-len(p.Rejected))
	if n := len(p.Rejected); n > 0 {
		s += fmt.Sprintf("，%d 格无法识别（已保留原文，请改正）", n)
	}
	if p.Totals > 0 {
		s += fmt.Sprintf("，跳过合计格 %d 格（自动计算）", p.Totals)
	}
	if p.Outside > 0 {
		s += fmt.Sprintf("，超出表格的 %d 格未填入", p.Outside)
	}
	if p.ByLabel > 0 {
		s += fmt.Sprintf("；%d 行按行名对应", p.ByLabel)
	}
	if p.HeadRows > 0 {
		s += fmt.Sprintf("，跳过表头 %d 行", p.HeadRows)
	}
	if n := len(p.Unplaced); n > 0 {
		s += fmt.Sprintf("；%d 行的行名在表中找不到，未填入（如“%s”）", n, p.Unplaced[0])
	}
	return s
}

// SplitBlock splits text copied from Excel or WPS (tab-separated fields,
// CR LF or LF between rows, a final line break) into rows of fields.
func SplitBlock(text string) [][]string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	var rows [][]string
	for _, line := range strings.Split(text, "\n") {
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

// Paste spreads a copied block over the table from cell from, the way a
// spreadsheet does: the block keeps its shape over the printed grid
// (computed totals included, and skipped), stays inside from's block of the
// table, and every field goes through the same parser as typing.
//
// A block copied from a printed table with its row labels or its column
// heads (from Excel, WPS, Word, a web page) is recognised, so no figure
// lands beside its place:
//   - rows whose fields are all heads of the table (column labels, their
//     groups, the corner, a block's caption) are skipped, and the column
//     labels in them say which column each field is;
//   - leading fields that are row labels are skipped, and the label says
//     which row the figures are: a row whose label names no row of the
//     table is not pasted at all (Unplaced), rather than put by position.
//
// A block whose label columns do not line up (some rows with more label
// fields than others in a rectangular copy) is refused: which field is
// the first figure cannot be told.
func (r *Report) Paste(from CellID, text string) (PasteResult, error) {
	var res PasteResult
	start, err := r.cell(from)
	if err != nil {
		return res, err
	}
	tb := start.Table
	b := start.Block
	rows := SplitBlock(text)
	heads := headColumns(tb, rows)
	labeled, err := rowLabels(tb, rows, heads.skip)
	if err != nil {
		return res, err
	}
	r0, c0 := indexOf(b.Rows, start.Row), indexOfCol(b.Columns, start.Col)
	next := r0 // the row a block row without a label goes to
	for i, fields := range rows {
		if heads.skip[i] {
			res.HeadRows++
			continue
		}
		rb, ri, first := b, next, 0
		if lr := labeled[i]; lr.row != nil {
			rb, ri, first = lr.block, indexOf(lr.block.Rows, lr.row), lr.first
			res.ByLabel++
		} else if lr.text != "" {
			res.Unplaced = append(res.Unplaced, lr.text)
			continue
		}
		next = ri + 1
		for j := first; j < len(fields); j++ {
			text := fields[j]
			var col *Column
			switch {
			case heads.cols != nil:
				if j < len(heads.cols) {
					col = heads.cols[j]
				}
				if col == nil || col.blk != rb {
					if strings.TrimSpace(text) != "" {
						res.Outside++
					}
					continue
				}
			default:
				ci := c0 + j - first
				if rb != b {
					ci = j - first // a row of another block of the table: from its first column
				}
				if ri >= len(rb.Rows) || ci >= len(rb.Columns) {
					res.Outside++
					continue
				}
				col = rb.Columns[ci]
			}
			if ri >= len(rb.Rows) {
				res.Outside++
				continue
			}
			c := r.tpl.byID[cellID(tb.ID, rb.Rows[ri].Key, col.Key)]
			if c.Derived {
				res.Totals++
				continue
			}
			res.Filled = append(res.Filled, c.ID)
			if err := r.setText(c, text); err != nil {
				res.Rejected = append(res.Rejected, PasteReject{Cell: c.ID, Text: text, Msg: err.Error()})
			}
		}
	}
	return res, nil
}

// pastedHeads is what the head rows of a pasted block say.
type pastedHeads struct {
	skip []bool // per block row: a head row
	// cols, if the block had column labels, gives per field the column it
	// is under; nil where a field is under no column label.
	cols []*Column
}

// headColumns finds the head rows of a pasted block: rows with no figure
// whose fields are all heads of the table.
func headColumns(tb *Table, rows [][]string) pastedHeads {
	h := pastedHeads{skip: make([]bool, len(rows))}
	for i, fields := range rows {
		any, all := false, true
		for _, f := range fields {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			any = true
			if !isHead(tb, f) {
				all = false
				break
			}
		}
		if !any || !all {
			continue
		}
		h.skip[i] = true
		for j, f := range fields {
			if c := tb.findColumn(f); c != nil {
				for len(h.cols) <= j {
					h.cols = append(h.cols, nil)
				}
				h.cols[j] = c
			}
		}
	}
	return h
}

// isHead reports whether a printed text is a head of the table: a column
// label, a group of columns, a block's corner or caption.
func isHead(tb *Table, text string) bool {
	if tb.findColumn(text) != nil {
		return true
	}
	norm := NormalizeLabel(text)
	for _, b := range tb.Blocks {
		if norm == NormalizeLabel(b.Corner) || norm == NormalizeLabel(b.Caption) {
			return true
		}
		for _, c := range b.Columns {
			for _, g := range c.Groups {
				if norm == NormalizeLabel(g) {
					return true
				}
			}
		}
	}
	return false
}

// findColumn is the column of the table a printed head names; a head that
// names several (表四's 结果维持) names none.
func (tb *Table) findColumn(text string) *Column {
	var found *Column
	for _, b := range tb.Blocks {
		for _, c := range b.Columns {
			if c.Matches(text) {
				if found != nil && found.Label != c.Label {
					return nil
				}
				if found == nil {
					found = c
				}
			}
		}
	}
	return found
}

// labeledRow is what the leading fields of a pasted row say.
type labeledRow struct {
	block *Block
	row   *Row
	first int    // the first field that is a figure
	text  string // the label as pasted, when it names no row
}

// rowLabels reads the row labels leading the pasted rows: a row label
// (its groups may come before it, as printed), then, copied from a
// spreadsheet, the empty fields of the label's merged cells.
func rowLabels(tb *Table, rows [][]string, skip []bool) ([]labeledRow, error) {
	out := make([]labeledRow, len(rows))
	L := tb.LabelDepth()
	any := false
	rect := true // every row has as many fields as the first
	for i, fields := range rows {
		if len(fields) != len(rows[0]) {
			rect = false
		}
		if skip[i] || L == 0 {
			continue
		}
		for j, f := range fields {
			if j > L-1 || isFigure(f) {
				break
			}
			if strings.TrimSpace(f) == "" {
				continue
			}
			if b, row := tb.FindRow(f); row != nil {
				out[i] = labeledRow{block: b, row: row, first: j + 1}
				any = true
			} else if !isHead(tb, f) && !isGroup(tb, f) {
				out[i].text = strings.TrimSpace(f)
				out[i].first = j + 1
			}
		}
	}
	if !any {
		return make([]labeledRow, len(rows)), nil
	}
	// Copied from a spreadsheet, a label's merged cells come as empty
	// fields after it, up to the label columns' width, so that in the
	// rectangular block every row's figures start at the same field;
	// copied from Word or a web page, the figures follow the label.
	width, deep := 0, false
	for i := range out {
		if lr := out[i]; lr.row != nil {
			width = max(width, lr.first-1+L-len(lr.row.Groups))
			deep = deep || lr.first > 1 // a label after its groups' fields
		}
	}
	spill := rect
	for i := range out {
		if lr := out[i]; lr.row != nil && spill {
			for j := lr.first; j < width && j < len(rows[i]); j++ {
				spill = spill && strings.TrimSpace(rows[i][j]) == ""
			}
		}
	}
	if spill && !deep {
		// Only top-level labels, each followed by empty fields: merged
		// cells, or figures left blank? The row's length decides, if it
		// can: the label columns and a whole row of figures, or the
		// label and a whole row.
		n, cols := len(rows[0]), 0
		for i := range out {
			if lr := out[i]; lr.row != nil {
				cols = len(lr.block.Columns)
			}
		}
		switch {
		case n-width == cols:
		case n-1 == cols:
			spill = false
		default:
			return nil, fmt.Errorf("无法确定粘贴的数字从哪一列开始（行名后有空格，可能是合并单元格，也可能是未填的数）。请只复制数字部分，或连同整行的数字一起复制")
		}
	}
	for i := range out {
		if lr := &out[i]; lr.row != nil && spill {
			lr.first = width
		}
	}
	return out, nil
}

// isGroup reports whether a text is a group of row labels (（三）不予公开).
func isGroup(tb *Table, text string) bool {
	norm := NormalizeLabel(text)
	for _, b := range tb.Blocks {
		for _, r := range b.Rows {
			for _, g := range r.Groups {
				if norm == NormalizeLabel(g) {
					return true
				}
			}
		}
	}
	return false
}

// isFigure reports whether a pasted field reads as a number: figures end
// the label fields of a row.
func isFigure(f string) bool {
	f = strings.TrimSpace(f)
	if f == "" {
		return false
	}
	_, err := Kind{Type: Amount, Unit: "万元"}.Parse(f)
	return err == nil
}

func indexOf(rows []*Row, r *Row) int {
	for i, x := range rows {
		if x == r {
			return i
		}
	}
	return 0
}

func indexOfCol(cols []*Column, c *Column) int {
	for i, x := range cols {
		if x == c {
			return i
		}
	}
	return 0
}
