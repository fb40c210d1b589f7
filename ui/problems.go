package ui

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// problemsPanel is the always-visible list of findings, errors first, with
// counts on top. Clicking a finding goes to its cell; a warning can be given
// a 说明.
type problemsPanel struct {
	ed      *Editor
	Counts  *widget.Label
	Rows    []*findingRow // pooled; the first len(findings) are shown
	box     *fyne.Container
	scroll  *container.Scroll
	content fyne.CanvasObject
}

func newProblemsPanel(ed *Editor) *problemsPanel {
	p := &problemsPanel{ed: ed, box: container.NewVBox()}
	p.Counts = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title := widget.NewLabelWithStyle("检查结果（勾稽关系）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.scroll = container.NewVScroll(p.box)
	p.content = container.NewBorder(container.NewVBox(title, p.Counts), nil, nil, nil, p.scroll)
	return p
}

// refresh shows res; on a keystroke usually little changes, so only what
// changed is refreshed (a full relayout of the list costs milliseconds).
func (p *problemsPanel) refresh(res *model.Result) {
	if res == nil {
		return
	}
	imp := widget.SuccessImportance
	if res.Errors > 0 {
		imp = widget.DangerImportance
	} else if res.Warnings > 0 {
		imp = widget.WarningImportance
	}
	counts := fmt.Sprintf("%d 个错误 · %d 个警告 · %d 个提示", res.Errors, res.Warnings, res.Infos)
	if p.Counts.Text != counts || p.Counts.Importance != imp {
		p.Counts.Importance = imp
		p.Counts.SetText(counts)
	}
	// Each finding keeps its row: one added or gone (a cell emptied, a
	// column balanced) must not set, and wrap again, every row after it.
	shown := map[string]*findingRow{}
	for _, row := range p.Rows {
		if row.Visible() {
			shown[findingID(row.f)] = row
		}
	}
	rows := make([]*findingRow, len(res.Findings))
	taken := map[*findingRow]bool{}
	for i, f := range res.Findings {
		if row := shown[findingID(f)]; row != nil && !taken[row] {
			rows[i], taken[row] = row, true
		}
	}
	var spare []*findingRow
	for _, row := range p.Rows {
		if !taken[row] {
			spare = append(spare, row)
		}
	}
	for i := range rows {
		if rows[i] == nil {
			if len(spare) > 0 {
				rows[i], spare = spare[0], spare[1:]
			} else {
				rows[i] = newFindingRow(p)
			}
		}
		rows[i].set(res.Findings[i])
	}
	rows = append(rows, spare...)
	relayout := !slices.Equal(rows, p.Rows)
	p.Rows = rows
	for i, row := range rows {
		if show := i < len(res.Findings); show != row.Visible() {
			showIf(row, show)
			relayout = true
		}
	}
	if relayout {
		p.box.Objects = p.box.Objects[:0]
		for _, row := range rows {
			p.box.Objects = append(p.box.Objects, row)
		}
		// Laid out again, not refreshed: a container's Refresh refreshes
		// every row, and each wraps its text again (milliseconds on a
		// keystroke that adds a problem).
		p.box.Resize(fyne.NewSize(p.box.Size().Width, p.box.MinSize().Height))
		p.box.Layout.Layout(p.box.Objects, p.box.Size())
		p.scroll.Base.Refresh() // the scroll bars for the list's height; not the rows
		canvas.Refresh(p.box)
	}
}

// findingID tells findings apart across evaluations.
func findingID(f model.Finding) string { return f.Rule + "\x00" + f.Key + "\x00" + f.Where }

// findingRow shows one finding; tapping it goes to its cell.
type findingRow struct {
	widget.BaseWidget
	p       *problemsPanel
	f       model.Finding
	badge   *canvas.Text
	code    *canvas.Text // the rule's code, small, for whoever must look it up
	Text    *widget.Label
	NoteBtn *widget.Button
	FixBtn  *widget.Button // 采用计算值, for a stated total that disagrees
	bg      *canvas.Rectangle
}

func newFindingRow(p *problemsPanel) *findingRow {
	r := &findingRow{p: p, badge: canvas.NewText("", colorError), code: canvas.NewText("", colorPrev),
		Text: widget.NewLabel(""), bg: canvas.NewRectangle(themeColor(colorHeader))}
	r.badge.TextStyle.Bold = true
	r.code.TextSize = prevTextSize
	r.Text.Wrapping = fyne.TextWrapWord // never inside a number: Fyne breaks between Chinese characters, not digits
	r.NoteBtn = widget.NewButton("说明…", r.editNote)
	r.NoteBtn.Importance = widget.LowImportance
	r.FixBtn = widget.NewButton("采用计算值", func() { p.ed.AcceptComputed(r.f.Cells[0]) })
	r.FixBtn.Importance = widget.LowImportance
	r.ExtendBaseWidget(r)
	return r
}

func (r *findingRow) set(f model.Finding) {
	r.f = f
	col := themeColor(colorGrid)
	switch f.Severity {
	case model.Error:
		col = colorError
	case model.Warning:
		col = colorWarning
	}
	if r.badge.Text != f.Severity.String() || r.badge.Color != col {
		r.badge.Text, r.badge.Color = f.Severity.String(), col
		r.badge.Refresh()
	}
	if r.code.Text != f.Rule {
		r.code.Text = f.Rule
		r.code.Refresh()
	}
	text := r.p.ed.report.Template().RuleWord(f.Rule) + "　" + f.Where + "：" + f.Message
	if f.Note != "" {
		text += "\n说明：" + f.Note
	}
	if r.Text.Text != text {
		r.Text.SetText(text)
	}
	showIf(r.NoteBtn, f.Severity != model.Error && !r.p.ed.readOnly)
	// A stated total that disagrees with its parts, or is not a number at
	// all, is fixed by taking the computed sum.
	rule := r.p.ed.report.Template().Rule(f.Rule)
	total := false
	if len(f.Cells) > 0 {
		c, ok := r.p.ed.report.Template().Cell(f.Cells[0])
		total = ok && c.Derived
	}
	showIf(r.FixBtn, total && (rule != nil && rule.Kind == "sum" || f.Rule == model.RuleInput.ID) && !r.p.ed.readOnly)
}

func showIf(o fyne.CanvasObject, show bool) {
	if show && !o.Visible() {
		o.Show()
	} else if !show && o.Visible() {
		o.Hide()
	}
}

func (r *findingRow) CreateRenderer() fyne.WidgetRenderer {
	r.bg.CornerRadius = 4
	badge := container.NewVBox(container.NewPadded(r.badge), container.NewCenter(r.code))
	buttons := container.NewVBox(container.NewHBox(r.FixBtn, r.NoteBtn))
	return widget.NewSimpleRenderer(container.NewStack(r.bg,
		container.NewBorder(nil, nil, badge, buttons, r.Text)))
}

// Tapped goes to the finding's first cell (or to 基本信息).
func (r *findingRow) Tapped(*fyne.PointEvent) { r.p.ed.GoTo(r.f) }

func (r *findingRow) editNote() {
	ed := r.p.ed
	entry := newKeyEntry()
	entry.MultiLine = true
	entry.SetText(ed.report.Notes[r.f.Key])
	entry.SetPlaceHolder("例如：本年开展规范性文件清理，现行有效件数按清理后口径统计。")
	entry.Wrapping = fyne.TextWrapBreak
	entry.SetMinRowsVisible(3)
	key := r.f.Key
	win := ed.window()
	if win == nil {
		return
	}
	problem := widget.NewLabel(r.f.Where + "：\n" + r.f.Message)
	problem.Wrapping = fyne.TextWrapWord
	showForm(win, "填写说明", "保存",
		[]*widget.FormItem{widget.NewFormItem("问题", problem), widget.NewFormItem("说明", entry)},
		func() { ed.SetNote(key, entry.Text) }, fyne.NewSize(600, 320))
}

// GoTo shows where a finding is: a sentence of the text is selected in
// its box; otherwise its first cell is selected, switching tab and
// scrolling.
func (ed *Editor) GoTo(f model.Finding) {
	if e := ed.Narrative[f.Narrative]; e != nil {
		ed.showNarrative(e)
		text := ed.report.Narrative[f.Narrative]
		if f.End > f.At && f.End <= len(text) {
			from := utf8.RuneCountInString(text[:f.At])
			e.selectRange(from, from+utf8.RuneCountInString(text[f.At:f.End]))
		} else {
			e.setCursorOffset(utf8.RuneCountInString(text)) // where the missing sentence goes
		}
		return
	}
	for _, id := range f.Cells {
		if ed.FocusCell(id) {
			return
		}
	}
	if f.Rule == model.RuleMeta.ID {
		ed.Tabs.SelectIndex(0)
		ed.Meta.focusFirstMissing()
	}
}
