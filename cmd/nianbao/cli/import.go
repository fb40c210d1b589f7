package cli

import (
	"fmt"

	"nianbao/store"
)

// openDB opens the draft database given by --db, or the default one.
func openDB(env Env, path string) (*store.DB, bool) {
	if path == "" {
		var err error
		if path, err = store.DefaultPath(); err != nil {
			fmt.Fprintln(env.Stderr, "找不到数据文件的默认位置："+err.Error())
			return nil, false
		}
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		fmt.Fprintln(env.Stderr, store.ErrorMessage(err))
		return nil, false
	}
	return db, true
}

func runImport(env Env, args []string) int {
	fs := newFlags("import")
	dbPath := fs.String("db", "", "数据文件路径")
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, "nianbao import：请给出要导入的报告文件（.xlsx 或 .json）")
		return exitFailure
	}
	db, ok := openDB(env, *dbPath)
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
