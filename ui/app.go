package ui

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// DraftInfo is one line of the drafts list.
type DraftInfo struct {
	ID       string
	Unit     string
	Year     int
	Template string // template ID
	Final    bool
	Damaged  bool // cannot be read: opening it says why and what to do
	Updated  time.Time
}

// Title names a draft: 某某局 2024年度.
func (d DraftInfo) Title() string { return fmt.Sprintf("%s %d年度", d.Unit, d.Year) }

// Drafts is the draft database as the GUI needs it; cmd adapts the store.
type Drafts interface {
	Path() string
	List() ([]DraftInfo, error)
	Trash() ([]DraftInfo, error)
	Create(unit string, year int, templateID string) (DraftInfo, error)
	CreateFrom(r *model.Report) (DraftInfo, error)
	// FromLastYear starts next year's draft from this one (以去年为底稿).
	FromLastYear(id string) (DraftInfo, error)
	// Load reads a draft's report without opening it for editing (last
	// year's, for the comparison).
	Load(id string) (*model.Report, error)
	Duplicate(id string) (DraftInfo, error)
	Delete(id string) error
	Restore(id string) error
	Open(id string) (Draft, error)
	Backup(path string) error
	// Rescue writes a report that could not be saved to a file beside the
	// database and returns its path.
	Rescue(r *model.Report) (string, error)
	// History lists a draft's changes, oldest first; RestoreRevision makes
	// the state after change seq current again (itself a new change).
	History(id string) ([]Revision, error)
	RestoreRevision(id string, seq uint64) error
}

// Revision is one entry of a draft's history.
type Revision struct {
	Seq    uint64
	Time   time.Time
	Author string
	What   string // 表三·一、本年新收·自然人：12 → 15
}

// Draft is an open draft: its report, an autosaver for edits, and its
// status. OnSaved reports each durable commit (on any goroutine).
type Draft interface {
	Saver
	Report() *model.Report
	Prev() *model.Report // last year's report of the same unit, or nil
	Info() DraftInfo
	Finalise() error
	Unlock(reason string) error
	OnSaved(func(at time.Time, err error))
	Close() error // flushes
}

// Excel reads and writes report workbooks.
type Excel interface {
	Import(path string) (*model.Report, []string, error)
	Export(path string, r *model.Report) error
	// ExportMerge writes a roll-up r with a sheet of m's per-unit breakdown.
	ExportMerge(path string, r *model.Report, m *model.Merge) error
	// ReportFiles lists the report files (.xlsx, .docx, .html, .json) in a
	// folder and its subfolders, sorted, and the other files with why they
	// are not read; err reports the parts that could not be read.
	ReportFiles(dir string) ([]string, []SkippedFile, error)
	// Incidental says whether a file found in a folder that Import refused
	// with err is a document sent with the reports (a cover letter), to
	// list as not read with the reason given, rather than an error.
	Incidental(path string, err error) (reason string, ok bool)
	// OutputClash says, in Chinese, why a roll-up must not be written to
	// out: it is one of the files, or lies in one of the folders, being
	// rolled up. "" if it may be written.
	OutputClash(out string, dirs, files []string) string
}

// A SkippedFile is a file in a folder that is not read, and why.
type SkippedFile struct {
	Path   string
	Reason string // Chinese
	// Convert: a spreadsheet to be saved as .xlsx, most likely a unit's
	// report left out.
	Convert bool
}

