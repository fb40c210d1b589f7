package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// Saver persists every edit the moment it is made (the draft store's
// autosaver). Calls come from the UI goroutine and must not block on disk.
type Saver interface {
	// SetCell gets a cell's text as the model holds it; for a total that
	// is blank (computed) or, put back by undo, the text an imported file
	// stated.
	SetCell(id model.CellID, text string)
	SetNarrative(key, text string)
	SetNote(key, text string)
	SetMeta(m model.Meta)
}

// Editor is the form of one report: its tables as printed, the narrative
// sections, a problems panel and a hint bar. The tables are spreadsheet
// grids (sheet.go) drawn from the template's layouts; widgets are kept in
// exported fields so tests (and the app shell) can drive them.
type Editor struct {
	report *model.Report
	prev   *model.Report
	saver  Saver
	res    *model.Result

	// Sheets holds, per table ID, the sheet with the table's values (the
	// body of a table whose head is pinned).
	Sheets    map[string]*sheet
	sheetOf   map[model.CellID]*sheet
	allSheets []*sheet
	Balance   map[string]*canvas.Text    // per column key, a column balance rule's two sides
	Narrative map[string]*narrativeEntry // by narrative key
	Meta      *metaForm
	Problems  *problemsPanel
	Tabs      *container.AppTabs
	Hint      *hintLine     // the selected (or hovered) cell
	HintIssue *hintLine     // its first problem, in words
	Status    *widget.Label // one-line messages, e.g. after a paste

	mark     map[model.CellID]model.Severity // cells outlined red or orange
	tabOf    map[model.CellID]*container.TabItem
	tableTab map[string]*container.TabItem
	scrollOf map[*container.TabItem]*container.Scroll
	nav      navGrid
	focused  model.CellID
	loading  bool // setting widgets from the model: not an edit
	readOnly bool
	content  fyne.CanvasObject
	undo     undoStack
	// now is the clock for grouping narrative keystrokes into undo steps.
	now func() time.Time

	figureButtons []*widget.Button // 插入数字…, see figures.go
	bars          []*balanceBar

	// OnChange is called after every edit has been applied and checked.
	OnChange func(res *model.Result)
	// OnMeta is called after the 基本信息 changed (the app then looks for
	// last year's report of the unit).
	OnMeta func(m model.Meta)

	comparing bool // last year's figure shown in each cell
	// Win is the window dialogs open over; nil means the app's first.
	Win fyne.Window
}

func (ed *Editor) window() fyne.Window {
	if ed.Win != nil {
		return ed.Win
	}
	if ws := fyne.CurrentApp().Driver().AllWindows(); len(ws) > 0 {
		return ws[0]
	}
	return nil
}

// canvas is the canvas o is drawn on. A tab just selected has not been
// drawn yet and the driver does not know its objects; they are on the
// editor's window.
func (ed *Editor) canvas(o fyne.CanvasObject) fyne.Canvas {
	if c := fyne.CurrentApp().Driver().CanvasForObject(o); c != nil {
		return c
	}
	if w := ed.window(); w != nil {
		return w.Canvas()
	}
	return nil
}

// NewEditor builds the form for r. prev (may be nil) is last year's report
// for the cross-year checks; saver (may be nil) receives every edit.
func NewEditor(r *model.Report, prev *model.Report, saver Saver) *Editor {
	ed := &Editor{
		report: r, prev: prev, saver: saver,
		Sheets:    map[string]*sheet{},
		sheetOf:   map[model.CellID]*sheet{},
		Balance:   map[string]*canvas.Text{},
		Narrative: map[string]*narrativeEntry{},
		mark:      map[model.CellID]model.Severity{},
		tabOf:     map[model.CellID]*container.TabItem{},
		tableTab:  map[string]*container.TabItem{},
		scrollOf:  map[*container.TabItem]*container.Scroll{},
		Hint:      newHintLine(),
		HintIssue: newHintLine(),
		Status:    widget.NewLabel(""),
		now:       time.Now,
	}
	// The hint lines are cut with … rather than wrapped, in a bar of
	// fixed height: nothing below moves as the hints change.
	ed.Status.Truncation = fyne.TextTruncateEllipsis
	ed.Problems = newProblemsPanel(ed)
	ed.build()
	ed.load()
	return ed
}

