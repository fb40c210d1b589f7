package ui

import (
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
)

var shots = flag.String("shots", "", "write screenshots of every tab to this folder")

func seed(t testing.TB) *model.Report {
	t.Helper()
	data, err := os.ReadFile("../model/testdata/seed-quzhou-2022.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := model.UnmarshalReport(data)
	if err != nil {
		t.Fatal(err)
	}
	r.ClearStated()
	return r
}

// recorder is a Saver that remembers every edit, in order.
type recorder struct{ edits []string }

func (s *recorder) SetCell(id model.CellID, text string) { s.edits = append(s.edits, id+"="+text) }
func (s *recorder) SetNarrative(key, text string)        { s.edits = append(s.edits, key+"="+text) }
func (s *recorder) SetNote(key, text string)             { s.edits = append(s.edits, "note:"+key+"="+text) }
func (s *recorder) SetMeta(m model.Meta)                 { s.edits = append(s.edits, "meta:"+m.Unit) }

// newTestEditor shows an editor in a 1366×768 test window.
func newTestEditor(t *testing.T, r *model.Report) (*Editor, fyne.Window, *recorder) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(Theme{})
	rec := &recorder{}
	ed := NewEditor(r, nil, rec)
	w := test.NewTempWindow(t, ed.Content())
	w.Resize(fyne.NewSize(1366, 768))
	return ed, w, rec
}

// typeInto selects a cell and types text over it, without ending the
// edit; the keys go where the window would send them.
func typeInto(t *testing.T, w fyne.Window, ed *Editor, id model.CellID, text string) {
	t.Helper()
	if !ed.FocusCell(id) {
		t.Fatalf("no cell %s", id)
	}
	s := ed.sheetOf[id]
	if w.Canvas().Focused() != s {
		t.Fatalf("%s: the sheet has no focus (%T)", id, w.Canvas().Focused())
	}
	for _, r := range text {
		ed.runeTo(s, r)
	}
}

// press sends a key to the focused widget.
func press(w fyne.Window, k fyne.KeyName) {
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k})
}

// shortcut sends a shortcut to the focused widget.
func shortcut(w fyne.Window, sc fyne.Shortcut) {
	w.Canvas().Focused().(fyne.Shortcutable).TypedShortcut(sc)
}

// saved is the last text the saver got for a cell.
func (s *recorder) saved(id model.CellID) (string, bool) {
	for i := len(s.edits) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(s.edits[i], id+"="); ok {
			return v, true
		}
	}
	return "", false
}

func TestTypingUpdatesTotalsAndProblems(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	if got := ed.Problems.Counts.Text; got != "0 个错误 · 0 个警告 · 0 个提示" {
		t.Fatalf("counts %q", got)
	}
	// The clerk types 360 over 357 (full-width, from a Chinese IME).
	typeInto(t, w, ed, "t3.granted.natural", "３６０")
	if got := ed.Shown("t3.granted.natural"); got != "３６０" {
		t.Fatalf("cell shows %q while typing (typing must replace the cell)", got)
	}
	// Totals and checks follow each keystroke.
	if got := ed.Shown("t3.granted.total"); got != "371" {
		t.Errorf("row total %q, want 371", got)
	}
	if got := ed.Shown("t3.total_processed.natural"); got != "837" {
		t.Errorf("（七）总计 %q, want 837", got)
	}
	if got := ed.Shown("t3.total_processed.total"); got != "852" {
		t.Errorf("（七）总计·总计 %q, want 852", got)
	}
	// The narrative's 予以公开和部分公开543件 no longer matches 371+175 (N-R1).
	if got := ed.Problems.Counts.Text; got != "1 个错误 · 1 个警告 · 0 个提示" {
		t.Errorf("counts %q", got)
	}
	if row := ed.Problems.Rows[1]; !strings.Contains(row.Text.Text, "予以公开和部分公开543件，表中为546") {
		t.Errorf("second problem row %q", row.Text.Text)
	}
	row := ed.Problems.Rows[0]
	if !row.Visible() || !strings.Contains(row.Text.Text, "表三·自然人列：第一项+第二项=842，第三项+第四项=845，相差3") {
		t.Errorf("problem row %q", row.Text.Text)
	}
	if got := ed.Balance["natural"].Text; got != "842≠845" && got != "差3" {
		t.Errorf("balance %q", got)
	}
	if c, ok := ed.HasOutline("t3.carry_forward.natural"); !ok || c != colorError {
		t.Error("the balancing cell is not outlined in red")
	}
	if got, _ := rec.saved("t3.granted.natural"); got != "360" {
		t.Errorf("saver got %q, want the number typed (%v)", got, rec.edits[len(rec.edits)-3:])
	}
	// Tab ends the edit; the cell shows the number in its plain form.
	press(w, fyne.KeyTab)
	if got := ed.Shown("t3.granted.natural"); got != "360" {
		t.Errorf("after Tab the cell shows %q", got)
	}
	if ed.Selected() != "t3.granted.commercial" {
		t.Errorf("Tab selected %q", ed.Selected())
	}
	if got := ed.Report().Value("t3.granted.natural").Units(); got != 360 {
		t.Errorf("model has %d", got)
	}
}