// Deps are what the GUI is wired to.
type Deps struct {
	Drafts      Drafts
	Excel       Excel              // nil: the Excel menu items are off
	UserMessage func(error) string // the Chinese text of an error
	Version     string
	// Publish writes the report as the web page published on the portal
	// (nil: the menu item is off).
	Publish func(path string, r *model.Report) error
	// PublishWord writes the report as a Word document (.docx) in the
	// official layout (nil: the menu item is off).
	PublishWord func(path string, r *model.Report) error
	// Dispatch runs f on the UI thread, later, for callbacks from other
	// goroutines (the autosaver), in the order given. Nil means a queue
	// feeding fyne.Do from one goroutine: never wait, since the UI thread
	// may itself be waiting in Close for that very commit. Headless tests,
	// whose driver runs fyne.Do at once on the calling goroutine, pass
	// their own.
	Dispatch func(f func())
	// Now is the clock that groups narrative keystrokes into undo steps
	// (nil: time.Now); tests that replay a session fix it.
	Now func() time.Time
	// Log receives the cause of every error the clerk is shown (nil:
	// discarded); LogFolder is where its file is, for 帮助 → 打开日志文件夹
	// ("": no such item).
	Log       *slog.Logger
	LogFolder string
	// Async runs work (reading the drafts file or a report file) off the
	// UI thread, then
	// done on it. Nil means a goroutine, and done through Dispatch;
	// headless tests run both at once.
	Async func(work, done func())
}

// App is the main window: the drafts list, or one draft in the editor.
type App struct {
	fa    fyne.App
	Win   fyne.Window
	deps  Deps
	Home  *draftsList
	Ed    *Editor
	draft Draft

	Saved   *widget.Label // 已保存 HH:MM:SS
	Format  *widget.Label // the open draft's format
	Busy    *widget.Label // 正在读取/正在导出 a file, while one is read or written off the UI thread
	body    *fyne.Container
	left    *fyne.Container // the status bar's left part
	path    *widget.Label
	lastMsg string

	prevChosen bool   // last year's report was picked by hand: keep it
	lookups    int    // last-year lookups started: only the latest one's answer counts
	metaKey    string // unit and year last looked up for last year's report

	banner   *banner  // read-only file, failed backup (banner.go)
	readOnly bool     // the data file can only be read: the editor is locked
	Asking   *MetaAsk // the dialog asking for an imported file's unit or year, while open
	// ImportNotes are what the importer noticed in the file imported last
	// (shown in a dialog).
	ImportNotes []string
	busy        int    // files being read or written by inBackground
	lastProblem string // the finding 转到下一个问题 went to last (rule and key)
}

const prefLastDraft = "lastDraft"

// NewApp builds the main window; Show it with a.Win.ShowAndRun().
func NewApp(fa fyne.App, deps Deps) *App {
	fa.Settings().SetTheme(Theme{})
	fa.SetIcon(Icon)
	useChineseWords()
	a := &App{fa: fa, deps: deps, Win: fa.NewWindow("政务公开年报填报"), Saved: widget.NewLabel("")}
	if a.deps.Dispatch == nil {
		a.deps.Dispatch = newSerial(uiThread).Do
	}
	if a.deps.Log == nil {
		a.deps.Log = slog.New(slog.DiscardHandler)
	}
	if a.deps.Async == nil {
		a.deps.Async = func(work, done func()) {
			go func() {
				work()
				a.deps.Dispatch(done)
			}()
		}
	}
	if a.deps.UserMessage == nil {
		a.deps.UserMessage = func(err error) string { return err.Error() }
	}
	a.Home = newDraftsList(a)
	a.body = container.NewStack()
	a.path = widget.NewLabel("数据文件：" + deps.Drafts.Path())
	a.path.Truncation = fyne.TextTruncateEllipsis
	a.left = container.NewStack(a.path)
	a.Format = widget.NewLabel("")
	a.Busy = widget.NewLabel("")
	status := container.NewBorder(nil, nil, nil, container.NewHBox(a.Busy, a.Format, a.Saved), a.left)
	a.banner, a.readOnly = newBanner(), dataReadOnly(deps.Drafts)
	if a.readOnly {
		a.banner.showReadOnly(deps.Drafts.Path())
	}
	a.Win.SetContent(container.NewBorder(a.banner.box, status, nil, nil, a.body))
	a.Win.SetMainMenu(a.menu())
	a.Win.Resize(fyne.NewSize(1366, 740))
	a.Win.SetCloseIntercept(a.Quit)
	a.Win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { a.Dropped(localPaths(uris)) })
	if id := fa.Preferences().String(prefLastDraft); id != "" && a.OpenDraft(id) == nil {
		return a
	}
	a.showHome()
	return a
}

