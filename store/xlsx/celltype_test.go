package xlsx

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"nianbao/model"
)

// reportBook is a hand-made one-sheet report of the seed with every value
// a number; edit changes it before it is written.
func reportBook(t testing.TB, edit func(b *book)) []byte {
	t.Helper()
	r := seed(t)
	b := newBook(t, "年报")
	num := layout{Value: func(_ model.CellID, text string) any { return asNumber(text) }}
	y := b.table2("年报", 0, 0, r, num)
	y = b.table3("年报", y+1, 0, r, num)
	b.table4("年报", y+1, 0, r, num)
	if edit != nil {
		edit(b)
	}
	return b.bytes()
}

// setCellXML replaces the <c> element of ref in a sheet part.
func setCellXML(t testing.TB, data []byte, sheetPart, ref, cell string) []byte {
	t.Helper()
	sheet := part(t, data, sheetPart)
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	if !re.Match(sheet) {
		t.Fatalf("no cell %s in %s", ref, sheetPart)
	}
	return replacePart(t, data, sheetPart, re.ReplaceAll(sheet, []byte(cell)))
}

// styled sets a cell to a number with a number format.
func styled(v any, numFmt int, custom string) func(b *book, ref string) {
	return func(b *book, ref string) {
		st := &excelize.Style{NumFmt: numFmt}
		if custom != "" {
			st.CustomNumFmt = &custom
		}
		id, err := b.F.NewStyle(st)
		if err != nil {
			b.T.Fatal(err)
		}
		must(b.T, b.F.SetCellValue("年报", ref, v))
		must(b.T, b.F.SetCellStyle("年报", ref, ref, id))
	}
}

