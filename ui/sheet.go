package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"nianbao/model"
)

// sheet draws rows [r0, r1) of a table's model.Layout as a spreadsheet
// grid and, for the part holding values, takes the keyboard like one: a
// selected cell, typing replaces it, F2 or a double click edits in place,
// Enter and Tab commit and move, Esc cancels, Delete clears.
//
// One widget draws many cells (rectangles and text, no widget per cell),
// so rows stay compact, the mouse wheel reaches the scroll container from
// anywhere over the grid, and a table costs little memory. A single entry
// (cellEditor) is laid over the selected cell while it is being edited.
// A table with one block is drawn by two sheets sharing one set of column
// widths: its head, pinned above, and its body, scrolled.
type sheet struct {
	widget.BaseWidget
	ed     *Editor
	lay    *model.Layout
	r0, r1 int
	cols   *sheetCols
	// slots are the layout slots drawn, in layout order.
	slots []int
	// sel is the selected slot (index into lay.Slots), -1 for none.
	sel     int
	focused bool
	edit    *cellEditor // the cell being edited, nil otherwise
	hover   int
	// scroll, if set, is the container the sheet scrolls in; the selected
	// cell is kept wholly inside it. wide, if set, scrolls the whole grid
	// sideways in a window too narrow for it.
	scroll, wide *container.Scroll
	// focusTo, for a head pinned above its body, is the body: a head
	// holds no cell to select, so a click or focus on it goes there.
	focusTo *sheet
	// r is the current renderer (Fyne may drop and remake it), nil before
	// the sheet is first drawn.
	r *sheetRenderer
}

func newSheet(ed *Editor, lay *model.Layout, r0, r1 int, cols *sheetCols) *sheet {
	s := &sheet{ed: ed, lay: lay, r0: r0, r1: r1, cols: cols, sel: -1, hover: -1}
	for i := range lay.Slots {
		if sl := &lay.Slots[i]; sl.Row >= r0 && sl.Row < r1 {
			s.slots = append(s.slots, i)
		}
	}
	s.ExtendBaseWidget(s)
	return s
}

// holdsValues reports whether any cell of the sheet can be selected.
func (s *sheet) holdsValues() bool {
	for _, i := range s.slots {
		if s.lay.Slots[i].IsValue() {
			return true
		}
	}
	return false
}

// Selected is the report cell of the selected slot, "" for none.
func (s *sheet) Selected() model.CellID {
	if s.sel < 0 {
		return ""
	}
	return s.lay.Slots[s.sel].Cell.ID
}

// sheetCols are the column widths of a table, shared by its sheets so
// head and body line up. flex takes the width left over.
type sheetCols struct {
	widths []float32
	flex   int
	// maxFlex caps the flex column: a wide window leaves space on the
	// right rather than stretch the labels away from their numbers.
	maxFlex float32
}

func (c *sheetCols) edges(width float32) []float32 {
	x := make([]float32, len(c.widths)+1)
	var total float32
	for _, w := range c.widths {
		total += w
	}
	extra := float32(0)
	if c.flex >= 0 && width > total {
		extra = width - total
		if c.maxFlex > 0 {
			extra = min(extra, max(0, c.maxFlex-c.widths[c.flex]))
		}
	}
	for i, w := range c.widths {
		if i == c.flex {
			w += extra
		}
		x[i+1] = x[i] + w
	}
	return x
}

func (c *sheetCols) minWidth() float32 {
	var total float32
	for _, w := range c.widths {
		total += w
	}
	return total
}

// valueFits reports whether a value's text fits a cell of the given width
// at the smallest size a long number is drawn.
func valueFits(text string, width float32, ts fyne.TextStyle) bool {
	return fyne.MeasureText(text, minValueText, ts).Width <= width-2*cellPadX
}

// Sizes of the grid, in Fyne units.
const (
	cellPadX     = 5
	cellPadY     = 1
	sheetText    = 13
	prevTextSize = 9
	minValueText = 7 // the smallest a long number is drawn
)

var (
	colorSelect     = color.NRGBA{R: 0x1A, G: 0x73, B: 0xE8, A: 0xFF} // a focused selection, as in spreadsheets
	colorSelectIdle = color.NRGBA{R: 0x80, G: 0x86, B: 0x8B, A: 0xFF} // selection while focus is elsewhere
	colorText       = color.NRGBA{R: 0x20, G: 0x21, B: 0x24, A: 0xFF}
)

