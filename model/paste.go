package model

import (
	"fmt"
	"slices"
	"strings"
)

// PasteResult says what a pasted block did, for the clerk's summary.
type PasteResult struct {
	Filled   []CellID      // cells set (including those an empty field set blank)
	Cleared  int           // of those, cells that held something and an empty field cleared
	Blank    int           // of those, cells already blank that an empty field left so
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
	s := fmt.Sprintf("已填入 %d 格", len(p.Filled)-len(p.Rejected)-p.Cleared-p.Blank)
	if p.Cleared > 0 {
		s += fmt.Sprintf("，清空 %d 格（粘贴的内容中为空）", p.Cleared)
	}
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
// spreadsheet does: the block keeps its shape over the printed grid from
// that cell (computed totals included, and skipped; fields past the edge
// of from's block are not pasted), and every field goes through the same
// parser as typing.
//
// A block copied from a printed table with its row labels, column heads
// or a block's caption (from Excel, WPS, Word, a web page) is recognised,
// so no figure lands beside its place:
//   - rows whose fields are all heads of the table (column labels, their
//     groups, the corner) are skipped, and the heads say which column each
//     field below them is: a column named by its whole path of heads
//     (表四's 结果维持 under 复议后起诉), in the block of the row it fills;
//   - a row that is a block's caption (表二's 第二十条第（五）项) is skipped,
//     and the rows under it go to that block;
//   - leading fields that are row labels are skipped, and the label says
//     which row the figures are, from the table's first column: a row
//     whose label names no row of the table is not pasted (Unplaced).
//
// Whatever cannot be placed for certain refuses the whole paste, with a
// Chinese error and nothing changed: heads over fields that do not line
// up (a block copied from a web page with merged heads), label fields
// whose extent cannot be told, rows with labels mixed with rows without,
// two fields for one cell.
func (r *Report) Paste(from CellID, text string) (PasteResult, error) {
	var res PasteResult
	start, err := r.cell(from)
	if err != nil {
		return res, err
	}
	tb := start.Table
	rows := SplitBlock(text)
	head, capt := headRows(tb, rows)
	anyHead := slices.Contains(head, true)
	if !headsLineUp(rows, head, capt) {
		return res, fmt.Errorf("粘贴的内容带有表头，但表头与下面的数字列数对不上（多半是从网页或Word复制的合并表头），无法确定每个数字属于哪一栏。请不带表头复制，或从Excel中复制")
	}
	skip := make([]bool, len(rows))
	for i := range rows {
		skip[i] = head[i] || capt[i]
	}
	labeled, err := rowLabels(tb, rows, skip, !anyHead)
	if err != nil {
		return res, err
	}
	byLabel := slices.ContainsFunc(labeled, func(lr labeledRow) bool { return lr.row != nil || lr.text != "" })

	// Plan every field's cell first: a paste that cannot be placed for
	// certain changes nothing.
	type put struct {
		c    *Cell
		text string
	}
	var plan []put
	var heads [][]*Column // the heads' columns per field, from the last head rows
	b := start.Block
	next := slices.Index(b.Rows, start.Row)
	c0 := slices.Index(b.Columns, start.Col)
	for i, fields := range rows {
		if capt[i] {
			// A block's caption: the rows and heads below are that block's,
			// from its first row and column.
			res.HeadRows++
			heads = nil
			b, next, c0 = captionBlock(tb, fields), 0, 0
			continue
		}
		if head[i] {
			res.HeadRows++
			if i == 0 || !head[i-1] {
				heads = headColumns(tb, rows, head, i)
			}
			continue
		}
		lr := labeled[i]
		rb, ri, first := b, next, 0
		switch {
		case lr.row != nil:
			rb, ri, first = lr.block, slices.Index(lr.block.Rows, lr.row), lr.first
			res.ByLabel++
		case lr.text != "":
			res.Unplaced = append(res.Unplaced, lr.text)
			continue
		case byLabel && blankRow(fields):
			continue // says nothing, and has no place among labelled rows
		case byLabel:
			return PasteResult{}, fmt.Errorf("粘贴的内容中有的行带行名、有的行没有（第 %d 行没有），无法确定没有行名的行属于哪一行，没有粘贴。请连同每一行的行名一起复制，或只复制数字部分", i+1)
		}
		next = ri + 1
		for j := first; j < len(fields); j++ {
			text := fields[j]
			var col *Column
			switch {
			case heads != nil:
				var cands []*Column
				if j < len(heads) {
					for _, c := range heads[j] {
						if c.blk == rb {
							cands = append(cands, c)
						}
					}
				}
				if len(cands) > 1 {
					return PasteResult{}, fmt.Errorf("粘贴的表头“%s”在表中不止一栏，无法确定数字属于哪一栏。请连同上面各层表头一起复制，或不带表头复制", cands[0].Label)
				}
				if len(cands) == 1 {
					col = cands[0]
				}
			default:
				ci := j - first // a labelled row: from the table's first column
				if lr.row == nil {
					ci += c0 // by position: from the cell pasted at
				}
				if ci < len(rb.Columns) {
					col = rb.Columns[ci]
				}
			}
			if col == nil || ri >= len(rb.Rows) {
				if strings.TrimSpace(text) != "" {
					res.Outside++
				}
				continue
			}
			c := r.tpl.byID[cellID(tb.ID, rb.Rows[ri].Key, col.Key)]
			if c.Derived {
				res.Totals++
				continue
			}
			plan = append(plan, put{c, text})
		}
	}
	seen := map[*Cell]bool{}
	for _, p := range plan {
		if seen[p.c] {
			return PasteResult{}, fmt.Errorf("粘贴的内容中有两处都要填入“%s”，无法确定用哪一个，没有粘贴", p.c.Name())
		}
		seen[p.c] = true
	}
	for _, p := range plan {
		res.Filled = append(res.Filled, p.c.ID)
		if strings.TrimSpace(p.text) == "" {
			if r.Text(p.c.ID) != "" {
				res.Cleared++
			} else {
				res.Blank++
			}
		}
		if err := r.setText(p.c, p.text); err != nil {
			res.Rejected = append(res.Rejected, PasteReject{Cell: p.c.ID, Text: p.text, Msg: err.Error()})
		}
	}
	return res, nil
}

// blankRow reports whether every field of a pasted row is empty.
func blankRow(fields []string) bool {
	return !slices.ContainsFunc(fields, func(f string) bool { return strings.TrimSpace(f) != "" })
}

// captionBlock is the block whose caption a caption row prints.
func captionBlock(tb *Table, fields []string) *Block {
	for _, f := range fields {
		if f = strings.TrimSpace(f); f != "" {
			for _, b := range tb.Blocks {
				if b.Caption != "" && NormalizeLabel(f) == NormalizeLabel(b.Caption) {
					return b
				}
			}
		}
	}
	return tb.Blocks[0] // not reached: headRows found the caption
}

// headRows marks the rows of a pasted block that are heads (no figure,
// every field a head of the table, none a row label) and those that are
// a block's caption alone (第二十条第（一）项), which name no column.
func headRows(tb *Table, rows [][]string) (head, capt []bool) {
	head, capt = make([]bool, len(rows)), make([]bool, len(rows))
	for i, fields := range rows {
		some, heads, captions := false, true, true
		for _, f := range fields {
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			some = true
			if !isHead(tb, f) || isRowLabel(tb, f) {
				heads = false
				break
			}
			captions = captions && isCaption(tb, f)
		}
		capt[i] = some && heads && captions
		head[i] = some && heads && !captions
	}
	return head, capt
}

// isRowLabel reports whether a printed text names a row rather than a
// column: a row label that is no column head, or one printed with its
// number (“3.其他”, “（七）总计”), which heads never have.
func isRowLabel(tb *Table, text string) bool {
	if _, row := tb.FindRow(text); row == nil {
		return false
	}
	return !isHead(tb, text) || stripEnumerator(text) != NormalizeLabel(text)
}

// headsLineUp reports whether every run of head rows has as many fields
// as each row below it, up to the next heads or caption: only then does
// a field's place under the heads say its column. Copied from a web page
// or Word, merged heads come as fewer fields than the figures.
func headsLineUp(rows [][]string, head, capt []bool) bool {
	for i := range rows {
		if !head[i] || (i > 0 && head[i-1]) {
			continue
		}
		for k := i; k < len(rows) && !capt[k]; k++ {
			if k > i && head[k] && !head[k-1] {
				break // the next run of heads
			}
			if len(rows[k]) != len(rows[i]) {
				return false
			}
		}
	}
	return true
}

// isCaption reports whether a printed text is a block's caption.
func isCaption(tb *Table, text string) bool {
	norm := NormalizeLabel(text)
	for _, b := range tb.Blocks {
		if b.Caption != "" && norm == NormalizeLabel(b.Caption) {
			return true
		}
	}
	return false
}

// headColumns reads the run of head rows starting at row h: for each field
// position, the columns its heads may name. A position is named by the
// lowest head printed exactly there, and qualified by the heads above it
// (a spreadsheet's merged head spreads right as empty fields, so the
// nearest head at or left of the position in an upper row is its group).
func headColumns(tb *Table, rows [][]string, head []bool, h int) [][]*Column {
	end := h
	for end < len(rows) && head[end] {
		end++
	}
	width := len(rows[h])
	out := make([][]*Column, width)
	for j := range width {
		leaf, leafRow := "", -1
		for i := h; i < end; i++ {
			if f := strings.TrimSpace(rows[i][j]); f != "" {
				leaf, leafRow = f, i
			}
		}
		if leafRow < 0 {
			continue
		}
		var above []string
		for i := h; i < leafRow; i++ {
			for k := j; k >= 0; k-- {
				if f := strings.TrimSpace(rows[i][k]); f != "" {
					above = append(above, NormalizeLabel(f))
					break
				}
			}
		}
		var cands []*Column
		for _, b := range tb.Blocks {
			for _, c := range b.Columns {
				if c.Matches(leaf) && groupsAmong(c.Groups, above) {
					cands = append(cands, c)
				}
			}
		}
		out[j] = cands
	}
	return out
}

// groupsAmong reports whether every group of a column is among the heads
// printed above its label; a column whose groups were not copied matches
// by its label alone (its block, from the row's label, may still decide).
func groupsAmong(groups, above []string) bool {
	if len(above) == 0 {
		return true
	}
	for _, g := range groups {
		if !slices.Contains(above, NormalizeLabel(g)) {
			return false
		}
	}
	return true
}

// isHead reports whether a printed text is a head of the table: a column
// label, a group of columns, a block's corner or caption.
func isHead(tb *Table, text string) bool {
	norm := NormalizeLabel(text)
	for _, b := range tb.Blocks {
		if norm == NormalizeLabel(b.Corner) || norm == NormalizeLabel(b.Caption) {
			return true
		}
		for _, c := range b.Columns {
			if c.Matches(text) {
				return true
			}
			for _, g := range c.Groups {
				if norm == NormalizeLabel(g) {
					return true
				}
			}
		}
	}
	return false
}

// labeledRow is what the leading fields of a pasted row say.
type labeledRow struct {
	block *Block
	row   *Row
	first int    // the first field that is a figure
	text  string // the label as pasted, when it names no row
}

// rowLabels reads the row labels leading the pasted rows (head rows
// skipped): a row label (its groups may come before it, as printed),
// then, copied from a spreadsheet, the empty fields of the label's merged
// cells. extent: work out where the figures start (without heads, which
// say it by themselves).
func rowLabels(tb *Table, rows [][]string, skip []bool, extent bool) ([]labeledRow, error) {
	out := make([]labeledRow, len(rows))
	L := tb.LabelDepth()
	found := false
	rect := true
	for i, fields := range rows {
		if len(fields) != len(rows[0]) {
			rect = false
		}
		if skip[i] || L == 0 {
			continue
		}
		for j, f := range fields {
			if j > L-1 {
				break
			}
			if f = strings.TrimSpace(f); f == "" {
				continue
			}
			// After its label a row holds figures (an empty one may be
			// the label's merged cell); a field that is no number there
			// is a figure typed wrong, kept and flagged as when typed.
			if out[i].row != nil || isFigure(f) {
				break
			}
			if b, row := tb.FindRow(f); row != nil {
				out[i] = labeledRow{block: b, row: row, first: j + 1}
				found = true
			} else if !isHead(tb, f) && !isGroup(tb, f) {
				out[i].text = f
				out[i].first = j + 1
			}
		}
	}
	if !found {
		return make([]labeledRow, len(rows)), nil
	}
	if !extent {
		return out, nil
	}
	// Copied from a spreadsheet, a label's merged cells come as empty
	// fields after it, up to the label columns' width, so that in the
	// rectangular block every row's figures start at the same field;
	// copied from Word or a web page, the figures follow the label. Only
	// a label wider than one column (表三's top-level rows) can spill.
	width, deep, wide := 0, false, false
	for _, lr := range out {
		if lr.row != nil {
			width = max(width, lr.first-1+L-len(lr.row.Groups))
			deep = deep || lr.first > 1 // a label after its groups' fields
		}
	}
	for _, lr := range out {
		wide = wide || lr.row != nil && lr.first < width
	}
	spill := rect && wide
	for i, lr := range out {
		if lr.row != nil && spill {
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
		n, figures := len(rows[0]), tb.DataWidth()
		switch {
		case n-width == figures:
		case n-1 == figures:
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
	for _, k := range []Kind{{Type: Count, Unit: "件"}, {Type: Amount, Unit: "万元"}} {
		if _, err := k.Parse(f); err == nil {
			return true
		}
	}
	return false
}