// A boolean, an error value or a date in a number cell is an input error
// naming the type, keeping what the file shows: TRUE is never 1 and
// 2022/1/2 never 44563. Both read paths agree, and the fast path reads
// them itself.
func TestImportCellTypes(t *testing.T) {
	const id = "t3.new_received.natural" // 819 in the seed
	base := reportBook(t, nil)
	at := cellPositions(t, base)[id].ref
	cases := []struct {
		name string
		edit func(b *book, ref string) // through excelize
		xml  string                    // or: the cell's XML, %s for its reference
		kept string                    // text kept as the invalid input ("" = read as the number want)
		msg  string                    // in the warning
		num  string                    // the number read, when the cell stays a number
		opt  func(data []byte) []byte  // further changes to the file
	}{
		{name: "TRUE", edit: func(b *book, ref string) { must(t, b.F.SetCellValue("年报", ref, true)) }, kept: "TRUE", msg: "是逻辑值 TRUE，不是数字"},
		{name: "FALSE", edit: func(b *book, ref string) { must(t, b.F.SetCellValue("年报", ref, false)) }, kept: "FALSE", msg: "是逻辑值 FALSE"},
		{name: "time.Time", edit: func(b *book, ref string) {
			must(t, b.F.SetCellValue("年报", ref, time.Date(2022, 1, 2, 0, 0, 0, 0, time.UTC)))
		}, kept: "2022/1/2", msg: "是日期（显示为 2022/1/2）"},
		{name: "numFmt 14", edit: styled(44563, 14, ""), kept: "2022/1/2", msg: "是日期（显示为 2022/1/2），不是数字。在 Excel 中输入“1-2”"},
		{name: "numFmt 31", edit: styled(44563, 31, ""), kept: "2022年1月2日", msg: "是日期（显示为 2022年1月2日）"},
		{name: "numFmt 58", edit: styled(44563, 58, ""), kept: "1月2日", msg: "是日期（显示为 1月2日）"},
		{name: "numFmt 20 time", edit: styled(0.5, 20, ""), kept: "12:00", msg: "是时间（显示为 12:00）"},
		{name: "custom 年月日", edit: styled(44563, 0, `yyyy"年"m"月"d"日"`), kept: "2022年1月2日", msg: "是日期"},
		{name: "custom m-d", edit: styled(44563, 0, "m-d"), kept: "1-2", msg: "是日期（显示为 1-2）"},
		{name: "custom locale", edit: styled(44563, 0, `[$-804]yyyy"年"m"月";@`), kept: "2022年1月", msg: "是日期"},
		{name: "custom digits", edit: styled(44563, 0, "yyyymmdd"), kept: "20220102（日期）", msg: "是日期（显示为 20220102）"},
		{name: "custom hh:mm", edit: styled(0.75, 0, "hh:mm"), kept: "18:00", msg: "是时间"},
		{name: "error #REF!", xml: `<c r="%s" t="e"><v>#REF!</v></c>`, kept: "#REF!", msg: "是错误值 #REF!"},
		{name: "error from formula", xml: `<c r="%s" t="e"><f>D1/0</f><v>#DIV/0!</v></c>`, kept: "#DIV/0!", msg: "是错误值 #DIV/0!"},
		{name: "error #N/A", xml: `<c r="%s" t="e"><v>#N/A</v></c>`, kept: "#N/A", msg: "是错误值 #N/A"},
		{name: "bool from formula", xml: `<c r="%s" t="b"><f>1=1</f><v>1</v></c>`, kept: "TRUE", msg: "是逻辑值 TRUE"},
		{name: "ISO date t=d", xml: `<c r="%s" t="d"><v>2022-01-02T00:00:00Z</v></c>`, kept: "2022/1/2", msg: "是日期（显示为 2022/1/2）"},
		{name: "1904 dates", edit: styled(42736, 14, ""), kept: "2021/1/2", msg: "是日期（显示为 2021/1/2）", opt: func(data []byte) []byte {
			wb := part(t, data, "xl/workbook.xml")
			wb = regexp.MustCompile(`<workbookPr[^>]*/>`).ReplaceAll(wb, []byte(`<workbookPr date1904="1"/>`))
			if !bytes.Contains(wb, []byte("date1904")) {
				wb = bytes.Replace(wb, []byte("<sheets>"), []byte(`<workbookPr date1904="1"/><sheets>`), 1)
			}
			return replacePart(t, data, "xl/workbook.xml", wb)
		}},
		// Number formats that are not dates leave the number as it is.
		{name: "custom 件", edit: styled(819, 0, `0"件"`), num: "819"},
		{name: "custom 万元 red", edit: styled(819, 0, `#,##0.00"万元";[Red]-#,##0.00"万元"`), num: "819"},
		{name: "custom escaped", edit: styled(819, 0, `0\d`), num: "819"},
		{name: "scientific", edit: styled(819, 11, ""), num: "819"},
		{name: "G/通用格式", edit: styled(819, 0, `[DBNum1][$-804]G/通用格式`), num: "819"},
		{name: "text 819", edit: func(b *book, ref string) { must(t, b.F.SetCellStr("年报", ref, "819")) }, num: "819"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var data []byte
			if tc.edit != nil {
				data = reportBook(t, func(b *book) { tc.edit(b, at) })
			} else {
				data = setCellXML(t, base, "xl/worksheets/sheet1.xml", at, strings.ReplaceAll(tc.xml, "%s", at))
			}
			if tc.opt != nil {
				data = tc.opt(data)
			}
			opts := ImportOptions{Name: "a.xlsx"}
			if !sameAsExcelize(t, tc.name, data, opts) {
				t.Errorf("the fast path fell back to excelize")
			}
			rep, info, err := Import(bytes.NewReader(data), int64(len(data)), opts)
			if err != nil {
				t.Fatal(err)
			}
			want := seed(t)
			if tc.num != "" {
				if got := rep.Text(id); got != tc.num {
					t.Errorf("read %q, want the number %s", got, tc.num)
				}
				for _, w := range info.Warnings {
					if strings.Contains(w, "不是数字") {
						t.Errorf("warning for a number: %s", w)
					}
				}
				return
			}
			raw, bad := rep.Invalid(id)
			if !bad || raw != tc.kept {
				t.Errorf("Invalid = %q, %v; want %q kept as invalid input", raw, bad, tc.kept)
			}
			if !rep.Value(id).IsBlank() {
				t.Errorf("value %v, want blank: never a number", rep.Value(id))
			}
			where := "表三·" // c.Name() starts with the table
			if !hasLine(info.Warnings, "单元格 年报!"+at, tc.msg, where, "（已保留原文）") {
				t.Errorf("warnings %q lack one naming 年报!%s and %q", info.Warnings, at, tc.msg)
			}
			// Every other typed cell is read as usual.
			for _, c := range want.Template().Cells() {
				if !c.Derived && c.ID != id && rep.Text(c.ID) != want.Text(c.ID) {
					t.Errorf("%s = %q, want %q", c.ID, rep.Text(c.ID), want.Text(c.ID))
				}
			}
			// The check shows it as an input error, and it stays one once
			// saved and read again.
			if !hasFinding(rep, "INPUT", id) {
				t.Errorf("no input finding for %s", id)
			}
			js, err := rep.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			back, err := model.UnmarshalReport(js)
			if err != nil {
				t.Fatal(err)
			}
			if raw, bad := back.Invalid(id); !bad || raw != tc.kept {
				t.Errorf("after a JSON round trip: %q, %v", raw, bad)
			}
		})
	}
}

// A total holding TRUE is kept as an invalid statement, not as 1.
func TestImportCellTypeInTotal(t *testing.T) {
	const id = "t3.new_received.total"
	base := reportBook(t, nil)
	at := cellPositions(t, base)[id].ref
	data := reportBook(t, func(b *book) { must(t, b.F.SetCellValue("年报", at, true)) })
	rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "a.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if raw, bad := rep.Invalid(id); !bad || raw != "TRUE" {
		t.Errorf("Invalid = %q, %v", raw, bad)
	}
	if !hasLine(info.Warnings, "单元格 年报!"+at, "是逻辑值 TRUE") {
		t.Errorf("warnings %q", info.Warnings)
	}
	sameAsExcelize(t, "total", data, ImportOptions{Name: "a.xlsx"})
}