func TestInvalidEntryKeepsTextAndSaysWhy(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	typeInto(t, w, ed, "t3.partial.natural", "17５a")
	press(w, fyne.KeyReturn)
	ed.FocusCell("t3.partial.natural")
	if got := ed.Shown("t3.partial.natural"); got != "17５a" {
		t.Fatalf("cell shows %q", got)
	}
	if got := ed.Report().Text("t3.partial.natural"); got != "17５a" {
		t.Errorf("model kept %q", got)
	}
	// The rule in words, not its code.
	if !strings.Contains(ed.HintIssue.Text, "错误·输入有误　表三·（二）部分公开·自然人：“17５a”不是数字") {
		t.Errorf("hint %q", ed.HintIssue.Text)
	}
	if strings.Contains(ed.HintIssue.Text, "INPUT") {
		t.Errorf("hint shows the rule's code: %q", ed.HintIssue.Text)
	}
	if !strings.Contains(ed.Problems.Rows[0].Text.Text, "不是数字") {
		t.Errorf("problems %q", ed.Problems.Rows[0].Text.Text)
	}
	if got, _ := rec.saved("t3.partial.natural"); got != "17５a" {
		t.Error("invalid text not saved")
	}
	if _, ok := ed.HasOutline("t3.partial.natural"); !ok {
		t.Error("invalid cell not outlined")
	}
}

func TestTabAndEnterOrder(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	ed.FocusCell("t3.new_received.natural")
	// Tab goes across the row, skipping the computed 总计, then to the next row.
	want := []model.CellID{"t3.new_received.commercial", "t3.new_received.research", "t3.new_received.nonprofit",
		"t3.new_received.legal", "t3.new_received.other", "t3.carried_over.natural"}
	for _, id := range want {
		press(w, fyne.KeyTab)
		if ed.Selected() != id {
			t.Fatalf("Tab: selected %v, want %s", ed.Selected(), id)
		}
	}
	// Enter goes down, skipping the computed （七）总计 row.
	ed.FocusCell("t3.other_other.commercial")
	press(w, fyne.KeyReturn)
	if ed.Selected() != "t3.carry_forward.commercial" {
		t.Fatalf("Enter: selected %v", ed.Selected())
	}
	// Arrows between cells.
	press(w, fyne.KeyUp)
	press(w, fyne.KeyLeft)
	if ed.Selected() != "t3.other_other.natural" {
		t.Fatalf("Up, Left: selected %v", ed.Selected())
	}
	// After F2 the arrows move the caret, not the cell.
	press(w, fyne.KeyF2)
	press(w, fyne.KeyLeft)
	if ed.Selected() != "t3.other_other.natural" || ed.sheetOf["t3.other_other.natural"].edit == nil {
		t.Fatalf("Left while editing after F2 moved to %v", ed.Selected())
	}
	press(w, fyne.KeyEscape)
	// 表二: Enter runs down across its items.
	ed.FocusCell("t2.normative.repealed")
	press(w, fyne.KeyReturn)
	if ed.Selected() != "t2.license.decisions" {
		t.Fatalf("表二 Enter: selected %v", ed.Selected())
	}
}

// Tab from a table's last cell goes on to the next table's first, and
// Shift+Tab back; the tab follows.
func TestTabRunsAcrossTables(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	ed.FocusCell("t2.fee.amount")
	press(w, fyne.KeyTab)
	if ed.Selected() != "t3.new_received.natural" || ed.Tabs.Selected().Text != "三、收到和处理申请" {
		t.Fatalf("Tab from 表二's last cell: %q on %q", ed.Selected(), ed.Tabs.Selected().Text)
	}
	if w.Canvas().Focused() != ed.Sheets["t3"] {
		t.Fatalf("focus on %T", w.Canvas().Focused())
	}
	shiftDown(t, func() { press(w, fyne.KeyTab) })
	if ed.Selected() != "t2.fee.amount" {
		t.Fatalf("Shift+Tab back: %q", ed.Selected())
	}
	ed.FocusCell("t3.carry_forward.other")
	press(w, fyne.KeyTab)
	if ed.Selected() != "t4.review_maintain" {
		t.Fatalf("Tab from 表三's last cell: %q", ed.Selected())
	}
}