func (a *App) menu() *fyne.MainMenu {
	ctrl := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	item := func(label string, k fyne.KeyName, fn func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, fn)
		if k != "" {
			it.Shortcut = ctrl(k)
		}
		return it
	}
	quit := item("退出", fyne.KeyQ, a.Quit)
	quit.IsQuit = true
	file := fyne.NewMenu("文件",
		item("新建报告…", fyne.KeyN, a.NewDraftDialog),
		item("草稿列表", fyne.KeyO, a.showHome),
		fyne.NewMenuItemSeparator(),
		item("导入报告文件…", fyne.KeyI, a.importDialog),
		item("以去年的报告文件为底稿新建…", "", a.fromLastYearExcel),
		item("导出Excel…", fyne.KeyE, a.exportDialog),
		fyne.NewMenuItemSeparator(),
		item("汇总…", fyne.KeyU, func() { a.ShowMerge() }),
		fyne.NewMenuItemSeparator(),
		item("备份数据文件到…", "", a.backupDialog),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	undo := fyne.NewMenuItem("撤销", func() { a.undoRedo(false) })
	undo.Shortcut = &fyne.ShortcutUndo{}
	redo := fyne.NewMenuItem("重做", func() { a.undoRedo(true) })
	redo.Shortcut = &fyne.ShortcutRedo{}
	edit := fyne.NewMenu("编辑",
		undo, redo,
		fyne.NewMenuItemSeparator(),
		item("转到下一个问题", fyne.KeyJ, a.nextProblem),
		item("修改历史…", fyne.KeyH, a.historyDialog),
	)
	report := fyne.NewMenu("报告",
		item("检查勾稽关系", fyne.KeyK, a.CheckNow),
		item("与上年对比（显示／隐藏上年数字）", fyne.KeyL, a.toggleCompare),
		item("选择上年报告…", "", a.choosePrev),
		item("定稿（锁定）", "", a.finalise),
		item("解锁…", "", a.unlockDialog),
		fyne.NewMenuItemSeparator(),
		item("发布网页…", "", a.publishDialog),
		item("生成Word文档…", "", a.publishWordDialog),
	)
	help := fyne.NewMenu("帮助",
		item("键盘操作", "", a.keysHelp),
	)
	if a.deps.LogFolder != "" {
		help.Items = append(help.Items, item("打开日志文件夹", "", a.openLogFolder))
	}
	help.Items = append(help.Items, item("关于", "", a.about))
	return fyne.NewMainMenu(file, edit, report, help)
}

// showError tells the clerk what went wrong, in Chinese.
func (a *App) showError(err error) {
	if err == nil {
		return
	}
	a.showMessage(a.userMessage(err))
}

// userMessage is the Chinese message of err for the clerk; the cause,
// which a technician needs, goes to the log. Every error put into words
// for the clerk passes here, so that none loses its cause.
func (a *App) userMessage(err error) string {
	msg := a.deps.UserMessage(err)
	a.deps.Log.Warn("error shown", "message", msg, "err", err)
	return msg
}

// openLogFolder shows the folder of nianbao.log in the system's file
// manager, for whoever the clerk asks for help; where it cannot, it says
// where the folder is.
func (a *App) openLogFolder() {
	dir := a.deps.LogFolder
	u := &url.URL{Scheme: "file", Path: filepath.ToSlash(dir)}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path // C:/Users/… → file:///C:/Users/…
	}
	if err := a.fa.OpenURL(u); err != nil {
		a.deps.Log.Warn("open log folder", "dir", dir, "err", err)
		a.showMessage("无法打开文件夹。日志文件 nianbao.log 在：\n" + dir)
	}
}

// showMessage shows an error message as it is (the model's errors are
// already the user's text).
func (a *App) showMessage(msg string) {
	a.lastMsg = msg
	showErrorText(a.Win, msg)
}