func (s *sheet) CreateRenderer() fyne.WidgetRenderer {
	r := &sheetRenderer{s: s}
	s.r = r
	r.sel = canvas.NewRectangle(color.Transparent)
	r.sel.StrokeWidth = 2
	r.sel.Hide()
	for _, i := range s.slots {
		sl := &s.lay.Slots[i]
		c := &drawnSlot{slot: sl, idx: i, bg: canvas.NewRectangle(color.White)}
		c.bg.StrokeColor = themeColor(colorGrid)
		c.bg.StrokeWidth = 1
		if sl.IsValue() {
			c.prev = canvas.NewText("", colorPrev)
			c.prev.TextSize = prevTextSize
			c.prev.Alignment = fyne.TextAlignTrailing
			c.prev.Hide()
		}
		r.cells = append(r.cells, c)
	}
	r.rebuild()
	r.update()
	return r
}

// drawnSlot is what the renderer keeps for one slot.
type drawnSlot struct {
	slot  *model.Slot
	idx   int
	bg    *canvas.Rectangle
	lines []*canvas.Text
	prev  *canvas.Text // last year's figure, values only
	text  string       // the text the lines show
	wrapW float32      // the width the text was wrapped at
}

type sheetRenderer struct {
	s       *sheet
	cells   []*drawnSlot
	sel     *canvas.Rectangle
	objects []fyne.CanvasObject
	x, y    []float32
	// heights caches the row heights per layout width.
	heightsW float32
	heights  []float32
}

func (r *sheetRenderer) Destroy() {}

func (r *sheetRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *sheetRenderer) rebuild() {
	r.objects = r.objects[:0]
	for _, c := range r.cells {
		r.objects = append(r.objects, c.bg)
		for _, l := range c.lines {
			r.objects = append(r.objects, l)
		}
		if c.prev != nil {
			r.objects = append(r.objects, c.prev)
		}
	}
	r.objects = append(r.objects, r.sel)
	if e := r.s.edit; e != nil {
		r.objects = append(r.objects, e)
	}
}

// style of a slot's text and background.
func (r *sheetRenderer) style(c *drawnSlot) (fill color.Color, ts fyne.TextStyle, align fyne.TextAlign) {
	sl := c.slot
	switch sl.Role {
	case model.RoleCaption, model.RoleHead:
		return themeColor(colorHeader), fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	case model.RoleCorner:
		return themeColor(colorHeader), fyne.TextStyle{Bold: !sl.Note}, fyne.TextAlignCenter
	case model.RoleGroup:
		return themeColor(colorLabel), fyne.TextStyle{}, fyne.TextAlignCenter
	case model.RoleLabel:
		return themeColor(colorLabel), fyne.TextStyle{}, fyne.TextAlignLeading
	case model.RoleTotal:
		return themeColor(colorDerived), fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	}
	return color.White, fyne.TextStyle{}, fyne.TextAlignCenter
}

// content is the text a slot shows now.
func (r *sheetRenderer) content(c *drawnSlot) string {
	sl := c.slot
	if !sl.IsValue() {
		return sl.Text
	}
	return r.s.ed.Shown(sl.Cell.ID)
}

// slotWidth is the width of a slot between column edges x.
func slotWidth(sl *model.Slot, x []float32) float32 {
	return x[sl.Col+sl.ColSpan] - x[sl.Col]
}

// rowHeights sizes the sheet's rows for the given width: a row fits its
// tallest one-row slot; a merged slot taller than its rows stretches the
// last of them.
func (r *sheetRenderer) rowHeights(width float32) []float32 {
	if r.heights != nil && r.heightsW == width {
		return r.heights
	}
	x := r.s.cols.edges(width)
	n := r.s.r1 - r.s.r0
	h := make([]float32, n)
	line := lineHeight()
	for i := range h {
		h[i] = line + 2*cellPadY
	}
	need := func(c *drawnSlot) float32 {
		if c.slot.IsValue() {
			return line + 2*cellPadY
		}
		_, ts, _ := r.style(c)
		lines := wrapText(c.slot.Text, slotWidth(c.slot, x)-2*cellPadX, ts)
		return float32(len(lines))*line + 2*cellPadY
	}
	for _, c := range r.cells {
		if c.slot.RowSpan == 1 {
			k := c.slot.Row - r.s.r0
			h[k] = max(h[k], need(c))
		}
	}
	for _, c := range r.cells {
		if c.slot.RowSpan == 1 {
			continue
		}
		k0 := c.slot.Row - r.s.r0
		k1 := min(k0+c.slot.RowSpan, n)
		var have float32
		for k := k0; k < k1; k++ {
			have += h[k]
		}
		if want := need(c); want > have {
			h[k1-1] += want - have
		}
	}
	r.heightsW, r.heights = width, h
	return h
}

