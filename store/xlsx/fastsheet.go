package xlsx

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"nianbao/store/internal/xmlscan"

	"github.com/xuri/excelize/v2"
)

// fastSheet is one worksheet as the fast path read it.
type fastSheet struct {
	fb       *fastBook
	rows     [][]string
	types    []typedCell   // cells that are not plain numbers, in reading order
	formulas []fastFormula // cells with a formula, in reading order
	merges   []rect        // 0-based, as read (not clipped)
	// limited is set for a large sheet streamed in part: only its first
	// maxScanRows rows and maxScanCols columns were kept (all the locator
	// ever looks at); more says rows past those exist.
	limited, rowsPast bool
	pending           []pendingString // shared strings not yet looked up (a large table of them)
}

// typedCell is a cell whose type is not a plain number: text, a boolean,
// an error, a date, or a number shown as a date (xf is its style).
type typedCell struct {
	p    pos
	kind cellKind
	xf   int32
}

// fastFormula is a cell's formula. A shared formula's follower keeps the
// master's text (f), where it stands (origin) and its group (si) until
// parseSheet resolves it.
type fastFormula struct {
	p      pos
	f      string
	si     string
	origin pos
}

// pendingString is a shared string to fill in at rows[r][c].
type pendingString struct {
	r, c int32
	idx  int
}

// Cells are read row by row, left to right, so the lists are sorted.
func cmpPos(a, b pos) int {
	if a.r != b.r {
		return a.r - b.r
	}
	return a.c - b.c
}

func (fs *fastSheet) isNumber(r, c int) bool {
	k, _ := fs.kind(r, c)
	return k == kindNumber || k == kindDateNum
}

func (fs *fastSheet) kind(r, c int) (cellKind, string) {
	i, found := slices.BinarySearchFunc(fs.types, pos{r, c}, func(t typedCell, p pos) int { return cmpPos(t.p, p) })
	if !found {
		return kindNumber, ""
	}
	t := fs.types[i]
	if t.kind == kindDateNum {
		return t.kind, fs.fb.styles.dates[int(t.xf)]
	}
	return t.kind, ""
}

func (fs *fastSheet) findFormula(r, c int) *fastFormula {
	i, found := slices.BinarySearchFunc(fs.formulas, pos{r, c}, func(f fastFormula, p pos) int { return cmpPos(f.p, p) })
	if !found {
		return nil
	}
	return &fs.formulas[i]
}

// formula is the cell's formula as excelize's GetCellFormula gives it: a
// shared formula's follower with its references moved. (excelize leaves a
// follower's sheet-qualified references where the master has them; this
// moves them, as Excel does, and so does the evaluator here. Only a file
// that goes to excelize, and has uncalculated shared formulas referring
// to other sheets, could read differently there.)
func (fs *fastSheet) formula(r, c int) string {
	f := fs.findFormula(r, c)
	if f == nil {
		return ""
	}
	if f.origin != f.p {
		return shiftFormulaText(f.f, f.p.r-f.origin.r, f.p.c-f.origin.c)
	}
	return f.f
}

func (fs *fastSheet) formulaAt(r, c int) (string, pos, bool) {
	f := fs.findFormula(r, c)
	if f == nil {
		return "", pos{}, false
	}
	return f.f, f.origin, true
}

func (fs *fastSheet) value(r, c int) string {
	if r < 0 || r >= len(fs.rows) || c < 0 || c >= len(fs.rows[r]) {
		return ""
	}
	return fs.rows[r][c]
}

func (fs *fastSheet) numRows() int     { return len(fs.rows) }
func (fs *fastSheet) rowLen(r int) int { return len(fs.rows[r]) }

func (fs *fastSheet) inRead(r, c int) bool {
	return !fs.limited || r < maxScanRows && c < maxScanCols
}

func (fs *fastSheet) more() bool            { return fs.rowsPast }
func (fs *fastSheet) workbook() formulaBook { return fs.fb }

// sheetReader holds what parseSheet needs besides the XML.
type sheetReader struct {
	sst   []string
	lazy  bool      // shared strings are looked up later (pending)
	fb    *fastBook // for its date styles, read when a number cell has a style
	limit bool      // keep only maxScanRows × maxScanCols (a large sheet)
}

// colStyle is a <col> range's style, which excelize gives a cell without
// one of its own.
type colStyle struct{ min, max, style int }

