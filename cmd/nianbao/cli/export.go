package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"nianbao/store"
	"nianbao/store/xlsx"
)

// runExport writes one draft of the database as an official-layout xlsx.
func runExport(env Env, args []string) int {
	fs := newFlags("export")
	dbPath := fs.String("db", "", "数据文件路径")
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
	db, ok := openDB(env, *dbPath)
	if !ok {
		return exitFailure
	}
	defer db.Close()
	list, err := db.List()
	if err != nil {
		fmt.Fprintln(env.Stderr, store.ErrorMessage(err))
		return exitFailure
	}
	var found []store.DraftInfo
	for _, d := range list {
		if strings.TrimSpace(d.Unit) == strings.TrimSpace(*unit) && d.Year == *year {
			found = append(found, d)
		}
	}
	switch len(found) {
	case 0:
		fmt.Fprintf(env.Stderr, "数据文件中没有“%s”%d年度的报告\n", *unit, *year)
		return exitFailure
	case 1:
	default:
		fmt.Fprintf(env.Stderr, "“%s”%d年度有 %d 份报告（格式不同），请在程序中导出所需的一份\n", *unit, *year, len(found))
		return exitFailure
	}
	r, _, err := db.Load(found[0].ID)
	if err != nil {
		fmt.Fprintln(env.Stderr, store.ErrorMessage(err))
		return exitFailure
	}
	if err := xlsx.WriteFile(*out, r, xlsx.ExportOptions{AppVersion: env.Version}); err != nil {
		fmt.Fprintln(env.Stderr, xlsx.Message(err))
		return exitFailure
	}
	res := r.Evaluate(nil)
	fmt.Fprintf(env.Stdout, "已导出 %s（%d 个错误，%d 个警告）\n", *out, res.Errors, res.Warnings)
	return exitOK
}
