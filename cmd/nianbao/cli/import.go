package cli

import (
	"fmt"

	"nianbao/store"
)

func runImport(env Env, args []string) int {
	fs := newFlags("import")
	dbf := dbFlags(fs)
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, "nianbao import：请给出要导入的报告文件（.xlsx 或 .json）")
		return exitFailure
	}
	db, ok := openDB(env, dbf)
	if !ok {
		return exitFailure
	}
	defer db.Close()
	code := exitOK
	for _, path := range fs.Args() {
		r, warnings, err := readReport(path)
		if err != nil {
			fmt.Fprintln(env.Stderr, "无法导入 "+err.Error())
			code = exitFailure
			continue
		}
		info, err := db.CreateFrom(r)
		if err != nil {
			fmt.Fprintf(env.Stderr, "无法导入 %s：%s\n", path, store.ErrorMessage(err))
			code = exitFailure
			continue
		}
		res := r.Evaluate(nil)
		fmt.Fprintf(env.Stdout, "已导入 %s → %s（%d 个错误，%d 个警告）\n", path, info.Title(), res.Errors, res.Warnings)
		for _, w := range warnings {
			fmt.Fprintln(env.Stdout, "  "+w)
		}
	}
	return code
}