// shiftDown runs f with Shift held: the test driver keeps no keyboard
// state, so shiftHeld is swapped for the call.
func shiftDown(t *testing.T, f func()) {
	t.Helper()
	held := shiftHeld
	shiftHeld = func() bool { return true }
	defer func() { shiftHeld = held }()
	f()
}

func TestPasteBlockFromExcel(t *testing.T) {
	ed, w, rec := newTestEditor(t, model.NewReport(model.TemplateForYear(2023)))
	ed.FocusCell("t3.granted.natural")
	clip := test.NewClipboard()
	clip.SetContent("1\t2\t3\t4\r\n5\t6\t7\t8\r\n9\tx\t11\t12\r\n")
	shortcut(w, &fyne.ShortcutPaste{Clipboard: clip})
	for id, want := range map[model.CellID]string{
		"t3.granted.natural": "1", "t3.granted.nonprofit": "4",
		"t3.partial.commercial": "6", "t3.denied_state_secret.natural": "9",
		"t3.denied_state_secret.commercial": "x", "t3.denied_state_secret.nonprofit": "12",
	} {
		if got := ed.Shown(id); got != want {
			t.Errorf("%s shows %q, want %q", id, got, want)
		}
	}
	if got := ed.Shown("t3.granted.total"); got != "10" {
		t.Errorf("row total %q", got)
	}
	if !strings.HasPrefix(ed.Status.Text, "粘贴：已填入 11 格，1 格无法识别") || !strings.Contains(ed.Status.Text, "不予公开·1.属于国家秘密·商业企业：“x”不是数字") {
		t.Errorf("status %q", ed.Status.Text)
	}
	if len(rec.edits) != 12 {
		t.Errorf("saved %d edits, want 12", len(rec.edits))
	}
	// One Ctrl+Z takes the whole block back, and that is saved.
	shortcut(w, &fyne.ShortcutUndo{})
	for _, id := range []model.CellID{"t3.granted.natural", "t3.denied_state_secret.commercial"} {
		if got := ed.Shown(id); got != "" {
			t.Errorf("after undo %s shows %q", id, got)
		}
		if got, _ := rec.saved(id); got != "" {
			t.Errorf("after undo %s saved as %q", id, got)
		}
	}
	shortcut(w, &fyne.ShortcutRedo{})
	if got := ed.Shown("t3.partial.commercial"); got != "6" {
		t.Errorf("after redo %q", got)
	}
}

func TestClickFindingFocusesCell(t *testing.T) {
	ed, _, _ := newTestEditor(t, seed(t))
	ed.TypeCell("t3.carry_forward.legal", "2")
	ed.Tabs.SelectIndex(0) // the clerk looks at 基本信息
	var row *findingRow
	for _, r := range ed.Problems.Rows {
		if r.Visible() && strings.Contains(r.Text.Text, "法律服务机构列") {
			row = r
		}
	}
	if row == nil {
		t.Fatal("no finding for the 法律服务机构 column")
	}
	test.Tap(row)
	if ed.Tabs.Selected().Text != "三、收到和处理申请" {
		t.Errorf("tab %q, want 表三", ed.Tabs.Selected().Text)
	}
	if ed.Selected() != "t3.carry_forward.legal" {
		t.Errorf("selected %v", ed.Selected())
	}
	assertSelectionVisible(t, ed, "t3")
}

// assertSelectionVisible: the selected cell of a table lies wholly inside
// its scroll container.
func assertSelectionVisible(t *testing.T, ed *Editor, table string) {
	t.Helper()
	s := ed.Sheets[table]
	pos, sz, ok := s.slotRect(s.sel)
	if !ok {
		t.Fatal("the sheet was not laid out")
	}
	top, bottom := s.scroll.Offset.Y, s.scroll.Offset.Y+s.scroll.Size().Height
	if pos.Y < top || pos.Y+sz.Height > bottom {
		t.Errorf("%s at y %.0f–%.0f, visible %.0f–%.0f", s.Selected(), pos.Y, pos.Y+sz.Height, top, bottom)
	}
}

