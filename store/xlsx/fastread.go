package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"

	"nianbao/store/internal/xmlscan"

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
// Anything unusual — strict OOXML, odd part names, overlapping merges,
// malformed XML, rows or cells out of order — returns errFallback, and
// Import reads the file with excelize as before. TestFastReadSameAsExcelize
// and the differential fuzz target FuzzFastVsExcelize compare the two
// paths; whatever encoding/xml (and so excelize) would read otherwise —
// a name or comment it refuses, an XML version other than 1.0, a root
// outside the SpreadsheetML namespace, an attribute given twice or with a
// prefix — falls back too.
//
// Large workbooks (see large.go) are read part by part: a worksheet or a
// table of shared strings larger than largePart is streamed from its
// decompressor rather than unzipped into memory, and a large worksheet
// keeps only the rows and columns the importer looks at.

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
	// lazySST is a large shared-strings part: the strings the sheets
	// read refer to are looked up in one pass over it (resolveStrings).
	lazySST *zip.File
	// styles is read when a number cell first has a style (dateStyles):
	// workbooks written without styles need not unzip it.
	styles     *styleSheet
	stylesRead bool
	stylesErr  error
	is1904     bool
	cache      map[string]*fastSheet // by part
	eval       *evaluator
	inflated   int64 // bytes of large parts streamed, against maxInflate
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
	b := &fastBook{parts: make(map[string]*zip.File, len(zr.File)), cache: map[string]*fastSheet{}, styles: &styleSheet{}}
	lower := make(map[string]bool, len(zr.File))
	for _, zf := range zr.File {
		lc := strings.ToLower(zf.Name)
		if strings.Contains(zf.Name, "\\") || lower[lc] {
			return nil, errFallback
		}
		lower[lc] = true
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
	if zf := b.partFold("xl/sharedStrings.xml"); zf != nil && zf.UncompressedSize64 > largePart {
		b.lazySST = zf
	} else if zf != nil {
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

// bstrDecode undoes the escapes Excel writes for characters XML cannot
// hold (_x000D_ for a carriage return, _x005F_ for an underscore), exactly
// as excelize's bstrUnmarshal: each _xHHHH_ becomes its character, and a
// surrogate code is dropped.
func bstrDecode(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for i := 0; i+7 <= len(s); {
		if s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil && isHex4(s[i+2:i+6]) {
				b.WriteString(s[cursor:i])
				if n < 0xD800 || n > 0xDFFF {
					b.WriteRune(rune(n))
				}
				i += 7
				cursor = i
				continue
			}
		}
		i++
	}
	b.WriteString(s[cursor:])
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return len(s) == 4
}

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
	s := xmlscan.New(*buf)
	for s.Next() != xmlscan.TokEOF {
		if s.Kind == xmlscan.TokStart && string(s.Name) == "Relationship" {
			var rel relationship
			rel.id, _ = s.Attr("Id")
			rel.typ, _ = s.Attr("Type")
			rel.target, _ = s.Attr("Target")
			out = append(out, rel)
		} else if s.Kind == xmlscan.TokStart && bytes.IndexByte(s.Name, ':') >= 0 {
			return nil, errFallback
		}
	}
	if s.Bad {
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
	s := xmlscan.New(*buf)
	prefix := ""
	seen := map[string]bool{}
	for s.Next() != xmlscan.TokEOF {
		if s.Kind != xmlscan.TokStart {
			continue
		}
		switch string(s.Name) {
		case "workbook":
			// r:id must be in the relationships namespace, as excelize
			// reads it; any other binding (strict OOXML) falls back.
			for _, p := range []string{"r", "relationships"} {
				if v, ok := s.Attr("xmlns:" + p); ok && v == nsRelationships {
					prefix = p
				}
			}
		case "workbookPr":
			if v, ok := s.Attr("date1904"); ok {
				d, err := strconv.ParseBool(strings.TrimSpace(v))
				if err != nil {
					return errFallback
				}
				b.is1904 = d
			}
		case "sheet":
			name, _ := s.Attr("name")
			state, _ := s.Attr("state")
			id, ok := s.Attr(prefix + ":id")
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
			if bytes.IndexByte(s.Name, ':') >= 0 && len(s.Stack) <= 2 {
				return errFallback // a prefixed workbook: not what we know
			}
		}
	}
	if s.Bad {
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
	s := xmlscan.New(data)
	var out []string
	for s.Next() != xmlscan.TokEOF {
		if s.Kind != xmlscan.TokStart {
			continue
		}
		if len(s.Stack) == 1 && !s.MainRoot("sst", nsMain) {
			return nil, errFallback
		}
		switch string(s.Name) {
		case "sst":
		case "si":
			text, err := readSI(s)
			if err != nil {
				return nil, err
			}
			out = append(out, text)
		default:
			if bytes.IndexByte(s.Name, ':') >= 0 {
				return nil, errFallback
			}
			s.Skip()
		}
	}
	if s.Bad {
		return nil, errFallback
	}
	return out, nil
}

// readSI reads a string item (<si> or <is>) whose start tag was just read.
func readSI(s *xmlscan.Scanner) (string, error) {
	if s.Self {
		s.Next()
		return "", nil
	}
	depth := len(s.Stack)
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
	for s.Next() != xmlscan.TokEOF {
		switch s.Kind {
		case xmlscan.TokEnd:
			if len(s.Stack) < depth {
				text := first
				if pieces > 1 {
					text = sb.String()
				}
				if ts > 1 {
					return "", errFallback // repeated <t>
				}
				return bstrDecode(text), nil
			}
		case xmlscan.TokText:
			if len(s.Stack) != depth && !isBlankText(s.Text) {
				return "", errFallback
			}
		case xmlscan.TokStart:
			switch string(s.Name) {
			case "t":
				if len(s.Stack) != depth+1 {
					return "", errFallback
				}
				ts++
				t, err := readText(s)
				if err != nil {
					return "", err
				}
				add(t)
			case "r":
				if len(s.Stack) != depth+1 {
					return "", errFallback
				}
				if err := readRun(s, add); err != nil {
					return "", err
				}
			case "rPh", "phoneticPr":
				s.Skip()
			default:
				return "", errFallback
			}
		}
	}
	return "", errFallback
}

// readRun reads a rich-text run <r>: its <t>, skipping <rPr>.
func readRun(s *xmlscan.Scanner, add func(string)) error {
	if s.Self {
		s.Next()
		return nil
	}
	depth := len(s.Stack)
	ts := 0
	for s.Next() != xmlscan.TokEOF {
		switch s.Kind {
		case xmlscan.TokEnd:
			if len(s.Stack) < depth {
				if ts > 1 {
					return errFallback
				}
				return nil
			}
		case xmlscan.TokText:
			if !isBlankText(s.Text) {
				return errFallback
			}
		case xmlscan.TokStart:
			switch string(s.Name) {
			case "t":
				ts++
				t, err := readText(s)
				if err != nil {
					return err
				}
				add(t)
			case "rPr":
				s.Skip()
			default:
				return errFallback
			}
		}
	}
	return errFallback
}

// readText reads the character data of an element with no children.
func readText(s *xmlscan.Scanner) (string, error) {
	if s.Self {
		s.Next()
		return "", nil
	}
	if t, ok := s.SimpleText(); ok {
		return t, nil
	}
	var raw []byte
	for s.Next() != xmlscan.TokEOF {
		switch s.Kind {
		case xmlscan.TokText:
			if raw != nil {
				return "", errFallback
			}
			raw = s.Text
		case xmlscan.TokEnd:
			t, ok := xmlscan.Unescape(raw)
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
		if !xmlscan.IsSpace(c) {
			return false
		}
	}
	return true
}

func (b *fastBook) sheetCells(name string) (string, cellSource, error) {
	for _, s := range b.sheets {
		if strings.EqualFold(s.name, name) {
			fs, err := b.readSheet(s.path)
			if err != nil {
				return s.name, nil, err
			}
			return s.name, fs, nil
		}
	}
	return "", nil, nil
}

func (b *fastBook) date1904() bool { return b.is1904 }

func (b *fastBook) evaluator() *evaluator {
	if b.eval == nil {
		b.eval = newEvaluator()
	}
	return b.eval
}

// dateStyles reads the styles part, once, for the styles that show dates.
func (b *fastBook) dateStyles() (map[int]string, error) {
	if !b.stylesRead {
		b.stylesRead = true
		if zf := b.parts["xl/styles.xml"]; zf != nil {
			b.styles, b.stylesErr = readStyles(zf)
		}
	}
	return b.styles.dates, b.stylesErr
}

// stylesSeen remembers the styles parts read, by their compressed bytes:
// a roll-up reads hundreds of workbooks written by the same program, whose
// styles are the same byte for byte, and unzipping them was a tenth of
// the time of reading one. Equal compressed bytes unzip to equal parts, so
// nothing is assumed.
var stylesSeen = struct {
	sync.Mutex
	m map[string]*styleSheet
}{m: map[string]*styleSheet{}}

const (
	maxStylesSeen     = 32
	maxStylesSeenSize = 64 << 10
)

func readStyles(zf *zip.File) (*styleSheet, error) {
	var key []byte
	if zf.CompressedSize64 <= maxStylesSeenSize {
		if rc, err := zf.OpenRaw(); err == nil {
			key = make([]byte, 1, zf.CompressedSize64+1)
			key[0] = byte(zf.Method)
			if key, err = readAllInto(key, io.LimitReader(rc, maxStylesSeenSize)); err != nil {
				key = nil
			}
		}
	}
	if key != nil {
		stylesSeen.Lock()
		st := stylesSeen.m[string(key)]
		stylesSeen.Unlock()
		if st != nil {
			return st, nil
		}
	}
	buf, err := readPart(zf)
	if err != nil {
		return &styleSheet{}, err
	}
	defer releasePart(buf)
	st, err := parseStyles(*buf)
	if err != nil {
		return &styleSheet{}, err
	}
	if key != nil {
		stylesSeen.Lock()
		if len(stylesSeen.m) < maxStylesSeen {
			stylesSeen.m[string(key)] = st
		}
		stylesSeen.Unlock()
	}
	return st, nil
}

// nsMain is the SpreadsheetML namespace. excelize decodes a worksheet and
// the shared strings into structures that name it, so it refuses a part
// whose root is in another namespace, or in none.
const nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