// Report is the report being edited.
func (ed *Editor) Report() *model.Report { return ed.report }

// Result is the latest evaluation.
func (ed *Editor) Result() *model.Result { return ed.res }

// Content is the editor's whole area.
func (ed *Editor) Content() fyne.CanvasObject { return ed.content }

func (ed *Editor) build() {
	t := ed.report.Template()
	ed.Meta = newMetaForm(ed)
	ed.Tabs = container.NewAppTabs()
	addTab := func(title string, body fyne.CanvasObject) *container.TabItem {
		sc := container.NewScroll(container.NewPadded(body))
		item := container.NewTabItem(title, noMin(sc))
		ed.scrollOf[item] = sc
		ed.Tabs.Append(item)
		return item
	}
	addTab("基本信息", ed.Meta.content)
	// Where each narrative section goes is template data: a preface beside
	// 基本信息, then the sections before the tables (一), the tables, and
	// the sections after them (五、六), sections that share a tab title on
	// one tab.
	narrTabs := func(place string) {
		var titles []string
		byTab := map[string][]fyne.CanvasObject{}
		for _, n := range t.Sections(place) {
			if byTab[n.Tab] == nil {
				titles = append(titles, n.Tab)
			}
			byTab[n.Tab] = append(byTab[n.Tab], ed.narrativeView(n))
		}
		for _, title := range titles {
			var body fyne.CanvasObject = container.NewVBox(byTab[title]...)
			if len(byTab[title]) == 1 {
				body = byTab[title][0]
			}
			addTab(title, body)
		}
	}
	narrTabs(model.PlaceBeforeTables)
	for _, tb := range t.Tables {
		// A table's grid scrolls by itself, under its pinned head.
		item := container.NewTabItem(tb.Tab, noMin(ed.tableView(tb)))
		ed.Tabs.Append(item)
		ed.tableTab[tb.ID] = item
		for _, c := range t.Cells() {
			if c.Table == tb {
				ed.tabOf[c.ID] = item
			}
		}
	}
	for _, n := range t.Sections(model.PlacePreface) {
		// The preface comes first in print; it is edited beside 基本信息.
		ed.Meta.addPreface(ed.narrativeView(n))
	}
	narrTabs(model.PlaceAfterTables)
	ed.nav = newNavGrid(t)
	ed.Tabs.OnSelected = func(*container.TabItem) { ed.tabChanged() }

	lines := container.New(&padBox{2, 2}, container.New(layout.NewVBoxLayout(), ed.Hint, ed.HintIssue))
	hintBox := container.New(&fixedHeight{}, canvas.NewRectangle(themeColor(colorHeader)), lines)
	// ed.Status is placed by whoever shows the editor (the app: in its
	// status bar), so the tables keep the height.
	main := container.NewBorder(hintBox, nil, nil, nil, ed.Tabs)
	split := container.NewHSplit(main, ed.Problems.content)
	split.SetOffset(0.76)
	ed.content = split
}

// noMin wraps a tab's content so that the tabs do not ask for its size:
// Fyne's tabs size themselves to the largest of all their contents, which
// would draw and measure every table (every label wrapped, every character
// shaped) before the window can show the first tab. The editor fills the
// window anyway; each tab is laid out when it is first shown.
func noMin(o fyne.CanvasObject) fyne.CanvasObject { return container.New(minless{}, o) }

type minless struct{}

func (minless) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

func (minless) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// fixedHeight stacks its objects at the height they want when empty, so
// that the hint bar keeps its size whatever it shows.
type fixedHeight struct{ h float32 }

func (f *fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	if f.h == 0 {
		for _, o := range objs {
			f.h = max(f.h, o.MinSize().Height)
		}
	}
	return fyne.NewSize(w, f.h)
}

func (f *fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// padBox pads its one object by fixed amounts, far less than Fyne's
// padded container.
type padBox struct{ x, y float32 }

func (p *padBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().AddWidthHeight(2*p.x, 2*p.y)
}

func (p *padBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(p.x, p.y))
	objs[0].Resize(size.SubtractWidthHeight(2*p.x, 2*p.y))
}

