package model

import (
	"strings"
	"testing"
)

func TestNextYear(t *testing.T) {
	prev := seedClean(t) // 2022, 2021 format
	prev.Meta.Publisher, prev.Meta.Date, prev.Meta.IndexNo = "衢州市人民政府办公室", "2023-01-20", "X-2023-1"
	_ = prev.Set("t3.carry_forward.legal", "三") // kept, reported as INPUT
	r, err := NextYear(prev)
	if err != nil {
		t.Fatal(err)
	}
	if r.Meta.Year != 2023 || r.Meta.Unit != prev.Meta.Unit || r.Meta.Scope != prev.Meta.Scope ||
		r.Meta.Publisher != prev.Meta.Publisher || r.Meta.Date != "" || r.Meta.IndexNo != "" {
		t.Errorf("meta %+v", r.Meta)
	}
	for _, col := range []string{"natural", "commercial", "research", "nonprofit", "other"} {
		if got, want := r.Text("t3.carried_over."+col), prev.Text("t3.carry_forward."+col); got != want {
			t.Errorf("%s: carried over %q, last year's carry forward %q", col, got, want)
		}
	}
	if got := r.Text("t3.carried_over.legal"); got != "三" {
		t.Errorf("invalid text not carried as typed: %q", got)
	}
	if r.Text("t3.new_received.natural") != "" || r.Text("t2.normative.valid") != "" {
		t.Error("tables should start empty")
	}
	// Cross-year: the new draft holds X-R1 against last year.
	for _, f := range r.Evaluate(prev).Findings {
		if f.Rule == "X-R1" && !strings.HasSuffix(f.Cells[0], ".legal") {
			t.Errorf("X-R1 on a carried column: %s", f)
		}
	}
}

func TestNextYearRefused(t *testing.T) {
	prev := seedClean(t)
	prev.Meta.Year = 0
	if _, err := NextYear(prev); err == nil || !strings.Contains(err.Error(), "年度") {
		t.Errorf("no year: err %v", err)
	}
	prev.Meta.Year = 1999
	if _, err := NextYear(prev); err == nil || !strings.Contains(err.Error(), "2000") {
		t.Errorf("year 1999: err %v", err)
	}
}