// parseSheet mirrors excelize's GetRows with RawCellValue: rows by their
// r attribute, a cell kept if its value is not empty or it has a formula,
// trailing empty rows dropped.
func (sr *sheetReader) parseSheet(s *xmlscan.Scanner) (*fastSheet, error) {
	fs := &fastSheet{limited: sr.limit}
	masters := map[string]fastFormula{}
	// The rows' values go into one slice, cut into rows at the end.
	type rowSpan struct{ rn, start, end int }
	var spans []rowSpan
	var flat []string
	if in := s.Input(); in != nil {
		flat = make([]string, 0, bytes.Count(in, []byte("<c "))) // about one per cell
	}
	var cols []colStyle
	lastRow := 0
	var row []string
	inData := false
	for s.Next() != xmlscan.TokEOF {
		switch s.Kind {
		case xmlscan.TokStart:
			name := string(s.Name)
			if bytes.IndexByte(s.Name, ':') >= 0 && (inData || len(s.Stack) == 1) ||
				len(s.Stack) == 1 && !s.MainRoot("worksheet", nsMain) {
				return nil, errFallback
			}
			switch name {
			case "sheetData":
				inData = true
			case "col":
				if !inData {
					lo, err1 := atoiAttr(s, "min")
					hi, err2 := atoiAttr(s, "max")
					style, err3 := styleAttr(s)
					if err1 != nil || err2 != nil || err3 != nil {
						return nil, errFallback
					}
					if style != 0 {
						cols = append(cols, colStyle{lo, hi, style})
					}
				}
			case "row":
				if !inData {
					return nil, errFallback
				}
				rn, rowStyle, err := rowAttrs(s)
				if err != nil || rn <= lastRow || rn > maxRowNumber {
					return nil, errFallback
				}
				if sr.limit && rn > maxScanRows {
					// The rest of a large sheet is never looked at: skip
					// to its merged ranges without reading the rows.
					fs.rowsPast = true
					s.Stack = s.Stack[:len(s.Stack)-1] // this <row>

					if !s.SkipTo([]byte("</sheetData>")) {
						if err := s.ReadErr(); err != nil {
							return nil, err
						}
						return nil, errFallback
					}
					continue
				}
				lastRow = rn
				row = row[:0]
				lastCol := 0
				if s.Self {
					s.Next()
					continue
				}
				depth := len(s.Stack)
				for s.Next() != xmlscan.TokEOF {
					if s.Kind == xmlscan.TokEnd && len(s.Stack) < depth {
						break
					}
					if s.Kind == xmlscan.TokText {
						if !isBlankText(s.Text) {
							return nil, errFallback
						}
						continue
					}
					if s.Kind != xmlscan.TokStart || string(s.Name) != "c" {
						return nil, errFallback
					}
					col, err := sr.readCell(s, rn, lastCol, &row, fs, masters, rowStyle, cols)
					if err != nil {
						return nil, err
					}
					lastCol = col
				}
				if s.Bad {
					break
				}
				if len(row) > 0 {
					spans = append(spans, rowSpan{rn, len(flat), len(flat) + len(row)})
					flat = append(flat, row...)
				}
			case "mergeCell":
				ref, _ := s.Attr("ref")
				m, ok := parseRange(ref)
				if !ok {
					return nil, errFallback
				}
				if sr.limit {
					// A large sheet is read for the locator alone, which
					// takes the first merge listed where two overlap.
					if m.r1 < maxScanRows && m.c1 < maxScanCols {
						fs.merges = append(fs.merges, m)
					}
					continue
				}
				for _, o := range fs.merges {
					if m.r1 <= o.r2 && o.r1 <= m.r2 && m.c1 <= o.c2 && o.c1 <= m.c2 {
						return nil, errFallback // excelize joins overlapping merges
					}
				}
				fs.merges = append(fs.merges, m)
			default:
				if inData {
					return nil, errFallback
				}
			}
		case xmlscan.TokEnd:
			if string(s.Name) == "sheetData" {
				inData = false
			}
		}
	}
	if err := s.ReadErr(); err != nil {
		return nil, err
	}
	if s.Bad {
		return nil, errFallback
	}
	if len(spans) > 0 {
		fs.rows = make([][]string, spans[len(spans)-1].rn) // rows with no value stay nil
		for _, sp := range spans {
			fs.rows[sp.rn-1] = flat[sp.start:sp.end:sp.end]
		}
	}
	if len(masters) > 0 || slices.ContainsFunc(fs.formulas, func(f fastFormula) bool { return f.si != "" }) {
		for i := range fs.formulas {
			if f := &fs.formulas[i]; f.si != "" {
				m := masters[f.si]
				f.f, f.origin = m.f, m.p
			}
		}
		fs.formulas = slices.DeleteFunc(fs.formulas, func(f fastFormula) bool { return f.f == "" })
	}
	return fs, nil
}

