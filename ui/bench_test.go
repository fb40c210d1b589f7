package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"nianbao/model"
)

// BenchmarkKeystroke is one keystroke in a 表三 cell being edited, as the
// test driver delivers it: the entry changes, the model re-evaluates, the
// grid's totals, outlines, the balance row and the problems panel are
// refreshed.
func BenchmarkKeystroke(b *testing.B) {
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme{})
	ed := NewEditor(model.NewReport(model.TemplateForYear(2023)), nil, nil)
	w := test.NewWindow(ed.Content())
	defer w.Close()
	w.Resize(fyne.NewSize(1366, 768))
	ed.FocusCell("t3.granted.natural")
	s := ed.Sheets["t3"]
	s.TypedRune('1')
	e := s.edit
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.TypedRune('1' + rune(i%9))
		if i%6 == 5 {
			e.setText(nil, 0) // keep the text short
		}
	}
	b.StopTimer()
	if ed.Result() == nil {
		b.Fatal("not evaluated")
	}
}