// sheetMargin is kept below and right of the grid, so that the frame of
// a selected cell in the last row or column is drawn whole.
const sheetMargin = 3

func (r *sheetRenderer) MinSize() fyne.Size {
	w := r.s.cols.minWidth()
	width := max(w, r.s.Size().Width)
	var total float32
	for _, h := range r.rowHeights(width) {
		total += h
	}
	return fyne.NewSize(w+sheetMargin, total+sheetMargin)
}

func (r *sheetRenderer) Layout(size fyne.Size) {
	size.Width -= sheetMargin
	r.x = r.s.cols.edges(size.Width)
	hs := r.rowHeights(size.Width)
	r.y = make([]float32, len(hs)+1)
	for i, h := range hs {
		r.y[i+1] = r.y[i] + h
	}
	relines := false
	for _, c := range r.cells {
		pos, sz := r.rect(c.slot)
		c.bg.Move(pos)
		c.bg.Resize(sz)
		if r.place(c, pos, sz) {
			relines = true
		}
	}
	if relines {
		r.rebuild()
	}
	r.placeSelection()
	if e := r.s.edit; e != nil {
		pos, sz := r.rect(&r.s.lay.Slots[e.slot])
		e.Move(pos)
		e.Resize(sz)
	}
}

// rect is a slot's place in the sheet.
func (r *sheetRenderer) rect(sl *model.Slot) (fyne.Position, fyne.Size) {
	k0 := sl.Row - r.s.r0
	k1 := min(k0+sl.RowSpan, len(r.y)-1)
	return fyne.NewPos(r.x[sl.Col], r.y[k0]), fyne.NewSize(r.x[sl.Col+sl.ColSpan]-r.x[sl.Col], r.y[k1]-r.y[k0])
}

// place wraps a slot's text into lines and positions them, vertically
// centred; true if the number of line objects changed.
func (r *sheetRenderer) place(c *drawnSlot, pos fyne.Position, sz fyne.Size) bool {
	text := r.content(c)
	fill, ts, align := r.style(c)
	_ = fill
	var lines []string
	size := float32(sheetText)
	if c.slot.IsValue() {
		// A number is never broken over lines; one too long for its
		// column is drawn smaller, so that all of its digits show (text
		// is not clipped: it would run over the next cell).
		lines = []string{text}
		if w, avail := textWidth(text, ts), sz.Width-2*cellPadX; w > avail && avail > 0 {
			// Glyphs do not scale quite in proportion: step down to fit.
			size = max(sheetText*avail/w, minValueText)
			for size > minValueText && fyne.MeasureText(text, size, ts).Width > avail {
				size = max(size-0.5, minValueText)
			}
			if !valueFits(text, sz.Width, ts) {
				// Too long even so: Excel's ###, never a number cut short
				// (the hint bar shows it whole).
				lines, size = []string{"###"}, sheetText
			}
		}
	} else {
		lines = wrapText(text, sz.Width-2*cellPadX, ts)
	}
	changed := len(lines) != len(c.lines)
	for len(c.lines) < len(lines) {
		t := canvas.NewText("", colorText)
		t.TextSize = sheetText
		c.lines = append(c.lines, t)
	}
	c.lines = c.lines[:len(lines)]
	lh := lineHeight()
	top := pos.Y + (sz.Height-float32(len(lines))*lh)/2
	for i, s := range lines {
		t := c.lines[i]
		if t.Text != s || t.TextStyle != ts || t.Alignment != align || t.TextSize != size {
			t.Text, t.TextStyle, t.Alignment, t.TextSize = s, ts, align, size
			t.Refresh()
		}
		t.Move(fyne.NewPos(pos.X+cellPadX, top+float32(i)*lh))
		t.Resize(fyne.NewSize(sz.Width-2*cellPadX, lh))
	}
	c.text, c.wrapW = text, sz.Width
	if c.prev != nil {
		c.prev.Move(fyne.NewPos(pos.X+2, pos.Y+sz.Height-prevTextSize-4))
		c.prev.Resize(fyne.NewSize(sz.Width-5, prevTextSize+2))
	}
	return changed
}

