package model

import (
	"strconv"
	"strings"
)

var cnDigits = map[rune]int64{'零': 0, '〇': 0, '○': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

var cnUnits = map[rune]int64{'十': 10, '百': 100, '千': 1000}

// parseFigure reads a whole number as report texts write it: 835, ８３５,
// 1,234, 三十五, 十二, 两千零三, 一万二千, or digit by digit (一〇二). It
// rejects anything else, including a bare unit (万).
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
	var total, section, digit int64
	seenDigit, hasUnit := false, false
	positional := int64(0)
	for _, r := range s {
		if d, ok := cnDigits[r]; ok {
			digit, seenDigit = d, true
			positional = positional*10 + d
			if positional > maxMagnitude {
				return 0, false
			}
			continue
		}
		hasUnit = true
		switch {
		case cnUnits[r] > 0:
			if digit == 0 && !seenDigit && r == '十' {
				digit = 1 // 十五 = 15
			}
			section += digit * cnUnits[r]
		case r == '万':
			total += (section + digit) * 10000
			section = 0
		case r == '亿':
			total = (total + section + digit) * 100000000
			section = 0
		default:
			return 0, false
		}
		if total+section == 0 && digit == 0 {
			return 0, false // 万 alone, 零十
		}
		digit, seenDigit = 0, false
	}
	if !hasUnit {
		return positional, true
	}
	n := total + section + digit
	return n, n <= maxMagnitude
}
