package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
)

// benchEditor is an editor on an empty 2023 report in the test driver,
// with 表三 一、本年新收·自然人 holding 5 and being edited.
func benchEditor(b *testing.B) (*Editor, *cellEditor) {
	a := test.NewApp()
	b.Cleanup(a.Quit)
	a.Settings().SetTheme(Theme{})
	r := model.NewReport(model.TemplateForYear(2023))
	_ = r.Set("t3.granted.natural", "5")
	ed := NewEditor(r, nil, nil)
	w := test.NewWindow(ed.Content())
	b.Cleanup(w.Close)
	w.Resize(fyne.NewSize(1366, 768))
	ed.FocusCell("t3.granted.natural")
	s := ed.Sheets["t3"]
	s.TypedRune('1')
	return ed, s.edit
}

// BenchmarkKeystroke is one keystroke in a 表三 cell being edited, as the
// test driver delivers it: the entry changes, the model re-evaluates, the
// grid's totals, outlines, the balance row and the problems panel are
// refreshed. The problems stay the same (digits typed into a number).
func BenchmarkKeystroke(b *testing.B) {
	ed, e := benchEditor(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.TypedRune('1' + rune(i%9))
		if i%6 == 5 {
			e.setText([]rune{'9'}, 1) // keep the text short
		}
	}
	b.StopTimer()
	if ed.Result() == nil {
		b.Fatal("not evaluated")
	}
}

// BenchmarkKeystrokeNewProblem is the costlier keystroke: one that adds
// or removes problems (the cell emptied and typed again: its column's and
// row's balance, 未填), so the problems panel is laid out again.
func BenchmarkKeystrokeNewProblem(b *testing.B) {
	ed, e := benchEditor(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%2 == 0 {
			e.setText(nil, 0)
		} else {
			e.TypedRune('1')
		}
	}
	b.StopTimer()
	if ed.Result() == nil {
		b.Fatal("not evaluated")
	}
}