// readCell reads one <c> of row rn (its start tag just read), appending its
// value to row as excelize's rowXMLHandler does. It returns the column.
func (sr *sheetReader) readCell(s *xmlscan.Scanner, rn, lastCol int, row *[]string, fs *fastSheet,
	masters map[string]fastFormula, rowStyle int, cols []colStyle) (int, error) {
	ref, t, hasT, st, hasS, amb := attrRTS(s.Attrs)
	col, r, ok := cellRef(s, ref)
	if amb || !ok || r != rn || col <= lastCol || col > maxColNumber {
		return 0, errFallback
	}
	if sr.limit && col > maxScanCols {
		if s.Self {
			s.Next()
		} else {
			s.Skip()
		}
		return col, nil
	}
	var err error
	typ := cellType(s, t, hasT)
	var v, f string
	hasV, hasF, hasIS := false, false, false
	fType, fRef, fSI := "", "", ""
	var is string
	if !s.Self {
		depth := len(s.Stack)
		for s.Next() != xmlscan.TokEOF {
			if s.Kind == xmlscan.TokEnd && len(s.Stack) < depth {
				break
			}
			if s.Kind == xmlscan.TokText {
				if !isBlankText(s.Text) {
					return 0, errFallback
				}
				continue
			}
			if s.Kind != xmlscan.TokStart || hasV && string(s.Name) == "v" || hasF && string(s.Name) == "f" || hasIS && string(s.Name) == "is" {
				return 0, errFallback
			}
			switch string(s.Name) {
			case "v":
				hasV = true
				if v, err = readText(s); err != nil {
					return 0, err
				}
			case "f":
				hasF = true
				fType, _ = s.Attr("t")
				fRef, _ = s.Attr("ref")
				fSI, _ = s.Attr("si")
				if fSI != "" {
					if _, err := strconv.Atoi(fSI); err != nil {
						return 0, errFallback
					}
				}
				if f, err = readText(s); err != nil {
					return 0, err
				}
			case "is":
				hasIS = true
				if is, err = readSI(s); err != nil {
					return 0, err
				}
			case "extLst":
				s.Skip()
			default:
				return 0, errFallback
			}
		}
	} else {
		s.Next()
	}
	if s.Bad {
		return 0, errFallback
	}
	p := pos{rn - 1, col - 1}
	val := v
	pending := false
	switch typ {
	case "s":
		if v != "" {
			i, err := strconv.Atoi(strings.TrimSpace(v))
			switch {
			case err != nil || i < 0:
				return 0, errFallback
			case sr.lazy:
				val, pending = "", true
				fs.pending = append(fs.pending, pendingString{int32(p.r), int32(p.c), i})
			case i >= len(sr.sst):
				return 0, errFallback
			default:
				val = sr.sst[i]
			}
		}
	case "inlineStr":
		if hasIS {
			val = is
		}
	}
	if hasF {
		switch {
		case fType == "shared" && fSI != "":
			if fRef != "" {
				if _, seen := masters[fSI]; !seen {
					masters[fSI] = fastFormula{p: p, f: f}
				}
			}
			fs.formulas = append(fs.formulas, fastFormula{p: p, si: fSI})
		default:
			if f != "" {
				fs.formulas = append(fs.formulas, fastFormula{p: p, f: f, origin: p})
			}
		}
	}
	switch typ {
	case "b":
		fs.types = append(fs.types, typedCell{p: p, kind: kindBool})
	case "d":
		fs.types = append(fs.types, typedCell{p: p, kind: kindDate})
	case "e":
		fs.types = append(fs.types, typedCell{p: p, kind: kindError})
	case "str":
		k := kindText
		if hasF && !hasV && val == "" {
			k = kindFormulaText
		}
		fs.types = append(fs.types, typedCell{p: p, kind: k})
	case "s", "inlineStr":
		fs.types = append(fs.types, typedCell{p: p, kind: kindText})
	default:
		// The style excelize's GetCellStyle gives: the cell's own, else its
		// row's, else its column's.
		xf := 0
		if hasS {
			var ok bool
			if xf, ok = atoiBytes(st); !ok {
				if xf, err = strconv.Atoi(strings.TrimSpace(string(st))); err != nil {
					return 0, errFallback
				}
			}
		}
		if xf == 0 {
			xf = rowStyle
		}
		if xf == 0 {
			for _, cs := range cols {
				if cs.min <= col && col <= cs.max {
					xf = cs.style
					break
				}
			}
		}
		if xf != 0 {
			dates, err := sr.fb.dateStyles()
			if err != nil {
				return 0, err
			}
			if _, isDate := dates[xf]; isDate {
				fs.types = append(fs.types, typedCell{p: p, kind: kindDateNum, xf: int32(xf)})
			}
		}
	}
	if val != "" || hasF || pending {
		for len(*row) < col-1 {
			*row = append(*row, "")
		}
		*row = append(*row, val)
	}
	return col, nil
}