func TestNoteOnWarning(t *testing.T) {
	ed, _, rec := newTestEditor(t, seed(t))
	ed.TypeCell("t2.fee.amount", "")
	if !strings.Contains(ed.Problems.Rows[0].Text.Text, "行政事业性收费行") {
		t.Fatalf("row %q", ed.Problems.Rows[0].Text.Text)
	}
	ed.SetNote("BLANK.t2.fee", "本单位无收费项目")
	if !strings.Contains(ed.Problems.Rows[0].Text.Text, "说明：本单位无收费项目") {
		t.Errorf("row %q", ed.Problems.Rows[0].Text.Text)
	}
	if rec.edits[len(rec.edits)-1] != "note:BLANK.t2.fee=本单位无收费项目" {
		t.Errorf("edits %v", rec.edits)
	}
	ed.Undo()
	if ed.Report().Notes["BLANK.t2.fee"] != "" || rec.edits[len(rec.edits)-1] != "note:BLANK.t2.fee=" {
		t.Errorf("undo of a 说明: %q, edits %v", ed.Report().Notes["BLANK.t2.fee"], rec.edits[len(rec.edits)-1])
	}
}

func TestReadOnly(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	ed.SetReadOnly(true)
	n := len(rec.edits)
	ed.TypeCell("t3.granted.natural", "1")
	ed.paste("t3.granted.natural", "1\t2")
	ed.Narrative["overview"].TypedRune('x')
	ed.Undo()
	if ed.Report().Text("t3.granted.natural") != "357" || len(rec.edits) != n {
		t.Errorf("a finalised report changed: %q, edits %v", ed.Report().Text("t3.granted.natural"), rec.edits[n:])
	}
	if !strings.Contains(ed.Status.Text, "已定稿") {
		t.Errorf("status %q", ed.Status.Text)
	}
	// Readable: the narrative box is not greyed out, only closed to edits.
	if ed.Narrative["overview"].Disabled() || !ed.Meta.Unit.Disabled() {
		t.Error("narrative disabled (grey) or 基本信息 still editable")
	}
	_ = w
}

