package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"nianbao/model"
	"nianbao/store/reportfile"
	"nianbao/store/xlsx"
)

const mergeHelp = "把各单位的报告（.xlsx、.docx、.html 或 .json，可给文件夹）汇总为一份本行政区域汇总报告：" +
	"表格逐格相加，合计重新计算；标准输出列出分单位情况（有错误的单位在前）和汇总表的检查结果。" +
	"本程序生成的汇总表不作为单位计入（--include-rollups：计入下级的汇总表，所含单位不得与其他报告重复）；" +
	"文件夹中不读取的文件逐个列出原因。" +
	"退出码：0 各单位都已计入，汇总表和各单位都没有错误（跳过的汇总表、非年报文件不影响）；" +
	"1 汇总表或某个单位有错误，或有单位未计入（年度不同、未填年度、格式无法换算、同一单位两份数字不同、汇总表与其他报告重叠；" +
	"同一单位重复报送且数字相同的不算），或文件夹中有 .xls/.et/.ods/.csv 表格须另存为 .xlsx；" +
	"2 有文件无法读取或文件夹中没有报告（其余照常汇总）、没有一个单位计入（此时不写 -o 文件），" +
	"-o 是要汇总的文件或在要汇总的文件夹中（此时什么也不读、不写），或用法有误"

// runMerge is `nianbao merge [-o 汇总.xlsx] [--json] [--include-rollups] FILE_OR_DIR...`.
func runMerge(env Env, args []string) int {
	fs := newFlags("merge")
	out := fs.String("o", "", "汇总结果写入的文件（.xlsx 含分单位情况工作表，或 .json）")
	asJSON := fs.Bool("json", false, "在标准输出打印汇总报告的JSON（交换格式），不打印分单位表")
	unit := fs.String("unit", "", "汇总报告的单位名称")
	year := fs.Int("year", 0, "汇总的报告年度（默认：多数报告的年度）")
	tplID := fs.String("template", "", "汇总报告的格式：2021、2019 或 hybrid（默认：能准确换算的报告最多的格式）")
	withRollups := fs.Bool("include-rollups", false, "把本程序生成的汇总表（如下级的汇总）也计入，前提是其中的单位不与其他报告重复")
	if !parseFlags(env, fs, args) {
		return exitFailure
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, "nianbao merge：请给出要汇总的报告文件或文件夹，例如 nianbao merge -o 汇总.xlsx 各单位年报/")
		return exitFailure
	}
	opts := model.MergeOptions{Unit: *unit, Year: *year, IncludeRollups: *withRollups}
	if *tplID != "" {
		t, ok := model.LookupTemplate(*tplID)
		if !ok {
			fmt.Fprintf(env.Stderr, "nianbao merge：没有“%s”这个格式（可选 2021、2019、hybrid）\n", *tplID)
			return exitFailure
		}
		opts.Template = t
	}
	if *out != "" {
		switch strings.ToLower(filepath.Ext(*out)) {
		case ".xlsx", ".json":
		default:
			fmt.Fprintln(env.Stderr, "nianbao merge：-o 的文件应以 .xlsx 或 .json 结尾")
			return exitFailure
		}
	}

	// A roll-up reads many small files into short-lived garbage; collecting
	// less often saves ~12% of the time for ~30 MB more at peak.
	defer debug.SetGCPercent(debug.SetGCPercent(400))

	given := mergeFiles(fs.Args())
	// Before anything is read: -o must not be an input.
	if *out != "" {
		if msg := reportfile.OutputClash(*out, given.dirs, given.files); msg != "" {
			fmt.Fprintln(env.Stderr, "nianbao merge："+msg)
			return exitFailure
		}
	}
	code := exitOK
	for _, l := range given.skipped {
		fmt.Fprintln(env.Stderr, l)
	}
	if given.converts > 0 {
		code = exitFindings
	}
	for _, b := range given.bad {
		fmt.Fprintln(env.Stderr, "无法读取 "+env.named(b.Path, b))
		code = exitFailure
	}
	for _, d := range given.empty {
		fmt.Fprintln(env.Stderr, "nianbao merge：文件夹“"+d+"”中没有报告文件（.xlsx、.docx、.html、.json）")
		code = exitFailure
	}
	if len(given.files) == 0 && len(given.bad) == 0 {
		return exitFailure // only empty folders: said above
	}
	inputs := readAll(env, given.files, newProgress(env.Stderr, len(given.files)))
	// A Word document or web page in a folder that holds no report is a
	// cover letter or a notice sent with the reports: listed, not counted,
	// not an error. Given by name, it is an error like any file.
	inputs = slices.DeleteFunc(inputs, func(in model.MergeInput) bool {
		re, ok := in.Err.(readError)
		if !ok || !given.inFolder[in.Source] || !reportfile.Incidental(in.Source, re.err) {
			return false
		}
		fmt.Fprintln(env.Stderr, "跳过 "+in.Source+"："+reportfile.IncidentalReason)
		return true
	})
	bad := given.bad
	for _, b := range bad {
		inputs = append(inputs, model.MergeInput{Source: b.Path, Err: errors.New(b.Msg)})
	}
	for _, in := range inputs {
		if in.Err != nil {
			code = exitFailure
			if !containsBad(bad, in.Source) {
				fmt.Fprintln(env.Stderr, "无法读取 "+in.Source+"："+in.Err.Error())
			}
		}
	}
	m, err := model.MergeReports(inputs, opts)
	if err != nil {
		fmt.Fprintln(env.Stderr, "nianbao merge："+err.Error())
		return exitFailure
	}
	for _, u := range m.Units {
		switch u.Status {
		case model.MergeRollup:
			hint := ""
			if !*withRollups {
				hint = "（若是下级的汇总表、要计入，请加 --include-rollups）"
			}
			fmt.Fprintln(env.Stderr, "跳过 "+u.Source+"："+u.Reason+hint)
		case model.MergeConflict, model.MergeRollupOverlap:
			fmt.Fprintln(env.Stderr, "未计入 "+u.Source+"："+u.Reason)
		}
	}
	if m.Included == 0 {
		// No roll-up to write or print: the breakdown says why.
		if *asJSON {
			for _, u := range m.Units {
				switch u.Status {
				case model.MergeRollup, model.MergeConflict, model.MergeRollupOverlap: // said above
				default:
					fmt.Fprintln(env.Stderr, u.Status.Label()+" "+u.Source+"："+u.Reason)
				}
			}
		} else {
			printUnits(env.Stdout, m)
		}
		msg := "nianbao merge：没有单位计入汇总，未生成汇总表"
		if *out != "" {
			msg += "，未写入 " + *out
		}
		fmt.Fprintln(env.Stderr, msg)
		return exitFailure
	}
	if *out != "" {
		if err := writeMerge(*out, m, env.Version); err != nil {
			fmt.Fprintln(env.Stderr, "无法写入 "+*out+"："+env.say(err))
			return exitFailure
		}
	}
	if *asJSON {
		data, err := json.MarshalIndent(m.Report, "", "  ")
		if err != nil {
			fmt.Fprintln(env.Stderr, "输出失败："+err.Error())
			return exitFailure
		}
		fmt.Fprintln(env.Stdout, string(data))
	} else {
		printBreakdown(env.Stdout, m)
	}
	left, skipped := "", ""
	if n := m.Omitted(); n > 0 {
		left = fmt.Sprintf("，%d 个未计入（见说明）", n)
	}
	if n := m.Rollups(); n > 0 {
		skipped += fmt.Sprintf("；跳过 %d 个汇总表", n)
	}
	if given.converts > 0 {
		skipped += fmt.Sprintf("；%d 个文件须另存为 .xlsx 或 .docx，未读取", given.converts)
	}
	fmt.Fprintf(env.Stderr, "汇总：%d 个单位计入（共 %d 个%s%s）；汇总表 %d 个错误，%d 个警告\n",
		m.Included, len(m.Units)-m.Rollups(), left, skipped, m.Result.Errors, m.Result.Warnings)
	if code == exitOK && (m.Errors() > 0 || m.Omitted() > 0) {
		code = exitFindings
	}
	return code
}