// tableView lays a table out under its heading: the grid (head pinned
// when the table has one block, body scrolled) and, where the template
// has a balance rule per column, its live balance row under the grid.
func (ed *Editor) tableView(tb *model.Table) fyne.CanvasObject {
	lay := tb.Layout()
	cols := gridColumns(lay)
	title := canvas.NewText(tb.Title, colorText)
	title.TextStyle.Bold = true
	title.TextSize = sheetText + 1
	r0 := 0
	if len(lay.Blocks) == 1 {
		r0 = lay.Blocks[0].Body
	}
	body := ed.newSheet(lay, r0, lay.Rows, cols)
	var head fyne.CanvasObject = layout.NewSpacer()
	if r0 > 0 {
		h := ed.newSheet(lay, 0, r0, cols)
		h.focusTo = body
		head = h
	}
	ed.Sheets[tb.ID] = body
	for _, i := range body.slots {
		if c := lay.Slots[i].Cell; c != nil {
			ed.sheetOf[c.ID] = body
		}
	}
	sc := container.NewVScroll(body)
	body.scroll = sc
	var bar fyne.CanvasObject = layout.NewSpacer()
	if b := ed.balanceBar(tb, cols); b != nil {
		bar = b
	}
	// A window too narrow for the table (1024 pixels beside the problems
	// panel) scrolls head, body and balance row sideways together, so
	// 总计 is never cut off and the heads stay over their columns; the
	// title and the note under the table stay put.
	wide := container.NewHScroll(container.NewBorder(head, bar, nil, nil, sc))
	body.wide = wide
	var note fyne.CanvasObject = layout.NewSpacer()
	if text := tb.Note; text != "" {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		note = l
	}
	grid := container.NewBorder(container.New(&padBox{2, 3}, title), note, nil, nil, wide)
	return container.New(&padBox{4, 2}, grid)
}

func (ed *Editor) newSheet(lay *model.Layout, r0, r1 int, cols *sheetCols) *sheet {
	s := newSheet(ed, lay, r0, r1, cols)
	ed.allSheets = append(ed.allSheets, s)
	return s
}

