package xlsx

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Formulas without a stored result. A program that writes workbooks
// without calculating them (excelize's SetCellFormula, web exports) leaves
// a formula and no value; Excel would calculate it on opening. Import
// calculates only what it is certain to get as Excel does:
//
//   - numbers, cell references (A1, $A$1, Sheet!A1, 'Sheet name'!A1, on any
//     sheet of the workbook), unary and binary + and −, parentheses;
//   - SUM with any number of arguments, where a range (A1:B5) may stand.
//
// A referenced cell with a formula and no result is calculated in turn; a
// circular reference is an error naming the cells. Inside SUM, text and
// booleans in referenced cells are skipped, as Excel skips them; under + or
// − anything but a number (text, a boolean, an error, a date) is not
// certain. Everything else — other functions, * and /, comparisons, text,
// names, other workbooks ([1]Sheet!A1), several sheets (Sheet1:Sheet3!A1),
// whole columns or rows — leaves the cell an input error, with a message
// asking the clerk to open the file in Excel or WPS and save it, which
// stores the results.
//
// Hostile input costs bounded work: a formula is at most maxFormulaLen
// long and nests at most maxFormulaNest deep, references chain at most
// maxFormulaDepth cells deep, and one workbook's formulas visit at most
// formulaBudget cells in all.

const (
	maxFormulaLen   = 8192 // Excel's own limit
	maxFormulaNest  = 64
	maxFormulaDepth = 64
	formulaBudget   = 1 << 22
	maxSumArgs      = 255 // Excel's own limit
)

// formulaBook is a workbook as the evaluator sees it.
type formulaBook interface {
	// sheetCells finds a sheet by name, ignoring case as Excel does: its
	// name as the workbook spells it and its cells; src is nil if there is
	// no such sheet, err says why it could not be read.
	sheetCells(name string) (canon string, src cellSource, err error)
	date1904() bool
	evaluator() *evaluator
}

// formulaError says, in Chinese, why a formula's value is not certain.
type formulaError struct {
	msg      string
	circular bool
}

func ferr(msg string) *formulaError { return &formulaError{msg: msg} }

// evaluator holds one workbook's evaluation state.
type evaluator struct {
	budget int
	memo   map[evalKey]evalResult
	stack  []evalKey
	parsed map[string]parsedFormula
}

type evalKey struct {
	sheet string
	p     pos
}

type evalResult struct {
	v   float64
	err *formulaError
}

type parsedFormula struct {
	n   *fnode
	err *formulaError
}

func newEvaluator() *evaluator {
	return &evaluator{budget: formulaBudget, memo: map[evalKey]evalResult{}, parsed: map[string]parsedFormula{}}
}

// evalFormula calculates the formula of cell p of sheet (its source src).
func evalFormula(src cellSource, sheet string, p pos) (float64, *formulaError) {
	return src.workbook().evaluator().cell(sheet, src, p)
}

func (e *evaluator) cell(sheet string, src cellSource, p pos) (float64, *formulaError) {
	key := evalKey{sheet, p}
	if r, ok := e.memo[key]; ok {
		return r.v, r.err
	}
	if i := slices.Index(e.stack, key); i >= 0 {
		var path []string
		for _, k := range e.stack[i:] {
			path = append(path, k.name())
		}
		path = append(path, key.name())
		return 0, &formulaError{msg: "公式循环引用（" + strings.Join(path, " → ") + "）", circular: true}
	}
	if len(e.stack) >= maxFormulaDepth {
		return 0, ferr("公式层层引用超过" + strconv.Itoa(maxFormulaDepth) + "层")
	}
	text, origin, ok := src.formulaAt(p.r, p.c)
	if !ok {
		return 0, nil // not a formula: blank
	}
	e.stack = append(e.stack, key)
	pf := e.parse(text)
	v, err := 0.0, pf.err
	if err == nil {
		v, err = e.eval(pf.n, ectx{sheet: sheet, src: src, dr: p.r - origin.r, dc: p.c - origin.c})
	}
	e.stack = e.stack[:len(e.stack)-1]
	if err == nil && (math.IsInf(v, 0) || math.IsNaN(v)) {
		err = ferr("结果超出了数值范围")
	}
	e.memo[key] = evalResult{v, err}
	return v, err
}

func (k evalKey) name() string { return quoteSheet(k.sheet) + "!" + cellName(k.p.r, k.p.c) }

