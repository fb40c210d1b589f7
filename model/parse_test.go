package model

import (
	"errors"
	"strings"
	"testing"
)

var (
	kCount  = Kind{Type: Count, Unit: "件"}
	kSigned = Kind{Type: Signed, Unit: "项"}
	kWan    = Kind{Type: Amount, Unit: "万元"}
	kYuan   = Kind{Type: Amount, Unit: "元"}
)

func TestParse(t *testing.T) {
	tests := []struct {
		kind Kind
		in   string
		want string // formatted result; "" for blank
	}{
		{kCount, "835", "835"},
		{kCount, "８３５", "835"},
		{kCount, " 12 ", "12"},
		{kCount, "\u3000１２\u3000", "12"},
		{kCount, "1,234", "1234"},
		{kCount, "1，234", "1234"},
		{kCount, "１，２３４", "1234"},
		{kCount, "12,345,678", "12345678"},
		{kCount, "12件", "12"},
		{kCount, "12 件", "12"},
		{kCount, "7项", "7"},
		{kCount, "-", "0"},
		{kCount, "—", "0"},
		{kCount, "——", "0"},
		{kCount, "/", "0"},
		{kCount, "／", "0"},
		{kCount, "无", "0"},
		{kCount, "", ""},
		{kCount, "   ", ""},
		{kCount, "0", "0"},
		{kCount, "007", "7"},
		{kCount, "+5", "5"},
		{kCount, "-0", "0"},
		{kCount, "12.0", "12"},
		{kCount, "12.00", "12"},
		{kCount, "999999999999", "999999999999"},
		{kSigned, "-18", "-18"},
		{kSigned, "－18", "-18"},
		{kSigned, "−18", "-18"},
		{kSigned, "+3", "3"},
		{kSigned, "-", "0"},
		{kWan, "24252.311082", "24252.311082"},
		{kWan, "24252。311082", "24252.311082"},
		{kWan, "２４２５２．３１１０８２", "24252.311082"},
		{kWan, "32146", "32146"},
		{kWan, "32,146.5", "32146.5"},
		{kWan, "190.457379万元", "190.457379"},
		{kWan, "251000元", "25.1"},
		{kWan, "0.01元", "0.000001"},
		{kWan, "1.5亿元", "15000"},
		{kWan, ".5", "0.5"},
		{kWan, "0.100000", "0.1"},
		{kYuan, "75394432.52元", "75394432.52"},
		{kYuan, "75394432.52", "75394432.52"},
		{kYuan, "3.5万元", "35000"},
	}
	for _, tt := range tests {
		v, err := tt.kind.Parse(tt.in)
		if err != nil {
			t.Errorf("%s.Parse(%q): %v", tt.kind.Describe(), tt.in, err)
			continue
		}
		if got := tt.kind.Format(v); got != tt.want {
			t.Errorf("%s.Parse(%q) = %q, want %q", tt.kind.Describe(), tt.in, got, tt.want)
		}
		if (tt.want == "") != v.IsBlank() {
			t.Errorf("%s.Parse(%q): blank = %v", tt.kind.Describe(), tt.in, v.IsBlank())
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		kind Kind
		in   string
		msg  string // part of the Chinese message
	}{
		{kCount, "abc", "不是数字"},
		{kCount, "12a", "不是数字"},
		{kCount, "一百", "不是数字"},
		{kCount, "-5", "不能是负数"},
		{kCount, "－５", "不能是负数"},
		{kCount, "12.5", "必须是整数"},
		{kCount, "1.2.3", "不是数字"},
		{kCount, "1e5", "不是数字"},
		{kCount, "1 234", "不是数字"},
		{kCount, "12,34", "千分位"},
		{kCount, "1234,567", "千分位"},
		{kCount, ",123", "千分位"},
		{kCount, "1,234.5,6", "不是数字"},
		{kCount, "+", "不是数字"},
		{kCount, ".", "不是数字"},
		{kCount, "5-", "不是数字"},
		{kCount, "1000000000000", "数值过大"},
		{kCount, "99999999999999999999999999", "数值过大"},
		{kCount, "12万元", "不能带金额单位"},
		{kCount, "件", "只有单位"},
		{kSigned, "1.5", "必须是整数"},
		{kWan, "-3", "不能是负数"},
		{kWan, "1.1234567", "最多保留6位小数"},
		{kWan, "0.001元", "最多保留6位小数"},
		{kWan, "5件", "不能以“件”为单位"},
		{kWan, "1000000000000", "数值过大"},
		{kWan, "100000000亿元", "数值过大"},
	}
	for _, tt := range tests {
		v, err := tt.kind.Parse(tt.in)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%s.Parse(%q) = %v, %v; want an InputError", tt.kind.Describe(), tt.in, tt.kind.Format(v), err)
			continue
		}
		if !strings.Contains(ie.Msg, tt.msg) {
			t.Errorf("%s.Parse(%q): message %q, want it to say %q", tt.kind.Describe(), tt.in, ie.Msg, tt.msg)
		}
		if ie.Text != tt.in {
			t.Errorf("%s.Parse(%q): kept text %q", tt.kind.Describe(), tt.in, ie.Text)
		}
	}
}

