package model

import (
	"testing"
	"unicode/utf8"
)

func TestParseTitle(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Title
		ok   bool
	}{
		// The forms of real titled workbooks.
		{"衢州市人民政府2022年政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"2019年上海市人民政府办公厅政府信息公开工作年度报告", Title{"上海市人民政府办公厅", 2019}, true},
		{"平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"2021年度平潭综合实验区政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"衢州市人民政府2022年政府信息公开工作年度报告（表格部分）", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府2022年政府信息公开工作年度报告(表格)", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府2022年政府信息公开工作年度报告【定稿】", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府2022年政府信息公开工作年度报告-表格部分", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府2022年政府信息公开工作年度报告附表", Title{"衢州市人民政府", 2022}, true},
		{"附件：平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件:平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件1平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件1：平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件一平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件2-1 平潭综合实验区2021年度政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件1 2021年度平潭综合实验区政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件12021年度平潭综合实验区政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件2021年度平潭综合实验区政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件一二〇二一年度平潭综合实验区政府信息公开工作年度报告", Title{"平潭综合实验区", 2021}, true},
		{"附件1：\n衢州市人民政府2022年政府信息公开工作年度报告（表格部分）", Title{"衢州市人民政府", 2022}, true},
		{"  衢州市人民政府\n2022 年度政府信息公开\n工作年度报告  ", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府２０２２年度政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		// Chinese-numeral years.
		{"衢州市人民政府二〇二二年度政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府二○二二年政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府二零二二年度政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府二O二二年度政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府二0二二年度政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府二０二二年度政府信息公开工作年度报告", Title{"衢州市人民政府", 2022}, true},
		{"二〇一九年上海市人民政府办公厅政府信息公开工作年度报告", Title{"上海市人民政府办公厅", 2019}, true},
		// Other names of the report.
		{"衢州市人民政府2022年政府信息公开年度报告", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府2022年度政府信息公开年报", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府2022年度政府信息公开工作报告", Title{"衢州市人民政府", 2022}, true},
		// The year after the name, in brackets.
		{"衢州市人民政府政府信息公开工作年度报告（2022年度）", Title{"衢州市人民政府", 2022}, true},
		{"衢州市人民政府政府信息公开工作年度报告(二〇二二年)", Title{"衢州市人民政府", 2022}, true},
		// Parts of a title split over two cells.
		{"2022年度政府信息公开工作年度报告", Title{"", 2022}, true},
		{"政府信息公开工作年度报告", Title{}, true},
		{"衢州市人民政府政府信息公开工作年度报告", Title{"衢州市人民政府", 0}, true},
		// Units with brackets, digits, 本溪.
		{"衢州市人民政府办公室（市政务公开办）2022年度政府信息公开工作年度报告", Title{"衢州市人民政府办公室（市政务公开办）", 2022}, true},
		{"本溪市人民政府2022年度政府信息公开工作年度报告", Title{"本溪市人民政府", 2022}, true},
		{"第0001号单位2023年度政府信息公开工作年度报告", Title{"第0001号单位", 2023}, true},
		{"2023年第0001号单位政府信息公开工作年度报告", Title{"第0001号单位", 2023}, true},

		// Not titles: narrative sentences, other documents, odd years.
		{"本报告由衢州市人民政府办公室编制。", Title{}, false},
		{"本报告根据《中华人民共和国政府信息公开条例》要求编制2022年度政府信息公开工作年度报告", Title{}, false},
		{"现将2022年度政府信息公开工作年度报告公布如下", Title{}, false},
		{"现将衢州市2022年度政府信息公开工作年度报告", Title{}, false},
		{"关于印发衢州市2022年度政府信息公开工作年度报告的通知", Title{}, false},
		{"衢州市人民政府办公室关于2022年度政府信息公开工作年度报告", Title{}, false},
		{"我局2022年度政府信息公开工作年度报告", Title{}, false},
		{"衢州市，2022年度政府信息公开工作年度报告", Title{}, false},
		{"衢州市人民政府2022年度政务公开工作要点", Title{}, false},
		{"衢州市人民政府2022年度政务公开工作年度报告", Title{}, false}, // another report
		{"衢州市2022年度本级政府信息公开工作年度报告", Title{}, false},
		{"2021年衢州市2022年度政府信息公开工作年度报告", Title{}, false},
		{"衢州市人民政府2007年度政府信息公开工作年度报告", Title{}, false},
		{"衢州市人民政府2022政府信息公开工作年度报告", Title{}, false},
		{"衢州市人民政府12022年度政府信息公开工作年度报告", Title{}, false},
		{"衢州市人民政府2022年度政府信息公开工作年度报告（2021年度）", Title{}, false},
		{"年度报告", Title{}, false},
		{"x2022年度政府信息公开工作年度报告", Title{}, false},
		{"", Title{}, false},
	} {
		got, ok := ParseTitle(tc.text)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseTitle(%q) = %+v, %v; want %+v, %v", tc.text, got, ok, tc.want, tc.ok)
		}
	}
}

