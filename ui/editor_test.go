package ui

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

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

// typeInto focuses a cell as the clerk would (Tab/click selects all) and
// types.
func typeInto(t *testing.T, w fyne.Window, ed *Editor, id model.CellID, text string) {
	t.Helper()
	if !ed.FocusCell(id) {
		t.Fatalf("no cell %s", id)
	}
	if w.Canvas().Focused() != ed.Cells[id] {
		t.Fatalf("%s not focused", id)
	}
	test.Type(ed.Cells[id], text)
}

func TestTypingUpdatesTotalsAndProblems(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	if got := ed.Problems.Counts.Text; got != "0 个错误 · 0 个警告 · 0 个提示" {
		t.Fatalf("counts %q", got)
	}
	// The clerk overtypes 357 with 360 (full-width, from a Chinese IME).
	typeInto(t, w, ed, "t3.granted.natural", "３６０")
	if got := ed.Cells["t3.granted.natural"].Text; got != "３６０" {
		t.Fatalf("entry shows %q (select-all on focus failed?)", got)
	}
	if got := ed.Totals["t3.granted.total"].Text; got != "371" {
		t.Errorf("row total %q, want 371", got)
	}
	if got := ed.Totals["t3.total_processed.natural"].Text; got != "837" {
		t.Errorf("（七）总计 %q, want 837", got)
	}
	if got := ed.Totals["t3.total_processed.total"].Text; got != "852" {
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
	if got := ed.Balance["natural"].Text; got != "842 ／ 845\n差 3" {
		t.Errorf("balance %q", got)
	}
	if c, ok := ed.HasOutline("t3.carry_forward.natural"); !ok || c != colorError {
		t.Error("the balancing cell is not outlined in red")
	}
	if last := rec.edits[len(rec.edits)-1]; last != "t3.granted.natural=３６０" {
		t.Errorf("saver got %v", rec.edits)
	}
	if got := ed.Report().Value("t3.granted.natural").Units(); got != 360 {
		t.Errorf("model has %d", got)
	}
}

func TestInvalidEntryKeepsTextAndSaysWhy(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	typeInto(t, w, ed, "t3.partial.natural", "17５a")
	if got := ed.Cells["t3.partial.natural"].Text; got != "17５a" {
		t.Fatalf("entry shows %q", got)
	}
	if got := ed.Report().Text("t3.partial.natural"); got != "17５a" {
		t.Errorf("model kept %q", got)
	}
	if !strings.Contains(ed.Hint.Text, "错误 INPUT 表三·（二）部分公开·自然人：“17５a”不是数字") {
		t.Errorf("hint %q", ed.Hint.Text)
	}
	if !strings.Contains(ed.Problems.Rows[0].Text.Text, "不是数字") {
		t.Errorf("problems %q", ed.Problems.Rows[0].Text.Text)
	}
	if rec.edits[len(rec.edits)-1] != "t3.partial.natural=17５a" {
		t.Error("invalid text not saved")
	}
	if _, ok := ed.HasOutline("t3.partial.natural"); !ok {
		t.Error("invalid cell not outlined")
	}
}

func TestTabAndEnterOrder(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	c := w.Canvas()
	ed.FocusCell("t3.new_received.natural")
	// Tab goes across the row, skipping the computed 总计, then to the next row.
	want := []model.CellID{"t3.new_received.commercial", "t3.new_received.research", "t3.new_received.nonprofit",
		"t3.new_received.legal", "t3.new_received.other", "t3.carried_over.natural"}
	for _, id := range want {
		test.FocusNext(c)
		if c.Focused() != ed.Cells[id] {
			t.Fatalf("Tab: focused %v, want %s", focusedID(c), id)
		}
	}
	test.FocusPrevious(c)
	if c.Focused() != ed.Cells["t3.new_received.other"] {
		t.Fatalf("Shift+Tab: focused %v", focusedID(c))
	}
	// Enter goes down, skipping the computed （七）总计 row.
	ed.FocusCell("t3.other_other.commercial")
	for _, id := range []model.CellID{"t3.carry_forward.commercial"} {
		ed.Cells[focusedID(c)].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if c.Focused() != ed.Cells[id] {
			t.Fatalf("Enter: focused %v, want %s", focusedID(c), id)
		}
	}
	// Arrows: up, and left/right when not editing.
	ed.Cells[focusedID(c)].TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	ed.Cells[focusedID(c)].TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if focusedID(c) != "t3.other_other.natural" {
		t.Fatalf("Up, Left: focused %v", focusedID(c))
	}
	// While typing, Left moves the caret instead.
	test.Type(ed.Cells["t3.other_other.natural"], "14")
	ed.Cells["t3.other_other.natural"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if focusedID(c) != "t3.other_other.natural" {
		t.Fatalf("Left while editing moved to %v", focusedID(c))
	}
	// 表二: Enter runs down across its items.
	ed.FocusCell("t2.normative.repealed")
	ed.Cells[focusedID(c)].TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if focusedID(c) != "t2.license.decisions" {
		t.Fatalf("表二 Enter: focused %v", focusedID(c))
	}
}

func focusedID(c fyne.Canvas) model.CellID {
	if e, ok := c.Focused().(*cellEntry); ok {
		return e.id
	}
	return ""
}

func TestPasteBlockFromExcel(t *testing.T) {
	ed, w, rec := newTestEditor(t, model.NewReport(model.TemplateForYear(2023)))
	ed.FocusCell("t3.granted.natural")
	clip := test.NewClipboard()
	clip.SetContent("1\t2\t3\t4\r\n5\t6\t7\t8\r\n9\tx\t11\t12\r\n")
	ed.Cells["t3.granted.natural"].TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	_ = w
	for id, want := range map[model.CellID]string{
		"t3.granted.natural": "1", "t3.granted.nonprofit": "4",
		"t3.partial.commercial": "6", "t3.denied_state_secret.natural": "9",
		"t3.denied_state_secret.commercial": "x", "t3.denied_state_secret.nonprofit": "12",
	} {
		if got := ed.Cells[id].Text; got != want {
			t.Errorf("%s shows %q, want %q", id, got, want)
		}
	}
	if got := ed.Totals["t3.granted.total"].Text; got != "10" {
		t.Errorf("row total %q", got)
	}
	if !strings.HasPrefix(ed.Status.Text, "粘贴：已填入 11 格，1 格无法识别") || !strings.Contains(ed.Status.Text, "不予公开·1.属于国家秘密·商业企业：“x”不是数字") {
		t.Errorf("status %q", ed.Status.Text)
	}
	if len(rec.edits) != 12 {
		t.Errorf("saved %d edits, want 12", len(rec.edits))
	}
}

func TestClickFindingFocusesCell(t *testing.T) {
	ed, w, _ := newTestEditor(t, seed(t))
	ed.Tabs.SelectIndex(0)
	typeInto(t, w, ed, "t4.review_pending", "40") // 表四 now off by 3 vs nothing: no rule; make T3 fail instead
	typeInto(t, w, ed, "t3.carry_forward.legal", "2")
	ed.Tabs.SelectIndex(0) // the clerk looks at 基本信息
	w.Canvas().Unfocus()
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
	if ed.Tabs.SelectedIndex() != 3 {
		t.Errorf("tab %d, want 表三", ed.Tabs.SelectedIndex())
	}
	if focusedID(w.Canvas()) != "t3.carry_forward.legal" {
		t.Errorf("focused %v", focusedID(w.Canvas()))
	}
	// The cell was scrolled into view: 四、结转下年度 is the last row.
	sc := ed.scrollOf[ed.Tabs.Selected()]
	if sc.Offset.Y == 0 {
		t.Error("the table did not scroll to the cell")
	}
}

func TestNoteOnWarning(t *testing.T) {
	ed, _, rec := newTestEditor(t, seed(t))
	ed.Cells["t2.fee.amount"].SetText("")
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
}

func TestReadOnly(t *testing.T) {
	ed, _, _ := newTestEditor(t, seed(t))
	ed.SetReadOnly(true)
	if !ed.Cells["t3.granted.natural"].Disabled() || !ed.Narrative["overview"].Disabled() || !ed.Meta.Unit.Disabled() {
		t.Error("finalised report still editable")
	}
	ed.pasteBlock("t3.granted.natural", "1\t2")
	if ed.Report().Text("t3.granted.natural") != "357" {
		t.Error("paste changed a finalised report")
	}
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
	ed.Tabs.SelectIndex(3)
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
	if got := ed.Totals["t4.lit_after_review_total"].Text; got != "0" {
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
	if got := ed.Totals["t4.lit_after_review_total"].Text; got != "11" {
		t.Errorf("total %q after 采用计算值", got)
	}
	if ed.Problems.Counts.Text != "0 个错误 · 0 个警告 · 0 个提示" {
		t.Errorf("counts %q", ed.Problems.Counts.Text)
	}
	if rec.edits[len(rec.edits)-1] != "t4.lit_after_review_total=" {
		t.Errorf("edits %v", rec.edits)
	}
}

// Esc puts back what the cell held when it got focus, and that is saved.
func TestEscRevertsCell(t *testing.T) {
	ed, w, rec := newTestEditor(t, seed(t))
	typeInto(t, w, ed, "t3.granted.natural", "999")
	ed.Cells["t3.granted.natural"].TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if got := ed.Cells["t3.granted.natural"].Text; got != "357" {
		t.Fatalf("after Esc the cell shows %q", got)
	}
	if got := ed.Report().Text("t3.granted.natural"); got != "357" {
		t.Errorf("model has %q", got)
	}
	if last := rec.edits[len(rec.edits)-1]; last != "t3.granted.natural=357" {
		t.Errorf("last saved edit %q", last)
	}
	if ed.Problems.Counts.Text != "0 个错误 · 0 个警告 · 0 个提示" {
		t.Errorf("counts %q", ed.Problems.Counts.Text)
	}
}