func (r *sheetRenderer) placeSelection() {
	s := r.s
	if s.sel < 0 || len(r.y) == 0 {
		r.sel.Hide()
		return
	}
	pos, sz := r.rect(&s.lay.Slots[s.sel])
	r.sel.Move(pos.SubtractXY(1, 1))
	r.sel.Resize(sz.AddWidthHeight(2, 2))
	col := colorSelectIdle
	if s.focused || s.edit != nil {
		col = colorSelect
	}
	if r.sel.StrokeColor != col || !r.sel.Visible() {
		r.sel.StrokeColor = col
		r.sel.Show()
		r.sel.Refresh()
	}
}

// update refreshes colours and texts from the editor's state; relayout
// only where a value's text changed.
func (r *sheetRenderer) update() {
	ed := r.s.ed
	relines := false
	for _, c := range r.cells {
		fill, _, _ := r.style(c)
		stroke, width := themeColor(colorGrid), float32(1)
		if c.slot.IsValue() {
			id := c.slot.Cell.ID
			if sev, ok := ed.mark[id]; ok {
				width = 2
				stroke = colorWarning
				if sev == model.Error {
					stroke = colorError
				}
			}
			if ed.readOnly && c.slot.Role == model.RoleInput {
				fill = themeColor(colorReadOnly)
			}
			p := ed.prevText(id)
			if c.prev.Text != p {
				c.prev.Text = p
				c.prev.Refresh()
			}
			showIf(c.prev, p != "")
			if len(r.y) > 0 && r.content(c) != c.text {
				pos, sz := r.rect(c.slot)
				if r.place(c, pos, sz) {
					relines = true
				}
			}
		}
		if c.bg.FillColor != fill || c.bg.StrokeColor != stroke || c.bg.StrokeWidth != width {
			c.bg.FillColor, c.bg.StrokeColor, c.bg.StrokeWidth = fill, stroke, width
			c.bg.Refresh()
		}
	}
	if relines {
		r.rebuild()
	}
	r.placeSelection()
}

func (r *sheetRenderer) Refresh() {
	r.update()
	canvas.Refresh(r.s)
}

// slotAt is the layout slot under a point of the sheet, -1 for none.
func (s *sheet) slotAt(p fyne.Position) int {
	r := s.r
	if r == nil || len(r.y) == 0 {
		return -1
	}
	col, row := -1, -1
	for i := 0; i+1 < len(r.x); i++ {
		if p.X >= r.x[i] && p.X < r.x[i+1] {
			col = i
		}
	}
	for i := 0; i+1 < len(r.y); i++ {
		if p.Y >= r.y[i] && p.Y < r.y[i+1] {
			row = i
		}
	}
	if col < 0 || row < 0 {
		return -1
	}
	return s.lay.At(row+s.r0, col)
}

// slotRect is where a slot lies in the sheet (after layout).
func (s *sheet) slotRect(i int) (fyne.Position, fyne.Size, bool) {
	r := s.r
	if r == nil || len(r.y) == 0 {
		return fyne.Position{}, fyne.Size{}, false
	}
	pos, sz := r.rect(&s.lay.Slots[i])
	return pos, sz, true
}

func lineHeight() float32 {
	return fyne.MeasureText("国", sheetText, fyne.TextStyle{}).Height
}

// wrapText breaks text into lines no wider than width, between any two
// characters (Chinese has no spaces to break at) and at line breaks.
func wrapText(text string, width float32, ts fyne.TextStyle) []string {
	var out []string
	var line []rune
	var w float32
	for _, ch := range text {
		if ch == '\n' {
			out = append(out, string(line))
			line, w = line[:0], 0
			continue
		}
		cw := runeWidth(ch, ts)
		if len(line) > 0 && w+cw > width {
			out = append(out, string(line))
			line, w = line[:0], 0
		}
		line = append(line, ch)
		w += cw
	}
	if len(line) > 0 || len(out) == 0 {
		out = append(out, string(line))
	}
	return out
}

type runeKey struct {
	r    rune
	bold bool
}