func containsBad(bad []*model.Failure, path string) bool {
	for _, b := range bad {
		if b.Path == path {
			return true
		}
	}
	return false
}

// mergeArgs are merge's file arguments, folders expanded.
type mergeArgs struct {
	files    []string // to read: each argument's file or its folder's reports, in order
	dirs     []string // the folders given
	bad      []*model.Failure
	empty    []string        // folders holding no report file
	skipped  []string        // lines naming the files in folders that are not read, and why
	converts int             // report files among them in a format not read (.xls, .doc…)
	inFolder map[string]bool // files found in a folder, not named
}

// mergeFiles expands folders (recursively, sorted) into the report files
// they hold: workbooks, Word documents, web pages and .json (see
// reportfile.Folder). A path that does not exist is returned as bad, a
// folder holding no report file as empty.
func mergeFiles(args []string) mergeArgs {
	m := mergeArgs{inFolder: map[string]bool{}}
	for _, a := range args {
		st, err := reportfile.Stat(a)
		if err != nil {
			var f *model.Failure
			errors.As(err, &f)
			m.bad = append(m.bad, f)
			continue
		}
		if !st.IsDir() {
			m.files = append(m.files, a)
			continue
		}
		m.dirs = append(m.dirs, a)
		found := reportfile.Folder(a)
		m.bad = append(m.bad, found.Errs...)
		if len(found.Reports) == 0 && len(found.Errs) == 0 {
			m.empty = append(m.empty, a)
		}
		m.files = append(m.files, found.Reports...)
		for _, f := range found.Reports {
			m.inFolder[f] = true
		}
		m.skipped = append(m.skipped, found.Lines(a)...)
		m.converts += found.Converts()
	}
	return m
}