// TestScreens renders every tab at 1366×768 (go test ./ui -run Screens
// -shots DIR) for the README and for looking at.
func TestScreens(t *testing.T) {
	if *shots == "" {
		t.Skip("-shots not given")
	}
	ed, w, _ := newTestEditor(t, seed(t))
	for i := range ed.Tabs.Items {
		ed.Tabs.SelectIndex(i)
		f, err := os.Create(filepath.Join(*shots, "tab-"+itoa(i)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, w.Canvas().Capture())
		f.Close()
	}
	// 与上年对比: last year's figures in each cell (last year: 表三 a third).
	prev := seed(t)
	prev.Meta.Year--
	for _, c := range prev.Template().Cells() {
		if v := prev.Value(c.ID); !c.Derived && !v.IsBlank() && c.Table.ID == "t3" {
			_ = prev.Set(c.ID, itoa(int(v.Units()/3)))
		}
	}
	ed.SetPrev(prev)
	ed.ShowPrev(true)
	ed.FocusCell("t3.new_received.natural")
	f, err := os.Create(filepath.Join(*shots, "compare.png"))
	if err != nil {
		t.Fatal(err)
	}
	png.Encode(f, w.Canvas().Capture())
	f.Close()
}

// An imported file's 表四 总计 left as 0: the finding outlines the total,
// and 采用计算值 replaces it with the sum of its parts.
func TestStatedTotalAcceptComputed(t *testing.T) {
	r := seed(t)
	if err := r.SetStated("t4.lit_after_review_total", "0"); err != nil {
		t.Fatal(err)
	}
	ed, _, rec := newTestEditor(t, r)
	if got := ed.Shown("t4.lit_after_review_total"); got != "0" {
		t.Fatalf("stated total shows %q", got)
	}
	if _, ok := ed.HasOutline("t4.lit_after_review_total"); !ok {
		t.Error("stated total not outlined")
	}
	row := ed.Problems.Rows[0]
	if !strings.Contains(row.Text.Text, "表四·复议后起诉：总计=0，维持+纠正+其他+尚未审结=11") || !row.FixBtn.Visible() {
		t.Fatalf("row %q, fix button %v", row.Text.Text, row.FixBtn.Visible())
	}
	test.Tap(row.FixBtn)
	if got := ed.Shown("t4.lit_after_review_total"); got != "11" {
		t.Errorf("total %q after 采用计算值", got)
	}
	if ed.Problems.Counts.Text != "0 个错误 · 0 个警告 · 0 个提示" {
		t.Errorf("counts %q", ed.Problems.Counts.Text)
	}
	if rec.edits[len(rec.edits)-1] != "t4.lit_after_review_total=" {
		t.Errorf("edits %v", rec.edits)
	}
}

// Esc puts back what the cell held before the edit, and that is saved.
func TestEscRevertsCell(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	typeInto(t, w, ed, "t3.granted.natural", "999")
	press(w, fyne.KeyEscape)
	if got := ed.Shown("t3.granted.natural"); got != "357" {
		t.Fatalf("after Esc the cell shows %q", got)
	}
	if got := ed.Report().Text("t3.granted.natural"); got != "357" {
		t.Errorf("model has %q", got)
	}
	if got, _ := rec.saved("t3.granted.natural"); got != "357" {
		t.Errorf("last saved %q", got)
	}
	if ed.Problems.Counts.Text != "0 个错误 · 0 个警告 · 0 个提示" {
		t.Errorf("counts %q", ed.Problems.Counts.Text)
	}
	if w.Canvas().Focused() != ed.Sheets["t3"] {
		t.Errorf("after Esc the focus is on %T", w.Canvas().Focused())
	}
}

// The sequence from issue 13 that stored a wrong number: on 表三
// 二、上年结转·自然人 (23) type 24, Tab, Shift+Tab, Ctrl+Z, type 23, Tab.
// The cell must hold 23, on screen and in the saved draft.
func TestUndoThenRetypeStoresWhatIsShown(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	const id = "t3.carried_over.natural"
	typeInto(t, w, ed, id, "24")
	press(w, fyne.KeyTab)
	shiftDown(t, func() { press(w, fyne.KeyTab) })
	if ed.Selected() != id {
		t.Fatalf("Shift+Tab selected %q", ed.Selected())
	}
	shortcut(w, &fyne.ShortcutUndo{})
	if got := ed.Shown(id); got != "23" {
		t.Fatalf("after Ctrl+Z the cell shows %q, want 23", got)
	}
	if got, _ := rec.saved(id); got != "23" {
		t.Fatalf("after Ctrl+Z the draft holds %q", got)
	}
	for _, r := range "23" {
		w.Canvas().Focused().TypedRune(r)
	}
	press(w, fyne.KeyTab)
	if got := ed.Shown(id); got != "23" {
		t.Errorf("the cell shows %q, want 23", got)
	}
	if got, _ := rec.saved(id); got != "23" {
		t.Errorf("the draft holds %q, want 23", got)
	}
	if got := ed.Report().Text(id); got != "23" {
		t.Errorf("the model holds %q", got)
	}
}

// Excel's editing: typing on a selected cell replaces it (also after a
// click), F2 and a double click edit in place, Delete clears; each edit
// is one undo step.
func TestExcelEditing(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	const id = "t3.granted.natural" // 357
	s := ed.Sheets["t3"]
	ed.FocusCell("t3.new_received.natural")
	// A click selects; typing replaces.
	pos, sz, _ := s.slotRect(s.lay.SlotOf(id))
	test.TapAt(s, pos.Add(fyne.NewPos(sz.Width/2, sz.Height/2)))
	if ed.Selected() != id || w.Canvas().Focused() != s {
		t.Fatalf("click selected %q, focus %T", ed.Selected(), w.Canvas().Focused())
	}
	for _, r := range "99" {
		w.Canvas().Focused().TypedRune(r)
	}
	press(w, fyne.KeyReturn)
	if got := ed.Shown(id); got != "99" {
		t.Fatalf("click, type 99: %q", got)
	}
	// F2 edits in place: the caret at the end.
	ed.FocusCell(id)
	press(w, fyne.KeyF2)
	w.Canvas().Focused().TypedRune('5')
	press(w, fyne.KeyReturn)
	if got := ed.Shown(id); got != "995" {
		t.Fatalf("F2, type 5: %q", got)
	}
	// A double click, too.
	pos, sz, _ = s.slotRect(s.lay.SlotOf(id))
	s.DoubleTapped(&fyne.PointEvent{Position: pos.Add(fyne.NewPos(sz.Width/2, sz.Height/2))})
	if s.edit == nil || ed.Selected() != id || s.edit.Text != "995" {
		t.Fatal("double click did not start editing")
	}
	press(w, fyne.KeyEscape)
	// Delete clears.
	ed.FocusCell(id)
	press(w, fyne.KeyDelete)
	if got := ed.Shown(id); got != "" {
		t.Fatalf("Delete: %q", got)
	}
	// Undo walks back: 995, 99, 357; redo forward again.
	for _, want := range []string{"995", "99", "357"} {
		ed.Undo()
		if got := ed.Shown(id); got != want {
			t.Fatalf("undo: %q, want %q", got, want)
		}
		if got, _ := rec.saved(id); got != want {
			t.Fatalf("undo saved %q, want %q", got, want)
		}
	}
	ed.Redo()
	if got := ed.Shown(id); got != "99" {
		t.Errorf("redo: %q", got)
	}
	// A new edit drops what was undone.
	ed.TypeCell(id, "1")
	ed.Redo()
	if got := ed.Shown(id); got != "1" {
		t.Errorf("redo after a new edit: %q", got)
	}
}

// A total takes no typing: the clerk is told why.
func TestTotalsTakeNoInput(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	s := ed.Sheets["t3"]
	ed.FocusCell("t3.granted.natural")
	s.selectSlot(s.lay.SlotOf("t3.granted.total"), true)
	w.Canvas().Focused().TypedRune('5')
	if s.edit != nil || ed.Shown("t3.granted.total") != "368" {
		t.Error("a total was edited")
	}
	if !strings.Contains(ed.Status.Text, "自动计算的合计") {
		t.Errorf("status %q", ed.Status.Text)
	}
}

// Narrative: every keystroke is re-checked (N-R2 comes and goes as the
// fee sentence is written), a burst of typing is one undo step, and
// Ctrl+Z in the box undoes the report's last edit.
func TestNarrativeRecheckAndUndo(t *testing.T) {
	r := seed(t)
	r.Narrative["other"] = ""
	ed, w, rec := newTestEditor(t, r)
	now := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
	ed.now = func() time.Time { return now }
	has := func(rule string) bool {
		for _, f := range ed.Result().Findings {
			if f.Rule == rule {
				return true
			}
		}
		return false
	}
	if !has("N-R2") {
		t.Fatal("no N-R2 without a fee sentence")
	}
	e := ed.Narrative["other"]
	ed.showNarrative(e)
	test.Type(e, "本年度未收取信息处理费。")
	if has("N-R2") {
		t.Error("N-R2 stays after the fee sentence is written")
	}
	now = now.Add(5 * time.Second)
	test.Type(e, "无其他事项。")
	if got, _ := rec.savedNarrative("other"); got != "本年度未收取信息处理费。无其他事项。" {
		t.Errorf("saved %q", got)
	}
	w.Canvas().Focus(e)
	e.TypedShortcut(&fyne.ShortcutUndo{})
	if e.Text != "本年度未收取信息处理费。" {
		t.Errorf("undo took back %q, want the last burst", e.Text)
	}
	ed.Undo()
	if e.Text != "" || !has("N-R2") {
		t.Errorf("second undo: %q, N-R2 %v", e.Text, has("N-R2"))
	}
	if got, _ := rec.savedNarrative("other"); got != "" {
		t.Errorf("saved %q after undo", got)
	}
}

func (s *recorder) savedNarrative(key string) (string, bool) { return s.saved(key) }

// The wheel scrolls the grid from anywhere over it: nothing under the
// table's scroll container takes scroll events, even while a cell is
// being edited.
func TestWheelReachesTheGrid(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	w.Resize(fyne.NewSize(1024, 560)) // too small for the whole table
	typeInto(t, w, ed, "t3.granted.natural", "3")
	s := ed.Sheets["t3"]
	var found []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if _, ok := o.(fyne.Scrollable); ok && o != s.scroll {
			found = append(found, fmt.Sprintf("%T", o))
		}
		switch c := o.(type) {
		case *fyne.Container:
			for _, ch := range c.Objects {
				walk(ch)
			}
		case fyne.Widget:
			for _, ch := range test.WidgetRenderer(c).Objects() {
				walk(ch)
			}
		}
	}
	walk(s)
	if len(found) > 0 {
		t.Errorf("scroll events would stop at %v", found)
	}
	before := s.scroll.Offset.Y
	s.scroll.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -120)})
	if s.scroll.Offset.Y <= before {
		t.Error("the table does not scroll")
	}
}

