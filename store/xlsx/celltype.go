package xlsx

import (
	"strings"

	"nianbao/model"
)

// cellKind is what a cell holds, as far as import cares: a number cell of
// the report must hold a number. A boolean, an error value or a date there
// is an input error, never read as 1, 0 or 44563.
type cellKind uint8

const (
	kindNumber  cellKind = iota // a number, or no type
	kindText                    // a shared, inline or formula string
	kindBool                    // t="b": TRUE / FALSE
	kindError                   // t="e": #REF!, #DIV/0!, #N/A, #VALUE!
	kindDate                    // t="d": an ISO 8601 date
	kindDateNum                 // a number whose style shows a date or time
	// kindFormulaText is a formula cell typed as text (t="str") with no
	// stored value: excelize writes uncalculated formulas so. Excel writes
	// an empty text result as <v></v>, which the fast path sees as
	// kindText; the excelize path cannot tell the two apart.
	kindFormulaText
)

// notNumber checks a value cell read as text: if the cell is a boolean, an
// error value or a date, it returns the text to keep in the report (what
// the file shows, so the clerk recognises it) and the warning naming the
// cell and its type. It returns "" for a number or text cell, which
// model.Kind.Parse judges as before.
func notNumber(g *grid, c *model.Cell, at pos, raw string) (kept, msg string) {
	k, code := g.src.kind(at.r, at.c)
	var what string
	switch k {
	case kindBool:
		switch kept = strings.TrimSpace(raw); strings.ToLower(kept) {
		case "1", "true":
			kept = "TRUE"
		case "0", "false":
			kept = "FALSE"
		}
		what = "是逻辑值 " + kept
	case kindError:
		kept = strings.TrimSpace(raw)
		what = "是错误值 " + kept + "（公式或引用出错）"
	case kindDate:
		kept = showISODate(raw)
		what = "是日期（显示为 " + kept + "）"
	case kindDateNum:
		kept = showDate(raw, code, g.src.workbook().date1904())
		what = "是日期（显示为 " + kept + "）"
		if isTimeOnly(code) {
			what = "是时间（显示为 " + kept + "）"
		}
	default:
		return "", ""
	}
	kept = unparsable(c.Kind, kept, typeNote(k))
	msg = c.Name() + "：单元格 " + g.name + "!" + cellName(at.r, at.c) + " " + what + "，不是数字，请在 Excel 或 WPS 中改为数字（已保留原文）"
	if k == kindDate || k == kindDateNum {
		msg = c.Name() + "：单元格 " + g.name + "!" + cellName(at.r, at.c) + " " + what + "，不是数字。在 Excel 中输入“1-2”“3/4”这样的内容会变成日期；请先把单元格格式设为“常规”或“数值”，再重新输入数字（已保留原文）"
	}
	return kept, msg
}

// unparsable makes sure kept text stays an input error: a date shown as
// 2022 or 20220102 would otherwise read as that number, now or after the
// draft is saved and opened again.
func unparsable(k model.Kind, text, note string) string {
	if _, err := k.Parse(text); err != nil {
		return text
	}
	return text + "（" + note + "）"
}

func typeNote(k cellKind) string {
	switch k {
	case kindBool:
		return "逻辑值"
	case kindError:
		return "错误值"
	}
	return "日期"
}

// isTimeOnly reports whether a date format code shows only a time.
func isTimeOnly(code string) bool {
	for _, t := range tokenizeFmt(firstSection(code)) {
		switch t.kind {
		case 'y', 'M', 'd':
			return false
		}
	}
	return true
}