// quoteSheet is a sheet name as a formula writes it.
func quoteSheet(name string) string {
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0x80) {
			return "'" + strings.ReplaceAll(name, "'", "''") + "'"
		}
	}
	return name
}

func (e *evaluator) parse(text string) parsedFormula {
	if pf, ok := e.parsed[text]; ok {
		return pf
	}
	n, err := parseFormula(text)
	pf := parsedFormula{n, err}
	e.parsed[text] = pf
	return pf
}

// ectx is where a formula is evaluated: its sheet, and how far a shared
// formula's relative references move.
type ectx struct {
	sheet  string
	src    cellSource
	dr, dc int
}

func (e *evaluator) eval(n *fnode, c ectx) (float64, *formulaError) {
	switch n.op {
	case opNum:
		return n.num, nil
	case opNeg:
		v, err := e.eval(n.args[0], c)
		return -v, err
	case opAdd, opSub:
		a, err := e.eval(n.args[0], c)
		if err != nil {
			return 0, err
		}
		b, err := e.eval(n.args[1], c)
		if err != nil {
			return 0, err
		}
		if n.op == opSub {
			b = -b
		}
		return a + b, nil
	case opRef:
		sum := 0.0
		err := e.cells(n.ref, c, false, &sum)
		return sum, err
	case opSum:
		sum := 0.0
		for _, a := range n.args {
			if a.op == opRef || a.op == opRange {
				if err := e.cells(a.ref, c, true, &sum); err != nil {
					return 0, err
				}
				continue
			}
			v, err := e.eval(a, c)
			if err != nil {
				return 0, err
			}
			sum += v
		}
		return sum, nil
	}
	return 0, ferr("公式无法计算")
}

// cells adds the numbers of the cells a reference names to sum. In SUM
// (inSum) text and booleans are skipped, as Excel skips them.
func (e *evaluator) cells(ref fref, c ectx, inSum bool, sum *float64) *formulaError {
	sheet, src := c.sheet, c.src
	if ref.sheet != "" {
		canon, s, err := src.workbook().sheetCells(ref.sheet)
		switch {
		case err != nil:
			return ferr("引用的工作表“" + ref.sheet + "”无法读取")
		case s == nil:
			return ferr("引用的工作表“" + ref.sheet + "”不存在")
		}
		sheet, src = canon, s
	}
	move := func(v, d int, abs bool, limit int) (int, bool) {
		if !abs {
			v += d
		}
		return v, v >= 0 && v < limit
	}
	r1, ok1 := move(ref.r1, c.dr, ref.ar1, maxRowNumber)
	c1, ok2 := move(ref.c1, c.dc, ref.ac1, maxColNumber)
	r2, ok3 := move(ref.r2, c.dr, ref.ar2, maxRowNumber)
	c2, ok4 := move(ref.c2, c.dc, ref.ac2, maxColNumber)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return ferr("引用移出了工作表（#REF!）")
	}
	r1, r2 = min(r1, r2), max(r1, r2)
	c1, c2 = min(c1, c2), max(c1, c2)
	area := (r2 - r1 + 1) * (c2 - c1 + 1)
	if area > e.budget {
		return ferr("引用的单元格太多")
	}
	e.budget -= area
	if !src.inRead(r2, c2) {
		return ferr("引用了工作表“" + sheet + "”中第" + strconv.Itoa(maxScanRows) + "行或第" + strconv.Itoa(maxScanCols) + "列以后的单元格，该工作表很大，本程序只读取了前面部分")
	}
	for r := r1; r <= min(r2, src.numRows()-1); r++ {
		for col := c1; col <= min(c2, src.rowLen(r)-1); col++ {
			v, err := e.cellNumber(sheet, src, pos{r, col}, inSum)
			if err != nil {
				return err
			}
			*sum += v
		}
	}
	return nil
}

// cellNumber is the number a referenced cell contributes.
func (e *evaluator) cellNumber(sheet string, src cellSource, p pos, inSum bool) (float64, *formulaError) {
	raw := strings.TrimSpace(src.value(p.r, p.c))
	where := "引用的单元格 " + evalKey{sheet, p}.name()
	k, _ := src.kind(p.r, p.c)
	if k == kindFormulaText && raw == "" {
		return e.cell(sheet, src, p) // no stored value: calculated as a number cell's
	}
	switch k {
	case kindText, kindBool:
		if inSum {
			return 0, nil // SUM skips text and booleans
		}
		if k == kindBool {
			return 0, ferr(where + " 是逻辑值，不是数字")
		}
		return 0, ferr(where + " 是文字“" + shorten(raw) + "”，不是数字")
	case kindError:
		return 0, ferr(where + " 是错误值 " + raw)
	case kindDate, kindDateNum:
		return 0, ferr(where + " 是日期，不是数字")
	}
	if raw == "" {
		if _, _, ok := src.formulaAt(p.r, p.c); ok {
			return e.cell(sheet, src, p)
		}
		return 0, nil
	}
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, ferr(where + " 的内容“" + shorten(raw) + "”不是数字")
	}
	return v, nil
}

