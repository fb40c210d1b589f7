package ui

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// Saver persists every edit the moment it is made (the draft store's
// autosaver). Calls come from the UI goroutine and must not block on disk.
type Saver interface {
	SetCell(id model.CellID, text string)
	SetNarrative(key, text string)
	SetNote(key, text string)
	SetMeta(m model.Meta)
}

// Editor is the form of one report: its tables as printed, the narrative
// sections, a problems panel and a hint bar. Widgets are kept in exported
// maps so tests (and the app shell) can drive them.
type Editor struct {
	report *model.Report
	prev   *model.Report
	saver  Saver
	res    *model.Result

	Cells     map[model.CellID]*cellEntry    // typed cells
	Totals    map[model.CellID]*widget.Label // computed cells
	Balance   map[string]*widget.Label       // 表三 一+二 vs 三+四, by column key
	Narrative map[string]*widget.Entry       // by narrative key
	Meta      *metaForm
	Problems  *problemsPanel
	Tabs      *container.AppTabs
	Hint      *widget.Label // the focused (or hovered) cell and its problems
	Status    *widget.Label // one-line messages, e.g. after a paste

	outlines map[model.CellID]*canvas.Rectangle
	tabOf    map[model.CellID]*container.TabItem
	scrollOf map[*container.TabItem]*container.Scroll
	nav      navGrid
	focused  model.CellID
	loading  bool // setting widgets from the model: not an edit
	readOnly bool
	content  fyne.CanvasObject

	figureButtons []*widget.Button // 插入数字…, see figures.go

	// OnChange is called after every edit has been applied and checked.
	OnChange func(res *model.Result)
	// OnMeta is called after the 基本信息 changed (the app then looks for
	// last year's report of the unit).
	OnMeta func(m model.Meta)

	PrevValues map[model.CellID]*canvas.Text // last year's figure in each cell
	comparing  bool                          // PrevValues shown
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

// NewEditor builds the form for r. prev (may be nil) is last year's report
// for the cross-year checks; saver (may be nil) receives every edit.
func NewEditor(r *model.Report, prev *model.Report, saver Saver) *Editor {
	ed := &Editor{
		report: r, prev: prev, saver: saver,
		Cells:      map[model.CellID]*cellEntry{},
		Totals:     map[model.CellID]*widget.Label{},
		Balance:    map[string]*widget.Label{},
		Narrative:  map[string]*widget.Entry{},
		outlines:   map[model.CellID]*canvas.Rectangle{},
		PrevValues: map[model.CellID]*canvas.Text{},
		tabOf:      map[model.CellID]*container.TabItem{},
		scrollOf:   map[*container.TabItem]*container.Scroll{},
		Hint:       widget.NewLabel(""),
		Status:     widget.NewLabel(""),
	}
	// One line per item, cut with … rather than wrapped: a wrapping label
	// in a border's top slot takes the height of its narrowest layout.
	ed.Hint.Truncation = fyne.TextTruncateEllipsis
	ed.Status.Wrapping = fyne.TextWrapWord
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
		item := container.NewTabItem(title, sc)
		ed.scrollOf[item] = sc
		ed.Tabs.Append(item)
		return item
	}
	addTab("基本信息", ed.Meta.content)
	narr := map[string]*model.Narrative{}
	for _, n := range t.Narrative {
		narr[n.Key] = n
	}
	if n := narr["overview"]; n != nil {
		addTab("一、总体情况", ed.narrativeView(n))
	}
	tabTitles := map[string]string{"t2": "二、主动公开", "t3": "三、收到和处理申请", "t4": "四、复议·诉讼"}
	for _, tb := range t.Tables {
		item := addTab(tabTitles[tb.ID], ed.tableView(tb))
		for _, c := range t.Cells() {
			if c.Table == tb {
				ed.tabOf[c.ID] = item
			}
		}
	}
	var rest []fyne.CanvasObject
	for _, key := range []string{"problems", "other"} {
		if n := narr[key]; n != nil {
			rest = append(rest, ed.narrativeView(n))
		}
	}
	if narr["preface"] != nil {
		// The preface comes first in print; it is edited beside 基本信息.
		ed.Meta.addPreface(ed.narrativeView(narr["preface"]))
	}
	addTab("五、六", container.NewVBox(rest...))
	ed.nav = newNavGrid(t)

	hintBox := container.NewStack(canvas.NewRectangle(themeColor(colorHeader)), container.NewPadded(ed.Hint))
	main := container.NewBorder(hintBox, ed.Status, nil, nil, ed.Tabs)
	split := container.NewHSplit(main, ed.Problems.content)
	split.SetOffset(0.76)
	ed.content = split
}