// At 1366×768 at least 20 of 表三's 25 rows show without scrolling, with
// the head pinned above them.
func TestTable3ShowsTwentyRows(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	// The app's menu bar and status bar take about 70 of the 768.
	w.Resize(fyne.NewSize(1366, 768-70))
	ed.FocusCell("t3.new_received.natural")
	s := ed.Sheets["t3"]
	view := s.scroll.Size().Height
	rows := 0
	for i := range s.r1 - s.r0 {
		if s.r.y[i+1] <= view {
			rows = i + 1
		}
	}
	if rows < 20 {
		t.Errorf("%d rows of 表三 visible in %.0f units", rows, view)
	}
	// Scrolling to the last row keeps the head where it was.
	head := ed.allSheets[slices.Index(ed.allSheets, s)-1]
	y0 := fyne.CurrentApp().Driver().AbsolutePositionForObject(head).Y
	ed.FocusCell("t3.carry_forward.natural")
	assertSelectionVisible(t, ed, "t3")
	if y := fyne.CurrentApp().Driver().AbsolutePositionForObject(head).Y; y != y0 {
		t.Errorf("the head moved from %.0f to %.0f", y0, y)
	}
}

// The hint bar keeps its height whatever it shows.
func TestHintBarFixedHeight(t *testing.T) {
	ed, _, _ := newTestEditor(t, seed(t))
	box := ed.Hint
	h0 := box.Size().Height
	ed.TypeCell("t3.partial.natural", "x")
	ed.FocusCell("t3.partial.natural")
	if ed.HintIssue.Text == "" {
		t.Fatal("no problem in the hint")
	}
	if h := box.Size().Height; h != h0 {
		t.Errorf("hint height %.0f, was %.0f", h, h0)
	}
}