// runeWidths caches measured characters: wrapping measures many, often
// the same, and only on the UI goroutine.
var runeWidths = map[runeKey]float32{}

func runeWidth(ch rune, ts fyne.TextStyle) float32 {
	k := runeKey{ch, ts.Bold}
	if w, ok := runeWidths[k]; ok {
		return w
	}
	w := fyne.MeasureText(string(ch), sheetText, fyne.TextStyle{Bold: ts.Bold}).Width
	runeWidths[k] = w
	return w
}

// textWidth is the width of one line of text.
func textWidth(s string, ts fyne.TextStyle) float32 {
	var w float32
	for _, ch := range s {
		w += runeWidth(ch, ts)
	}
	return w
}

// Input.

func (s *sheet) FocusGained() {
	if s.focusTo != nil {
		s.focusTo.requestFocus()
		return
	}
	s.focused = true
	if s.sel < 0 {
		s.selectSlot(s.firstInput(), false)
	}
	s.Refresh()
	if s.sel >= 0 {
		s.ed.cellFocused(s.Selected())
	}
}

func (s *sheet) FocusLost() {
	s.focused = false
	s.Refresh()
}

// AcceptsTab: Tab moves between cells, not out of the grid.
func (s *sheet) AcceptsTab() bool { return true }

func (s *sheet) TypedRune(ch rune) {
	if s.sel < 0 {
		return
	}
	s.startEdit(string(ch), true)
}

func (s *sheet) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyTab:
		if shiftHeld() {
			s.ed.tabFrom(s, -1)
		} else {
			s.ed.tabFrom(s, 1)
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if shiftHeld() {
			s.move(up)
		} else {
			s.move(down)
		}
	case fyne.KeyUp:
		s.move(up)
	case fyne.KeyDown:
		s.move(down)
	case fyne.KeyLeft:
		s.move(left)
	case fyne.KeyRight:
		s.move(right)
	case fyne.KeyF2:
		if s.sel >= 0 {
			s.startEdit(s.ed.report.Text(s.Selected()), false)
		}
	case fyne.KeyDelete:
		if id := s.Selected(); id != "" {
			s.ed.clearCell(id)
		}
	case fyne.KeyBackspace:
		if s.sel >= 0 {
			s.startEdit("", true)
		}
	case fyne.KeyPageDown, fyne.KeyPageUp:
		s.page(k.Name == fyne.KeyPageDown)
	}
}

func (s *sheet) TypedShortcut(sc fyne.Shortcut) {
	switch sc := sc.(type) {
	case *fyne.ShortcutPaste:
		if id := s.Selected(); id != "" && sc.Clipboard != nil {
			s.ed.paste(id, sc.Clipboard.Content())
		}
	case *fyne.ShortcutCopy:
		if id := s.Selected(); id != "" && sc.Clipboard != nil {
			sc.Clipboard.SetContent(s.ed.Shown(id))
		}
	case *fyne.ShortcutCut:
		if id := s.Selected(); id != "" && sc.Clipboard != nil {
			if c := s.lay.Slots[s.sel].Cell; c.Derived {
				s.ed.say("“" + c.Name() + "”是自动计算的合计，不能剪切。")
				return
			}
			sc.Clipboard.SetContent(s.ed.Shown(id))
			s.ed.clearCell(id)
		}
	case *fyne.ShortcutUndo:
		s.ed.Undo()
	case *fyne.ShortcutRedo:
		s.ed.Redo()
	}
}

func (s *sheet) Tapped(ev *fyne.PointEvent) {
	if i := s.slotAt(ev.Position); i >= 0 && s.lay.Slots[i].IsValue() {
		s.selectSlot(i, true)
	}
	s.requestFocus()
}

func (s *sheet) DoubleTapped(ev *fyne.PointEvent) {
	if i := s.slotAt(ev.Position); i >= 0 && s.lay.Slots[i].IsValue() {
		s.selectSlot(i, true)
		s.startEdit(s.ed.report.Text(s.Selected()), false)
	}
}

func (s *sheet) requestFocus() {
	if c := s.ed.canvas(s); c != nil && c.Focused() != s {
		c.Focus(s)
	}
}

// Hovering a cell shows its name and problems in the hint bar.
func (s *sheet) MouseIn(ev *desktop.MouseEvent) { s.MouseMoved(ev) }

