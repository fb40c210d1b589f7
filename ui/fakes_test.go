package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// memDrafts is an in-memory draft database for driving the App headless:
// what the editor saves goes to its own copy of each report (so a test
// sees what was saved, not what is on screen), and any method can be made
// to fail.
type memDrafts struct {
	path     string
	entries  []*memEntry
	next     int
	fail     map[string]error // method name → the error it returns
	readOnly bool
	// what was asked of it
	backups  []string
	rescued  []*model.Report
	restored []uint64
	history  map[string][]Revision
	unlocked []string  // the reasons given to Unlock
	open     *memDraft // the draft opened last
}

type memEntry struct {
	info    DraftInfo
	report  *model.Report
	deleted bool
}

func newMemDrafts() *memDrafts {
	return &memDrafts{path: "/数据/年报.db", fail: map[string]error{}, history: map[string][]Revision{}}
}

// add stores r as a draft and returns its ID.
func (d *memDrafts) add(r *model.Report, final bool) string {
	d.next++
	id := fmt.Sprintf("d%d", d.next)
	d.entries = append(d.entries, &memEntry{info: DraftInfo{ID: id, Unit: r.Meta.Unit, Year: r.Meta.Year,
		Template: r.Template().ID, Final: final, Updated: time.Date(2024, 1, d.next, 9, 0, 0, 0, time.UTC)}, report: r.Clone()})
	return id
}

func (d *memDrafts) entry(id string) (*memEntry, error) {
	for _, e := range d.entries {
		if e.info.ID == id {
			return e, nil
		}
	}
	return nil, errors.New("没有这份草稿：" + id)
}

func (d *memDrafts) list(deleted bool) []DraftInfo {
	var out []DraftInfo
	for _, e := range d.entries {
		if e.deleted == deleted {
			out = append(out, e.info)
		}
	}
	return out
}

func (d *memDrafts) Path() string   { return d.path }
func (d *memDrafts) ReadOnly() bool { return d.readOnly }

func (d *memDrafts) List() ([]DraftInfo, error)  { return d.list(false), d.fail["List"] }
func (d *memDrafts) Trash() ([]DraftInfo, error) { return d.list(true), d.fail["Trash"] }

func (d *memDrafts) Create(unit string, year int, templateID string) (DraftInfo, error) {
	if err := d.fail["Create"]; err != nil {
		return DraftInfo{}, err
	}
	tpl := model.TemplateForYear(year)
	if t, ok := model.LookupTemplate(templateID); ok {
		tpl = t
	}
	r := model.NewReport(tpl)
	r.Meta.Unit, r.Meta.Year = unit, year
	e, _ := d.entry(d.add(r, false))
	return e.info, nil
}

func (d *memDrafts) CreateFrom(r *model.Report) (DraftInfo, error) {
	if err := d.fail["CreateFrom"]; err != nil {
		return DraftInfo{}, err
	}
	e, _ := d.entry(d.add(r, false))
	return e.info, nil
}

func (d *memDrafts) FromLastYear(id string) (DraftInfo, error) {
	e, err := d.entry(id)
	if err != nil {
		return DraftInfo{}, err
	}
	r, err := model.NextYear(e.report)
	if err != nil {
		return DraftInfo{}, err
	}
	return d.CreateFrom(r)
}

func (d *memDrafts) Load(id string) (*model.Report, error) {
	if err := d.fail["Load"]; err != nil {
		return nil, err
	}
	e, err := d.entry(id)
	if err != nil {
		return nil, err
	}
	return e.report.Clone(), nil
}

func (d *memDrafts) Duplicate(id string) (DraftInfo, error) {
	e, err := d.entry(id)
	if err != nil {
		return DraftInfo{}, err
	}
	return d.CreateFrom(e.report)
}

func (d *memDrafts) Delete(id string) error {
	e, err := d.entry(id)
	if err == nil {
		e.deleted = true
	}
	return err
}

func (d *memDrafts) Restore(id string) error {
	e, err := d.entry(id)
	if err == nil {
		e.deleted = false
	}
	return err
}

func (d *memDrafts) Open(id string) (Draft, error) {
	if err := d.fail["Open"]; err != nil {
		return nil, err
	}
	e, err := d.entry(id)
	if err != nil {
		return nil, err
	}
	d.open = &memDraft{d: d, e: e}
	return d.open, nil
}

func (d *memDrafts) Backup(path string) error {
	d.backups = append(d.backups, path)
	return d.fail["Backup"]
}

func (d *memDrafts) Rescue(r *model.Report) (string, error) {
	if err := d.fail["Rescue"]; err != nil {
		return "", err
	}
	d.rescued = append(d.rescued, r.Clone())
	return "/数据/年报-未保存.json", nil
}

func (d *memDrafts) History(id string) ([]Revision, error) {
	return append([]Revision(nil), d.history[id]...), d.fail["History"]
}

func (d *memDrafts) RestoreRevision(id string, seq uint64) error {
	d.restored = append(d.restored, seq)
	return d.fail["RestoreRevision"]
}

// memDraft is an open draft of memDrafts.
type memDraft struct {
	d       *memDrafts
	e       *memEntry
	onSaved func(time.Time, error)
	closed  bool
}