func shorten(s string) string { return shortenTo(s, 20) }

func shortenTo(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// formatNumber writes a result as Excel shows it: 15 significant digits,
// no exponent.
func formatNumber(v float64) string {
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// The formula syntax read: a tree of fnodes.
const (
	opNum = iota
	opNeg
	opAdd
	opSub
	opRef   // one cell
	opRange // a range, only as an argument of SUM
	opSum
)

type fnode struct {
	op   int
	num  float64
	ref  fref
	args []*fnode
}

// fref is a reference: a cell (r1, c1 = r2, c2) or a range, 0-based, with
// which parts are absolute ($).
type fref struct {
	sheet              string // "" for the formula's own sheet
	r1, c1, r2, c2     int
	ar1, ac1, ar2, ac2 bool
}

type fparser struct {
	s    string
	i    int
	nest int
}

// parseFormula reads a formula (without its "="); an error says what in it
// is not calculated.
func parseFormula(s string) (n *fnode, err *formulaError) {
	if len(s) > maxFormulaLen {
		return nil, ferr("公式太长")
	}
	p := &fparser{s: s}
	defer func() {
		if r := recover(); r != nil {
			fe, ok := r.(*formulaError)
			if !ok {
				panic(r)
			}
			n, err = nil, fe
		}
	}()
	n = p.expr()
	p.space()
	if p.i < len(p.s) {
		p.unsupported()
	}
	if n.op == opRange {
		p.fail("区域只能用在 SUM 中")
	}
	return n, nil
}

// fail stops parsing: the parser's own panics are recovered by parseFormula.
func (p *fparser) fail(msg string) { panic(ferr(msg)) }

const calcOnly = "本程序只计算由数字、单元格、SUM 和加减号组成的公式，"

// unsupported names what the parser met and cannot calculate.
func (p *fparser) unsupported() {
	if p.i >= len(p.s) {
		p.fail("公式不完整")
	}
	c := p.s[p.i]
	if p.i > 0 && p.s[p.i-1] == ' ' && (isNameChar(c) || c == '\'' || c == '(') {
		p.fail(calcOnly + "不能计算其中的区域交集（以空格分隔的引用）")
	}
	switch c {
	case '*':
		p.fail(calcOnly + "不能计算其中的乘号 *")
	case '/':
		p.fail(calcOnly + "不能计算其中的除号 /")
	case '^':
		p.fail(calcOnly + "不能计算其中的乘方 ^")
	case '&':
		p.fail(calcOnly + "不能计算其中的连接符 &")
	case '%':
		p.fail(calcOnly + "不能计算其中的百分号 %")
	case '=', '<', '>':
		p.fail(calcOnly + "不能计算其中的比较")
	case '"':
		p.fail(calcOnly + "不能计算其中的文字")
	case '#':
		p.fail("公式中有错误值（如 #REF!，引用的单元格已被删除）")
	case '[':
		p.fail("公式引用了其他工作簿")
	case '{':
		p.fail(calcOnly + "不能计算其中的数组常量")
	case ':':
		p.fail(calcOnly + "不能计算其中的整行、整列或多个工作表的引用")
	case ' ':
		p.fail(calcOnly + "不能计算其中的区域交集")
	}
	p.fail(calcOnly + "不能计算“" + shorten(p.s[p.i:]) + "”")
}

func (p *fparser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '\t') {
		p.i++
	}
}

func (p *fparser) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *fparser) enter() {
	if p.nest++; p.nest > maxFormulaNest {
		p.fail("公式嵌套太深")
	}
}

func (p *fparser) leave() { p.nest-- }

// expr := unary { (+|-) unary }
func (p *fparser) expr() *fnode {
	p.enter()
	defer p.leave()
	n := p.unary()
	for {
		p.space()
		op := opAdd
		switch p.peek() {
		case '+':
		case '-':
			op = opSub
		default:
			return n
		}
		p.i++
		m := p.unary()
		if n.op == opRange || m.op == opRange {
			p.fail("区域只能用在 SUM 中")
		}
		n = &fnode{op: op, args: []*fnode{n, m}}
	}
}