func (s *sheet) MouseMoved(ev *desktop.MouseEvent) {
	i := s.slotAt(ev.Position)
	if i == s.hover {
		return
	}
	s.hover = i
	if i >= 0 && s.lay.Slots[i].IsValue() {
		s.ed.cellHovered(s.lay.Slots[i].Cell.ID)
	} else {
		s.ed.cellHovered("")
	}
}

func (s *sheet) MouseOut() {
	s.hover = -1
	s.ed.cellHovered("")
}

// selectSlot selects a slot, scrolls it into view and tells the editor.
func (s *sheet) selectSlot(i int, tell bool) {
	if s.edit != nil && s.edit.slot != i {
		s.commitEdit()
	}
	s.sel = i
	if s.r != nil {
		s.r.placeSelection()
	}
	s.ensureVisible()
	if tell && i >= 0 {
		s.ed.cellFocused(s.Selected())
	}
}

// move selects the neighbouring typed cell (Enter, arrows).
func (s *sheet) move(dir direction) {
	id := s.Selected()
	if id == "" {
		return
	}
	if to := s.ed.nav.next(id, dir); to != "" {
		s.selectCell(to)
	}
}

// selectCell selects the slot holding a report cell.
func (s *sheet) selectCell(id model.CellID) bool {
	for _, i := range s.slots {
		if c := s.lay.Slots[i].Cell; c != nil && c.ID == id {
			s.selectSlot(i, true)
			return true
		}
	}
	return false
}

func (s *sheet) firstInput() int {
	for _, i := range s.slots {
		if s.lay.Slots[i].Role == model.RoleInput {
			return i
		}
	}
	return -1
}

// inputs lists the sheet's typed cells in reading order, for Tab.
func (s *sheet) inputs() []int {
	var out []int
	for _, i := range s.slots {
		if s.lay.Slots[i].Role == model.RoleInput {
			out = append(out, i)
		}
	}
	return out
}

// ensureVisible scrolls the sheet's container so the selected cell is
// wholly on screen.
func (s *sheet) ensureVisible() {
	if s.scroll == nil || s.sel < 0 {
		return
	}
	pos, sz, ok := s.slotRect(s.sel)
	if !ok {
		return
	}
	view := s.scroll.Size()
	off := s.scroll.Offset
	const margin = 4
	switch {
	case pos.Y < off.Y:
		off.Y = pos.Y - margin
	case pos.Y+sz.Height > off.Y+view.Height:
		off.Y = pos.Y + sz.Height - view.Height + margin
	}
	switch {
	case pos.X < off.X:
		off.X = pos.X - margin
	case pos.X+sz.Width > off.X+view.Width:
		off.X = pos.X + sz.Width - view.Width + margin
	}
	off.X, off.Y = max(off.X, 0), max(off.Y, 0)
	if off != s.scroll.Offset {
		s.scroll.ScrollToOffset(off)
	}
	if w := s.wide; w != nil && w.Size().Width > 0 {
		// The grid's place in the sideways scroll: the sheet's offset from
		// it, plus what is scrolled already.
		d := fyne.CurrentApp().Driver()
		x := d.AbsolutePositionForObject(s).X - d.AbsolutePositionForObject(w).X + w.Offset.X + pos.X
		off := w.Offset
		switch {
		case x < off.X:
			off.X = x - margin
		case x+sz.Width > off.X+w.Size().Width:
			off.X = x + sz.Width - w.Size().Width + margin
		}
		if off.X = max(off.X, 0); off != w.Offset {
			w.ScrollToOffset(off)
		}
	}
}

// page moves the selection a screenful up or down.
func (s *sheet) page(forward bool) {
	if s.scroll == nil || s.sel < 0 {
		return
	}
	h := s.scroll.Size().Height
	steps := max(1, int(h/(lineHeight()+2*cellPadY))-1)
	dir := up
	if forward {
		dir = down
	}
	for range steps {
		id := s.Selected()
		s.move(dir)
		if s.Selected() == id {
			break
		}
	}
}

var _ fyne.Focusable = (*sheet)(nil)
var _ fyne.Tabbable = (*sheet)(nil)
var _ fyne.Shortcutable = (*sheet)(nil)
var _ fyne.DoubleTappable = (*sheet)(nil)
var _ desktop.Hoverable = (*sheet)(nil)