func (o *memDraft) SetCell(id model.CellID, text string) { o.e.report.Set(id, text) }
func (o *memDraft) SetNarrative(key, text string)        { o.e.report.Narrative[key] = text }
func (o *memDraft) SetNote(key, text string)             {}
func (o *memDraft) SetMeta(m model.Meta) {
	o.e.report.Meta = m
	o.e.info.Unit, o.e.info.Year = m.Unit, m.Year
}
func (o *memDraft) Report() *model.Report            { return o.e.report.Clone() }
func (o *memDraft) Prev() *model.Report              { return nil }
func (o *memDraft) Info() DraftInfo                  { return o.e.info }
func (o *memDraft) OnSaved(f func(time.Time, error)) { o.onSaved = f }

func (o *memDraft) Finalise() error {
	if err := o.d.fail["Finalise"]; err != nil {
		return err
	}
	o.e.info.Final = true
	return nil
}

func (o *memDraft) Unlock(reason string) error {
	o.d.unlocked = append(o.d.unlocked, reason)
	o.e.info.Final = false
	return nil
}

func (o *memDraft) Close() error {
	o.closed = true
	return o.d.fail["Close"]
}

// fakeExcel reads the reports it was given by path, and remembers what it
// was asked to write.
type fakeExcel struct {
	files    map[string]*model.Report
	notes    map[string][]string
	fail     map[string]error // by path
	exported map[string]*model.Report
	merged   map[string]*model.Merge
	folder   map[string][]string // ReportFiles: dir → files
	skipped  map[string][]SkippedFile
	clash    string
}

func newFakeExcel() *fakeExcel {
	return &fakeExcel{files: map[string]*model.Report{}, notes: map[string][]string{}, fail: map[string]error{},
		exported: map[string]*model.Report{}, merged: map[string]*model.Merge{},
		folder: map[string][]string{}, skipped: map[string][]SkippedFile{}}
}

func (x *fakeExcel) Import(path string) (*model.Report, []string, error) {
	if err := x.fail[path]; err != nil {
		return nil, nil, err
	}
	r, ok := x.files[path]
	if !ok {
		return nil, nil, errors.New("文件“" + path + "”不存在")
	}
	return r.Clone(), x.notes[path], nil
}

func (x *fakeExcel) Export(path string, r *model.Report) error {
	if err := x.fail[path]; err != nil {
		return err
	}
	x.exported[path] = r.Clone()
	return nil
}

func (x *fakeExcel) ExportMerge(path string, r *model.Report, m *model.Merge) error {
	if err := x.fail[path]; err != nil {
		return err
	}
	x.exported[path], x.merged[path] = r.Clone(), m
	return nil
}

func (x *fakeExcel) ReportFiles(dir string) ([]string, []SkippedFile, error) {
	return x.folder[dir], x.skipped[dir], x.fail[dir]
}

func (x *fakeExcel) OutputClash(out string, dirs, files []string) string {
	for _, f := range files {
		if f == out {
			return "不能写入正在汇总的文件：" + out
		}
	}
	return x.clash
}

// newTestApp is the App on drafts and excel (nil: none) in a headless
// test app whose notices and lookups run at once.
func newTestApp(t *testing.T, drafts *memDrafts, excel Excel) *App {
	t.Helper()
	fa := test.NewTempApp(t)
	deps := Deps{Drafts: drafts, UserMessage: func(err error) string { return err.Error() }, Version: "9.9",
		Dispatch: func(f func()) { f() }, Async: func(work, done func()) { work(); done() }}
	if excel != nil {
		deps.Excel = excel
	}
	a := NewApp(fa, deps)
	t.Cleanup(func() {
		delete(windowKeys, a.Win)
		closeIfOpen(a, a.Win)
	})
	return a
}

// closeIfOpen closes w unless it is closed already (the test driver's
// Close must not be called twice).
func closeIfOpen(a *App, w fyne.Window) {
	for _, o := range a.fa.Driver().AllWindows() {
		if o == w {
			w.Close()
			return
		}
	}
}

// draftReport is a report of the seed with the given unit and year.
func draftReport(t *testing.T, unit string, year int) *model.Report {
	t.Helper()
	r := seed(t)
	r.Meta.Unit, r.Meta.Year = unit, year
	return r
}

// topDialog is the text of every label of the window's topmost overlay
// (a dialog), "" if none is open.
func topDialog(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	for _, o := range test.LaidOutObjects(top) {
		switch o := o.(type) {
		case *widget.Label:
			b.WriteString(o.Text + "\n")
		case *canvas.Text:
			b.WriteString(o.Text + "\n")
		case *widget.RichText:
			b.WriteString(o.String() + "\n")
		}
	}
	return b.String()
}

// pressDialog sends Enter or Esc to the window with nothing focused, as a
// dialog with no field gets them.
func pressDialog(w fyne.Window, k fyne.KeyName) {
	w.Canvas().Unfocus()
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
}

// button finds the button labelled text in the window's topmost overlay.
func button(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open, looking for %q", text)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q in the dialog:\n%s", text, topDialog(w))
	return nil
}

// closeDialogs hides every dialog left open.
func closeDialogs(w fyne.Window) {
	for w.Canvas().Overlays().Top() != nil {
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}

// findSelect finds the select of the window's topmost overlay.
func findSelect(t *testing.T, w fyne.Window) *widget.Select {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if s, ok := o.(*widget.Select); ok {
			return s
		}
	}
	t.Fatalf("no select in the dialog:\n%s", topDialog(w))
	return nil
}

// Incidental: a document with no report, found in a folder, as the real
// reader says (model.CodeNotReport on a .docx or .html).
func (x *fakeExcel) Incidental(path string, err error) (string, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	return "其中没有年度报告的表格", model.ErrorCodeOf(err) == model.CodeNotReport && (ext == ".docx" || ext == ".html")
}
