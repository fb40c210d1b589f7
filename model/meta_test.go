package model

import (
	"strconv"
	"testing"
)

// One year range, one idea of "the same unit", one list of 基本信息 fields:
// every caller asks these.
func TestDomainRulesOnce(t *testing.T) {
	for _, tc := range []struct {
		y  int
		ok bool
	}{{2007, false}, {MinYear, true}, {2024, true}, {MaxYear, true}, {2101, false}, {2200, false}} {
		if ValidYear(tc.y) != tc.ok {
			t.Errorf("ValidYear(%d) = %v", tc.y, !tc.ok)
		}
		_, err := ParseYear(strconv.Itoa(tc.y))
		if (err == nil) != tc.ok {
			t.Errorf("ParseYear(%d): %v", tc.y, err)
		}
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"某某局", "某某局", true},
		{"某某局", " 某某局　", true},
		{"某某局", "某　某局", true},
		{"某某局", "某某区局", false},
		{"", "", false},
	} {
		if SameUnit(tc.a, tc.b) != tc.same {
			t.Errorf("SameUnit(%q, %q) = %v", tc.a, tc.b, !tc.same)
		}
	}
	var m Meta
	for _, f := range MetaFields {
		if MetaLabel(f.Key) != f.Label || f.Label == "" {
			t.Errorf("%s: label %q", f.Key, MetaLabel(f.Key))
		}
		text := map[string]string{MetaYear: "２０２４年度", MetaScope: "本级政府"}[f.Key]
		if text == "" {
			text = "值·" + f.Key
		}
		if err := m.SetField(f.Key, text); err != nil {
			t.Fatalf("SetField(%s, %q): %v", f.Key, text, err)
		}
		got := m.Field(f.Key)
		if err := new(Meta).SetField(f.Key, got); err != nil {
			t.Errorf("%s: Field's %q does not set back: %v", f.Key, got, err)
		}
	}
	if m.Year != 2024 || m.Scope != ScopeGovernment || m.Phone != "值·phone" {
		t.Errorf("meta %+v", m)
	}
	if err := m.SetField(MetaYear, "二〇二四"); err == nil || m.Year != 2024 {
		t.Errorf("bad year: %v, year %d", err, m.Year)
	}
	if err := m.SetField("fax", "1"); err == nil {
		t.Error("unknown field accepted")
	}
}