func (ed *Editor) narrativeView(n *model.Narrative) fyne.CanvasObject {
	objs := []fyne.CanvasObject{widget.NewLabelWithStyle(n.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})}
	objs = append(objs, ed.narrativeEntry(n))
	for _, p := range n.Parts {
		objs = append(objs, widget.NewLabelWithStyle(p.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		objs = append(objs, ed.narrativeEntry(p))
	}
	return container.NewVBox(objs...)
}

func (ed *Editor) narrativeEntry(n *model.Narrative) fyne.CanvasObject {
	e := newNarrativeEntry(ed, n.Key)
	e.SetMinRowsVisible(4)
	e.PlaceHolder = n.Hint
	ed.Narrative[n.Key] = e
	return ed.withFigureButton(n.Key, e)
}

// load puts the report's content into the widgets.
func (ed *Editor) load() {
	ed.loading = true
	for key, e := range ed.Narrative {
		e.SetText(ed.report.Narrative[key])
	}
	ed.Meta.load()
	ed.loading = false
	ed.recheck()
}

// SetReadOnly locks every input (a finalised report, a read-only file).
func (ed *Editor) SetReadOnly(ro bool) {
	ed.readOnly = ro
	for _, s := range ed.allSheets {
		if ro && s.edit != nil {
			s.cancelEdit()
		}
	}
	for _, e := range ed.Narrative {
		// Read-only, not disabled: a disabled entry greys its text out
		// and the report must stay readable.
		e.setReadOnly(ro)
	}
	ed.figureButtonsEnabled(!ro)
	ed.Meta.setReadOnly(ro)
	ed.recheck()
}

// ReadOnly reports whether the report may not be edited.
func (ed *Editor) ReadOnly() bool { return ed.readOnly }

func setDisabled(e *widget.Entry, d bool) {
	if d {
		e.Disable()
	} else {
		e.Enable()
	}
}

// Shown is the text the grid shows for a cell: what the clerk typed (a
// valid number in its plain form, invalid text as typed), a total as
// computed or stated.
func (ed *Editor) Shown(id model.CellID) string {
	c, ok := ed.report.Template().Cell(id)
	if !ok {
		return ""
	}
	for _, s := range ed.allSheets {
		if e := s.edit; e != nil && e.id == id {
			return e.Text
		}
	}
	if c.Derived {
		if ed.res == nil {
			return ""
		}
		return ed.res.Display(id)
	}
	return ed.report.Text(id)
}

// liveEdit applies one keystroke's text of a cell: model, store, totals,
// checks.
func (ed *Editor) liveEdit(id model.CellID, text string) {
	if ed.loading || ed.readOnly {
		return
	}
	_ = ed.report.Set(id, text) // invalid text is kept and becomes an INPUT finding
	if ed.saver != nil {
		ed.saver.SetCell(id, ed.report.Text(id))
	}
	ed.recheck()
}

// clearCell empties a cell (Delete), as one undo step. A total is
// computed: it cannot be cleared, as it cannot be typed over.
func (ed *Editor) clearCell(id model.CellID) {
	if ed.readOnly {
		return
	}
	c, ok := ed.report.Template().Cell(id)
	if !ok {
		return
	}
	if c.Derived {
		ed.say("“" + c.Name() + "”是自动计算的合计，不能删除。")
		return
	}
	ed.setCell(id, "")
}

// setCell sets one cell as one undo step, with the totals a file stated
// over it that the change drops.
func (ed *Editor) setCell(id model.CellID, text string) {
	before := snapshot(ed.report)
	ed.loading = true
	_ = ed.report.Set(id, text) // invalid text is kept and becomes an INPUT finding
	ed.loading = false
	ch := cellChanges(before, ed.report)
	ed.save(ch)
	ed.undo.push(&step{changes: ch})
	ed.recheck()
}

// restore puts the cells back as a snapshot has them, through the one
// path of every edit, without an undo step (an edit cancelled).
func (ed *Editor) restore(before map[model.CellID]string) {
	if ch := cellChanges(before, ed.report); len(ch) > 0 {
		ed.apply(&step{changes: ch}, true)
	}
}

// do applies a step's new values and records it for undo.
func (ed *Editor) do(s *step) {
	ed.apply(s, false)
	ed.undo.push(s)
}

// apply sets a step's values (old ones when undoing) through the one path
// every edit takes: model, saver, screen, checks. Parts go before totals:
// setting a part drops a total stated over it, and a stated total put
// back by undo must stay.
func (ed *Editor) apply(s *step, undoing bool) {
	ed.loading = true
	changes := ed.partsFirst(s.changes)
	for _, c := range changes {
		v := c.new
		if undoing {
			v = c.old
		}
		switch c.kind {
		case changeCell:
			// Errors are text that is not a number: the model keeps it as
			// typed, an INPUT finding, as when it was typed.
			if cell, _ := ed.report.Template().Cell(c.key); cell != nil && cell.Derived && v != "" {
				_ = ed.report.SetStated(c.key, v)
			} else {
				_ = ed.report.Set(c.key, v)
			}
		case changeNarrative:
			ed.report.Narrative[c.key] = v
			if e := ed.Narrative[c.key]; e != nil && e.Text != v {
				e.SetText(v)
			}
		case changeNote:
			if v == "" {
				delete(ed.report.Notes, c.key)
			} else {
				ed.report.Notes[c.key] = v
			}
		}
	}
	ed.save(changes)
	ed.loading = false
	ed.recheck()
}

// partsFirst orders a step's changes with the totals last: setting a part
// drops a total a file stated over it, so a stated total put back (by
// undo) must come after its parts, in the model and in the draft, which
// replays the edits in the order it gets them.
func (ed *Editor) partsFirst(changes []change) []change {
	total := func(c change) bool {
		cell, ok := ed.report.Template().Cell(c.key)
		return c.kind == changeCell && ok && cell.Derived
	}
	out := slices.Clone(changes)
	slices.SortStableFunc(out, func(a, b change) int {
		switch ta, tb := total(a), total(b); {
		case ta == tb:
			return 0
		case tb:
			return -1
		}
		return 1
	})
	return out
}

// save hands a step's fields to the draft as the model now holds them.
func (ed *Editor) save(changes []change) {
	if ed.saver == nil {
		return
	}
	for _, c := range ed.partsFirst(changes) {
		switch c.kind {
		case changeCell:
			ed.saver.SetCell(c.key, ed.report.Text(c.key))
		case changeNarrative:
			ed.saver.SetNarrative(c.key, ed.report.Narrative[c.key])
		case changeNote:
			ed.saver.SetNote(c.key, ed.report.Notes[c.key])
		}
	}
}

// Undo takes back the last edit of the report (Ctrl+Z): a cell being
// edited goes back to what it held; otherwise the last step is undone and
// shown.
func (ed *Editor) Undo() {
	if ed.readOnly {
		return
	}
	for _, s := range ed.allSheets {
		if s.edit != nil {
			s.cancelEdit()
			return
		}
	}
	st := ed.undo.takeUndo()
	if st == nil {
		ed.say("没有可以撤销的修改。")
		return
	}
	ed.apply(st, true)
	ed.showStep(st, "已撤销")
}

// Redo makes an undone edit again (Ctrl+Y). While a cell is being
// typed in there is nothing undone to redo yet: the typing stays.
func (ed *Editor) Redo() {
	if ed.readOnly {
		return
	}
	for _, s := range ed.allSheets {
		if s.edit != nil {
			return
		}
	}
	st := ed.undo.takeRedo()
	if st == nil {
		ed.say("没有可以恢复的修改。")
		return
	}
	ed.apply(st, false)
	ed.showStep(st, "已恢复")
}

// showStep brings the first field an undo or redo changed into view and
// says what happened.
func (ed *Editor) showStep(st *step, verb string) {
	c := st.changes[0]
	switch c.kind {
	case changeCell:
		// The cells typed or pasted, not the totals a file stated that
		// went and came with them.
		tpl := ed.report.Template()
		var typed []change
		for _, ch := range st.changes {
			if cell, ok := tpl.Cell(ch.key); ok && !cell.Derived {
				typed = append(typed, ch)
			}
		}
		if len(typed) > 0 {
			c = typed[0]
		}
		ed.FocusCell(c.key)
		cell, _ := tpl.Cell(c.key)
		what := cell.Name()
		if len(typed) > 1 {
			what = fmt.Sprintf("粘贴的%d格", len(typed))
		}
		ed.say(verb + "：" + what)
	case changeNarrative:
		if e := ed.Narrative[c.key]; e != nil {
			ed.showNarrative(e)
		}
		ed.say(verb + "：正文的修改")
	case changeNote:
		ed.say(verb + "：说明")
	}
}

// say shows a one-line message under the tables.
func (ed *Editor) say(msg string) { ed.Status.SetText(msg) }

// AcceptComputed drops a total stated by an imported file, so that the
// computed sum stands (the fix a T3-R2/T3-R3/T4-R1 finding proposes).
func (ed *Editor) AcceptComputed(id model.CellID) {
	if ed.readOnly {
		return
	}
	ed.setCell(id, "")
}

// recheck re-evaluates the report and refreshes everything derived from it.
func (ed *Editor) recheck() {
	res := ed.report.Evaluate(ed.prev)
	ed.res = res
	ed.markCells(res)
	for _, s := range ed.allSheets {
		if s.r != nil {
			s.r.update()
			canvas.Refresh(s)
		}
	}
	ed.refreshBalance()
	ed.Problems.refresh(res)
	ed.showHint(ed.focused)
	if ed.OnChange != nil {
		ed.OnChange(res)
	}
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// Colours of findings: outlines, badges and their text. Text colours
// are dark enough to read on white (contrast at least 4.5:1).
var (
	colorError   = color.NRGBA{R: 0xC6, G: 0x28, B: 0x28, A: 0xFF} // 5.6:1 on white
	colorWarning = color.NRGBA{R: 0xA8, G: 0x5A, B: 0x00, A: 0xFF} // 4.9:1
	colorOK      = color.NRGBA{R: 0x1E, G: 0x7B, B: 0x34, A: 0xFF} // 5.3:1
)

// markCells outlines, for each finding, the cell to correct (its first
// cell; the others are only involved) in red for errors and orange for
// warnings. 未填 warnings do not outline: a new draft would be all orange.
func (ed *Editor) markCells(res *model.Result) {
	clear(ed.mark)
	for _, f := range res.Findings {
		if f.Rule == model.RuleBlank.ID || f.Severity == model.Info || len(f.Cells) == 0 {
			continue
		}
		id := f.Cells[0]
		if s, ok := ed.mark[id]; !ok || f.Severity > s {
			ed.mark[id] = f.Severity
		}
	}
}

// HasOutline reports whether a cell is marked, and in which colour
// (for tests and the hint).
func (ed *Editor) HasOutline(id model.CellID) (color.Color, bool) {
	s, ok := ed.mark[id]
	if !ok {
		return nil, false
	}
	if s == model.Error {
		return colorError, true
	}
	return colorWarning, true
}

func (ed *Editor) cellFocused(id model.CellID) {
	ed.focused = id
	ed.showHint(id)
}

func (ed *Editor) cellHovered(id model.CellID) {
	if id == "" {
		id = ed.focused
	}
	ed.showHint(id)
}

// tabChanged: hints belong to the tab shown.
func (ed *Editor) tabChanged() {
	// A table's tab opened takes the keyboard into its grid, as a
	// spreadsheet's sheet tab does: typing goes to its selected cell.
	for id, item := range ed.tableTab {
		if s := ed.Sheets[id]; item == ed.Tabs.Selected() && s.holdsValues() {
			if c := ed.canvas(s); c != nil && c.Focused() != s && (s.edit == nil || c.Focused() != s.edit) {
				c.Focus(s)
			}
		}
	}
	if item := ed.tabOf[ed.focused]; item == nil || item != ed.Tabs.Selected() {
		ed.focused = ""
		for _, s := range ed.Sheets {
			if ed.tabOf[s.Selected()] == ed.Tabs.Selected() {
				ed.focused = s.Selected()
			}
		}
	}
	ed.showHint(ed.focused)
}

// showHint names the cell in full and gives its first problem in words.
func (ed *Editor) showHint(id model.CellID) {
	line1, line2 := "", ""
	c, ok := ed.report.Template().Cell(id)
	switch {
	case id == "" || ed.res == nil || !ok:
		line1 = "选中一格后直接输入即可替换；F2 或双击修改；Enter、Tab 确认并移动；Esc 取消；Delete 清除；Ctrl+Z 撤销。"
		line2 = "可从 Excel／WPS 复制一块数据（含行名、表头也可），在起始格按 Ctrl+V 粘贴。"
	default:
		line1 = c.Table.Short + " › " + c.Row.Path() + " › " + c.Col.FullLabel()
		if c.Row.Key == "" {
			line1 = c.Table.Short + " › " + c.Col.FullLabel()
		}
		line1 += ed.prevHint(id)
		if c.Derived {
			line1 += "（自动计算）"
		}
		if s := ed.sheetOf[id]; s != nil {
			if _, sz, ok := s.slotRect(s.lay.SlotOf(id)); ok {
				if v := ed.Shown(id); !valueFits(v, sz.Width, fyne.TextStyle{Bold: c.Derived}) {
					line1 += "：" + v + "（格内显示不下）"
				}
			}
		}
		fs := ed.res.FindingsFor(id)
		if len(fs) > 0 {
			line2 = findingWords(ed.report.Template(), fs[0])
			if len(fs) > 1 {
				line2 = fmt.Sprintf("（共%d个问题）", len(fs)) + line2
			}
		}
	}
	if ed.Hint.Text != line1 {
		ed.Hint.SetText(line1)
	}
	if ed.HintIssue.Text != line2 {
		ed.HintIssue.SetText(line2)
	}
}

// FocusCell brings a cell into view and selects it (from a finding, an
// undo); false if the report has no such cell.
func (ed *Editor) FocusCell(id model.CellID) bool {
	s := ed.sheetOf[id]
	if s == nil {
		return false
	}
	if item := ed.tabOf[id]; item != nil && ed.Tabs.Selected() != item {
		ed.Tabs.Select(item)
	}
	s.selectCell(id)
	s.requestFocus()
	ed.cellFocused(id)
	return true
}

// tabFrom moves on from a sheet's selected cell by Tab (dir 1) or
// Shift+Tab (-1): through the table's typed cells in reading order, then
// on to the next table's first (or the previous table's last).
func (ed *Editor) tabFrom(s *sheet, dir int) {
	ins := s.inputs()
	at := slices.Index(ins, s.sel)
	if at >= 0 && at+dir >= 0 && at+dir < len(ins) {
		s.selectSlot(ins[at+dir], true)
		return
	}
	if at < 0 && len(ins) > 0 {
		s.selectSlot(ins[0], true)
		return
	}
	tables := ed.report.Template().Tables
	ti := slices.Index(tables, s.lay.Table)
	for j := ti + dir; j >= 0 && j < len(tables); j += dir {
		next := ed.Sheets[tables[j].ID]
		if ins := next.inputs(); len(ins) > 0 {
			ed.Tabs.Select(ed.tableTab[tables[j].ID])
			target := ins[0]
			if dir < 0 {
				target = ins[len(ins)-1]
			}
			next.selectSlot(target, true)
			next.requestFocus()
			return
		}
	}
}

// paste spreads text copied from a spreadsheet from cell from, as one
// undo step, and reports the outcome.
func (ed *Editor) paste(from model.CellID, text string) {
	if ed.readOnly {
		ed.say("报告已定稿，只能查看。")
		return
	}
	text = strings.TrimRight(text, "\r\n")
	if !strings.ContainsAny(text, "\t\r\n") {
		// One value: replaces the cell, as a spreadsheet does.
		if c, ok := ed.report.Template().Cell(from); ok && c.Derived {
			ed.say("“" + c.Name() + "”是自动计算的合计，不能粘贴。")
			return
		}
		ed.setCell(from, strings.TrimSpace(text))
		ed.say("已粘贴到 " + ed.cellName(from))
		return
	}
	before := snapshot(ed.report)
	res, err := ed.report.Paste(from, text)
	if err != nil {
		ed.say("粘贴失败：" + err.Error())
		return
	}
	// The model has the pasted values; record them as one step and save
	// them through the same path as any edit.
	changes := cellChanges(before, ed.report)
	ed.undo.push(&step{changes: changes})
	ed.save(changes)
	msg := "粘贴：" + res.Summary()
	for i, rj := range res.Rejected {
		if i == 2 {
			msg += "……"
			break
		}
		msg += "；" + ed.cellName(rj.Cell) + "：" + rj.Msg
	}
	ed.say(msg)
	ed.recheck()
}

func (ed *Editor) cellName(id model.CellID) string {
	c, ok := ed.report.Template().Cell(id)
	if !ok {
		return id
	}
	return c.Name()
}

// SetNote stores the clerk's 说明 on a finding, as one undo step.
func (ed *Editor) SetNote(key, text string) {
	if ed.readOnly || ed.report.Notes[key] == text {
		return
	}
	ed.do(&step{changes: []change{{changeNote, key, ed.report.Notes[key], text}}})
}

// narrativeChanged applies a keystroke in a narrative box: saved, checked
// (the narrative rules read it), and grouped into undo steps by bursts.
func (ed *Editor) narrativeChanged(key, text string) {
	if ed.loading {
		return
	}
	old := ed.report.Narrative[key]
	if old == text {
		return
	}
	ed.report.Narrative[key] = text
	if ed.saver != nil {
		ed.saver.SetNarrative(key, text)
	}
	ed.undo.typed(changeNarrative, key, old, text, ed.now())
	ed.recheck()
}

// metaChanged is called by the 基本信息 form.
func (ed *Editor) metaChanged(m model.Meta) {
	if ed.loading {
		return
	}
	ed.report.Meta = m
	if ed.saver != nil {
		ed.saver.SetMeta(m)
	}
	ed.recheck()
	if ed.OnMeta != nil {
		ed.OnMeta(m)
	}
}