// Clicking a finding about the text selects its sentence in its box.
func TestNarrativeFindingSelectsSentence(t *testing.T) {
	r := seed(t)
	ed, w, _ := newTestEditor(t, r)
	ed.TypeCell("t3.granted.natural", "360") // 予以公开和部分公开543件 no longer holds
	var row *findingRow
	for _, fr := range ed.Problems.Rows {
		if fr.Visible() && fr.f.Rule == model.RuleNarrative.ID {
			row = fr
		}
	}
	if row == nil {
		t.Fatal("no N-R1 finding")
	}
	test.Tap(row)
	e := ed.Narrative[row.f.Narrative]
	if w.Canvas().Focused() != e {
		t.Fatalf("focus on %T", w.Canvas().Focused())
	}
	if sel := e.SelectedText(); !strings.Contains(sel, "543") || strings.Contains(sel, "。") {
		t.Errorf("selected %q, want the sentence with 543", sel)
	}
}

// A block copied with its printed row labels lands in its row, no column
// shifted (issue 13: 819 went into 商业企业).
func TestPasteWithRowLabel(t *testing.T) {
	ed, w, _ := newTestEditor(t, model.NewReport(model.TemplateForYear(2023)))
	ed.FocusCell("t3.new_received.natural")
	clip := test.NewClipboard()
	clip.SetContent("一、本年新收政府信息公开申请数量\t819\t13\t0\t0\t1\t2\t835\r\n")
	shortcut(w, &fyne.ShortcutPaste{Clipboard: clip})
	if ed.Shown("t3.new_received.natural") != "819" || ed.Shown("t3.new_received.commercial") != "13" {
		t.Errorf("自然人 %q, 商业企业 %q", ed.Shown("t3.new_received.natural"), ed.Shown("t3.new_received.commercial"))
	}
	if !strings.Contains(ed.Status.Text, "按行名对应") {
		t.Errorf("status %q", ed.Status.Text)
	}
}

// Nothing of one cell's edit carries over to the next: F2, Ctrl+A, Enter
// on one cell, then typing 24 over another stores 24 (a reused entry once
// kept its selection and stored 4).
func TestEditStateDoesNotCarryOver(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	ed.FocusCell("t3.granted.natural")
	press(w, fyne.KeyF2)
	shortcut(w, &fyne.ShortcutSelectAll{})
	press(w, fyne.KeyReturn)
	const id = "t3.carried_over.natural"
	typeInto(t, w, ed, id, "24")
	press(w, fyne.KeyTab)
	if got, _ := rec.saved(id); got != "24" || ed.Shown(id) != "24" {
		t.Errorf("typed 24: saved %q, shown %q", got, ed.Shown(id))
	}
}

// The cell editor's own keys: the caret, Backspace, Delete, Home, End,
// and a single value pasted at the caret.
func TestCellEditorKeys(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	const id = "t3.granted.natural" // 357
	ed.FocusCell(id)
	press(w, fyne.KeyF2) // caret after 357
	steps := []struct {
		do   func()
		want string
	}{
		{func() { press(w, fyne.KeyBackspace) }, "35"},
		{func() { press(w, fyne.KeyHome); w.Canvas().Focused().TypedRune('1') }, "135"},
		{func() { press(w, fyne.KeyDelete) }, "15"},
		{func() { press(w, fyne.KeyEnd); press(w, fyne.KeyLeft); w.Canvas().Focused().TypedRune('0') }, "105"},
		{func() {
			clip := test.NewClipboard()
			clip.SetContent("9\r\n")
			shortcut(w, &fyne.ShortcutPaste{Clipboard: clip})
		}, "1095"},
	}
	for i, st := range steps {
		st.do()
		if got := ed.Shown(id); got != st.want {
			t.Fatalf("step %d: cell shows %q, want %q", i, got, st.want)
		}
		if got, _ := rec.saved(id); got != st.want {
			t.Fatalf("step %d: saved %q, want %q", i, got, st.want)
		}
	}
	press(w, fyne.KeyEscape)
	if got, _ := rec.saved(id); got != "357" || ed.Shown(id) != "357" {
		t.Errorf("Esc: saved %q, shown %q", got, ed.Shown(id))
	}
}

