// Command benchgen writes the workbooks of the roll-up benchmark
// (scripts/bench-merge): n units' 2021 reports for one year, consistent
// (T3-R1 holds), with varied values. About seven in ten are this program's
// own exports; the rest are built by hand the way offices build them:
// another sheet name, extra title rows, labels with spaces or in the old
// wording (规范性文件, 本年新发件数), numbers typed as text (“12”, “12件”).
//
//	go run ./scripts/benchgen -n 1000 -o DIR
package main

import (
	"flag"
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

func main() {
	n := flag.Int("n", 1000, "number of units")
	dir := flag.String("o", "bench-units", "output folder")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	tpl := model.TemplateForYear(2023)
	for i := range *n {
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		r := unit(tpl, i, rng)
		path := filepath.Join(*dir, fmt.Sprintf("unit%04d.xlsx", i))
		var err error
		if i%10 < 7 {
			err = xlsx.WriteFile(path, r, xlsx.ExportOptions{AppVersion: "benchgen"})
		} else {
			err = handmade(path, r, i, rng)
		}
		if err != nil {
			fail(fmt.Errorf("%s: %w", path, err))
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchgen:", err)
	os.Exit(1)
}

// unit is a consistent report with random values.
func unit(tpl *model.Template, i int, rng *rand.Rand) *model.Report {
	r := model.NewReport(tpl)
	r.Meta = model.Meta{Unit: fmt.Sprintf("第%04d号单位", i), Year: 2023, Scope: model.ScopeAgency}
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
		must(r.Set(c.ID, text))
	}
	res := r.Evaluate(nil)
	for _, c := range tpl.Table("t3").Blocks[0].Columns {
		if len(c.Sum) > 0 {
			continue
		}
		v := res.Computed("t3.new_received."+c.Key) + res.Computed("t3.carried_over."+c.Key) - res.Computed("t3.total_processed."+c.Key)
		must(r.Set("t3.carry_forward."+c.Key, strconv.FormatInt(v, 10)))
	}
	return r
}

func must(err error) {
	if err != nil {
		fail(err)
	}
}

// handmade writes r as an office would lay it out by hand, on one sheet.
func handmade(path string, r *model.Report, i int, rng *rand.Rand) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := []string{"年报", "Sheet1", "2023年度数据", "汇总表"}[i%4]
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			return err
		}
	}
	y := 0
	put := func(row, col int, v any) {
		name, _ := excelize.CoordinatesToCellName(col+1, row+1)
		must(f.SetCellValue(sheet, name, v))
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
	for k := range i % 3 { // extra title rows
		put(y, 0, []string{r.Meta.Unit + "2023年度政府信息公开工作年度报告", "（数据截至2023年12月31日）"}[k%2])
		y++
	}
	put(y, 0, "单位名称")
	put(y, 1, r.Meta.Unit)
	put(y+1, 0, "报告年度")
	put(y+1, 1, 2023)
	y += 3
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
	return f.SaveAs(path)
}
