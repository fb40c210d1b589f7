// Package cli holds the batch subcommands of nianbao (check, export, …). It
// is kept apart from package main so that it builds and tests without the
// GUI's cgo dependencies; main only wires it.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"nianbao/model"
)

// Env is what a command runs with.
type Env struct {
	Stdout, Stderr io.Writer
	Version        string       // e.g. "0.1.0 (build 3)"
	Log            *slog.Logger // the program's log file; nil discards
}

// exit codes, the contract for scripts.
const (
	exitOK       = 0 // no 错误
	exitFindings = 1 // at least one 错误
	exitFailure  = 2 // a file could not be read, or bad usage
)

type command struct {
	name, args, summary string
	run                 func(env Env, args []string) int
}

func commands() []command {
	return []command{
		{"check", "[--prev 上年文件] [--json] 文件...", "检查报告（.xlsx、.docx、.html 或 .json）的勾稽关系，每个问题一行；有错误时退出码为1，文件无法读取时为2", runCheck},
		{"merge", "[-o 汇总.xlsx] [--json] [--unit 单位] [--year 年度] [--template 格式] [--include-rollups] 文件或文件夹...", mergeHelp, runMerge},
		{"import", "[--db 数据文件 [--new]] [--unit 单位名称] [--year 年度] 文件...", "把年报表格（.xlsx）或数据文件（.json）导入草稿数据库；单位名称、报告年度按文件中的基本信息、标题或文件名读取，没有或不对时用 --unit、--year 指定", runImport},
		{"export", "[--db 数据文件] --unit 单位名称 --year 年度 -o 输出.xlsx", "把一份报告按官方表格样式导出为 Excel", runExport},
		{"publish", "[--db 数据文件 --unit 单位名称 --year 年度 | 文件] -o 输出.html|输出.docx", "把报告生成可发布的网页（官方格式，可粘贴到网站编辑器、可打印A4）或Word文档（.docx），并提示正文数字与表格不符之处", runPublish},
		{"help", "", "显示本帮助", nil},
		{"version", "", "显示版本", nil},
	}
}

// IsCommand reports whether args start with a subcommand (as opposed to the
// GUI's own flags), so main knows which to run.
func IsCommand(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "-h", "-help", "--help", "-version", "--version":
		return true
	}
	for _, c := range commands() {
		if args[0] == c.name {
			return true
		}
	}
	if IsReportFile(args[0]) {
		return false // "open with nianbao" / dropped on the .exe: the GUI imports it
	}
	return !strings.HasPrefix(args[0], "-") // an unknown word: say so
}

// Run runs one subcommand and returns the process exit code.
func Run(env Env, args []string) int {
	if len(args) == 0 {
		usage(env.Stdout)
		return exitOK
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(env.Stdout)
		return exitOK
	case "version", "-version", "--version":
		fmt.Fprintln(env.Stdout, "nianbao（政务公开年报填报）"+env.Version)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] && c.run != nil {
			return c.run(env, args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "nianbao：没有“%s”这个命令。\n\n", args[0])
	usage(env.Stderr)
	return exitFailure
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "政务公开年报填报 nianbao")
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "用法：")
	fmt.Fprintln(w, "  nianbao                 打开填报窗口")
	fmt.Fprintln(w, "  nianbao --db 文件        用指定的数据文件打开填报窗口")
	for _, c := range commands() {
		fmt.Fprintf(w, "  nianbao %s %s\n      %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "--db 给出的数据文件必须已经存在（以免写错路径时悄悄新建一个空的）；要新建，请同时加上 --new。")
	fmt.Fprintln(w, "不给 --db 时使用默认的数据文件，第一次使用时自动新建。只读的数据文件（如光盘上的备份）可以导出和发布，不能导入。")
}

// newFlags makes a flag set whose errors are reported in Chinese by the
// caller rather than by the flag package's English usage dump.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses options given before, between or after the files
// (`nianbao check a.xlsx --prev b.xlsx` works too; "--" ends options) and
// turns a flag error into a Chinese usage message. The files are left in
// fs.Args().
func parseFlags(env Env, fs *flag.FlagSet, args []string) bool {
	var files []string
	var err error
	for {
		if err = fs.Parse(args); err != nil {
			break
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			files = append(files, rest...)
			break
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
	if err == nil {
		_ = fs.Parse(append([]string{"--"}, files...))
		return true
	}
	if errors.Is(err, flag.ErrHelp) {
		usage(env.Stdout)
		return false
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		msg = "没有这个选项：" + name
	} else if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		msg = "选项缺少参数：" + name
	}
	fmt.Fprintf(env.Stderr, "nianbao %s：%s\n", fs.Name(), msg)
	return false
}

// IsReportFile reports whether arg names an existing report file (a
// workbook, a Word document, a web page), which the GUI imports (Windows
// passes it when a file is dropped on the program or opened with it).
func IsReportFile(arg string) bool {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".xlsx", ".xlsm", ".docx", ".html", ".htm":
	default:
		return false
	}
	st, err := os.Stat(arg)
	return err == nil && !st.IsDir()
}

// say is the Chinese message of err for the terminal; the whole error,
// with its cause, goes to the log, so that no cause is lost.
func (env Env) say(err error) string {
	if env.Log != nil && err != nil {
		env.Log.Warn("command failed", "code", string(model.ErrorCodeOf(err)), "err", err.Error())
	}
	return model.ErrorMessage(err)
}

// named is how a file that could not be read is reported: its path, then
// the reader's message (the cause logged).
func (env Env) named(path string, err error) string {
	return path + "：" + env.say(err)
}
