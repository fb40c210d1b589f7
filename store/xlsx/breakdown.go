package xlsx

import (
	"fmt"

	"nianbao/model"
)

// The breakdown sheet (分单位情况) of a roll-up: one row per unit offered,
// units with errors first, with its key figures, its own check and whether
// it was summed. Export writes it after the tables when
// ExportOptions.Breakdown is set; Import skips it in our own workbooks (its
// heads, such as 单位 and 年度, would otherwise be read as 基本信息).
const sheetBreakdown = "分单位情况"

var breakdownHeads = []struct {
	head  string
	width float64
}{
	{"序号", 6}, {"单位", 26}, {"年度", 7}, {"格式", 14}, {"来源", 28},
	{"新收申请", 9}, {"办结", 9}, {"结转下年", 9}, {"行政复议", 9}, {"行政诉讼", 9},
	{"错误", 6}, {"警告", 6}, {"状态", 14}, {"说明", 44},
}

func (x *exporter) breakdownSheet(m *model.Merge) *sheetOut {
	s := newSheet(sheetBreakdown)
	s.protect = true
	s.landscape = true
	s.fitHeight = 0
	s.footer = x.footer()
	widths := make([]float64, len(breakdownHeads))
	for c, h := range breakdownHeads {
		s.width(c, h.width)
		widths[c] = h.width
	}
	st := x.st
	last := len(breakdownHeads) - 1
	title := fmt.Sprintf("分单位情况：共%d个单位，计入汇总%d个", len(m.Units), m.Included)
	s.area(0, 0, 0, last, title, st.title)
	s.height(0, rowHeight(1, sizeTitle))
	for c, h := range breakdownHeads {
		s.put(1, c, h.head, st.findHead)
	}
	s.height(1, rowHeight(1, sizeTable))
	s.freezeRows = 2

	y := 2
	var sum model.Figures
	for i, u := range m.Units {
		tpl := ""
		if u.Template != nil {
			tpl = u.Template.Name
		}
		year := any(nil)
		if u.Year != 0 {
			year = int64(u.Year)
		}
		vals := []any{int64(i + 1), nilIfEmpty(u.Unit), year, nilIfEmpty(tpl), u.Source}
		if u.Template != nil {
			f := u.Figures
			vals = append(vals, f.NewReceived, f.Processed, f.CarryForward, f.Review, f.Litigation)
		} else {
			vals = append(vals, nil, nil, nil, nil, nil)
		}
		vals = append(vals, int64(u.Errors), int64(u.Warnings), u.Status.Label(), nilIfEmpty(u.Reason))
		for c, v := range vals {
			style := st.findCell
			if _, isNum := v.(int64); isNum {
				style = st.labelCenter // numbers centred, as in the tables
			}
			if (c == 10 && u.Errors > 0) || (c == 12 && !u.Included()) {
				style = st.invalid
			}
			s.put(y, c, v, style)
		}
		n := max(lines(u.Unit, widths[1], sizeTable), lines(u.Source, widths[4], sizeTable), lines(u.Reason, widths[last], sizeTable))
		s.height(y, rowHeight(n, sizeTable))
		if u.Included() {
			sum.NewReceived += u.Figures.NewReceived
			sum.Processed += u.Figures.Processed
			sum.CarryForward += u.Figures.CarryForward
			sum.Review += u.Figures.Review
			sum.Litigation += u.Figures.Litigation
		}
		y++
	}
	s.area(y, 0, y, 4, "计入汇总的单位合计", st.head)
	for c, v := range []int64{sum.NewReceived, sum.Processed, sum.CarryForward, sum.Review, sum.Litigation} {
		s.put(y, 5+c, v, st.total)
	}
	for c := 10; c <= last; c++ {
		s.put(y, c, nil, st.total)
	}
	s.height(y, rowHeight(1, sizeTable))
	y += 2

	notes := []string{"新收申请、办结、结转下年为表三“总计”列，行政诉讼为未经复议直接起诉与复议后起诉之和；均按各单位填写的数字计算。" +
		"“错误”“警告”是各单位报告自身的检查结果，有错误的单位排在前面，请先核对。同一单位同一年度的报告只计入一次。"}
	for _, f := range m.Notes {
		notes = append(notes, f.Severity.String()+" "+f.Rule+" "+f.Where+"："+f.Message)
	}
	for _, n := range notes {
		s.area(y, 0, y, last, n, st.note)
		s.height(y, rowHeight(lines(n, spanWidth(widths, 0, last), 9), 9))
		y++
	}
	return s
}
