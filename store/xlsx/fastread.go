package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// The fast read path. excelize parses every part of a workbook with
// encoding/xml into full structures, which costs ~20 ms for one of our
// exports; a roll-up of a thousand units' files cannot afford that. The
// importer needs far less: the sheet list, the shared strings, and for each
// sheet its cell texts, merged ranges, which cells hold numbers and which
// formulas. fastBook reads just that with archive/zip and xmlScanner,
// giving exactly what excelize's GetRows (RawCellValue), GetMergeCells,
// GetCellType and GetCellFormula give for the files that Excel, WPS,
// LibreOffice and excelize write.
//
// Anything unusual — strict OOXML, odd part names, a formula without a
// stored result (which must be calculated), rich-text escapes, overlapping
// merges, malformed XML, rows or cells out of order — returns errFallback,
// and Import reads the file with excelize as before. TestFastReadSameAsExcelize
// and the fuzz targets compare the two paths.

// errFallback means: this workbook is not plain enough for the fast path.
var errFallback = errors.New("xlsx: not a plain workbook, read with excelize")

const (
	relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	nsRelationships   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	maxRowNumber      = excelize.TotalRows
	maxColNumber      = excelize.MaxColumns
)

// fastBook is a workbook opened by the fast path.
type fastBook struct {
	parts  map[string]*zip.File
	sheets []fastSheetRef
	sst    []string
}

type fastSheetRef struct {
	name, path string
	visible    bool
}

// openFast opens a workbook for the fast path: the package, its workbook
// part, sheet list and shared strings. Sheets are read on demand.
func openFast(r io.ReaderAt, size int64) (*fastBook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errFallback
	}
	zr.RegisterDecompressor(zip.Deflate, newInflater)
	b := &fastBook{parts: make(map[string]*zip.File, len(zr.File))}
	lower := make(map[string]bool, len(zr.File))
	var total uint64
	for _, zf := range zr.File {
		lc := strings.ToLower(zf.Name)
		if strings.Contains(zf.Name, "\\") || lower[lc] {
			return nil, errFallback
		}
		lower[lc] = true
		total += zf.UncompressedSize64
		if total > maxUnzip || zf.UncompressedSize64 > maxUnzipXML {
			return nil, errFallback
		}
		b.parts[zf.Name] = zf
	}
	rels, err := b.rels("_rels/.rels")
	if err != nil {
		return nil, err
	}
	wbPath := ""
	for _, rel := range rels {
		if rel.typ == relOfficeDocument {
			wbPath = strings.TrimPrefix(rel.target, "/")
			break
		}
	}
	if wbPath != "xl/workbook.xml" {
		return nil, errFallback // excelize resolves other layouts; let it
	}
	wbRels, err := b.rels("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	if err := b.readWorkbook(wbPath, wbRels); err != nil {
		return nil, err
	}
	if zf := b.partFold("xl/sharedStrings.xml"); zf != nil {
		buf, err := readPart(zf)
		if err != nil {
			return nil, err
		}
		b.sst, err = parseSST(*buf)
		releasePart(buf)
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

// partFold finds a part by name ignoring case, as excelize does for the
// shared strings.
func (b *fastBook) partFold(name string) *zip.File {
	for n, zf := range b.parts {
		if strings.EqualFold(n, name) {
			return zf
		}
	}
	return nil
}

// readPart unzips a part into a buffer from partBufs; the caller hands it
// back with releasePart once parsed. The parsers copy every string they
// keep, so a roll-up reuses a few buffers instead of allocating one per
// part of every file.
func readPart(zf *zip.File) (*[]byte, error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, errFallback
	}
	defer rc.Close()
	buf := partBufs.Get().(*[]byte)
	if want := int(min(zf.UncompressedSize64, maxUnzipXML) + 1); cap(*buf) < want {
		*buf = make([]byte, 0, want)
	}
	lr := io.LimitedReader{R: rc, N: maxUnzipXML + 1}
	*buf, err = readAllInto((*buf)[:0], &lr)
	if err != nil || len(*buf) > maxUnzipXML {
		releasePart(buf)
		return nil, errFallback
	}
	return buf, nil
}

