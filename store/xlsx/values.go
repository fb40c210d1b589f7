package xlsx

import (
	"math"
	"strconv"
	"strings"

	"nianbao/model"
)

// cellValue reads a value cell for import: the raw stored value (not the
// displayed one, so a number format such as 0"件" or #,##0 cannot change
// it), looking through a merged cell to its top-left and, for a head that
// spans several columns, along that span. It returns the text and the
// cell it came from.
func (g *grid) cellValue(r, x0, x1 int) (string, pos) {
	for x := x0; x <= x1; x++ {
		m := g.mergeOf(r, x)
		if t := strings.TrimSpace(g.text(m.r1, m.c1)); t != "" {
			return g.numberText(m.r1, m.c1, t), pos{m.r1, m.c1}
		}
	}
	return "", pos{r, x0}
}

// numberText undoes the float noise of numbers stored by spreadsheet
// programs: 24252.311082000001 or 1.5E-3 in a numeric cell become the
// decimal a person typed (15 significant digits, Excel's precision). Text
// cells are left exactly as they are.
func (g *grid) numberText(r, c int, t string) string {
	if !strings.ContainsAny(t, "eE") && significant(t) <= 15 {
		return t
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return t
	}
	if !g.src.isNumber(r, c) {
		return t
	}
	f, _ = strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func significant(s string) int {
	n, lead := 0, true
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '1' && s[i] <= '9':
			n++
			lead = false
		case s[i] == '0' && !lead:
			n++
		}
	}
	return n
}

// formula returns the formula of a cell, "" if none.
func (g *grid) formula(p pos) string {
	return g.src.formula(p.r, p.c)
}

// withUnit appends the unit a column head states (本年收费金额（单位：元）)
// to a bare number, so the model converts it to the column's own unit
// (万元). A number that carries its own unit is left alone.
func withUnit(k model.Kind, head, text string) string {
	if k.Type != model.Amount {
		return text
	}
	head = model.NormalizeLabel(head) // a wrapped head: 单位：万\n元
	unit := ""
	switch {
	case strings.Contains(head, "亿元"):
		unit = "亿元"
	case strings.Contains(head, "万元"):
		unit = "万元"
	case strings.Contains(head, "元"):
		unit = "元"
	}
	if unit == "" || unit == k.Unit || strings.HasSuffix(strings.TrimSpace(text), "元") {
		return text
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(text), 64); err != nil {
		return text
	}
	return text + unit
}
