package model

import (
	"strconv"
	"strings"
)

var cnDigits = map[rune]int64{'零': 0, '〇': 0, '○': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

var cnUnits = map[rune]int64{'十': 10, '百': 100, '千': 1000}

// parseFigure reads a whole number as report texts write it: 835, ８３５,
// 1,234, 三十五, 十二, 两千零三, 一万二千, 一千二 (= 1200, as spoken), or
// digit by digit (一〇二). It rejects anything else: a bare unit (万),
// units out of order or repeated (十十, 三百百, 一万万), two digits in a
// row among units (一二十).
func parseFigure(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	if r := []rune(s)[0]; (r >= '0' && r <= '9') || (r >= '０' && r <= '９') {
		a := normalize(s)
		a = strings.ReplaceAll(a, ",", "")
		n, err := strconv.ParseInt(a, 10, 64)
		return n, err == nil && n <= maxMagnitude
	}
	if !strings.ContainsAny(s, "十百千万亿") {
		return positional(s)
	}
	const none = -1
	var total, sec int64
	lastUnit, lastBig := int64(10000), int64(0) // last 十/百/千 in this section; last 万/亿
	digit, zero := int64(none), false           // a digit not yet given its unit; a 零 gap
	// trailing is the value of a digit after the last unit: 一千二 is 1200
	// (the next lower place), 一千零二 1002.
	trailing := func() int64 {
		switch {
		case digit == none:
			return 0
		case zero:
			return digit
		case lastUnit < 10000:
			return digit * lastUnit / 10
		case lastBig > 0:
			return digit * lastBig / 10
		}
		return digit
	}
	for _, r := range s {
		if d, ok := cnDigits[r]; ok {
			switch {
			case digit != none:
				return 0, false // 一二十
			case d == 0:
				zero = true
			default:
				digit = d
			}
			continue
		}
		if u := cnUnits[r]; u > 0 {
			if u >= lastUnit {
				return 0, false // 十十, 三百百, 一百一千
			}
			if digit == none {
				if u != 10 || sec != 0 || zero {
					return 0, false // 百 alone, 零十
				}
				digit = 1 // 十五 = 15
			}
			sec += digit * u
			lastUnit, digit, zero = u, none, false
			continue
		}
		var big int64
		switch r {
		case '万':
			big = 10000
		case '亿':
			big = 100000000
		default:
			return 0, false
		}
		v := sec + trailing()
		if v == 0 || (lastBig > 0 && big >= lastBig) || v >= 10000 {
			return 0, false // 万 alone, 一万万, 一万亿
		}
		total += v * big
		if total > maxMagnitude {
			return 0, false
		}
		sec, lastUnit, lastBig, digit, zero = 0, 10000, big, none, false
	}
	n := total + sec + trailing()
	return n, n <= maxMagnitude
}

// positional reads digits written one by one: 一〇二 = 102.
func positional(s string) (int64, bool) {
	var n int64
	for _, r := range s {
		d, ok := cnDigits[r]
		if !ok {
			return 0, false
		}
		if n = n*10 + d; n > maxMagnitude {
			return 0, false
		}
	}
	return n, true
}
