package cli

import (
	"errors"
	"fmt"
	"strings"

	"nianbao/model"
	"nianbao/store/reportfile"
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
		fmt.Fprintln(env.Stderr, "nianbao import：请给出要导入的报告文件（.xlsx、.docx、.html 或 .json）")
		return exitFailure
	}
	given := reportfile.Given{Unit: strings.TrimSpace(*unit)}
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
		r, warnings, err := env.readForImport(path, given)
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
			fmt.Fprintf(env.Stderr, "无法导入 %s：%s\n", path, env.say(err))
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

// readForImport reads a report file with the unit and year given by
// --unit/--year winning over the file's (a note says where the file shows
// another). An error names the file.
func (env Env) readForImport(path string, given reportfile.Given) (*model.Report, []string, error) {
	r, warnings, err := reportfile.Read(path, given)
	if err != nil {
		msg := env.named(path, err)
		if model.ErrorCodeOf(err) == model.CodeAmbiguous && given.Year == 0 && strings.Contains(msg, "报告年度") {
			msg += "（可用 --year 指定报告年度）"
		}
		return nil, nil, errors.New(msg)
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