// rowAttrs reads a <row>'s number and style (0 if none) in one pass.
func rowAttrs(s *xmlscan.Scanner) (rn, style int, err error) {
	rraw, rok, sraw, sok, amb := xmlscan.AttrBytes2(s.Attrs, "r", "s")
	if amb {
		return 0, 0, errFallback
	}
	var ok bool
	if rn, ok = atoiBytes(rraw); !ok || !rok {
		rs, _ := s.Attr("r")
		if rn, err = strconv.Atoi(rs); err != nil {
			return 0, 0, err
		}
	}
	if !sok {
		return rn, 0, nil
	}
	if style, ok = atoiBytes(sraw); !ok {
		style, err = atoiAttr(s, "s")
	}
	return rn, style, err
}

// styleAttr reads the style of a <col> (0 if none).
func styleAttr(s *xmlscan.Scanner) (int, error) {
	raw, ok, amb := xmlscan.AttrBytes(s.Attrs, "style")
	if amb {
		return 0, errFallback
	}
	if !ok {
		return 0, nil
	}
	if n, ok := atoiBytes(raw); ok {
		return n, nil
	}
	return atoiAttr(s, "style")
}

// attrRTS finds a cell's r, t and s attributes in one pass; amb as in
// attrBytes2.
func attrRTS(attrs []byte) (r, t []byte, hasT bool, st []byte, hasS bool, amb bool) {
	i := 0
	for i < len(attrs) {
		for i < len(attrs) && xmlscan.IsSpace(attrs[i]) {
			i++
		}
		j := i
		for j < len(attrs) && xmlscan.IsNameByte(attrs[j]) {
			j++
		}
		if j == i {
			return
		}
		key := attrs[i:j]
		for j < len(attrs) && xmlscan.IsSpace(attrs[j]) {
			j++
		}
		if j >= len(attrs) || attrs[j] != '=' {
			return
		}
		j++
		for j < len(attrs) && xmlscan.IsSpace(attrs[j]) {
			j++
		}
		if j >= len(attrs) || (attrs[j] != '"' && attrs[j] != '\'') {
			return
		}
		q := attrs[j]
		k := bytes.IndexByte(attrs[j+1:], q)
		if k < 0 {
			return
		}
		val := attrs[j+1 : j+1+k]
		if l := xmlscan.Local(key); len(l) == 1 {
			hasR := r != nil
			switch {
			case len(key) > 1: // a prefixed x:r, x:t or x:s
				amb = amb || l[0] == 'r' || l[0] == 't' || l[0] == 's'
			case l[0] == 'r':
				r = val
				amb = amb || hasR
			case l[0] == 't':
				amb = amb || hasT
				t, hasT = val, true
			case l[0] == 's':
				amb = amb || hasS
				st, hasS = val, true
			}
		}
		i = j + 1 + k + 1
	}
	return
}

// cellRef reads the r attribute of a <c>: column and row, 1-based. The
// plain form (B12) is read here; anything else as excelize reads it.
func cellRef(s *xmlscan.Scanner, raw []byte) (col, row int, ok bool) {
	i := 0
	for i < len(raw) && i < 3 && raw[i] >= 'A' && raw[i] <= 'Z' {
		col = col*26 + int(raw[i]-'A'+1)
		i++
	}
	if i > 0 && i < len(raw) && len(raw)-i <= 7 && raw[i] >= '1' && raw[i] <= '9' {
		j := i
		for j < len(raw) && raw[j] >= '0' && raw[j] <= '9' {
			row = row*10 + int(raw[j]-'0')
			j++
		}
		if j == len(raw) {
			return col, row, true
		}
	}
	ref, _ := s.Attr("r")
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil || strings.ContainsRune(ref, '$') {
		return 0, 0, false
	}
	return col, row, true
}

// cellType is the t attribute of a <c>, without a copy for the usual ones.
func cellType(s *xmlscan.Scanner, raw []byte, ok bool) string {
	if !ok {
		return ""
	}
	switch string(raw) {
	case "s":
		return "s"
	case "n":
		return "n"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	}
	typ, _ := s.Attr("t")
	return typ
}

// parseRange reads a merged range "A1:C3" (0-based, ordered).
func parseRange(ref string) (rect, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok || strings.ContainsRune(ref, '$') {
		return rect{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
		return rect{}, false
	}
	return rect{r1 - 1, c1 - 1, r2 - 1, c2 - 1}, true
}
