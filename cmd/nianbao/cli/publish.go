package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"nianbao/model"
	"nianbao/store/docx"
	"nianbao/store/drafts"
	"nianbao/store/reportfile"
	"nianbao/store/webpage"
)

// runPublish writes a report as the web page that is published on the
// portal, or as a Word document (-o ….docx): a draft of the database
// (--unit, --year) or a report file.
func runPublish(env Env, args []string) int {
	fs := newFlags("publish")
	dbf := dbFlags(fs)
	unit := fs.String("unit", "", "单位名称")
	year := fs.Int("year", 0, "报告年度")
	out := fs.String("o", "", "输出的 .html 网页或 .docx 文档")
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	fromDB := *unit != "" || *year != 0
	if *out == "" || (fromDB && fs.NArg() > 0) || (!fromDB && fs.NArg() != 1) || (fromDB && (*unit == "" || *year == 0)) {
		fmt.Fprintln(env.Stderr, "nianbao publish：请给出一份报告和 -o 输出文件，例如：\n"+
			"  nianbao publish --unit 某某县人民政府办公室 --year 2025 -o 年报.html\n"+
			"  nianbao publish 年报.xlsx -o 年报.html\n"+
			"  nianbao publish 年报.xlsx -o 年报.docx")
		return exitFailure
	}
	write, what := webpage.WriteFile, "网页"
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".html", ".htm":
	case ".docx":
		write, what = docx.WriteFile, "Word文档"
	default:
		fmt.Fprintln(env.Stderr, "nianbao publish：输出文件应以 .html（网页）或 .docx（Word文档）结尾")
		return exitFailure
	}
	var r *model.Report
	if fromDB {
		var ok bool
		if r, ok = loadDraft(env, dbf, *unit, *year); !ok {
			return exitFailure
		}
	} else {
		var err error
		if r, _, err = reportfile.Read(fs.Arg(0), reportfile.Given{}); err != nil {
			fmt.Fprintln(env.Stderr, "无法读取 "+env.named(fs.Arg(0), err))
			return exitFailure
		}
	}
	if err := write(*out, r); err != nil {
		fmt.Fprintln(env.Stderr, "无法生成"+what+"："+env.say(err))
		return exitFailure
	}
	res := r.Evaluate(nil)
	fmt.Fprintf(env.Stdout, "已生成 %s（%d 个错误，%d 个警告）\n", *out, res.Errors, res.Warnings)
	// What the page or document states must agree: the narrative's figures are shown
	// here, the rest is for `nianbao check`.
	for _, f := range res.Findings {
		if f.Rule == model.RuleNarrative.ID || f.Severity == model.Error {
			fmt.Fprintln(env.Stdout, "  "+f.String())
		}
	}
	return exitOK
}

// loadDraft finds the one draft of a unit and year in the database. A
// damaged one is refused (model.CodeDamaged names it): nothing is exported
// from figures that may be wrong.
func loadDraft(env Env, dbf dbOptions, unit string, year int) (*model.Report, bool) {
	db, ok := openDB(env, dbf)
	if !ok {
		return nil, false
	}
	defer db.Close()
	list, err := db.List()
	if err != nil {
		fmt.Fprintln(env.Stderr, env.say(err))
		return nil, false
	}
	var found []drafts.DraftInfo
	unnamed := 0 // damaged beyond telling whose they are
	for _, d := range list {
		if strings.TrimSpace(d.Unit) == strings.TrimSpace(unit) && d.Year == year {
			found = append(found, d)
		}
		if d.Damaged != nil && d.Unit == "" {
			unnamed++
		}
	}
	switch len(found) {
	case 0:
		fmt.Fprintf(env.Stderr, "数据文件中没有“%s”%d年度的报告\n", unit, year)
		if unnamed > 0 {
			fmt.Fprintf(env.Stderr, "（数据文件中另有 %d 份报告已损坏，看不出是哪个单位、哪一年的；请从备份恢复。）\n", unnamed)
		}
		return nil, false
	case 1:
	default:
		fmt.Fprintf(env.Stderr, "“%s”%d年度有 %d 份报告（格式不同），请在程序中选择所需的一份\n", unit, year, len(found))
		return nil, false
	}
	r, _, err := db.Load(found[0].ID)
	if err != nil {
		fmt.Fprintln(env.Stderr, env.say(err))
		return nil, false
	}
	return r, true
}
