// Package gen writes the unit workbooks of the roll-up benchmark
// (scripts/benchgen, scripts/bench-merge) and of the CLI's roll-up test:
// n units' 2021-format reports for one year, consistent (T3-R1 holds), with
// varied values, named unitNNNN.xlsx (no year in the name). About seven in
// ten are this program's own exports; the rest are built by hand the way
// offices build them: another sheet name, labels with spaces or in the old
// wording (规范性文件, 本年新发件数), numbers typed as text (“12”, “12件”),
// no 单位名称/报告年度 labels but a printed title in one of the forms real
// workbooks use (TitleForms), so the unit and year come from the title.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"nianbao/model"
	"nianbao/store/xlsx"
)

// Year is the report year of every unit.
const Year = 2023

// TitleForms are the printed titles of the hand-made workbooks, cycled
// through in order: each is a list of cells (row, column, text, columns
// merged), with {unit} for the unit's name. Seen in real published
// workbooks: year first, 年 or 年度, Chinese-numeral years, 附件 prefixes,
// a （表格部分） suffix, the title split over two cells.
var TitleForms = [][]TitleCell{
	{{0, 0, "{unit}2023年政府信息公开工作年度报告", 10}},
	{{0, 0, "2023年{unit}政府信息公开工作年度报告", 10}},
	{{0, 0, "附件：{unit}2023年度政府信息公开工作年度报告", 0}},
	{{0, 0, "{unit}二〇二三年度政府信息公开工作年度报告（表格部分）", 10}},
	{{0, 0, "附件1{unit}二○二三年政府信息公开工作年度报告", 0}},
	{{0, 0, "{unit}", 0}, {0, 1, "2023年度政府信息公开工作年度报告", 8}},
	{{0, 0, "{unit}", 10}, {1, 0, "2023年度政府信息公开工作年度报告", 10}},
	{{0, 0, "{unit}2023年度", 10}, {1, 0, "政府信息公开工作年度报告", 10}},
	{{0, 0, "附件一 二零二三年度{unit}政府信息公开年度报告", 0}},
	{{0, 0, "{unit}政府信息公开工作年度报告", 10}, {1, 0, "（2023年度）", 10}},
	{{0, 0, "附件1：", 0}, {1, 0, "{unit}2023年度政府信息公开工作年度报告(表格)", 10}},
}

// TitleCell is one cell of a printed title.
type TitleCell struct {
	Row, Col int
	Text     string
	Span     int // columns merged, 0 for none
}

// Own reports whether unit i is written as this program's export.
func Own(i int) bool { return i%10 < 7 }

// TitleForm is the index in TitleForms of hand-made unit i's title.
func TitleForm(i int) int { return (i/10*3 + i%10 - 7) % len(TitleForms) }

// Unit is the name of unit i.
func Unit(i int) string { return fmt.Sprintf("第%04d号单位", i) }

// File is the file name of unit i.
func File(i int) string { return fmt.Sprintf("unit%04d.xlsx", i) }