var partBufs = sync.Pool{New: func() any { return new([]byte) }}

// releasePart returns a buffer to partBufs; huge ones are left to the
// garbage collector.
func releasePart(buf *[]byte) {
	if cap(*buf) <= 1<<20 {
		partBufs.Put(buf)
	}
}

// inflater is a pooled deflate decompressor with its input buffer:
// archive/zip pools its decompressors but gives each part a new 4 KB
// bufio.Reader.
type inflater struct {
	br *bufio.Reader
	fr io.ReadCloser
}

var inflaters sync.Pool

func newInflater(r io.Reader) io.ReadCloser {
	z, _ := inflaters.Get().(*inflater)
	if z == nil {
		z = &inflater{br: bufio.NewReaderSize(r, 8<<10)}
		z.fr = flate.NewReader(z.br)
		return z
	}
	z.br.Reset(r)
	if err := z.fr.(flate.Resetter).Reset(z.br, nil); err != nil {
		return flate.NewReader(r)
	}
	return z
}

func (z *inflater) Read(p []byte) (int, error) { return z.fr.Read(p) }

func (z *inflater) Close() error {
	z.br.Reset(nil)
	inflaters.Put(z)
	return nil
}

func readAllInto(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

type relationship struct{ id, typ, target string }

func (b *fastBook) rels(name string) ([]relationship, error) {
	zf := b.parts[name]
	if zf == nil {
		return nil, errFallback
	}
	buf, err := readPart(zf)
	if err != nil {
		return nil, err
	}
	defer releasePart(buf)
	var out []relationship
	s := newScanner(*buf)
	for s.next() != tokEOF {
		if s.kind == tokStart && string(s.name) == "Relationship" {
			var rel relationship
			rel.id, _ = s.attr("Id")
			rel.typ, _ = s.attr("Type")
			rel.target, _ = s.attr("Target")
			out = append(out, rel)
		} else if s.kind == tokStart && bytes.IndexByte(s.name, ':') >= 0 {
			return nil, errFallback
		}
	}
	if s.bad {
		return nil, errFallback
	}
	return out, nil
}

// readWorkbook reads the sheet list: names, visibility and parts.
func (b *fastBook) readWorkbook(path string, rels []relationship) error {
	zf := b.parts[path]
	if zf == nil {
		return errFallback
	}
	buf, err := readPart(zf)
	if err != nil {
		return err
	}
	defer releasePart(buf)
	s := newScanner(*buf)
	prefix := ""
	seen := map[string]bool{}
	for s.next() != tokEOF {
		if s.kind != tokStart {
			continue
		}
		switch string(s.name) {
		case "workbook":
			// r:id must be in the relationships namespace, as excelize
			// reads it; any other binding (strict OOXML) falls back.
			for _, p := range []string{"r", "relationships"} {
				if v, ok := s.attr("xmlns:" + p); ok && v == nsRelationships {
					prefix = p
				}
			}
		case "sheet":
			name, _ := s.attr("name")
			state, _ := s.attr("state")
			id, ok := s.attr(prefix + ":id")
			if prefix == "" || !ok || !validSheetName(name) || seen[strings.ToLower(name)] {
				return errFallback
			}
			seen[strings.ToLower(name)] = true
			target := ""
			for _, rel := range rels {
				if rel.id == id {
					target = rel.target
				}
			}
			p := strings.TrimPrefix(target, "/")
			if !strings.HasPrefix(target, "/") {
				p = "xl/" + target
			}
			if !strings.HasPrefix(p, "xl/worksheets/") || strings.Contains(p, "..") || strings.Contains(p, "./") || b.parts[p] == nil {
				return errFallback
			}
			b.sheets = append(b.sheets, fastSheetRef{name: name, path: p, visible: state == "" || state == "visible"})
		default:
			if bytes.IndexByte(s.name, ':') >= 0 && len(s.stack) <= 2 {
				return errFallback // a prefixed workbook: not what we know
			}
		}
	}
	if s.bad {
		return errFallback
	}
	return nil
}

// validSheetName mirrors excelize's checkSheetName.
func validSheetName(name string) bool {
	return name != "" && len(utf16.Encode([]rune(name))) <= excelize.MaxSheetNameLength &&
		!strings.HasPrefix(name, "'") && !strings.HasSuffix(name, "'") && !strings.ContainsAny(name, ":\\/?*[]")
}

// parseSST reads the shared strings: each <si>'s <t>, or its runs' <t>
// joined (phonetic runs left out), as excelize's xlsxSI.String.
func parseSST(data []byte) ([]string, error) {
	s := newScanner(data)
	var out []string
	for s.next() != tokEOF {
		if s.kind != tokStart {
			continue
		}
		switch string(s.name) {
		case "sst":
		case "si":
			text, err := readSI(s)
			if err != nil {
				return nil, err
			}
			out = append(out, text)
		default:
			if bytes.IndexByte(s.name, ':') >= 0 {
				return nil, errFallback
			}
			s.skip()
		}
	}
	if s.bad {
		return nil, errFallback
	}
	return out, nil
}

// readSI reads a string item (<si> or <is>) whose start tag was just read.
func readSI(s *xmlScanner) (string, error) {
	if s.self {
		s.next()
		return "", nil
	}
	depth := len(s.stack)
	var sb strings.Builder
	first, pieces := "", 0 // one piece, the usual case, is not copied again
	add := func(t string) {
		if pieces++; pieces == 1 {
			first = t
			return
		}
		if pieces == 2 {
			sb.WriteString(first)
		}
		sb.WriteString(t)
	}
	ts := 0
	for s.next() != tokEOF {
		switch s.kind {
		case tokEnd:
			if len(s.stack) < depth {
				text := first
				if pieces > 1 {
					text = sb.String()
				}
				if ts > 1 || strings.Contains(text, "_x") {
					return "", errFallback // repeated <t>, or escapes excelize decodes
				}
				return text, nil
			}
		case tokText:
			if len(s.stack) != depth && !isBlankText(s.text) {
				return "", errFallback
			}
		case tokStart:
			switch string(s.name) {
			case "t":
				if len(s.stack) != depth+1 {
					return "", errFallback
				}
				ts++
				t, err := readText(s)
				if err != nil {
					return "", err
				}
				add(t)
			case "r":
				if len(s.stack) != depth+1 {
					return "", errFallback
				}
				if err := readRun(s, add); err != nil {
					return "", err
				}
			case "rPh", "phoneticPr":
				s.skip()
			default:
				return "", errFallback
			}
		}
	}
	return "", errFallback
}

// readRun reads a rich-text run <r>: its <t>, skipping <rPr>.
func readRun(s *xmlScanner, add func(string)) error {
	if s.self {
		s.next()
		return nil
	}
	depth := len(s.stack)
	ts := 0
	for s.next() != tokEOF {
		switch s.kind {
		case tokEnd:
			if len(s.stack) < depth {
				if ts > 1 {
					return errFallback
				}
				return nil
			}
		case tokText:
			if !isBlankText(s.text) {
				return errFallback
			}
		case tokStart:
			switch string(s.name) {
			case "t":
				ts++
				t, err := readText(s)
				if err != nil {
					return err
				}
				add(t)
			case "rPr":
				s.skip()
			default:
				return errFallback
			}
		}
	}
	return errFallback
}

// readText reads the character data of an element with no children.
func readText(s *xmlScanner) (string, error) {
	if s.self {
		s.next()
		return "", nil
	}
	if t, ok := s.simpleText(); ok {
		return t, nil
	}
	var raw []byte
	for s.next() != tokEOF {
		switch s.kind {
		case tokText:
			if raw != nil {
				return "", errFallback
			}
			raw = s.text
		case tokEnd:
			t, ok := unescape(raw)
			if !ok {
				return "", errFallback
			}
			return t, nil
		default:
			return "", errFallback
		}
	}
	return "", errFallback
}

func isBlankText(b []byte) bool {
	for _, c := range b {
		if !isSpace(c) {
			return false
		}
	}
	return true
}

// fastSheet is one worksheet as the fast path read it.
type fastSheet struct {
	rows     [][]string
	text     []pos         // cells whose type is not a number (GetCellType), in reading order
	formulas []fastFormula // cells with a formula, in reading order
	merges   []rect        // 0-based, as read (not clipped)
}

// fastFormula is a cell's formula; si names the shared formula it follows
// until parseSheet resolves it.
type fastFormula struct {
	p  pos
	f  string
	si string
}

// Cells are read row by row, left to right, so the lists are sorted.
func cmpPos(a, b pos) int {
	if a.r != b.r {
		return a.r - b.r
	}
	return a.c - b.c
}

func (fs *fastSheet) isNumber(r, c int) bool {
	_, found := slices.BinarySearchFunc(fs.text, pos{r, c}, cmpPos)
	return !found
}

// formula is the cell's formula; for a shared formula the master's text
// untranslated (the importer only asks whether a cell has one, and the
// formula text itself is used only for cells without a stored value, which
// never reach the fast path).
func (fs *fastSheet) formula(r, c int) string {
	i, found := slices.BinarySearchFunc(fs.formulas, pos{r, c}, func(f fastFormula, p pos) int { return cmpPos(f.p, p) })
	if !found {
		return ""
	}
	return fs.formulas[i].f
}

func (fs *fastSheet) calc(r, c int) (string, error) { return "", errFallback }

// readSheet reads a worksheet part.
func (b *fastBook) readSheet(path string) (*fastSheet, error) {
	buf, err := readPart(b.parts[path])
	if err != nil {
		return nil, err
	}
	defer releasePart(buf)
	return parseSheet(*buf, b.sst)
}

// parseSheet mirrors excelize's GetRows with RawCellValue: rows by their
// r attribute, a cell kept if its value is not empty or it has a formula,
// trailing empty rows dropped.
func parseSheet(data []byte, sst []string) (*fastSheet, error) {
	fs := &fastSheet{}
	s := newScanner(data)
	masters := map[string]string{}
	// The rows' values go into one slice, cut into rows at the end.
	type rowSpan struct{ rn, start, end int }
	var spans []rowSpan
	flat := make([]string, 0, bytes.Count(data, []byte("<c "))) // about one per cell
	lastRow := 0
	var row []string
	inData := false
	for s.next() != tokEOF {
		switch s.kind {
		case tokStart:
			name := string(s.name)
			if bytes.IndexByte(s.name, ':') >= 0 && (inData || len(s.stack) == 1) {
				return nil, errFallback
			}
			switch name {
			case "sheetData":
				inData = true
			case "row":
				if !inData {
					return nil, errFallback
				}
				rs, _ := s.attr("r")
				rn, err := strconv.Atoi(rs)
				if err != nil || rn <= lastRow || rn > maxRowNumber {
					return nil, errFallback
				}
				lastRow = rn
				row = row[:0]
				lastCol := 0
				if s.self {
					s.next()
					continue
				}
				depth := len(s.stack)
				for s.next() != tokEOF {
					if s.kind == tokEnd && len(s.stack) < depth {
						break
					}
					if s.kind == tokText {
						if !isBlankText(s.text) {
							return nil, errFallback
						}
						continue
					}
					if s.kind != tokStart || string(s.name) != "c" {
						return nil, errFallback
					}
					col, err := readCell(s, rn, lastCol, &row, fs, sst, masters)
					if err != nil {
						return nil, err
					}
					lastCol = col
				}
				if s.bad {
					return nil, errFallback
				}
				if len(row) > 0 {
					spans = append(spans, rowSpan{rn, len(flat), len(flat) + len(row)})
					flat = append(flat, row...)
				}
			case "mergeCell":
				ref, _ := s.attr("ref")
				m, ok := parseRange(ref)
				if !ok {
					return nil, errFallback
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
		case tokEnd:
			if string(s.name) == "sheetData" {
				inData = false
			}
		}
	}
	if s.bad {
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
				f.f = masters[f.si]
			}
		}
		fs.formulas = slices.DeleteFunc(fs.formulas, func(f fastFormula) bool { return f.f == "" })
	}
	return fs, nil
}

// readCell reads one <c> of row rn (its start tag just read), appending its
// value to row as excelize's rowXMLHandler does. It returns the column.
func readCell(s *xmlScanner, rn, lastCol int, row *[]string, fs *fastSheet, sst []string,
	masters map[string]string) (int, error) {
	ref, _, t, hasT := attrBytes2(s.attrs, "r", "t")
	col, r, ok := cellRef(s, ref)
	if !ok || r != rn || col <= lastCol || col > maxColNumber {
		return 0, errFallback
	}
	var err error
	typ := cellType(s, t, hasT)
	var v, f string
	hasV, hasF, hasIS := false, false, false
	fType, fRef, fSI := "", "", ""
	var is string
	if !s.self {
		depth := len(s.stack)
		for s.next() != tokEOF {
			if s.kind == tokEnd && len(s.stack) < depth {
				break
			}
			if s.kind == tokText {
				if !isBlankText(s.text) {
					return 0, errFallback
				}
				continue
			}
			if s.kind != tokStart || hasV && string(s.name) == "v" || hasF && string(s.name) == "f" || hasIS && string(s.name) == "is" {
				return 0, errFallback
			}
			switch string(s.name) {
			case "v":
				hasV = true
				if v, err = readText(s); err != nil {
					return 0, err
				}
			case "f":
				hasF = true
				fType, _ = s.attr("t")
				fRef, _ = s.attr("ref")
				fSI, _ = s.attr("si")
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
				s.skip()
			default:
				return 0, errFallback
			}
		}
	} else {
		s.next()
	}
	if s.bad {
		return 0, errFallback
	}
	val := v
	switch typ {
	case "s":
		if v != "" {
			i, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || i < 0 || i >= len(sst) {
				return 0, errFallback
			}
			val = sst[i]
		}
	case "inlineStr":
		if hasIS {
			val = is
		}
	}
	p := pos{rn - 1, col - 1}
	if hasF {
		if strings.TrimSpace(val) == "" {
			return 0, errFallback // must be calculated: excelize's CalcCellValue
		}
		switch {
		case fType == "shared" && fSI != "":
			if fRef != "" {
				if _, seen := masters[fSI]; !seen {
					masters[fSI] = f
				}
			}
			fs.formulas = append(fs.formulas, fastFormula{p: p, si: fSI})
		default:
			if f != "" {
				fs.formulas = append(fs.formulas, fastFormula{p: p, f: f})
			}
		}
	}
	switch typ {
	case "b", "d", "e", "s", "str", "inlineStr":
		fs.text = append(fs.text, p)
	}
	if val != "" || hasF {
		for len(*row) < col-1 {
			*row = append(*row, "")
		}
		*row = append(*row, val)
	}
	return col, nil
}

// cellRef reads the r attribute of a <c>: column and row, 1-based. The
// plain form (B12) is read here; anything else as excelize reads it.
func cellRef(s *xmlScanner, raw []byte) (col, row int, ok bool) {
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
	ref, _ := s.attr("r")
	col, row, err := excelize.CellNameToCoordinates(ref)
	if err != nil || strings.ContainsRune(ref, '$') {
		return 0, 0, false
	}
	return col, row, true
}

// cellType is the t attribute of a <c>, without a copy for the usual ones.
func cellType(s *xmlScanner, raw []byte, ok bool) string {
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
	typ, _ := s.attr("t")
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
