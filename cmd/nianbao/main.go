// Command nianbao is the 政务公开年报填报 desktop app; with a subcommand
// (nianbao help) it runs batch work instead. main only wires the packages.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"nianbao/cmd/nianbao/cli"
	"nianbao/store"
	"nianbao/store/html"
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
	if cli.IsCommand(args) {
		attachConsole()
		os.Exit(cli.Run(cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Version: versionString()}, args))
	}
	fs := flag.NewFlagSet("nianbao", flag.ContinueOnError)
	dbPath := fs.String("db", "", "数据文件路径（默认在用户配置目录下 nianbao/drafts.db）")
	if err := fs.Parse(args); err != nil {
		os.Exit(2)
	}
	open := ""
	if fs.NArg() > 0 && cli.IsReportFile(fs.Arg(0)) {
		open = fs.Arg(0)
	}
	os.Exit(runGUI(*dbPath, open))
}

// runGUI shows the app on the database at dbPath (default: remembered, or
// the per-user one); open, if set, is a workbook to import at once.
func runGUI(dbPath, open string) int {
	watchGL()
	// A plain `go build` has no generated metadata; set it so that what
	// Fyne reports matches FyneApp.toml and the about dialog.
	b, _ := strconv.Atoi(build)
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: appName, Version: version, Build: b, Icon: ui.Icon})
	fa := app.NewWithID(appID)
	prefs := fa.Preferences()
	if dbPath == "" {
		dbPath = prefs.String("dbPath")
	}
	if dbPath == "" {
		var err error
		if dbPath, err = store.DefaultPath(); err != nil {
			fmt.Fprintln(os.Stderr, "nianbao:", err)
			return 1
		}
	}
	db, err := store.Open(dbPath, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "nianbao:", err)
		return ui.ShowStartupError(fa, store.ErrorMessage(err), offerFresh(err, dbPath, prefs))
	}
	prefs.SetString("dbPath", db.Path())
	defer db.Close()

	a := ui.NewApp(fa, ui.Deps{Drafts: drafts{db}, Excel: excel{versionString()}, Publish: html.WriteFile,
		UserMessage: userMessage, Version: versionString()})
	// A logout or kill flushes the open draft like closing the window does.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		fyne.Do(a.Quit)
	}()
	if open != "" {
		a.ImportFile(open)
	}
	a.Win.ShowAndRun()
	return 0
}

// offerFresh returns, for a damaged or foreign file, the action "start a
// fresh database beside it" (the damaged file is never touched).
func offerFresh(err error, path string, prefs fyne.Preferences) *ui.Offer {
	if !errors.Is(err, store.ErrCorrupt) && !errors.Is(err, store.ErrForeign) && !errors.Is(err, store.ErrTooNew) {
		return nil
	}
	fresh := store.FreshPath(path)
	return &ui.Offer{
		Label: "新建数据文件 " + fresh,
		Do:    func() { prefs.SetString("dbPath", fresh) },
		After: "已改用新数据文件，请重新启动程序。原文件未作任何改动：" + path,
	}
}