// FuzzParse: parsing never panics, never accepts a negative count or a
// non-number, and what it accepts formats back to text that parses to the
// same value.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"835", "８３５", "1,234", "1，234", " 12件 ", "-", "—", "/", "无",
		"-18", "24252.311082", "251000元", "1.5亿元", "abc", "12,34", "1e5", "", "0.000001", "+0", "９９９９９９９９９９９９"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []Kind{kCount, kSigned, kWan, kYuan} {
			v, err := k.Parse(s)
			if err != nil {
				var ie *InputError
				if !errors.As(err, &ie) || ie.Msg == "" || ie.Text != s {
					t.Fatalf("%s.Parse(%q): bad error %#v", k.Describe(), s, err)
				}
				if !v.IsBlank() {
					t.Fatalf("%s.Parse(%q): error with a value", k.Describe(), s)
				}
				continue
			}
			if v.IsBlank() {
				if strings.TrimSpace(normalize(s)) != "" {
					t.Fatalf("%s.Parse(%q): blank for non-blank text", k.Describe(), s)
				}
				continue
			}
			if k.Type != Signed && v.Units() < 0 {
				t.Fatalf("%s.Parse(%q) accepted a negative %d", k.Describe(), s, v.Units())
			}
			if !strings.ContainsAny(normalize(s), "0123456789") && !isZeroWord(normalize(s)) {
				t.Fatalf("%s.Parse(%q) accepted a non-number", k.Describe(), s)
			}
			if m := v.Units(); m > maxMagnitude*pow10[k.Scale()] || m < -maxMagnitude*pow10[k.Scale()] {
				t.Fatalf("%s.Parse(%q) = %d: out of range", k.Describe(), s, m)
			}
			back, err := k.Parse(k.Format(v))
			if err != nil || back != v {
				t.Fatalf("%s: %q → %q → %v, %v", k.Describe(), s, k.Format(v), back, err)
			}
		}
	})
}

func TestParseYear(t *testing.T) {
	for in, want := range map[string]int{"2024": 2024, "２０２４": 2024, "2024年": 2024, "2024年度": 2024, " 2025 ": 2025} {
		if got, err := ParseYear(in); err != nil || got != want {
			t.Errorf("ParseYear(%q) = %d, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "24", "2007", "2101", "二〇二四", "2024.5"} {
		if _, err := ParseYear(in); err == nil {
			t.Errorf("ParseYear(%q) accepted", in)
		}
	}
	if _, err := kCount.Parse("0,123"); err == nil {
		t.Error(`"0,123" accepted`)
	}
	if v, err := kCount.Parse("—件"); err != nil || v.Units() != 0 {
		t.Errorf(`"—件" = %v, %v`, v, err)
	}
}

// isZeroWord: "—", or "—" with a unit ("/元", "-件"), which Parse reads as 0.
func isZeroWord(s string) bool {
	if zeroWords[s] {
		return true
	}
	for _, u := range countUnits {
		if zeroWords[strings.TrimSpace(strings.TrimSuffix(s, u))] {
			return true
		}
	}
	for _, u := range moneyUnits {
		if zeroWords[strings.TrimSpace(strings.TrimSuffix(s, u.name))] {
			return true
		}
	}
	return false
}
