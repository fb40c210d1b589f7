package xlsx

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"nianbao/model"
)

// Page widths in column units that fill A4 between 0.5-inch margins at 100%.
const (
	portraitUnits  = 100
	landscapeUnits = 150
)

// colSpan gives the sheet columns [x0, x1] of the i-th column of a block.
func colSpan(b *model.Block, i, L, N int) (int, int) {
	x0 := L + i
	if i == len(b.Columns)-1 {
		return x0, L + N - 1
	}
	return x0, x0
}

func samePrefix(a, b []string, n int) bool {
	return len(a) >= n && len(b) >= n && slices.Equal(a[:n], b[:n])
}

// groupRun returns the index of the last row after j sharing its first n
// group levels: the rows a merged label cell spans.
func groupRun(rows []*model.Row, j, n int) int {
	e := j
	for e+1 < len(rows) && samePrefix(rows[e+1].Groups, rows[j].Groups, n) {
		e++
	}
	return e
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// isLandscape: a table wider than a portrait page is printed landscape
// (表四's fifteen columns).
func isLandscape(tb *model.Table) bool { return tb.LabelDepth() == 0 && tb.DataWidth() > 10 }

// tableWidths sizes the columns so labels read on one or two lines and the
// whole table fits the width of an A4 page.
func tableWidths(tb *model.Table) []float64 {
	L, N := tb.LabelDepth(), tb.DataWidth()
	w := make([]float64, L+N)
	used := 0.0
	for k := range L {
		if k < L-1 { // a group level
			vertical, widest := true, 0.0
			for _, b := range tb.Blocks {
				for j := 0; j < len(b.Rows); j++ {
					r := b.Rows[j]
					if len(r.Groups) <= k {
						continue
					}
					e := groupRun(b.Rows, j, k+1)
					vertical = vertical && e-j >= 3
					widest = math.Max(widest, textUnits(r.Groups[k], sizeTable))
					j = e
				}
			}
			if vertical {
				w[k] = 5
			} else {
				w[k] = clamp(widest/2+1.5, 9, 14)
			}
		} else {
			widest := 0.0
			for _, b := range tb.Blocks {
				widest = math.Max(widest, textUnits(b.Corner, sizeTable)/3)
				for _, r := range b.Rows {
					if len(r.Groups) == k {
						widest = math.Max(widest, textUnits(r.Label, sizeTable))
					}
				}
			}
			if L == 1 {
				w[k] = clamp(widest+4, 20, 30) // 表二: a roomy single label column
			} else {
				w[k] = clamp(widest+1.5, 10, 30)
			}
		}
		used += w[k]
	}
	page := float64(portraitUnits)
	if isLandscape(tb) {
		page = landscapeUnits
	}
	// The value columns share the rest of the page: heads wrap onto two
	// lines in 表三 and 表四, stay on one in 表二.
	dw := clamp((page-used)/float64(N), 7, 22)
	for i := range N {
		w[L+i] = dw
	}
	return w
}

func spanWidth(w []float64, x0, x1 int) float64 {
	s := 0.0
	for x := x0; x <= x1 && x < len(w); x++ {
		s += w[x]
	}
	return s
}

// pos is a cell's place on a sheet, 0-based.
type pos struct{ r, c int }

// tableSheet lays one table out like the official format.
func (x *exporter) tableSheet(tb *model.Table) *sheetOut {
	s := newSheet(tb.Short)
	L, N := tb.LabelDepth(), tb.DataWidth()
	W := L + N
	s.widths = tableWidths(tb)
	s.landscape = isLandscape(tb)
	s.protect = true
	s.footer = x.footer()

	s.area(0, 0, 0, W-1, tb.Title, x.st.title)
	s.height(0, 32)
	s.area(1, 0, 1, W-1, x.subtitle(), x.st.subtitle)
	s.height(1, rowHeight(1, sizeTable))

	at := map[*model.Cell]pos{}
	var order []*model.Cell // template order, so the file is reproducible
	y := 2
	for _, b := range tb.Blocks {
		if b.Caption != "" {
			s.area(y, 0, y, W-1, b.Caption, x.st.caption)
			s.height(y, rowHeight(1, sizeTable))
			y++
		}
		H := x.blockHead(s, b, y, L, N)
		if len(tb.Blocks) == 1 {
			s.freezeRows, s.freezeCols = y+H, L
		}
		y += H
		x.rowLabels(s, b, y, L)
		for j, r := range b.Rows {
			for i, c := range b.Columns {
				cell := x.cells[cellKey{r, c}]
				x0, x1 := colSpan(b, i, L, N)
				at[cell] = pos{y + j, x0}
				order = append(order, cell)
				if x1 > x0 {
					s.merges = append(s.merges, [4]int{y + j, x0, y + j, x1})
				}
			}
		}
		y += len(b.Rows)
	}
	if len(tb.Blocks) > 1 {
		s.freezeRows = 2 // title and unit; a table of several blocks has no single header
	}
	for _, cell := range order {
		p := at[cell]
		x.value(s, cell, p, at)
		if b := cell.Block; cell.Col == b.Columns[len(b.Columns)-1] {
			for xx := p.c + 1; xx < L+N; xx++ { // the rest of a merged value cell
				s.put(p.r, xx, nil, s.cell(p.r, p.c).style)
			}
		}
	}
	x.finishValidations(s)
	return s
}

// blockHead writes a block's header rows (merged group cells above the
// column labels, and the corner cell) and returns how many rows it took.
func (x *exporter) blockHead(s *sheetOut, b *model.Block, y, L, N int) int {
	H := b.HeadDepth()
	n := len(b.Columns)
	need := make([]int, H) // lines needed per header row
	for k := range need {
		need[k] = 1
	}
	tall := func(y0, y1 int, text string, width float64) {
		ln := lines(text, width, sizeTable)
		if y0 == y1 {
			need[y0-y] = max(need[y0-y], ln)
			return
		}
		// A cell spanning rows: make the last one tall enough.
		have := 0
		for k := y0; k <= y1; k++ {
			have += need[k-y]
		}
		if ln > have {
			need[y1-y] += ln - have
		}
	}
	if L > 0 {
		s.area(y, 0, y+H-1, L-1, b.Corner, x.st.head)
		tall(y, y+H-1, b.Corner, spanWidth(s.widths, 0, L-1))
	}
	for k := range H {
		for i := 0; i < n; {
			c := b.Columns[i]
			switch {
			case len(c.Groups) > k:
				j := i
				for j+1 < n && samePrefix(b.Columns[j+1].Groups, c.Groups, k+1) {
					j++
				}
				x0, _ := colSpan(b, i, L, N)
				_, x1 := colSpan(b, j, L, N)
				s.area(y+k, x0, y+k, x1, c.Groups[k], x.st.head)
				tall(y+k, y+k, c.Groups[k], spanWidth(s.widths, x0, x1))
				i = j + 1
			case len(c.Groups) == k:
				x0, x1 := colSpan(b, i, L, N)
				s.area(y+k, x0, y+H-1, x1, c.Label, x.st.head)
				tall(y+k, y+H-1, c.Label, spanWidth(s.widths, x0, x1))
				i++
			default:
				i++
			}
		}
	}
	for k, n := range need {
		s.height(y+k, rowHeight(n, sizeTable))
	}
	return H
}

// rowLabels writes the label columns of a block's rows: a group label
// merged down the rows it covers (vertical when the column is narrow, like
// the official 三、本年度办理结果), a row's own label across the remaining
// label columns.
func (x *exporter) rowLabels(s *sheetOut, b *model.Block, y, L int) {
	rows := b.Rows
	type span struct {
		y0, y1 int
		text   string
	}
	var vertical []span
	for k := range L {
		for j := 0; j < len(rows); {
			r := rows[j]
			switch {
			case len(r.Groups) > k:
				e := groupRun(rows, j, k+1)
				style := x.st.labelCenter
				if s.widths[k] < 6 {
					style = x.st.headVert
				}
				s.area(y+j, k, y+e, k, r.Groups[k], style)
				switch {
				case style == x.st.headVert:
					vertical = append(vertical, span{y + j, y + e, r.Groups[k]})
				case e == j: // a group of one row sets its height; longer runs have room
					s.height(y+j, rowHeight(lines(r.Groups[k], s.widths[k], sizeTable), sizeTable))
				}
				j = e + 1
			case len(r.Groups) == k:
				s.area(y+j, k, y+j, L-1, r.Label, x.st.label)
				s.height(y+j, rowHeight(lines(r.Label, spanWidth(s.widths, k, L-1), sizeTable), sizeTable))
				j++
			default:
				j++
			}
		}
	}
	for j := range rows {
		s.height(y+j, rowHeight(1, sizeTable))
	}
	// Stacked vertical text needs about one line height per character over
	// the rows it spans.
	for _, v := range vertical {
		have := 0.0
		for r := v.y0; r <= v.y1; r++ {
			have += s.heights[r]
		}
		if need := float64(utf8.RuneCountInString(v.text))*lineHeight(sizeTable) + 6; need > have {
			s.heights[v.y1] = min(s.heights[v.y1]+need-have, excelize.MaxRowHeight)
		}
	}
}

// value writes one cell of the report: a typed cell as an unlocked input
// with validation, a total as its number followed by its SUM formula.
func (x *exporter) value(s *sheetOut, c *model.Cell, p pos, at map[*model.Cell]pos) {
	ref := cellName(p.r, p.c)
	if !c.Derived {
		v, style := x.typed(c)
		s.put(p.r, p.c, v, style)
		x.validate(s, c.Kind, p)
		return
	}
	formula := sumFormula(c, at)
	computed := x.res.Computed(c.ID)
	if !x.r.Stated(c.ID) {
		s.putFormula(p.r, p.c, cellNumber(c.Kind, computed), formula, x.st.total)
		return
	}
	x.stated = append(x.stated, c.ID)
	if raw, bad := x.r.Invalid(c.ID); bad {
		s.put(p.r, p.c, raw, x.st.totalStated)
		x.comment(s, ref, "导入的文件在此合计格中写的是“"+raw+"”，不是有效数字；各项之和为"+c.Kind.FormatUnits(computed)+"。")
		return
	}
	stated := x.r.Value(c.ID).Units()
	if stated == computed {
		s.putFormula(p.r, p.c, cellNumber(c.Kind, stated), formula, x.st.total)
		return
	}
	// A stated total that disagrees with its parts is kept as the file
	// stated it, without a formula (recalculation would silently "fix" it),
	// and marked; the cover lists the finding.
	s.put(p.r, p.c, cellNumber(c.Kind, stated), x.st.totalStated)
	x.comment(s, ref, "导入的文件中此合计为"+c.Kind.FormatUnits(stated)+"，但各项之和为"+
		c.Kind.FormatUnits(computed)+"。此格保留文件中的数字，未设公式。")
}

func (x *exporter) comment(s *sheetOut, ref, text string) {
	s.comments = append(s.comments, excelize.Comment{Cell: ref, Author: "年报", Text: text})
}

// typed is a typed cell's content and style: its number, the text that was
// typed if it is not a valid number (kept, highlighted), or nothing.
func (x *exporter) typed(c *model.Cell) (any, int) {
	if raw, bad := x.r.Invalid(c.ID); bad {
		return raw, x.st.invalid
	}
	v := x.r.Value(c.ID)
	style := x.st.inCount
	switch c.Kind.Type {
	case model.Signed:
		style = x.st.inSigned
	case model.Amount:
		style = x.st.inAmount[decimals(c.Kind.Format(v))]
	}
	if v.IsBlank() {
		return nil, style
	}
	return cellNumber(c.Kind, v.Units()), style
}

func decimals(s string) int {
	if _, frac, ok := strings.Cut(s, "."); ok {
		return min(len(frac), 6)
	}
	return 0
}

// cellNumber is the value written for a stored integer of kind k: whole
// numbers as integers; amounts as a float when the float is exactly the
// decimal (at most 15 significant digits, Excel's precision), else as text
// so no digit is lost.
func cellNumber(k model.Kind, units int64) any {
	if k.Scale() == 0 {
		return units
	}
	s := k.FormatUnits(units)
	if f, ok := exactFloat(s); ok {
		return f
	}
	return s
}

func exactFloat(s string) (float64, bool) {
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(s), "0")
	if len(digits) > 15 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || strconv.FormatFloat(f, 'f', -1, 64) != s {
		return 0, false
	}
	return f, true
}