// readAll reads the files with one worker per CPU; the inputs come back in
// the order of paths whatever order they finish in.
func readAll(env Env, paths []string, p *progress) []model.MergeInput {
	inputs := make([]model.MergeInput, len(paths))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(paths)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				r, _, err := reportfile.Read(paths[i], reportfile.Given{})
				in := model.MergeInput{Source: paths[i], Report: r}
				if err != nil {
					in.Err = readError{env.say(err), err}
				}
				inputs[i] = in
				p.done()
			}
		}()
	}
	wg.Wait()
	p.finish()
	return inputs
}

// progress reports on stderr how many files have been read: one line
// rewritten in place on a terminal (at most ten times a second), otherwise
// a line at each quarter, and only for folders of 200 files or more, so CI
// logs stay short.
type progress struct {
	w        io.Writer
	total    int
	tty      bool
	n        atomic.Int64
	mu       sync.Mutex
	last     time.Time
	quarter  int
	shownAny bool
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) done() {
	n := int(p.n.Add(1))
	if p.total < 200 && !p.tty || p.total < 20 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || n == p.total {
			p.last = now
			fmt.Fprintf(p.w, "\r已读取 %d/%d 个文件", n, p.total)
			p.shownAny = true
		}
		return
	}
	if q := n * 4 / p.total; q > p.quarter {
		p.quarter = q
		fmt.Fprintf(p.w, "已读取 %d/%d 个文件\n", n, p.total)
	}
}

func (p *progress) finish() {
	if p.tty && p.shownAny {
		fmt.Fprintln(p.w)
	}
}

// writeMerge writes the roll-up: xlsx with its breakdown sheet, or JSON.
func writeMerge(path string, m *model.Merge, version string) error {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		data, err := json.MarshalIndent(m.Report, "", "  ")
		if err == nil {
			err = os.WriteFile(path, append(data, '\n'), 0o644)
		}
		if err != nil {
			return &model.Failure{Code: model.CodeIO, Path: path, Msg: "写入失败（" + err.Error() + "）", Err: err}
		}
		return nil
	}
	return xlsx.WriteFile(path, m.Report, xlsx.ExportOptions{AppVersion: "nianbao " + version, Breakdown: m})
}

// printBreakdown prints the per-unit table, then the roll-up's own check.
func printBreakdown(w io.Writer, m *model.Merge) {
	printUnits(w, m)
	fmt.Fprintf(w, "\n汇总表（%s，%d年度，计入%d个单位）：\n", m.Report.Template().Name, m.Report.Meta.Year, m.Included)
	if len(m.Result.Findings) == 0 && len(m.Notes) == 0 {
		fmt.Fprintln(w, "未发现问题")
	}
	for _, f := range m.Result.Findings {
		fmt.Fprintln(w, f.String())
	}
	for _, f := range m.Notes {
		fmt.Fprintln(w, f.String())
	}
}

// printUnits prints the per-unit table (分单位情况), each unit's 说明 under
// its line.
func printUnits(w io.Writer, m *model.Merge) {
	heads := []string{"序号", "单位", "年度", "格式", "新收", "办结", "结转", "复议", "诉讼", "错误", "警告", "状态", "来源"}
	rows := [][]string{heads}
	for i, u := range m.Units {
		tpl, year := "", ""
		if u.Template != nil {
			tpl = u.Template.ID
		}
		if u.Year != 0 {
			year = strconv.Itoa(u.Year)
		}
		f := u.Figures
		nums := []string{"", "", "", "", ""}
		if u.Template != nil {
			nums = []string{itoa(f.NewReceived), itoa(f.Processed), itoa(f.CarryForward), itoa(f.Review), itoa(f.Litigation)}
		}
		row := append([]string{strconv.Itoa(i + 1), orDash(u.Unit), orDash(year), orDash(tpl)}, nums...)
		rows = append(rows, append(row, strconv.Itoa(u.Errors), strconv.Itoa(u.Warnings), u.Status.Label(), u.Source))
	}
	widths := make([]int, len(heads))
	for _, r := range rows {
		for c, s := range r {
			widths[c] = max(widths[c], displayWidth(s))
		}
	}
	for ri, r := range rows {
		var b strings.Builder
		for c, s := range r {
			if c == len(r)-1 {
				b.WriteString(s)
				break
			}
			pad := strings.Repeat(" ", widths[c]-displayWidth(s))
			if c >= 4 && c <= 10 { // numbers right-aligned
				b.WriteString(pad + s + "  ")
			} else {
				b.WriteString(s + pad + "  ")
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
		if ri > 0 {
			if u := m.Units[ri-1]; u.Reason != "" {
				fmt.Fprintln(w, "      说明："+u.Reason)
			}
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// displayWidth counts East Asian characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && utf8.RuneLen(r) > 1 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// readError is a file merge could not read: the message shown, and the
// error it came from.
type readError struct {
	msg string
	err error
}

func (e readError) Error() string { return e.msg }
