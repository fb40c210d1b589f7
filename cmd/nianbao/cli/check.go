package cli

import (
	"encoding/json"
	"fmt"

	"nianbao/model"
	"nianbao/store/reportfile"
)

// findingJSON is one finding in `check --json` output.
type findingJSON struct {
	Severity string         `json:"severity"` // error | warning | info
	Level    string         `json:"level"`    // 错误 | 警告 | 提示
	Rule     string         `json:"rule"`
	Key      string         `json:"key"`
	Where    string         `json:"where"`
	Message  string         `json:"message"`
	Cells    []model.CellID `json:"cells,omitempty"`
	Note     string         `json:"note,omitempty"`
}

type fileJSON struct {
	File     string        `json:"file"`
	Error    string        `json:"error,omitempty"` // the file could not be read
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Infos    int           `json:"infos"`
	Notices  []string      `json:"import_notes,omitempty"` // what the Excel importer noticed
	Rollup   *model.Rollup `json:"rollup,omitempty"`       // a roll-up this program wrote: its units
	Findings []findingJSON `json:"findings"`
}

func runCheck(env Env, args []string) int {
	fs := newFlags("check")
	prevPath := fs.String("prev", "", "上年的报告文件，用于跨年度检查")
	asJSON := fs.Bool("json", false, "以JSON输出")
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(env.Stderr, "nianbao check：请给出要检查的报告文件，例如 nianbao check 2023年报.json")
		return exitFailure
	}
	code := exitOK
	var prev *model.Report
	if *prevPath != "" {
		var err error
		if prev, _, err = reportfile.Read(*prevPath, reportfile.Given{}); err != nil {
			fmt.Fprintln(env.Stderr, "无法读取上年报告 "+env.named(*prevPath, err))
			return exitFailure
		}
	}

	var out []fileJSON
	for _, path := range files {
		fj := fileJSON{File: path, Findings: []findingJSON{}}
		r, warnings, err := reportfile.Read(path, reportfile.Given{})
		if err != nil {
			code = exitFailure
			fj.Error = env.say(err)
			if !*asJSON {
				fmt.Fprintln(env.Stderr, "无法读取 "+env.named(path, err))
			}
			out = append(out, fj)
			continue
		}
		res := r.Evaluate(prev)
		if res.Errors > 0 && code == exitOK {
			code = exitFindings
		}
		fj.Errors, fj.Warnings, fj.Infos = res.Errors, res.Warnings, res.Infos
		if !*asJSON && len(files) > 1 {
			fmt.Fprintln(env.Stdout, "# "+path)
		}
		for _, f := range res.Findings {
			if *asJSON {
				fj.Findings = append(fj.Findings, findingJSON{Severity: f.Severity.Code(), Level: f.Severity.String(),
					Rule: f.Rule, Key: f.Key, Where: f.Where, Message: f.Message, Cells: f.Cells, Note: f.Note})
			} else {
				fmt.Fprintln(env.Stdout, f.String())
			}
		}
		fj.Notices, fj.Rollup = warnings, r.Rollup
		if !*asJSON {
			if r.Rollup != nil {
				fmt.Fprintln(env.Stderr, path+"：这是本程序生成的汇总表（"+r.Rollup.Describe()+"）")
			}
			for _, w := range warnings {
				fmt.Fprintln(env.Stderr, path+"："+w)
			}
			fmt.Fprintf(env.Stderr, "%s：%d 个错误，%d 个警告，%d 个提示\n", path, res.Errors, res.Warnings, res.Infos)
		}
		out = append(out, fj)
	}
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"files": out}); err != nil {
			fmt.Fprintln(env.Stderr, "输出失败："+err.Error())
			return exitFailure
		}
	}
	return code
}
