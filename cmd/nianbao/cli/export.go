package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"nianbao/store/xlsx"
)

// runExport writes one draft of the database as an official-layout xlsx.
func runExport(env Env, args []string) int {
	fs := newFlags("export")
	dbf := dbFlags(fs)
	unit := fs.String("unit", "", "单位名称")
	year := fs.Int("year", 0, "报告年度")
	out := fs.String("o", "", "输出的 .xlsx 文件")
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	if *unit == "" || *year == 0 || *out == "" {
		fmt.Fprintln(env.Stderr, "nianbao export：请给出 --unit 单位名称、--year 年度 和 -o 输出文件，例如：\n  nianbao export --unit 某某县人民政府办公室 --year 2025 -o 年报.xlsx")
		return exitFailure
	}
	if !strings.EqualFold(filepath.Ext(*out), ".xlsx") {
		fmt.Fprintln(env.Stderr, "nianbao export：输出文件应以 .xlsx 结尾")
		return exitFailure
	}
	r, ok := loadDraft(env, dbf, *unit, *year)
	if !ok {
		return exitFailure
	}
	if err := xlsx.WriteFile(*out, r, xlsx.ExportOptions{AppVersion: env.Version}); err != nil {
		fmt.Fprintln(env.Stderr, env.say(err))
		return exitFailure
	}
	res := r.Evaluate(nil)
	fmt.Fprintf(env.Stdout, "已导出 %s（%d 个错误，%d 个警告）\n", *out, res.Errors, res.Warnings)
	return exitOK
}