// unary := (+|-) unary | primary
func (p *fparser) unary() *fnode {
	p.space()
	switch p.peek() {
	case '+', '-':
		neg := p.s[p.i] == '-'
		p.i++
		p.enter()
		defer p.leave()
		n := p.unary()
		if n.op == opRange {
			p.fail("区域只能用在 SUM 中")
		}
		if neg {
			return &fnode{op: opNeg, args: []*fnode{n}}
		}
		return n
	}
	return p.primary()
}

func isNameChar(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '$' || c >= 0x80
}

// primary := number | ( expr ) | reference | SUM( args )
func (p *fparser) primary() *fnode {
	p.space()
	c := p.peek()
	switch {
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == '(':
		p.i++
		n := p.expr()
		p.space()
		if p.peek() != ')' {
			p.unsupported()
		}
		p.i++
		if n.op == opRange {
			p.fail("区域只能用在 SUM 中")
		}
		return n
	case c == '\'':
		sheet := p.quotedSheet()
		return p.reference(sheet)
	case isNameChar(c):
		start := p.i
		for p.i < len(p.s) && isNameChar(p.s[p.i]) {
			p.i++
		}
		name := p.s[start:p.i]
		switch p.peek() {
		case '!':
			if strings.ContainsRune(name, '$') {
				p.i = start
				p.unsupported()
			}
			p.i++
			return p.reference(name)
		case '(':
			if !strings.EqualFold(name, "SUM") {
				p.fail(calcOnly + "不能计算其中的函数 " + strings.ToUpper(name))
			}
			p.i++
			return p.sum()
		}
		p.i = start
		return p.reference("")
	}
	p.unsupported()
	return nil
}

func (p *fparser) number() *fnode {
	start := p.i
	for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		p.i++
	}
	if p.peek() == '.' {
		p.i++
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
	}
	v, err := strconv.ParseFloat(p.s[start:p.i], 64)
	if err != nil || math.IsInf(v, 0) {
		p.i = start
		p.fail(calcOnly + "不能读取其中的数“" + shorten(p.s[start:]) + "”")
	}
	if p.peek() == ':' {
		p.fail(calcOnly + "不能计算其中的整行、整列或多个工作表的引用")
	}
	if p.i < len(p.s) && isNameChar(p.s[p.i]) {
		p.i = start
		p.unsupported()
	}
	return &fnode{op: opNum, num: v}
}

// quotedSheet reads 'Sheet name'! and returns the name.
func (p *fparser) quotedSheet() string {
	p.i++ // '
	var b strings.Builder
	for {
		if p.i >= len(p.s) {
			p.fail("公式不完整")
		}
		c := p.s[p.i]
		p.i++
		if c == '\'' {
			if p.peek() == '\'' {
				b.WriteByte('\'')
				p.i++
				continue
			}
			break
		}
		b.WriteByte(c)
	}
	name := b.String()
	if p.peek() != '!' {
		p.unsupported()
	}
	p.i++
	switch {
	case strings.ContainsAny(name, "[]"):
		p.fail("公式引用了其他工作簿")
	case strings.ContainsRune(name, ':'):
		p.fail(calcOnly + "不能计算其中多个工作表的引用")
	case name == "":
		p.unsupported()
	}
	return name
}

// reference reads a cell or, after it, ":cell" for a range.
func (p *fparser) reference(sheet string) *fnode {
	n := &fnode{op: opRef, ref: fref{sheet: sheet}}
	r, c, ar, ac, ok := p.cellRef()
	if !ok {
		p.nameError()
	}
	n.ref.r1, n.ref.c1, n.ref.ar1, n.ref.ac1 = r, c, ar, ac
	n.ref.r2, n.ref.c2, n.ref.ar2, n.ref.ac2 = r, c, ar, ac
	if p.peek() == ':' {
		p.i++
		if r, c, ar, ac, ok = p.cellRef(); !ok {
			p.i--
			p.unsupported()
		}
		n.op = opRange
		n.ref.r2, n.ref.c2, n.ref.ar2, n.ref.ac2 = r, c, ar, ac
	}
	return n
}