// In a window too narrow for 表三 beside the problems panel (1024 pixels)
// the grid scrolls sideways: selecting 总计 brings it wholly into view,
// and its head stays over it.
func TestNarrowWindowScrollsToTotal(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	w.Resize(fyne.NewSize(1024, 700))
	const id = "t3.carried_over.total"
	ed.FocusCell(id)
	s := ed.Sheets["t3"]
	if s.wide == nil {
		t.Fatal("no sideways scroll")
	}
	d := fyne.CurrentApp().Driver()
	pos, sz, _ := s.slotRect(s.sel)
	left := d.AbsolutePositionForObject(s).X + pos.X
	view := d.AbsolutePositionForObject(s.wide).X
	if s.wide.Offset.X <= 0 || left < view || left+sz.Width > view+s.wide.Size().Width {
		t.Fatalf("总计 at %v..%v, the view %v..%v (offset %v)", left, left+sz.Width, view, view+s.wide.Size().Width, s.wide.Offset.X)
	}
	// The head scrolled with it: its 总计 column has the same edges.
	var head *sheet
	for _, h := range ed.allSheets {
		if h.focusTo == s {
			head = h
		}
	}
	if hx := d.AbsolutePositionForObject(head).X; hx != d.AbsolutePositionForObject(s).X {
		t.Errorf("head at x=%v, body at x=%v", hx, d.AbsolutePositionForObject(s).X)
	}
	// Back to the first column: scrolled back.
	ed.FocusCell("t3.carried_over.natural")
	pos, _, _ = s.slotRect(s.sel)
	if l := d.AbsolutePositionForObject(s).X + pos.X; l < view {
		t.Errorf("自然人 at %v, left of the view %v", l, view)
	}
}

// A number too long for its column is drawn smaller, every digit inside
// the cell; a short one keeps the grid's size.
func TestLongNumberFitsItsCell(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	const id = "t3.granted.commercial"
	typeInto(t, w, ed, id, "123456789012")
	press(w, fyne.KeyReturn)
	s := ed.Sheets["t3"]
	for _, c := range s.r.cells {
		if c.slot.Cell == nil || (c.slot.Cell.ID != id && c.slot.Cell.ID != "t3.granted.natural") {
			continue
		}
		_, sz := s.r.rect(c.slot)
		tx := c.lines[0]
		width := fyne.MeasureText(tx.Text, tx.TextSize, tx.TextStyle).Width
		switch c.slot.Cell.ID {
		case id:
			if tx.Text != "123456789012" || tx.TextSize >= sheetText || width > sz.Width-2*cellPadX+0.5 {
				t.Errorf("%q drawn at %v: %v wide in a cell of %v", tx.Text, tx.TextSize, width, sz.Width)
			}
		default:
			if tx.TextSize != sheetText {
				t.Errorf("357 drawn at %v", tx.TextSize)
			}
		}
	}
}

// From a selected total (clicked, or reached by 转到下一个问题) the arrow
// keys move to the nearest typed cell.
func TestArrowsFromATotal(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	for _, tc := range []struct {
		from model.CellID
		key  fyne.KeyName
		want model.CellID
	}{
		{"t4.lit_after_review_total", fyne.KeyLeft, "t4.lit_after_review_pending"},
		{"t4.review_total", fyne.KeyRight, "t4.lit_direct_maintain"},
		{"t3.granted.total", fyne.KeyDown, "t3.partial.other"},
		{"t3.granted.total", fyne.KeyLeft, "t3.granted.other"},
	} {
		ed.FocusCell(tc.from)
		press(w, tc.key)
		if ed.Selected() != tc.want {
			t.Errorf("%s, %s: selected %s, want %s", tc.from, tc.key, ed.Selected(), tc.want)
		}
	}
}

// A number too long even at the smallest size shows Excel's ###, and the
// hint bar gives it whole: never a number cut short.
func TestTooLongNumberShowsHashes(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	const id, long = "t3.granted.commercial", "123456789012345678901234567890"
	typeInto(t, w, ed, id, long)
	press(w, fyne.KeyReturn)
	s := ed.Sheets["t3"]
	for _, c := range s.r.cells {
		if c.slot.Cell != nil && c.slot.Cell.ID == id && c.lines[0].Text != "###" {
			t.Errorf("drawn as %q", c.lines[0].Text)
		}
	}
	ed.FocusCell(id)
	if !strings.Contains(ed.Hint.Text, long+"（格内显示不下）") {
		t.Errorf("hint %q", ed.Hint.Text)
	}
	ed.FocusCell("t3.granted.natural")
	if strings.Contains(ed.Hint.Text, "显示不下") {
		t.Errorf("hint %q", ed.Hint.Text)
	}
}
