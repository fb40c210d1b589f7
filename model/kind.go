package model

import (
	"fmt"
	"strconv"
	"strings"
)

// KindType says what a cell may hold.
type KindType int

const (
	// Count is a whole number of items, never negative (件数).
	Count KindType = iota
	// Signed is a whole-number change that may be negative (2019 表二 本年增/减).
	Signed
	// Amount is an exact decimal amount of money in the kind's unit.
	Amount
)

// amountScale is the number of decimals an Amount keeps. Real reports give
// fees in 万元 with six decimals (24252.311082); six decimals of 万元 are
// exactly 0.01 元, so 元 input converts without rounding.
const amountScale = 6

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}

// maxMagnitude bounds any single cell (in the kind's own unit, before
// scaling). It keeps the sums of thousands of units' reports far from int64
// overflow while allowing any real figure (a province's 行政处罚 count is in
// the millions).
const maxMagnitude = 999_999_999_999

// Kind describes the values of one column of a table.
type Kind struct {
	Type KindType
	// Unit is the unit the value is stated in: 件 for counts, 万元 or 元 for
	// amounts, empty for signed changes.
	Unit string
}

// Scale is the number of decimal places of the kind's stored integer.
func (k Kind) Scale() int {
	if k.Type == Amount {
		return amountScale
	}
	return 0
}

// Describe names the kind for messages: 件数, 增减数, 金额（万元）.
func (k Kind) Describe() string {
	switch k.Type {
	case Signed:
		return "增减数"
	case Amount:
		return "金额（" + k.Unit + "）"
	}
	return "件数"
}

// Value is one cell's content: blank, or a number stored as an integer in
// units of 10^-Scale of its kind's unit (so amounts are exact).
type Value struct {
	n   int64
	set bool
}

// Blank is the value of a cell nobody has filled.
var Blank = Value{}

// Int returns a filled value holding the whole number n (for amounts use
// Kind.FromUnits or ParseValue).
func Int(n int64) Value { return Value{n: n, set: true} }

// IsBlank reports whether the cell is unfilled.
func (v Value) IsBlank() bool { return !v.set }

// Units returns the stored integer (0 when blank): the whole number for
// counts, the amount times 10^6 for amounts.
func (v Value) Units() int64 { return v.n }

// FromUnits makes a filled value from a stored integer of the kind's scale.
func FromUnits(n int64) Value { return Value{n: n, set: true} }

// Format renders v in kind k the way a clerk writes it: 835, -18,
// 24252.311082, 32146. Blank is "".
func (k Kind) Format(v Value) string {
	if !v.set {
		return ""
	}
	return k.FormatUnits(v.n)
}

// FormatUnits renders a stored integer of kind k, e.g. a computed sum.
func (k Kind) FormatUnits(n int64) string {
	scale := k.Scale()
	if scale == 0 {
		return strconv.FormatInt(n, 10)
	}
	neg := n < 0
	if neg {
		n = -n
	}
	p := pow10[scale]
	s := strconv.FormatInt(n/p, 10)
	if frac := n % p; frac != 0 {
		f := fmt.Sprintf("%0*d", scale, frac)
		s += "." + strings.TrimRight(f, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}