// undoRedo is Ctrl+Z / Ctrl+Y from the menu, which the window offers
// before the focused widget: in the open report they undo its edits; in
// a dialog's field they go to the field.
func (a *App) undoRedo(redo bool) {
	var sc fyne.Shortcut = &fyne.ShortcutUndo{}
	if redo {
		sc = &fyne.ShortcutRedo{}
	}
	focused := a.Win.Canvas().Focused()
	switch focused.(type) {
	case *sheet, *cellEditor, *narrativeEntry, nil:
		if a.Ed == nil {
			return
		}
		if redo {
			a.Ed.Redo()
		} else {
			a.Ed.Undo()
		}
	default:
		if s, ok := focused.(fyne.Shortcutable); ok {
			s.TypedShortcut(sc)
		}
	}
}

// LastError is the last error message shown, for tests.
func (a *App) LastError() string { return a.lastMsg }

func (a *App) setBody(o fyne.CanvasObject) {
	// The keyboard leaves what is taken away: left on the drafts list,
	// keys and the menu's 撤销 went to a list no longer shown.
	a.Win.Canvas().Unfocus()
	a.body.Objects = []fyne.CanvasObject{o}
	a.body.Refresh()
	// The editor's messages take the status bar's left part; the drafts
	// list shows the data file there.
	left := fyne.CanvasObject(a.path)
	if a.Ed != nil {
		left = a.Ed.Status
	}
	a.left.Objects = []fyne.CanvasObject{left}
	a.left.Refresh()
}

func (a *App) showHome() {
	a.closeDraft()
	a.fa.Preferences().SetString(prefLastDraft, "")
	a.Home.reload()
	a.setBody(a.Home.content)
	a.Win.SetTitle("政务公开年报填报")
	a.Home.focusLatest()
}

// OpenDraft shows a draft in the editor.
func (a *App) OpenDraft(id string) error {
	d, err := a.deps.Drafts.Open(id)
	if err != nil {
		return err
	}
	a.closeDraft()
	a.draft = d
	a.Ed = NewEditor(d.Report(), d.Prev(), d)
	a.Ed.Win = a.Win
	if a.deps.Now != nil {
		a.Ed.now = a.deps.Now
	}
	a.prevChosen = false
	a.metaKey = metaKey(d.Report().Meta)
	a.Ed.OnMeta = func(m model.Meta) {
		if k := metaKey(m); k != a.metaKey {
			a.metaKey = k
			a.findLastYear(m)
		}
	}
	info := d.Info()
	a.Ed.SetReadOnly(info.Final || a.readOnly)
	d.OnSaved(func(at time.Time, err error) {
		a.deps.Dispatch(func() {
			if a.draft != d {
				return // a late notice from a draft closed meanwhile
			}
			if err != nil {
				a.Saved.SetText("保存失败！")
				a.Saved.Importance = widget.DangerImportance
				a.showError(err)
				if refused(err) {
					// The store will never take this edit (another window
					// finalised the draft, or the draft is damaged): the screen
					// must not go on showing it as the report. Show what
					// the drafts file holds. A disk that failed is another
					// matter: the edits stay on screen and are written
					// beside the file when the draft is closed (Rescue).
					a.reopen()
				}
				return
			}
			a.Saved.Importance = widget.MediumImportance
			a.Saved.SetText("已保存 " + at.Format("15:04:05"))
		})
	})
	// The report's name is the window's title; above the editor only
	// what the clerk must know: that it cannot be edited, and why.
	a.banner.showFinal(&info)
	a.setBody(a.Ed.Content())
	a.Win.SetTitle(info.Title() + " — 政务公开年报填报")
	a.Saved.SetText("")
	a.Format.SetText("格式：" + d.Report().Template().Name)
	a.fa.Preferences().SetString(prefLastDraft, id)
	return nil
}

// refused reports whether the drafts file refused an edit for good, as
// opposed to failing to write it.
func refused(err error) bool {
	switch model.ErrorCodeOf(err) {
	case model.CodeFinal, model.CodeInvalid, model.CodeDamaged:
		return true
	}
	return false
}

