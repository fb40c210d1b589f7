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

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// isLandscape: a table wider than a portrait page is printed landscape
// (表四's fifteen columns).
func isLandscape(tb *model.Table) bool { return tb.LabelDepth() == 0 && tb.DataWidth() > 10 }

// tableWidths sizes the columns so labels read on one or two lines and the
// whole table fits the width of an A4 page.
func tableWidths(lay *model.Layout) []float64 {
	L, N := lay.LabelCols, lay.Cols-lay.LabelCols
	w := make([]float64, L+N)
	widest := make([]float64, L) // per label column: its widest group or label
	for _, sl := range lay.Slots {
		switch {
		case sl.Role == model.RoleGroup:
			widest[sl.Col] = math.Max(widest[sl.Col], textUnits(sl.Text, sizeTable))
		case sl.Role == model.RoleLabel && sl.Col == L-1:
			widest[sl.Col] = math.Max(widest[sl.Col], textUnits(sl.Text, sizeTable))
		case sl.Role == model.RoleCorner:
			widest[L-1] = math.Max(widest[L-1], textUnits(sl.Text, sizeTable)/3)
		}
	}
	used := 0.0
	for k := range L {
		switch {
		case k < L-1 && lay.Vertical[k]: // a narrow column read top to bottom
			w[k] = 5
		case k < L-1: // a group level
			w[k] = clamp(widest[k]/2+1.5, 9, 14)
		case L == 1:
			w[k] = clamp(widest[k]+4, 20, 30) // 表二: a roomy single label column
		default:
			w[k] = clamp(widest[k]+1.5, 10, 30)
		}
		used += w[k]
	}
	page := float64(portraitUnits)
	if isLandscape(lay.Table) {
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

// tableTop is the sheet row the table's layout starts at, under its title
// and the unit line.
const tableTop = 2

// tableSheet draws a table's layout (model.Layout, the one every renderer
// draws) like the official format: merged heads, labels and captions,
// values with their validations and totals with their formulas; what is
// the sheet's own is the title, the widths and the row heights.
func (x *exporter) tableSheet(tb *model.Table) *sheetOut {
	lay := tb.Layout()
	W := lay.Cols
	s := newSheet(tb.Short)
	s.widths = tableWidths(lay)
	s.landscape = isLandscape(tb)
	s.protect = true
	s.footer = x.footer()

	s.area(0, 0, 0, W-1, tb.Title, x.st.title)
	s.height(0, 32)
	s.area(1, 0, 1, W-1, x.subtitle(), x.st.subtitle)
	s.height(1, rowHeight(1, sizeTable))

	at := map[*model.Cell]pos{}
	var order []*model.Cell // layout order is template order: the file is reproducible
	for _, bs := range lay.Blocks {
		x.blockHead(s, lay, bs)
		if len(lay.Blocks) == 1 {
			s.freezeRows, s.freezeCols = tableTop+bs.Body, lay.LabelCols
		}
	}
	var vertical []model.Slot
	for _, sl := range lay.Slots {
		y, c := tableTop+sl.Row, sl.Col
		y1, c1 := y+sl.RowSpan-1, c+sl.ColSpan-1
		switch sl.Role {
		case model.RoleGroup:
			style := x.st.labelCenter
			if sl.Vertical {
				style = x.st.headVert
				vertical = append(vertical, sl)
			} else if sl.RowSpan == 1 { // a group of one row sets its height; longer runs have room
				s.height(y, rowHeight(lines(sl.Text, s.widths[c], sizeTable), sizeTable))
			}
			s.area(y, c, y1, c1, sl.Text, style)
		case model.RoleLabel:
			s.area(y, c, y1, c1, sl.Text, x.st.label)
			s.height(y, rowHeight(lines(sl.Text, spanWidth(s.widths, c, c1), sizeTable), sizeTable))
		case model.RoleInput, model.RoleTotal:
			at[sl.Cell] = pos{y, c}
			order = append(order, sl.Cell)
			if c1 > c {
				s.merges = append(s.merges, [4]int{y, c, y, c1})
			}
			s.height(y, rowHeight(1, sizeTable))
		}
	}
	if len(lay.Blocks) > 1 {
		s.freezeRows = tableTop // title and unit; a table of several blocks has no single header
	}
	// Stacked vertical text needs about one line height per character over
	// the rows it spans.
	for _, v := range vertical {
		y0, y1 := tableTop+v.Row, tableTop+v.Row+v.RowSpan-1
		have := 0.0
		for r := y0; r <= y1; r++ {
			have += s.heights[r]
		}
		if need := float64(utf8.RuneCountInString(v.Text))*lineHeight(sizeTable) + 6; need > have {
			s.heights[y1] = min(s.heights[y1]+need-have, excelize.MaxRowHeight)
		}
	}
	for _, cell := range order {
		p := at[cell]
		x.value(s, cell, p, at)
		sl := &lay.Slots[lay.SlotOf(cell.ID)]
		for xx := p.c + 1; xx < p.c+sl.ColSpan; xx++ { // the rest of a merged value cell
			s.put(p.r, xx, nil, s.cell(p.r, p.c).style)
		}
	}
	x.finishValidations(s)
	return s
}

// blockHead writes a block's caption and head rows (the corner, merged
// groups of heads above the column heads), each head row as tall as its
// longest text needs.
func (x *exporter) blockHead(s *sheetOut, lay *model.Layout, bs model.BlockSpan) {
	if bs.Caption >= 0 {
		sl := lay.Slots[lay.At(bs.Caption, 0)]
		s.area(tableTop+bs.Caption, 0, tableTop+bs.Caption, lay.Cols-1, sl.Text, x.st.caption)
		s.height(tableTop+bs.Caption, rowHeight(1, sizeTable))
	}
	y, H := tableTop+bs.Head, bs.Body-bs.Head
	need := make([]int, H) // lines needed per head row
	for k := range need {
		need[k] = 1
	}
	for _, sl := range lay.Slots {
		if sl.Row < bs.Head || sl.Row >= bs.Body || sl.Role != model.RoleCorner && sl.Role != model.RoleHead {
			continue
		}
		y0, c0 := tableTop+sl.Row, sl.Col
		y1, c1 := y0+sl.RowSpan-1, c0+sl.ColSpan-1
		s.area(y0, c0, y1, c1, sl.Text, x.st.head)
		ln := lines(sl.Text, spanWidth(s.widths, c0, c1), sizeTable)
		if y0 == y1 {
			need[y0-y] = max(need[y0-y], ln)
			continue
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
	for k, n := range need {
		s.height(y+k, rowHeight(n, sizeTable))
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