// tableView stacks the blocks of a table under its heading, and for 表三 the
// live balance row.
func (ed *Editor) tableView(tb *model.Table) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(tb.Title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	objs := []fyne.CanvasObject{title}
	for _, b := range tb.Blocks {
		objs = append(objs, ed.blockView(tb, b))
	}
	if tb.ID == "t3" {
		objs = append(objs, ed.balanceRow(tb))
	}
	if tb.ID == "t4" {
		objs = append(objs, widget.NewLabel("“总计”为自动计算；行政诉讼合计 = 未经复议直接起诉总计 + 复议后起诉总计。"))
	}
	return container.NewVBox(objs...)
}

// balanceRow shows under each 表三 column 一+二 and 三+四 as they stand.
func (ed *Editor) balanceRow(tb *model.Table) fyne.CanvasObject {
	b := tb.Blocks[0]
	var g gridBuilder
	g.add(frame(themeColor(colorHeader), rowText("本列勾稽：第一项+第二项 ／ 第三项+第四项")), 0, 0, 1, 1)
	for ci, c := range b.Columns {
		l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
		l.Wrapping = fyne.TextWrapBreak
		ed.Balance[c.Key] = l
		g.add(frame(theme.Color(theme.ColorNameBackground), l), 0, ci+1, 1, 1)
	}
	widths := []float32{wGroup0 + wGroup1 + wLabel}
	for range b.Columns {
		widths = append(widths, wValue)
	}
	return g.build(widths, 0)
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
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapBreak
	e.SetMinRowsVisible(4)
	e.PlaceHolder = n.Hint
	key := n.Key
	e.OnChanged = func(text string) {
		if ed.loading {
			return
		}
		ed.report.Narrative[key] = text
		if ed.saver != nil {
			ed.saver.SetNarrative(key, text)
		}
	}
	ed.Narrative[key] = e
	return ed.withFigureButton(key, e)
}

// load puts the report's content into the widgets.
func (ed *Editor) load() {
	ed.loading = true
	for id, e := range ed.Cells {
		e.SetText(ed.report.Text(id))
	}
	for key, e := range ed.Narrative {
		e.SetText(ed.report.Narrative[key])
	}
	ed.Meta.load()
	ed.loading = false
	ed.recheck()
}

// SetReadOnly locks every input (a finalised report).
func (ed *Editor) SetReadOnly(ro bool) {
	ed.readOnly = ro
	for _, e := range ed.Cells {
		setDisabled(&e.Entry, ro)
	}
	for _, e := range ed.Narrative {
		setDisabled(e, ro)
	}
	ed.figureButtonsEnabled(!ro)
	ed.Meta.setReadOnly(ro)
	ed.Problems.refresh(ed.res)
}

func setDisabled(e *widget.Entry, d bool) {
	if d {
		e.Disable()
	} else {
		e.Enable()
	}
}

// cellChanged applies one edit: model, store, totals, checks.
func (ed *Editor) cellChanged(id model.CellID, text string) {
	if ed.loading {
		return
	}
	_ = ed.report.Set(id, text) // invalid text is kept and becomes an INPUT finding
	if ed.saver != nil {
		ed.saver.SetCell(id, text)
	}
	ed.recheck()
}

