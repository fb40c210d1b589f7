// Command nianbao is the 政务公开年报填报 desktop app; with a subcommand
// (nianbao help) it runs batch work instead. main only wires the packages.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"nianbao/cmd/nianbao/cli"
	"nianbao/model"
	"nianbao/store/docx"
	"nianbao/store/drafts"
	"nianbao/store/webpage"
	"nianbao/ui"
)

// Set at build time from FyneApp.toml and git (see the Makefile):
// -ldflags "-X main.version=0.1.0 -X main.build=1 -X main.commit=60b058d".
var (
	version = "dev"
	build   = "0"
	commit  = ""
)

const (
	appID   = "cn.nianbao.app" // as in FyneApp.toml; keys the preferences
	appName = "政务公开年报填报"
)

// versionString is what --version and the about dialog show:
// "0.1.0 (build 1, 60b058d)".
func versionString() string {
	s := version + " (build " + build
	if commit != "" {
		s += ", " + commit
	}
	return s + ")"
}

func main() {
	args := os.Args[1:]
	log, logFile := programLog()
	exit := func(code int) {
		_ = logFile.Close()
		os.Exit(code)
	}
	if cli.IsCommand(args) {
		attachConsole()
		exit(cli.Run(cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: versionString(), Log: log}, args))
	}
	fs := flag.NewFlagSet("nianbao", flag.ContinueOnError)
	dbPath := fs.String("db", "", "数据文件路径（默认在用户配置目录下 nianbao/drafts.db）")
	if err := fs.Parse(args); err != nil {
		exit(2)
	}
	open := ""
	if fs.NArg() > 0 && cli.IsReportFile(fs.Arg(0)) {
		open = fs.Arg(0)
	}
	exit(runGUI(*dbPath, open, log))
}

// dataFolder is the folder of the default drafts file, where the log goes.
func dataFolder() (string, error) {
	p, err := drafts.DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Dir(p), nil
}

// runGUI shows the app on the database at dbPath (default: remembered, or
// the per-user one); open, if set, is a workbook to import at once.
func runGUI(dbPath, open string, log *slog.Logger) int {
	watchGL()
	// A plain `go build` has no generated metadata; set it so that what
	// Fyne reports matches FyneApp.toml and the about dialog.
	b, _ := strconv.Atoi(build)
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: appName, Version: version, Build: b, Icon: ui.Icon})
	fa := app.NewWithID(appID)
	g := &gui{fa: fa, prefs: fa.Preferences(), open: open, log: log}
	if dbPath == "" {
		dbPath = g.prefs.String("dbPath")
	}
	def, err := drafts.DefaultPath()
	if dbPath == "" {
		if err != nil {
			fmt.Fprintln(os.Stderr, "nianbao:", err)
			return 1
		}
		dbPath = def
	}
	g.defaultPath = def
	g.start(dbPath, false)
	fa.Run()
	if g.db != nil {
		if err := g.db.Close(); err != nil {
			log.Error("close drafts file", "path", g.db.Path(), "err", err)
		}
	}
	return g.code
}

// gui opens the data file and the main window; all on the UI goroutine.
type gui struct {
	fa          fyne.App
	prefs       fyne.Preferences
	open        string // a workbook to import once the window is up
	log         *slog.Logger
	defaultPath string
	db          *drafts.DB
	code        int // the exit status: 1 until a data file is open
	backups     backupNotice

	app     *ui.App                   // the main window, once open
	missing *ui.MissingDatabaseWindow // the latest question about a missing file
}

// start opens the data file at path and shows the main window on it. A
// file the clerk named (--db, or remembered from an earlier choice) that
// does not exist is asked about rather than created: a typo or an absent
// USB stick must not quietly start an empty database. Only the default
// file is created silently, on first run, or when create is set (the
// clerk chose 新建).
func (g *gui) start(path string, create bool) {
	g.code = 1
	opts := drafts.Options{
		MustExist:     !create && !samePath(path, g.defaultPath),
		Log:           g.log,
		OnBackupError: g.backups.report,
	}
	db, err := drafts.Open(path, opts)
	if model.ErrorCodeOf(err) == model.CodeMissing {
		g.missing = ui.AskMissingDatabase(g.fa, path, ui.MissingDatabase{
			Create: func() { g.start(path, true) },
			Choose: func(other string) { g.start(other, false) },
		})
		return
	}
	if err != nil {
		g.log.Error("open drafts file", "path", path, "err", err)
		fmt.Fprintln(os.Stderr, "nianbao:", err)
		ui.StartupErrorWindow(g.fa, model.ErrorMessage(err), offerFresh(err, path, g.prefs)).Show()
		return
	}
	g.db, g.code = db, 0
	g.prefs.SetString("dbPath", db.Path())
	if db.ReadOnly() {
		g.log.Info("drafts file is read-only", "path", db.Path())
	}

	logDir, _ := dataFolder()
	a := ui.NewApp(g.fa, ui.Deps{Drafts: draftStore{db}, Excel: excel{versionString()}, Publish: webpage.WriteFile, PublishWord: docx.WriteFile,
		UserMessage: userMessage, Version: versionString(), Log: g.log, LogFolder: logDir})
	g.app = a
	if err := db.BackupError(); err != nil {
		a.ShowBackupFailure(model.ErrorMessage(err))
	}
	g.backups.attach(func(err error) { fyne.Do(func() { a.ShowBackupFailure(model.ErrorMessage(err)) }) })
	// A logout or kill flushes the open draft like closing the window does.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	if g.open != "" {
		a.ImportFile(g.open)
	}
	a.Win.Show()
	// Opening reads fonts and files through much short-lived memory; once
	// the window is up, hand what the heap no longer uses back to the
	// system rather than hold it for minutes (about 10 MB on a clerk's PC).
	time.AfterFunc(2*time.Second, debug.FreeOSMemory)
}

// samePath reports whether a and b name the same file path (not following
// links): the default file is created silently, any other is asked about.
func samePath(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	a, _ = filepath.Abs(a)
	b, _ = filepath.Abs(b)
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// backupNotice passes the store's later backup failures (from a
// background goroutine) to the window, once there is one. A failure while
// opening is read from DB.BackupError instead.
type backupNotice struct {
	mu   sync.Mutex
	show func(error)
}

func (n *backupNotice) report(err error) {
	n.mu.Lock()
	show := n.show
	n.mu.Unlock()
	if show != nil {
		show(err)
	}
}

func (n *backupNotice) attach(show func(error)) {
	n.mu.Lock()
	n.show = show
	n.mu.Unlock()
}

// offerFresh returns, for a damaged or foreign file, the action "start a
// fresh database beside it" (the damaged file is never touched).
func offerFresh(err error, path string, prefs fyne.Preferences) *ui.Offer {
	switch model.ErrorCodeOf(err) {
	case model.CodeCorrupt, model.CodeForeign, model.CodeTooNew:
	default:
		return nil
	}
	fresh := drafts.FreshPath(path)
	return &ui.Offer{
		Label: "新建数据文件 " + fresh,
		Do:    func() { prefs.SetString("dbPath", fresh) },
		After: "已改用新数据文件，请重新启动程序。原文件未作任何改动：" + path,
	}
}
