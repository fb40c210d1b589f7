package model

import (
	"strconv"
	"testing"
)

// BenchmarkEditEvaluate is the work behind one keystroke: set one cell, then
// recompute every total and re-check every rule.
func BenchmarkEditEvaluate(b *testing.B) {
	for _, bc := range []struct {
		name string
		r    func(testing.TB) *Report
	}{
		{"seed", seedClean},
		{"seed-stated", func(t testing.TB) *Report { r, _ := seedReport(t); return r }},
		{"empty", func(testing.TB) *Report { return NewReport(TemplateForYear(2022)) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := bc.r(b)
			prev := r.Clone()
			_ = prev
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := r.Set("t3.granted.natural", strconv.Itoa(357+i%2)); err != nil {
					b.Fatal(err)
				}
				res := r.Evaluate(nil)
				if res == nil {
					b.Fatal("no result")
				}
			}
		})
	}
}
