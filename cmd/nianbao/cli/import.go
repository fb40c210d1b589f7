package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"nianbao/model"
	"nianbao/store"
	"nianbao/store/xlsx"
)

func runImport(env Env, args []string) int {
	fs := newFlags("import")
	dbf := dbFlags(fs)
	unit := fs.String("unit", "", "单位名称：文件中没有或不对时指定")
	yearText := fs.String("year", "", "报告年度：文件中没有或不对时指定")
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, "nianbao import：请给出要导入的报告文件（.xlsx 或 .json）")
		return exitFailure
	}
	given := xlsx.ImportOptions{Unit: strings.TrimSpace(*unit)}
	if *yearText != "" {
		y, err := model.ParseYear(*yearText)
		if err != nil {
			fmt.Fprintln(env.Stderr, "nianbao import：--year "+err.Error())
			return exitFailure
		}
		given.Year = y
	}
	db, ok := openDB(env, dbf)
	if !ok {
		return exitFailure
	}
	defer db.Close()
	code := exitOK
	for _, path := range fs.Args() {
		r, warnings, err := readForImport(path, given)
		if err != nil {
			fmt.Fprintln(env.Stderr, "无法导入 "+err.Error())
			code = exitFailure
			continue
		}
		if msg := missingMeta(r); msg != "" {
			fmt.Fprintf(env.Stderr, "无法导入 %s：%s\n", path, msg)
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

// readForImport reads a report file as readReport does, with the unit and
// year given by --unit/--year winning over the file's (a note says where
// the file shows another).
func readForImport(path string, given xlsx.ImportOptions) (*model.Report, []string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		r, info, err := xlsx.ImportFile(path, given)
		if err != nil {
			msg := xlsx.Message(err)
			if errors.Is(err, xlsx.ErrAmbiguous) && given.Year == 0 && strings.Contains(msg, "报告年度") {
				msg += "（可用 --year 指定报告年度）"
			}
			return nil, nil, &fileError{path, msg}
		}
		return r, info.Warnings, nil
	}
	r, warnings, err := readReport(path)
	if err != nil {
		return nil, nil, err
	}
	if u := given.Unit; u != "" {
		if r.Meta.Unit != "" && model.UnitKey(r.Meta.Unit) != model.UnitKey(u) {
			warnings = append(warnings, "单位名称按 --unit 取为“"+u+"”（文件中为“"+r.Meta.Unit+"”）。")
		}
		r.Meta.Unit = u
	}
	if y := given.Year; y != 0 {
		if r.Meta.Year != 0 && r.Meta.Year != y {
			warnings = append(warnings, fmt.Sprintf("报告年度按 --year 取为%d年度（文件中为%d年度）。", y, r.Meta.Year))
		}
		r.Meta.Year = y
	}
	return r, warnings, nil
}

// missingMeta says which flag to give when the file names no unit or year
// (a draft needs both); "" when both are there.
func missingMeta(r *model.Report) string {
	switch {
	case strings.TrimSpace(r.Meta.Unit) == "" && r.Meta.Year == 0:
		return "文件中没有找到单位名称和报告年度，请用 --unit 和 --year 指定，例如 nianbao import --unit 某某局 --year 2024 文件.xlsx"
	case strings.TrimSpace(r.Meta.Unit) == "":
		return "文件中没有找到单位名称，请用 --unit 指定，例如 nianbao import --unit 某某局 文件.xlsx"
	case r.Meta.Year == 0:
		return "文件中没有找到报告年度，请用 --year 指定，例如 nianbao import --year 2024 文件.xlsx"
	}
	return ""
}