// closeDraft flushes the open draft; nothing typed is lost on the way out.
func (a *App) closeDraft() bool {
	if a.draft == nil {
		return true
	}
	ok := true
	if err := a.draft.Close(); err != nil {
		// The last edits could not be committed (disk full, file gone):
		// write the report as it stands beside the database, so that
		// nothing typed is lost, and say where.
		ok = false
		msg := a.userMessage(err)
		if path, rerr := a.deps.Drafts.Rescue(a.Ed.Report()); rerr == nil {
			msg += "\n\n未保存的内容已另存为：" + path + "\n可用“nianbao import 该文件”导入。"
		} else {
			msg += "\n\n另存也失败了：" + a.userMessage(rerr) + "\n请先不要关闭程序，改用“导出Excel”保存一份。"
		}
		a.showMessage(msg)
	}
	a.draft, a.Ed = nil, nil
	a.banner.showFinal(nil)
	a.Format.SetText("")
	return ok
}

// NewDraftDialog asks for the unit, year and format of a new report.
func (a *App) NewDraftDialog() {
	unit := newKeyEntry()
	unit.SetPlaceHolder("如：××县人民政府办公室")
	year := newKeyEntry()
	year.SetText(itoa(time.Now().Year() - 1))
	var names []string
	ids := map[string]string{}
	for _, t := range model.Templates() {
		names = append(names, t.Name)
		ids[t.Name] = t.ID
	}
	tpl := widget.NewSelect(append([]string{"按年度自动选择"}, names...), nil)
	tpl.SetSelectedIndex(0)
	showForm(a.Win, "新建报告", "新建", []*widget.FormItem{
		widget.NewFormItem(model.MetaLabel(model.MetaUnit), unit),
		widget.NewFormItem(model.MetaLabel(model.MetaYear), year),
		widget.NewFormItem("报告格式", tpl),
	}, func() {
		y, err := model.ParseYear(year.Text)
		if err != nil {
			a.showError(err)
			return
		}
		info, err := a.deps.Drafts.Create(strings.TrimSpace(unit.Text), y, ids[tpl.Selected])
		if err != nil {
			a.showError(err)
			return
		}
		a.showError(a.OpenDraft(info.ID))
	}, fyne.NewSize(460, 260))
}

func (a *App) importDialog() {
	if a.deps.Excel == nil {
		return
	}
	askOpenReport(a.Win, a.ImportFile)
}

// ImportFile reads a report workbook into a new draft and opens it (also
// for a file dropped on the program or opened with it).
func (a *App) ImportFile(path string) {
	if a.deps.Excel == nil {
		return
	}
	a.readFile(path, func(r *model.Report, warnings []string, err error) {
		if err != nil {
			a.showError(err)
			return
		}
		if r.Meta.Unit == "" || r.Meta.Year == 0 {
			a.askUnitYear(path, r, warnings) // a draft needs both
			return
		}
		a.importDone(path, r, warnings)
	})
}

// readFile reads a report file off the UI thread (a large workbook, one
// on a network share or a slow USB stick takes a while; the window must
// keep drawing) and hands the result to done on the UI thread. The status
// bar says which file is being read meanwhile.
func (a *App) readFile(path string, done func(r *model.Report, warnings []string, err error)) {
	var (
		r        *model.Report
		warnings []string
		err      error
	)
	a.inBackground("正在读取 "+filepath.Base(path)+"……", func() {
		r, warnings, err = a.deps.Excel.Import(path)
	}, func() { done(r, warnings, err) })
}

// inBackground runs work (reading or writing a file, a copy of the drafts
// file) off the UI thread, then done on it; the status bar shows status
// meanwhile. What work reads of the report must be a copy (Report.Clone):
// the clerk goes on typing into the original.
func (a *App) inBackground(status string, work, done func()) {
	a.busy++
	a.Busy.SetText(status)
	a.deps.Async(work, func() {
		if a.busy--; a.busy == 0 {
			a.Busy.SetText("")
		}
		done()
	})
}