// A date in 基本信息 (成文日期) is a date, as before: only the report's
// number cells are checked for their type.
func TestImportCoverDateStillRead(t *testing.T) {
	data := reportBook(t, func(b *book) {
		b.F.NewSheet("基本信息")
		b.set("基本信息", 0, 0, "单位名称")
		b.set("基本信息", 0, 1, "某某局")
		b.set("基本信息", 1, 0, "报告年度")
		b.set("基本信息", 1, 1, 2022)
		b.set("基本信息", 2, 0, "成文日期")
		must(t, b.F.SetCellValue("基本信息", "B3", time.Date(2023, 1, 20, 0, 0, 0, 0, time.UTC)))
	})
	rep, info, err := Import(bytes.NewReader(data), int64(len(data)), ImportOptions{Name: "a.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Meta.Date != "2023-01-20" || rep.Meta.Unit != "某某局" {
		t.Errorf("meta %+v (warnings %q)", rep.Meta, info.Warnings)
	}
	for _, w := range info.Warnings {
		if strings.Contains(w, "是日期") {
			t.Errorf("warning about the cover's date: %s", w)
		}
	}
	sameAsExcelize(t, "cover date", data, ImportOptions{Name: "a.xlsx"})
}

// hasLine reports whether one of lines contains every part.
func hasLine(lines []string, parts ...string) bool {
	for _, l := range lines {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(l, p)
		}
		if ok {
			return true
		}
	}
	return false
}

func hasFinding(r *model.Report, rule string, id model.CellID) bool {
	for _, f := range r.Evaluate(nil).Findings {
		if f.Rule == rule && len(f.Cells) > 0 && f.Cells[0] == id {
			return true
		}
	}
	return false
}

func TestDateFormats(t *testing.T) {
	for _, tc := range []struct {
		code string
		date bool
	}{
		{"yyyy/m/d", true}, {`yyyy"年"m"月"d"日"`, true}, {"m-d", true}, {"h:mm", true}, {"[h]:mm:ss", true},
		{"AM/PM h", true}, {`[$-804]yyyy"年"m"月"`, true}, {"yyyy年m月d日", true}, {"mmm-yy", true},
		{"0", false}, {"General", false}, {`0"件"`, false}, {`#,##0.00"元"`, false}, {"0.00E+00", false},
		{`[Red]0;[Blue]-0`, false}, {`0_);[Red]\(0\)`, false}, {`_-* #,##0_-;-* #,##0_-;_-* "-"_-;_-@_-`, false},
		{`[DBNum1][$-804]G/通用格式`, false}, {"@", false}, {`0\h`, false}, {`"day "0`, false}, {`0;"d"`, false},
	} {
		if got := isDateCode(tc.code); got != tc.date {
			t.Errorf("isDateCode(%q) = %v", tc.code, got)
		}
	}
	for _, tc := range []struct {
		raw, code string
		d1904     bool
		want      string
	}{
		{"44563", "yyyy/m/d", false, "2022/1/2"},
		{"44563.5", "yyyy/m/d h:mm", false, "2022/1/2 12:00"},
		{"44563.75", "h:mm AM/PM", false, "6:00 PM"},
		{"44563.25", `上午/下午h"时"mm"分"`, false, "上午6时00分"},
		{"60", "yyyy-mm-dd", false, "1900-02-29"},
		{"59", "yyyy-mm-dd", false, "1900-02-28"},
		{"61", "yyyy-mm-dd", false, "1900-03-01"},
		{"1", "yyyy-mm-dd", true, "1904-01-02"},
		{"44563", "dddd, mmmm d, yy", false, "Sunday, January 2, 22"},
		{"1.5", "[h]:mm", false, "36:00"},
		{"0.000011574", "mm:ss.0", false, "00:01.0"},
		{"-1", "yyyy", false, "-1"},
		{"abc", "yyyy", false, "abc"},
	} {
		if got := showDate(tc.raw, tc.code, tc.d1904); got != tc.want {
			t.Errorf("showDate(%s, %q) = %q, want %q", tc.raw, tc.code, got, tc.want)
		}
	}
}

// FuzzDateFormat: any number format code is judged and shown without a
// panic, and a code judged a date shows some text.
func FuzzDateFormat(f *testing.F) {
	for _, s := range []string{"yyyy/m/d", `[$-804]yyyy"年"m"月"d"日";@`, `上午/下午h"时"mm"分"`, "[h]:mm:ss.00", `0_);[Red]\(0\)`, "General", "mm:ss.0", `"`, `\`, "[", "*", "_"} {
		f.Add(s, "44563.5")
	}
	f.Fuzz(func(t *testing.T, code, raw string) {
		if len(code) > 1000 {
			return
		}
		date := isDateCode(code)
		shown := showDate(raw, code, false)
		if date && shown == "" && strings.TrimSpace(raw) != "" {
			t.Fatalf("date code %q shows %q as nothing", code, raw)
		}
		_ = isTimeOnly(code)
	})
}