func TestYearFromName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want int
	}{
		{"衢州市2022年报.xlsx", 2022},
		{"年报2022.xlsx", 2022},
		{"2022年度数据", 2022},
		{"二〇二二年度", 2022},
		{"unit0001.xlsx", 0},
		{"unit0001", 0},
		{"2021-2022对比", 0},
		{"报送2023.03.01.xlsx", 0},
		{"报送2023年3月1日", 0},
		{"2022年报（2023.1.5报送）", 2022},
		{"Sheet1", 0},
		{"初稿", 0},
		{"20220301", 0},
		{"2007年", 0},
	} {
		got, ok := YearFromName(tc.name)
		if got != tc.want || ok != (tc.want != 0) {
			t.Errorf("YearFromName(%q) = %d, %v; want %d", tc.name, got, ok, tc.want)
		}
	}
}

func TestYearOfHeading(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"2022年度", 2022},
		{"2022 年度", 2022},
		{"二〇二二年度", 2022},
		{"（2022年）", 2022},
		{"三、本年度办理结果", 0},
		{"三、收到和处理政府信息公开申请情况（2021年度）", 2021},
		{"2021年数据", 2021},
		{"衢州市人民政府二〇二二年度政府信息公开工作年度报告", 2022},
		{"（数据截至2023年12月31日）", 0},
		{"本年度比2021年增长12%，比2020年下降。", 0},
		{"2021年、2022年对比", 0},
		{"三、收到和处理政府信息公开申请情况", 0},
	} {
		got, ok := YearOfHeading(tc.text)
		if got != tc.want || ok != (tc.want != 0) {
			t.Errorf("YearOfHeading(%q) = %d, %v; want %d", tc.text, got, ok, tc.want)
		}
	}
}

// FormatTitle is read back by ParseTitle.
func TestFormatTitle(t *testing.T) {
	for _, tc := range []Title{{"衢州市人民政府", 2022}, {"", 2022}, {"衢州市人民政府", 0}, {}, {"度假区管委会", 2021}} {
		text := FormatTitle(tc.Unit, tc.Year)
		if got, ok := ParseTitle(text); !ok || got != tc {
			t.Errorf("ParseTitle(FormatTitle(%+v)) = %+v, %v (%q)", tc, got, ok, text)
		}
	}
}

// FuzzTitle: ParseTitle never panics, keeps to its limits, and reads its
// own output form back: the unit and year of any title, formatted as the
// official title, parse to themselves.
func FuzzTitle(f *testing.F) {
	for _, s := range []string{
		"衢州市人民政府2022年政府信息公开工作年度报告",
		"2019年上海市人民政府办公厅政府信息公开工作年度报告",
		"附件1：平潭综合实验区2021年度政府信息公开工作年度报告（表格部分）",
		"附件一二〇二一年度平潭综合实验区政府信息公开工作年度报告",
		"衢州市人民政府政府信息公开工作年度报告（2022年度）",
		"2022年度政府信息公开工作年度报告",
		"本报告由衢州市人民政府办公室编制。",
		"附件12021年度度假区政府信息公开年报【定稿】",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		got, ok := ParseTitle(text)
		if !ok {
			if got != (Title{}) {
				t.Fatalf("ParseTitle(%q) = %+v with ok false", text, got)
			}
			return
		}
		if got.Year != 0 && (got.Year < MinYear || got.Year > MaxYear) {
			t.Fatalf("ParseTitle(%q): year %d out of range", text, got.Year)
		}
		if got.Unit != "" && (!utf8.ValidString(got.Unit) || !validUnit(got.Unit)) {
			t.Fatalf("ParseTitle(%q): unit %q is not a valid unit", text, got.Unit)
		}
		again, ok := ParseTitle(FormatTitle(got.Unit, got.Year))
		if !ok || again != got {
			t.Fatalf("ParseTitle(%q) = %+v, but its title %q reads %+v, %v", text, got, FormatTitle(got.Unit, got.Year), again, ok)
		}
	})
}