// writeFile writes a file off the UI thread (inBackground); an error is
// shown, success reported by ok.
func (a *App) writeFile(status string, write func() error, ok func()) {
	var err error
	a.inBackground(status, func() { err = write() }, func() {
		if err != nil {
			a.showError(err)
			return
		}
		ok()
	})
}

// openNew stores r as a new draft and opens it; false (and the clerk told
// why) if either fails.
func (a *App) openNew(r *model.Report) bool {
	info, err := a.deps.Drafts.CreateFrom(r)
	if err == nil {
		err = a.OpenDraft(info.ID)
	}
	a.showError(err)
	return err == nil
}

func (a *App) exportDialog() {
	if a.deps.Excel == nil || a.Ed == nil {
		showInfo(a.Win, "导出Excel", "请先打开一份报告。")
		return
	}
	r := a.Ed.Report()
	name := fmt.Sprintf("%s%d年度政府信息公开工作年度报告.xlsx", r.Meta.Unit, r.Meta.Year)
	askSave(a.Win, "导出Excel", name, []string{".xlsx"}, "Excel 工作簿", func(path string) {
		if !strings.HasSuffix(strings.ToLower(path), ".xlsx") {
			path += ".xlsx"
		}
		a.ExportTo(path)
	})
}

// ExportTo writes the open report, as it stands now, to the workbook at
// path, off the UI thread; the clerk may go on typing meanwhile.
func (a *App) ExportTo(path string) {
	if a.Ed == nil {
		return
	}
	ed, r := a.Ed, a.Ed.Report().Clone()
	a.writeFile("正在导出 "+filepath.Base(path)+"……", func() error { return a.deps.Excel.Export(path, r) }, func() {
		ed.Status.SetText("已导出：" + path)
	})
}

func (a *App) backupDialog() {
	askSave(a.Win, "备份数据文件", "年报数据备份-"+time.Now().Format("20060102")+".db", []string{".db"}, "年报数据文件", func(path string) {
		a.writeFile("正在备份……", func() error { return a.deps.Drafts.Backup(path) }, func() {
			showInfo(a.Win, "备份", "已备份到："+path)
		})
	})
}

// nextProblem goes to the next finding after the focused cell's, in the
// order of the problems panel.
func (a *App) nextProblem() {
	if a.Ed == nil || a.Ed.Result() == nil || len(a.Ed.Result().Findings) == 0 {
		return
	}
	fs := a.Ed.Result().Findings
	key := func(f model.Finding) string { return f.Rule + "\x00" + f.Key }
	next, found := 0, false
	// From the problem gone to last, while the clerk is still at it (a
	// sentence of the text has no cell to tell it by) …
	for i, f := range fs {
		if key(f) == a.lastProblem && a.stillAt(f) {
			next, found = (i+1)%len(fs), true
			break
		}
	}
	// … else from the focused cell's.
	for i, f := range fs {
		if !found && len(f.Cells) > 0 && f.Cells[0] == a.Ed.focused {
			next, found = (i+1)%len(fs), true
		}
	}
	a.Ed.GoTo(fs[next])
	a.lastProblem = key(fs[next])
}

// stillAt reports whether the keyboard is still where GoTo put it for f:
// in its section of the text, or on its cell.
func (a *App) stillAt(f model.Finding) bool {
	if e := a.Ed.Narrative[f.Narrative]; e != nil {
		return a.Win.Canvas().Focused() == e
	}
	return len(f.Cells) > 0 && f.Cells[0] == a.Ed.focused
}

