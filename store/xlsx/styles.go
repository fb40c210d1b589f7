package xlsx

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// Fonts. Official report tables are set in 宋体 and body text in 仿宋;
// titles in 黑体. An xlsx names one family per font, so the fallback is the
// GB2312 charset (134) on every font: Excel, WPS and LibreOffice then
// substitute an installed Chinese face of the same kind (on Linux
// LibreOffice maps 宋体 to Noto Serif CJK SC or similar) instead of a Latin
// font that would draw boxes.
const (
	fontTable = "宋体"
	fontText  = "仿宋"
	fontTitle = "黑体"

	sizeTable = 10.5 // 五号
	sizeText  = 12   // 小四; 三号 (16) is customary on paper but too large for a cell
	sizeTitle = 16
)

var gb2312 = 134

// styles holds the style IDs of one workbook.
type styles struct {
	title, subtitle, caption    int
	head, headVert              int
	label, labelCenter          int
	inCount, inSigned           int
	inAmount                    map[int]int // by decimals shown
	total, totalStated, invalid int
	coverLabel, coverValue      int
	findHead, findCell, findIn  int
	note, paraTitle, para, key  int
}

func newStyles(f *excelize.File) (*styles, error) {
	var firstErr error
	mk := func(st *excelize.Style) int {
		id, err := f.NewStyle(st)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return id
	}
	font := func(family string, size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: family, Size: size, Bold: bold, Charset: &gb2312}
	}
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	fill := func(rgb string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{rgb}}
	}
	unlocked := &excelize.Protection{Locked: false}
	locked := &excelize.Protection{Locked: true}
	headFill := fill("F2F2F2")

	s := &styles{inAmount: map[int]int{}}
	s.title = mk(&excelize.Style{Font: font(fontTitle, sizeTitle, false),
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	s.subtitle = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Alignment: left})
	s.caption = mk(&excelize.Style{Font: font(fontTable, sizeTable, true), Border: border, Alignment: center, Fill: headFill, Protection: locked})
	s.head = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Border: border, Alignment: center, Fill: headFill, Protection: locked})
	s.headVert = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Border: border, Fill: headFill, Protection: locked,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true, TextRotation: 255}})
	s.label = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Border: border, Alignment: left, Protection: locked})
	s.labelCenter = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Border: border, Alignment: center, Protection: locked})

	num := func(fmtCode int, custom string, extra ...func(*excelize.Style)) int {
		st := &excelize.Style{Font: font(fontTable, sizeTable, false), Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}, Protection: unlocked, NumFmt: fmtCode}
		if custom != "" {
			st.CustomNumFmt = &custom
		}
		for _, e := range extra {
			e(st)
		}
		return mk(st)
	}
	s.inCount = num(1, "")  // 0
	s.inSigned = num(1, "") // 0, negatives with a minus
	for d := 0; d <= 6; d++ {
		code := "0"
		if d > 0 {
			code += "." + strings.Repeat("0", d)
		}
		s.inAmount[d] = num(0, code)
	}
	lock := func(st *excelize.Style) { st.Protection = locked }
	s.total = num(1, "", lock, func(st *excelize.Style) { st.Fill = fill("EAF1FB"); st.Font.Bold = true })
	s.totalStated = num(0, "", lock, func(st *excelize.Style) { st.Fill = fill("FFD7D7"); st.Font.Bold = true })
	s.invalid = num(49, "", func(st *excelize.Style) { st.Fill = fill("FFF2B3") })

	s.coverLabel = mk(&excelize.Style{Font: font(fontTable, 11, false), Border: border, Alignment: center, Fill: headFill, Protection: locked})
	s.coverValue = mk(&excelize.Style{Font: font(fontTable, 11, false), Border: border, Alignment: left, Protection: unlocked, NumFmt: 49})
	s.findHead = mk(&excelize.Style{Font: font(fontTable, sizeTable, true), Border: border, Alignment: center, Fill: headFill, Protection: locked})
	s.findCell = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Border: border, Protection: locked,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	s.findIn = mk(&excelize.Style{Font: font(fontTable, sizeTable, false), Border: border, Protection: unlocked, NumFmt: 49,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	s.note = mk(&excelize.Style{Font: &excelize.Font{Family: fontTable, Size: 9, Color: "595959", Charset: &gb2312},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	s.paraTitle = mk(&excelize.Style{Font: font(fontTitle, 14, false), Alignment: &excelize.Alignment{Vertical: "center"}})
	s.para = mk(&excelize.Style{Font: font(fontText, sizeText, false), NumFmt: 49,
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}})
	s.key = mk(&excelize.Style{Font: &excelize.Font{Family: fontTable, Size: 8, Color: "808080"}, NumFmt: 49})
	return s, firstErr
}