// Write writes n units' workbooks into dir and returns the roll-up they
// must give: each typed cell the sum over all units (a report whose JSON
// has the shape of `nianbao merge --json`).
func Write(dir string, n int) (*model.Report, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tpl := model.TemplateForYear(Year)
	sums := map[model.CellID]int64{}
	for i := range n {
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		r, err := unit(tpl, i, rng)
		if err != nil {
			return nil, err
		}
		for _, c := range tpl.Cells() {
			if !c.Derived {
				sums[c.ID] += r.Value(c.ID).Units()
			}
		}
		path := filepath.Join(dir, File(i))
		if Own(i) {
			err = xlsx.WriteFile(path, r, xlsx.ExportOptions{AppVersion: "benchgen"})
		} else {
			err = handmade(path, r, i, rng)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	want := model.NewReport(tpl)
	want.Meta = model.Meta{Year: Year, Scope: model.ScopeRegion}
	for id, v := range sums {
		if err := want.SetValue(id, model.FromUnits(v)); err != nil {
			return nil, err
		}
	}
	return want, nil
}

// unit is a consistent report with random values.
func unit(tpl *model.Template, i int, rng *rand.Rand) (*model.Report, error) {
	r := model.NewReport(tpl)
	r.Meta = model.Meta{Unit: Unit(i), Year: Year, Scope: model.ScopeAgency}
	for _, c := range tpl.Cells() {
		if c.Derived || c.Row.Key == "carry_forward" {
			continue
		}
		text := strconv.Itoa(rng.IntN(12))
		switch {
		case c.Row.Key == "new_received":
			text = strconv.Itoa(300 + rng.IntN(500))
		case c.Kind.Type == model.Amount:
			text = fmt.Sprintf("%d.%02d", rng.IntN(900), rng.IntN(100))
		}
		if err := r.Set(c.ID, text); err != nil {
			return nil, err
		}
	}
	res := r.Evaluate(nil)
	for _, c := range tpl.Table("t3").Blocks[0].Columns {
		if len(c.Sum) > 0 {
			continue
		}
		v := res.Computed("t3.new_received."+c.Key) + res.Computed("t3.carried_over."+c.Key) - res.Computed("t3.total_processed."+c.Key)
		if err := r.Set("t3.carry_forward."+c.Key, strconv.FormatInt(v, 10)); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// handmade writes r as an office would lay it out by hand, on one sheet,
// under a title in form TitleForm(i).
func handmade(path string, r *model.Report, i int, rng *rand.Rand) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := []string{"年报", "Sheet1", "2023年度数据", "汇总表"}[i%4]
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return err
		}
	}
	var failed error
	put := func(row, col int, v any) {
		name, _ := excelize.CoordinatesToCellName(col+1, row+1)
		if err := f.SetCellValue(sheet, name, v); err != nil && failed == nil {
			failed = err
		}
	}
	// label prints a label as offices do: a space or line break inside,
	// sometimes the old wording.
	label := func(s string) string {
		s = strings.NewReplacer("行政规范性文件", "规范性文件", "本年制发件数", "本年新发件数").Replace(s)
		rs := []rune(s)
		if len(rs) > 6 && rng.IntN(3) == 0 {
			k := 3 + rng.IntN(len(rs)-4)
			sep := " "
			if rng.IntN(2) == 0 {
				sep = "\n"
			}
			return string(rs[:k]) + sep + string(rs[k:])
		}
		return s
	}
	// value writes a number, sometimes as text.
	value := func(row, col int, id model.CellID) {
		text := r.Text(id)
		switch rng.IntN(6) {
		case 0:
			put(row, col, text)
		case 1:
			if c, _ := r.Template().Cell(id); c.Kind.Type == model.Count {
				put(row, col, text+"件")
				return
			}
			fallthrough
		default:
			n, _ := strconv.ParseFloat(text, 64)
			put(row, col, n)
		}
	}
	y := 0
	for _, tc := range TitleForms[TitleForm(i)] {
		put(tc.Row, tc.Col, strings.ReplaceAll(tc.Text, "{unit}", r.Meta.Unit))
		if tc.Span > 1 {
			a, _ := excelize.CoordinatesToCellName(tc.Col+1, tc.Row+1)
			b, _ := excelize.CoordinatesToCellName(tc.Col+tc.Span, tc.Row+1)
			if err := f.MergeCell(sheet, a, b); err != nil {
				return err
			}
		}
		y = max(y, tc.Row+1)
	}
	if i%2 == 0 { // a date and a sentence with years are no report year
		put(y, 0, "（数据截至2023年12月31日）")
		put(y+1, 0, "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止，2022年数据见上年报告。")
		y += 2
	}
	y++
	tpl := r.Template()
	for _, tb := range tpl.Tables {
		put(y, 0, tb.Title)
		y += 2
		for _, b := range tb.Blocks {
			switch tb.ID {
			case "t2":
				put(y, 0, b.Caption)
				put(y+1, 0, label(b.Corner))
				for c, col := range b.Columns {
					put(y+1, 1+c, label(col.Label))
				}
				y += 2
				for _, row := range b.Rows {
					put(y, 0, label(row.Label))
					for c, col := range b.Columns {
						value(y, 1+c, tpl.CellAt(tb, row, col).ID)
					}
					y++
				}
			case "t3":
				put(y, 0, b.Corner)
				put(y, 3, "申请人情况")
				put(y+1, 3, "自然人")
				put(y+1, 4, "法人或其他组织")
				put(y+1, 9, "总计")
				for c, col := range b.Columns[1:6] {
					put(y+2, 4+c, label(col.Label))
				}
				y += 3
				for _, row := range b.Rows {
					for g, grp := range row.Groups {
						put(y, g, grp)
					}
					put(y, 2, label(row.Label))
					for c, col := range b.Columns {
						if len(col.Sum) > 0 || len(row.Sum) > 0 {
							continue // totals left for the reader
						}
						value(y, 3+c, tpl.CellAt(tb, row, col).ID)
					}
					y++
				}
			case "t4":
				put(y, 0, "行政复议")
				put(y, 5, "行政诉讼")
				put(y+1, 5, "未经复议直接起诉")
				put(y+1, 10, "复议后起诉")
				for c, col := range b.Columns {
					put(y+2, c, col.Label)
					if len(col.Sum) == 0 {
						value(y+3, c, tpl.CellAt(tb, b.Rows[0], col).ID)
					}
				}
				y += 4
			}
			y++
		}
	}
	if failed != nil {
		return failed
	}
	return f.SaveAs(path)
}