// historyDialog lists who changed what and when, newest first, and can
// bring back the state after any change.
func (a *App) historyDialog() {
	if a.draft == nil {
		return
	}
	id := a.draft.Info().ID
	revs, err := a.deps.Drafts.History(id)
	if err != nil {
		a.showError(err)
		return
	}
	slices.Reverse(revs)
	selected := -1
	list := widget.NewList(func() int { return len(revs) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := revs[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s  %s", r.Time.Format("2006-01-02 15:04:05"), r.Author, r.What))
		})
	list.OnSelected = func(i widget.ListItemID) { selected = i }
	var d dialog.Dialog
	restore := widget.NewButton("恢复到所选修改之后的状态", func() {
		if selected < 0 {
			return
		}
		seq := revs[selected].Seq
		d.Hide()
		a.closeDraft()
		if err := a.deps.Drafts.RestoreRevision(id, seq); err != nil {
			a.showError(err)
		}
		a.showError(a.OpenDraft(id))
	})
	if a.draft.Info().Final {
		restore.Disable()
	}
	note := widget.NewLabel(fmt.Sprintf("共 %d 条修改记录（最新的在上）。恢复本身也记为一条修改，可以再次撤回。", len(revs)))
	d = dialog.NewCustom("修改历史", "关闭", container.NewBorder(note, restore, nil, nil, list), a.Win)
	keysWhileShown(a.Win, d, nil, d.Hide)
	d.Resize(fyne.NewSize(900, 560))
	d.Show()
}

// CheckNow says how many problems the open report has.
func (a *App) CheckNow() {
	if a.Ed == nil {
		return
	}
	res := a.Ed.Result()
	msg := fmt.Sprintf("%d 个错误，%d 个警告，%d 个提示。", res.Errors, res.Warnings, res.Infos)
	if res.Errors == 0 {
		msg += "\n勾稽关系全部相符。"
	} else {
		msg += "\n请按右侧“检查结果”逐条改正，点击一条即可跳到对应单元格。"
	}
	showInfo(a.Win, "检查结果", msg)
}

func (a *App) finalise() {
	if a.draft == nil {
		return
	}
	if res := a.Ed.Result(); res.Errors > 0 {
		showInfo(a.Win, "不能定稿", fmt.Sprintf("还有 %d 个错误，请改正后再定稿。", res.Errors))
		return
	}
	showConfirm(a.Win, "定稿", "定稿后报告变为只读，修改需先解锁并填写原因。确定定稿吗？", "定稿", func() {
		if err := a.draft.Finalise(); err != nil {
			a.showError(err)
			return
		}
		a.reopen()
	})
}

// reopen opens the draft again after its state changed (定稿, 解锁),
// on the tab and cell the clerk was at.
func (a *App) reopen() {
	id, tab, cell := a.draft.Info().ID, a.Ed.Tabs.SelectedIndex(), a.Ed.Selected()
	if err := a.OpenDraft(id); err != nil {
		a.showError(err)
		return
	}
	a.Ed.Tabs.SelectIndex(tab)
	if cell != "" {
		a.Ed.FocusCell(cell)
	}
}

func (a *App) unlockDialog() {
	if a.draft == nil || !a.draft.Info().Final {
		return
	}
	reason := newKeyEntry()
	reason.SetPlaceHolder("如：上级退回，需修改表三数据")
	showForm(a.Win, "解锁已定稿的报告", "解锁", []*widget.FormItem{widget.NewFormItem("解锁原因", reason)}, func() {
		if strings.TrimSpace(reason.Text) == "" {
			a.showError(errors.New("请填写解锁原因，它会记录在修改历史中"))
			return
		}
		if err := a.draft.Unlock(reason.Text); err != nil {
			a.showError(err)
			return
		}
		a.reopen()
	}, fyne.NewSize(640, 200))
}

func (a *App) keysHelp() {
	showInfo(a.Win, "键盘操作", strings.Join([]string{
		"选中一格直接输入即替换原内容；F2 或双击：在原内容上修改",
		"Tab / Shift+Tab：确认并向右 / 向左移到下一格（自动跳过合计格；表末转到下一张表）",
		"Enter / Shift+Enter：确认并向下 / 向上移一格（与Excel相同）",
		"方向键：在格子之间移动；F2 修改时左右键移动光标",
		"Esc：取消本格正在输入的内容；Delete：清除所选格",
		"Ctrl+Z / Ctrl+Y：撤销 / 重做（表格、粘贴、正文、说明都可撤销，撤销也会保存）",
		"Ctrl+V：从Excel/WPS复制一块数据（可带行名、表头），在起始格粘贴，自动铺开",
		"全角数字、千分位（1,234）、单位（件、万元、元）都可以直接输入",
		"“-”“—”“/”“无”按0计算；空着不填会提示“未填”",
		"Ctrl+N 新建  Ctrl+O 草稿列表  Ctrl+I 导入报告文件  Ctrl+E 导出Excel",
		"Ctrl+K 检查  Ctrl+J 转到下一个问题  Ctrl+H 修改历史  Ctrl+L 与上年对比",
		"Ctrl+U 汇总  Ctrl+Q 退出",
	}, "\n"))
}

func (a *App) about() {
	showInfo(a.Win, "关于", "政务公开年报填报 nianbao\n版本 "+a.deps.Version+
		"\n按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）填报，兼容2019年试行格式。"+
		"\n所有数据保存在本机数据文件中，不联网。\n数据文件："+a.deps.Drafts.Path())
}

// publishDialog writes the report as the web page published on the
// portal, after showing what would be wrong on it: sentences of the text
// whose figures disagree with the tables (N-R1), and errors.
func (a *App) publishDialog() {
	a.publishAs(publishKind{title: "发布网页", what: "网页", on: "网页上", exts: []string{".html", ".htm"}, write: a.deps.Publish})
}

// publishWordDialog writes the report as a Word document in the official
// layout, after the same warnings as the web page.
func (a *App) publishWordDialog() {
	a.publishAs(publishKind{title: "生成Word文档", what: "Word文档", on: "文档中", exts: []string{".docx"}, write: a.deps.PublishWord})
}

// publishKind is one way of publishing the whole report: a web page or a
// Word document.
type publishKind struct {
	title string   // the dialog's title
	what  string   // 网页, Word文档
	on    string   // 网页上, 文档中
	exts  []string // the first is added to a name without one
	write func(path string, r *model.Report) error
}

func (a *App) publishAs(k publishKind) {
	if a.Ed == nil || k.write == nil {
		showInfo(a.Win, k.title, "请先打开一份报告。")
		return
	}
	r := a.Ed.Report()
	write := func() {
		name := fmt.Sprintf("%s%d年度政府信息公开工作年度报告%s", r.Meta.Unit, r.Meta.Year, k.exts[0])
		askSave(a.Win, k.title, name, k.exts, k.what, func(path string) {
			if !slices.Contains(k.exts, strings.ToLower(filepath.Ext(path))) {
				path += k.exts[0]
			}
			if a.Ed == nil {
				return
			}
			ed, r := a.Ed, a.Ed.Report().Clone() // as it stands when 保存 is pressed
			a.writeFile("正在生成"+k.what+"……", func() error { return k.write(path, r) }, func() {
				ed.say("已生成" + k.what + "：" + path)
			})
		})
	}
	var lines []string
	for _, f := range a.Ed.Result().Findings {
		if f.Rule == model.RuleNarrative.ID || f.Severity == model.Error {
			lines = append(lines, findingWords(r.Template(), f))
		}
	}
	if len(lines) == 0 {
		write()
		return
	}
	text := widget.NewLabel(strings.Join(lines, "\n"))
	text.Wrapping = fyne.TextWrapWord
	intro := widget.NewLabel(fmt.Sprintf("%s会有 %d 处与表格不符或有错误，建议先改正：", k.on, len(lines)))
	body := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(text))
	var d *dialog.ConfirmDialog
	d = dialog.NewCustomConfirm(k.title, "仍然生成"+k.what+"…", "返回修改", body, func(ok bool) {
		if ok {
			write()
		}
	}, a.Win)
	keysWhileShown(a.Win, d, d.Hide, d.Hide) // Enter too goes back: generating needs a deliberate click
	d.Resize(fyne.NewSize(760, 420))
	d.Show()
}