// tidyCell shows the stored form of a cell the clerk has left.
func (ed *Editor) tidyCell(id model.CellID) {
	if e := ed.Cells[id]; e != nil && e.Text != ed.report.Text(id) {
		ed.loading = true
		e.SetText(ed.report.Text(id))
		ed.loading = false
	}
}

// AcceptComputed drops a total stated by an imported file, so that the
// computed sum stands (the fix a T3-R2/T3-R3/T4-R1 finding proposes).
func (ed *Editor) AcceptComputed(id model.CellID) {
	if ed.readOnly {
		return
	}
	_ = ed.report.Set(id, "")
	if ed.saver != nil {
		ed.saver.SetCell(id, "")
	}
	ed.recheck()
}

// recheck re-evaluates the report and refreshes everything derived from it.
func (ed *Editor) recheck() {
	res := ed.report.Evaluate(ed.prev)
	ed.res = res
	for id, l := range ed.Totals {
		if s := res.Display(id); l.Text != s {
			l.SetText(s)
		}
	}
	for key, l := range ed.Balance {
		lv, rv, _ := res.Sides("T3-R1." + key)
		s := fmt.Sprintf("%d ／ %d", lv, rv)
		imp := widget.SuccessImportance
		if lv != rv {
			s += "\n差 " + strconv.FormatInt(abs(lv-rv), 10)
			imp = widget.DangerImportance
		}
		if l.Text != s || l.Importance != imp {
			l.Importance = imp
			l.SetText(s)
		}
	}
	ed.markCells(res)
	ed.refreshPrev(res)
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

var (
	colorError   = color.NRGBA{R: 0xD3, G: 0x2F, B: 0x2F, A: 0xFF}
	colorWarning = color.NRGBA{R: 0xEF, G: 0x8C, B: 0x00, A: 0xFF}
)

// markCells outlines, for each finding, the cell to correct (its first
// cell; the others are only involved) in red for errors and orange for
// warnings. 未填 warnings do not outline: a new draft would be all orange.
func (ed *Editor) markCells(res *model.Result) {
	mark := map[model.CellID]model.Severity{}
	for _, f := range res.Findings {
		if f.Rule == model.RuleBlank.ID || f.Severity == model.Info || len(f.Cells) == 0 {
			continue
		}
		id := f.Cells[0]
		if s, ok := mark[id]; !ok || f.Severity > s {
			mark[id] = f.Severity
		}
	}
	for id, o := range ed.outlines {
		s, bad := mark[id]
		if !bad {
			if o.Visible() {
				o.Hide()
			}
			continue
		}
		col := color.Color(colorWarning)
		if s == model.Error {
			col = colorError
		}
		if !o.Visible() || o.StrokeColor != col {
			o.StrokeColor = col
			o.Show()
			o.Refresh()
		}
	}
}

// HasOutline reports whether a cell is marked, and in which colour
// (for tests and the hint).
func (ed *Editor) HasOutline(id model.CellID) (color.Color, bool) {
	o := ed.outlines[id]
	if o == nil || !o.Visible() {
		return nil, false
	}
	return o.StrokeColor, true
}

func (ed *Editor) cellFocused(id model.CellID, e *cellEntry) {
	ed.focused = id
	ed.showHint(id)
	ed.scrollTo(id, e)
}

func (ed *Editor) cellHovered(id model.CellID) {
	if id == "" {
		id = ed.focused
	}
	ed.showHint(id)
}

// showHint names the cell in full and lists its problems.
func (ed *Editor) showHint(id model.CellID) {
	if id == "" || ed.res == nil {
		ed.Hint.SetText("Tab/Shift+Tab 左右移动，Enter/Shift+Enter 上下移动，方向键移动；可从Excel/WPS复制一块数据后在起始格粘贴。")
		return
	}
	c, ok := ed.report.Template().Cell(id)
	if !ok {
		return
	}
	s := c.Table.Short + " › " + c.Row.Path() + " › " + c.Col.FullLabel()
	if c.Row.Key == "" {
		s = c.Table.Short + " › " + c.Col.FullLabel()
	}
	s += ed.prevHint(id)
	for i, f := range ed.res.FindingsFor(id) {
		if i == 2 {
			s += "……"
			break
		}
		s += "\n" + f.String()
	}
	if ed.Hint.Text != s {
		ed.Hint.SetText(s)
	}
}

// FocusCell brings a cell into view and focuses it (from a finding); a
// total, which takes no focus, is shown and named in the hint bar.
func (ed *Editor) FocusCell(id model.CellID) bool {
	var obj fyne.CanvasObject
	if e := ed.Cells[id]; e != nil {
		obj = e
	} else if l := ed.Totals[id]; l != nil {
		obj = l
	} else {
		return false
	}
	if item := ed.tabOf[id]; item != nil && ed.Tabs.Selected() != item {
		ed.Tabs.Select(item)
	}
	if e := ed.Cells[id]; e != nil {
		if cv := fyne.CurrentApp().Driver().CanvasForObject(e); cv != nil {
			cv.Focus(e)
		}
	} else {
		ed.focused = id
		ed.showHint(id)
	}
	ed.scrollTo(id, obj)
	return true
}

// scrollTo scrolls the cell's tab so that the cell is fully visible (Fyne
// does not follow focus by itself).
func (ed *Editor) scrollTo(id model.CellID, e fyne.CanvasObject) {
	sc := ed.scrollOf[ed.tabOf[id]]
	if sc == nil || sc.Content == nil {
		return
	}
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(e).Subtract(d.AbsolutePositionForObject(sc.Content))
	size, view := e.Size(), sc.Size()
	off := sc.Offset
	const margin = 24
	if pos.Y < off.Y {
		off.Y = pos.Y - margin
	} else if pos.Y+size.Height > off.Y+view.Height {
		off.Y = pos.Y + size.Height - view.Height + margin
	}
	if pos.X < off.X {
		off.X = pos.X - margin
	} else if pos.X+size.Width > off.X+view.Width {
		off.X = pos.X + size.Width - view.Width + margin
	}
	off.X, off.Y = max(off.X, 0), max(off.Y, 0)
	if off != sc.Offset {
		sc.ScrollToOffset(off)
	}
}

// move focuses the neighbouring typed cell (Enter, arrows).
func (ed *Editor) move(from model.CellID, dir direction) {
	if to := ed.nav.next(from, dir); to != "" {
		ed.FocusCell(to)
	}
}

// pasteBlock spreads a copied block from cell from and reports the outcome.
func (ed *Editor) pasteBlock(from model.CellID, text string) {
	if ed.readOnly {
		return
	}
	res, err := ed.report.Paste(from, text)
	if err != nil {
		ed.Status.SetText("粘贴失败：" + err.Error())
		return
	}
	ed.loading = true
	for _, id := range res.Filled {
		if e := ed.Cells[id]; e != nil {
			e.SetText(ed.report.Text(id))
		}
	}
	ed.loading = false
	if ed.saver != nil {
		for _, id := range res.Filled {
			ed.saver.SetCell(id, ed.report.Text(id))
		}
	}
	msg := "粘贴：" + res.Summary()
	for i, rj := range res.Rejected {
		if i == 3 {
			msg += "……"
			break
		}
		c, _ := ed.report.Template().Cell(rj.Cell)
		msg += "\n" + c.Name() + "：" + rj.Msg
	}
	ed.Status.SetText(msg)
	ed.recheck()
}

// SetNote stores the clerk's 说明 on a finding.
func (ed *Editor) SetNote(key, text string) {
	if text == "" {
		delete(ed.report.Notes, key)
	} else {
		ed.report.Notes[key] = text
	}
	if ed.saver != nil {
		ed.saver.SetNote(key, text)
	}
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