// nameError explains a name that is not a cell reference.
func (p *fparser) nameError() {
	start := p.i
	for p.i < len(p.s) && isNameChar(p.s[p.i]) {
		p.i++
	}
	name := p.s[start:p.i]
	switch {
	case name == "":
		p.i = start
		p.unsupported()
	case p.peek() == ':':
		p.fail(calcOnly + "不能计算其中的整行、整列或多个工作表的引用")
	case strings.EqualFold(name, "TRUE") || strings.EqualFold(name, "FALSE"):
		p.fail(calcOnly + "不能计算其中的逻辑值 " + strings.ToUpper(name))
	}
	p.fail(calcOnly + "不能计算其中的名称“" + shorten(name) + "”")
}

// cellRef reads A1, $A$1, a1: a column of 1–3 letters up to XFD and a row
// up to 1048576, and nothing after them that would make a longer name.
func (p *fparser) cellRef() (r, c int, absR, absC, ok bool) {
	i := p.i
	if i < len(p.s) && p.s[i] == '$' {
		absC = true
		i++
	}
	j := i
	for j < len(p.s) && j-i < 4 && (p.s[j] >= 'A' && p.s[j] <= 'Z' || p.s[j] >= 'a' && p.s[j] <= 'z') {
		c = c*26 + int(lower(p.s[j])-'a'+1)
		j++
	}
	if j == i || j-i > 3 || c > maxColNumber {
		return 0, 0, false, false, false
	}
	if j < len(p.s) && p.s[j] == '$' {
		absR = true
		j++
	}
	k := j
	for k < len(p.s) && p.s[k] >= '0' && p.s[k] <= '9' && k-j < 8 {
		r = r*10 + int(p.s[k]-'0')
		k++
	}
	if k == j || p.s[j] == '0' || r > maxRowNumber || k < len(p.s) && isNameChar(p.s[k]) {
		return 0, 0, false, false, false
	}
	p.i = k
	return r - 1, c - 1, absR, absC, true
}

// sum reads SUM's arguments after its "(".
func (p *fparser) sum() *fnode {
	p.enter()
	defer p.leave()
	n := &fnode{op: opSum}
	for {
		p.space()
		if c := p.peek(); c == ')' || c == ',' {
			p.fail(calcOnly + "SUM 中不能有空的参数")
		}
		n.args = append(n.args, p.expr())
		if len(n.args) > maxSumArgs {
			p.fail("SUM 的参数太多")
		}
		p.space()
		switch p.peek() {
		case ',':
			p.i++
		case ')':
			p.i++
			return n
		default:
			p.unsupported()
		}
	}
}

// shiftFormulaText moves the relative cell references of a shared
// formula's text by dr rows and dc columns, as excelize's GetCellFormula
// gives a follower's formula; everything else is kept as written.
func shiftFormulaText(text string, dr, dc int) string {
	var b strings.Builder
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == '"' || c == '\'': // a string literal or a quoted sheet name
			j := quotedEnd(text, i)
			b.WriteString(text[i:j])
			i = j
		case isNameChar(c):
			j := i
			for j < len(text) && isNameChar(text[j]) {
				j++
			}
			word := text[i:j]
			if j < len(text) && (text[j] == '!' || text[j] == '(') || i > 0 && isNameChar(text[i-1]) {
				b.WriteString(word)
				i = j
				continue
			}
			p := &fparser{s: word}
			if r, col, ar, ac, ok := p.cellRef(); ok && p.i == len(word) {
				if !ar {
					r += dr
				}
				if !ac {
					col += dc
				}
				if r < 0 || col < 0 || r >= maxRowNumber || col >= maxColNumber {
					b.WriteString("#REF!")
				} else {
					if ac {
						b.WriteByte('$')
					}
					b.WriteString(colLetters(col))
					if ar {
						b.WriteByte('$')
					}
					b.WriteString(strconv.Itoa(r + 1))
				}
			} else {
				b.WriteString(word)
			}
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// colLetters is a 0-based column's letters.
func colLetters(c int) string {
	var buf [4]byte
	i := len(buf)
	for c++; c > 0; c = (c - 1) / 26 {
		i--
		buf[i] = byte('A' + (c-1)%26)
	}
	return string(buf[i:])
}

// quotedEnd is the index just past the quoted run starting at text[i]
// ("text" or 'sheet name', the quote doubled inside), or len(text).
func quotedEnd(text string, i int) int {
	q := text[i]
	j := i + 1
	for j < len(text) {
		if text[j] == q {
			if j+1 < len(text) && text[j+1] == q {
				j += 2
				continue
			}
			break
		}
		j++
	}
	return min(j+1, len(text))
}