// sumFormula is the formula of a total: the sum of the cells the template
// says it adds up, as compact ranges.
func sumFormula(c *model.Cell, at map[*model.Cell]pos) string {
	var terms []pos
	for other, p := range at {
		if other.Block != c.Block || other == c {
			continue
		}
		if len(c.Row.Sum) > 0 {
			if other.Col == c.Col && slices.Contains(c.Row.Sum, other.Row.Key) {
				terms = append(terms, p)
			}
		} else if other.Row == c.Row && slices.Contains(c.Col.Sum, other.Col.Key) {
			terms = append(terms, p)
		}
	}
	return "SUM(" + strings.Join(ranges(terms), ",") + ")"
}

// ranges joins positions into runs along a row or a column: D5:I5.
func ranges(ps []pos) []string {
	slices.SortFunc(ps, func(a, b pos) int {
		if a.c != b.c {
			return a.c - b.c
		}
		return a.r - b.r
	})
	var out []string
	for i := 0; i < len(ps); {
		j := i
		if i+1 < len(ps) && ps[i+1].c == ps[i].c { // a run down a column
			for j+1 < len(ps) && ps[j+1].c == ps[i].c && ps[j+1].r == ps[j].r+1 {
				j++
			}
		} else { // a run along a row
			for j+1 < len(ps) && ps[j+1].r == ps[i].r && ps[j+1].c == ps[j].c+1 {
				j++
			}
		}
		if j == i {
			out = append(out, cellName(ps[i].r, ps[i].c))
		} else {
			out = append(out, cellName(ps[i].r, ps[i].c)+":"+cellName(ps[j].r, ps[j].c))
		}
		i = j + 1
	}
	return out
}

// validate adds the cell to its kind's data validation: whole numbers ≥ 0
// for counts, any whole number for 本年增/减, decimals ≥ 0 for amounts. The
// ranges are set when the sheet is finished (finishValidations).
func (x *exporter) validate(s *sheetOut, k model.Kind, p pos) {
	key := s.name + "|" + strconv.Itoa(int(k.Type))
	dv := x.dv[key]
	if dv == nil {
		dv = excelize.NewDataValidation(true)
		switch k.Type {
		case model.Signed:
			_ = dv.SetRange(-2147483647, 2147483647, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "此格应填整数（增加填正数，减少填负数）。")
		case model.Amount:
			_ = dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual)
			dv.Formula2 = ""
			dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "此格应填大于或等于0的金额（单位："+k.Unit+"），最多6位小数。")
		default:
			_ = dv.SetRange(0, 0, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual)
			dv.Formula2 = ""
			dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "此格应填大于或等于0的整数。确实为0请填0。")
		}
		x.dv[key] = dv
		s.validations = append(s.validations, dv)
	}
	x.dvCells[dv] = append(x.dvCells[dv], p)
}

// finishValidations sets each validation's cells as compact ranges.
func (x *exporter) finishValidations(s *sheetOut) {
	for _, dv := range s.validations {
		dv.Sqref = strings.Join(ranges(x.dvCells[dv]), " ")
	}
}
