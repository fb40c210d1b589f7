package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"nianbao/model"
	"nianbao/store/internal/safefile"
	"nianbao/store/internal/xmlscan"
)

// Limits on a document read for import. A report's document.xml is some
// hundreds of KB; these bound what a hostile file can make us read.
const (
	maxFileBytes     = 64 << 20
	maxDocumentBytes = 64 << 20 // word/document.xml, uncompressed
	maxGridRows      = 20000
	maxGridCols      = 200
	maxDepth         = 200
)

// The WordprocessingML namespace (Word 2007+, WPS, LibreOffice). Strict
// OOXML uses another; it is read too.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// ReadFile reads a Word document (.docx, as Word 2007+ or WPS save it) into
// the text grid the report reader takes (model.TextGrid): its paragraphs
// one per row and its tables with their merged cells (gridSpan, vMerge),
// in document order. Text boxes, deleted text of tracked changes and
// field codes are left out; content controls are read through. Errors are
// *model.Failure.
func ReadFile(path string) ([]model.TextGrid, error) {
	data, err := safefile.Read(path, maxFileBytes, "Word文档")
	if err != nil {
		return nil, err
	}
	return Read(data, path)
}

// Read reads a document's bytes (see ReadFile); name names it in messages.
func Read(data []byte, name string) (grids []model.TextGrid, err error) {
	base := "“" + filepath.Base(name) + "”"
	fail := func(code model.ErrorCode, msg string, cause error) error {
		return &model.Failure{Code: code, Path: name, Msg: msg, Err: cause}
	}
	defer func() {
		if p := recover(); p != nil {
			grids, err = nil, fail(model.CodeCorrupt, "无法读取Word文档"+base+"：文件格式异常", fmt.Errorf("internal panic: %v", p))
		}
	}()
	switch {
	case len(data) > maxFileBytes:
		return nil, fail(model.CodeTooLarge, "Word文档"+base+"太大（超过64MB），不像是年度报告", fmt.Errorf("%d bytes", len(data)))
	case len(data) == 0:
		return nil, fail(model.CodeCorrupt, "文件"+base+"是空的（0字节）", errors.New("empty file"))
	case bytes.HasPrefix(data, oleMagic):
		// An OLE compound file: a .doc saved under the name .docx, or an
		// encrypted .docx (its package is kept in an OLE container).
		if bytes.Contains(data, []byte("E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o")) {
			return nil, fail(model.CodeEncrypted, base+"设置了打开密码，无法读取。请在Word或WPS中取消密码，另存后再导入。", errors.New("encrypted OOXML package"))
		}
		return nil, fail(model.CodeUnsupported, base+"是旧版Word 97-2003（.doc）格式。请在Word或WPS中打开，另存为“Word文档（*.docx）”后再导入。", errors.New("OLE compound file"))
	case !bytes.HasPrefix(data, []byte("PK")):
		return nil, fail(model.CodeCorrupt, base+"不是Word文档（.docx）。如是.doc、.wps或PDF，请在Word或WPS中另存为.docx后再导入。", errors.New("no zip signature"))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fail(model.CodeCorrupt, "Word文档"+base+"已损坏或不完整，无法读取。", err)
	}
	var part *zip.File
	for _, f := range zr.File {
		if strings.EqualFold(f.Name, "word/document.xml") {
			part = f
		}
	}
	if part == nil {
		return nil, fail(model.CodeCorrupt, base+"不是Word文档：其中没有正文（word/document.xml）。", errors.New("no word/document.xml"))
	}
	rc, err := part.Open()
	if err != nil {
		return nil, fail(model.CodeCorrupt, "Word文档"+base+"已损坏，无法读取。", err)
	}
	defer rc.Close()
	body, err := parseBody(io.LimitReader(rc, maxDocumentBytes+1))
	if errors.Is(err, errTooLarge) {
		return nil, fail(model.CodeTooLarge, "Word文档"+base+"的正文太大，不像是年度报告", err)
	}
	if err != nil {
		return nil, fail(model.CodeCorrupt, "Word文档"+base+"已损坏或格式异常，无法读取。", err)
	}
	b := &gridBuilder{}
	b.flow(body, 0)
	if b.truncated {
		// Part of the document would be left unread: refused, not read in part.
		return nil, fail(model.CodeTooLarge, fmt.Sprintf("Word文档%s太长（超过%d行或一行超过%d格），不像是年度报告，未读取", base, maxGridRows, maxGridCols), nil)
	}
	return []model.TextGrid{{Name: "Word文档", Rows: b.rows, Merges: b.merges}}, nil
}

var errTooLarge = errors.New("document.xml too large")

// node is the part of the document the reader needs: paragraphs with their
// text, tables with rows and cells, and the cell properties that merge.
type node struct {
	kind     nodeKind
	text     strings.Builder // a paragraph's text
	children []*node
	span     int    // a cell's gridSpan
	vMerge   string // a cell's vMerge: "" none, "restart", "continue"
	before   int    // a row's gridBefore
}

type nodeKind uint8

const (
	nBody nodeKind = iota
	nPara
	nTable
	nRow
	nCell
)

// parseBody reads word/document.xml into nodes: with the lean scanner
// when the document is plain (the w prefix bound at the root, as Word,
// WPS and LibreOffice write it), otherwise with encoding/xml. Both feed
// one bodyBuilder, so they read alike.
func parseBody(r io.Reader) (*node, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(data) > maxDocumentBytes {
		return nil, errTooLarge
	}
	if root, ok := scanBody(data); ok {
		return root, nil
	}
	return decodeBody(data)
}

// scanBody is parseBody with xmlscan; ok is false where the scanner gives
// up (xmlscan.Scanner.Bad) or the document binds WordprocessingML to
// another prefix: then encoding/xml decides.
func scanBody(data []byte) (*node, bool) {
	s := xmlscan.New(data)
	b := newBodyBuilder()
	first := true
	for s.Next() != xmlscan.TokEOF {
		switch s.Kind {
		case xmlscan.TokStart:
			if first {
				first = false
				if v, ok := s.Attr("xmlns:w"); !ok || v != nsW && v != nsWStrict {
					return nil, false
				}
			}
			if len(s.Stack) > maxDepth*4 {
				return nil, false
			}
			if len(s.Stack) > 1 && bytes.Contains(s.Attrs, []byte("xmlns")) {
				return nil, false // a namespace bound below the root: encoding/xml resolves it
			}
			name := s.Name
			prefix, local, w := "", name, false
			if i := bytes.IndexByte(name, ':'); i >= 0 {
				prefix, local = string(name[:i]), name[i+1:]
				w = prefix == "w"
			}
			b.start(w, string(local), func(a string) string { v, _ := s.Attr("w:" + a); return v })
		case xmlscan.TokEnd:
			name := s.Name
			w, local := false, name
			if i := bytes.IndexByte(name, ':'); i >= 0 {
				w, local = string(name[:i]) == "w", name[i+1:]
			}
			b.end(w, string(local))
		case xmlscan.TokText:
			if b.wantText() {
				t, ok := xmlscan.Unescape(s.Text)
				if !ok {
					return nil, false
				}
				b.text(t)
			}
		}
	}
	if s.Bad || first {
		return nil, false
	}
	return b.root, true
}

// decodeBody is parseBody with encoding/xml, which resolves namespaces
// however they are bound.
func decodeBody(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	b := newBodyBuilder()
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return b.root, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxDepth*4 {
				return nil, fmt.Errorf("elements nested %d deep", depth)
			}
			w := t.Name.Space == nsW || t.Name.Space == nsWStrict
			b.start(w, t.Name.Local, func(a string) string { return attrVal(t, a) })
		case xml.EndElement:
			depth--
			b.end(t.Name.Space == nsW || t.Name.Space == nsWStrict, t.Name.Local)
		case xml.CharData:
			if b.wantText() {
				b.text(string(t))
			}
		}
	}
}

// bodyBuilder builds the nodes from the elements of the body, whichever
// tokenizer reads them. Only WordprocessingML elements count; anything
// else (drawing, math) is passed over, and mc:Fallback, which repeats
// mc:Choice, is skipped with its content.
type bodyBuilder struct {
	root   *node
	stack  []*node
	skip   int // depth inside an element whose content is left out
	inText bool
	hidden bool // the current run is hidden text
}

func newBodyBuilder() *bodyBuilder {
	root := &node{kind: nBody}
	return &bodyBuilder{root: root, stack: []*node{root}}
}

func (b *bodyBuilder) cur() *node { return b.stack[len(b.stack)-1] }

// para is the paragraph text goes to, nil outside one.
func (b *bodyBuilder) para() *node {
	for i := len(b.stack) - 1; i >= 0; i-- {
		switch b.stack[i].kind {
		case nPara:
			return b.stack[i]
		case nCell, nTable, nRow:
			return nil
		}
	}
	return nil
}

func (b *bodyBuilder) wantText() bool { return b.inText && b.skip == 0 && !b.hidden }

func (b *bodyBuilder) text(t string) {
	if p := b.para(); p != nil {
		p.text.WriteString(t)
	}
}

func (b *bodyBuilder) push(kind nodeKind) {
	n := &node{kind: kind, span: 1}
	b.cur().children = append(b.cur().children, n)
	b.stack = append(b.stack, n)
}

// start takes a start tag: w says it is WordprocessingML's, local is its
// local name, attr reads one of its w: attributes.
func (b *bodyBuilder) start(w bool, local string, attr func(string) string) {
	if b.skip > 0 {
		b.skip++
		return
	}
	if !w {
		if local == "Fallback" {
			b.skip = 1
		}
		return
	}
	switch local {
	case "p":
		b.push(nPara)
	case "tbl":
		b.push(nTable)
	case "tr":
		if b.cur().kind == nTable {
			b.push(nRow)
		}
	case "tc":
		if b.cur().kind == nRow {
			b.push(nCell)
		}
	case "gridSpan":
		if c := b.cur(); c.kind == nCell {
			if v, err := strconv.Atoi(attr("val")); err == nil && v > 1 {
				c.span = min(v, maxGridCols)
			}
		}
	case "vMerge":
		if c := b.cur(); c.kind == nCell {
			c.vMerge = "continue"
			if attr("val") == "restart" {
				c.vMerge = "restart"
			}
		}
	case "gridBefore":
		if c := b.cur(); c.kind == nRow {
			if v, err := strconv.Atoi(attr("val")); err == nil && v > 0 {
				c.before = min(v, maxGridCols)
			}
		}
	case "t":
		b.inText = true
	case "tab": // in a run: text (tab stops are in pPr, skipped)
		if p := b.para(); p != nil && !b.hidden {
			p.text.WriteByte(' ')
		}
	case "br", "cr":
		if p := b.para(); p != nil && !b.hidden {
			p.text.WriteByte('\n')
		}
	case "r":
		b.hidden = false // a run's own properties say whether it shows
	case "vanish", "specVanish":
		// Hidden text (字体 → 隐藏): Word does not show or print it, so it
		// is no part of a number. Only a run's properties are read; a
		// paragraph's (pPr) are skipped whole.
		if v := attr("val"); v != "0" && v != "false" && v != "off" {
			b.hidden = true
		}
	case "del", "delText", "moveFrom", "instrText", "txbxContent", "rt", "pPr", "sectPr", "rPrChange":
		// Deleted text and the old place of moved text (tracked changes),
		// field codes, text boxes (not the report's tables), ruby text
		// (拼音 over characters), paragraph and section properties: left
		// out.
		b.skip = 1
	}
}

func (b *bodyBuilder) end(w bool, local string) {
	if b.skip > 0 {
		b.skip--
		return
	}
	if !w {
		return
	}
	switch local {
	case "p", "tbl", "tr", "tc":
		want := map[string]nodeKind{"p": nPara, "tbl": nTable, "tr": nRow, "tc": nCell}[local]
		if len(b.stack) > 1 && b.cur().kind == want {
			b.stack = b.stack[:len(b.stack)-1]
		}
	case "t":
		b.inText = false
	}
}

func attrVal(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// gridBuilder lays the document out as rows: a paragraph is a row of one
// cell; a table's row a row of its cells. A table with tables in its cells
// is a layout table: its cells are read as running text.
type gridBuilder struct {
	rows      [][]string
	merges    []model.CellRange
	truncated bool // rows or columns past the limits were left out
}

func (b *gridBuilder) flow(n *node, depth int) {
	if depth > maxDepth {
		return
	}
	for _, c := range n.children {
		switch c.kind {
		case nPara:
			if t := cleanText(c.text.String()); t != "" {
				if len(b.rows) >= maxGridRows {
					b.truncated = true
					continue
				}
				b.rows = append(b.rows, []string{t})
			}
		case nTable:
			if holdsTable(c) {
				for _, row := range c.children {
					for _, cell := range row.children {
						b.flow(cell, depth+1)
					}
				}
			} else {
				b.table(c)
			}
		default:
			b.flow(c, depth+1)
		}
	}
}

func holdsTable(t *node) bool {
	for _, row := range t.children {
		for _, cell := range row.children {
			for _, c := range cell.children {
				if c.kind == nTable {
					return true
				}
			}
		}
	}
	return false
}

// table lays out a table: each cell at the grid column its row has reached
// (gridBefore, then the spans before it); a vMerge continuation extends
// the merge of the cell above it in the same column.
func (b *gridBuilder) table(t *node) {
	top := len(b.rows)
	open := map[int]int{} // column → index in b.merges of the vertical merge running there
	for r, row := range t.children {
		if top+r >= maxGridRows {
			b.truncated = true
			return
		}
		cells := []string{}
		c := row.before
		for _, cell := range row.children {
			if c >= maxGridCols {
				b.truncated = true
				break
			}
			span := min(cell.span, maxGridCols-c)
			for len(cells) < c+span {
				cells = append(cells, "")
			}
			switch cell.vMerge {
			case "continue":
				if i, ok := open[c]; ok && b.merges[i].Row2 == top+r-1 && b.merges[i].Col2 == c+span-1 {
					b.merges[i].Row2 = top + r
					c += span
					continue
				}
				fallthrough // a continuation under nothing: a cell of its own
			default:
				delete(open, c)
				cells[c] = cellText(cell)
				if span > 1 || cell.vMerge == "restart" {
					b.merges = append(b.merges, model.CellRange{Row1: top + r, Col1: c, Row2: top + r, Col2: c + span - 1})
					if cell.vMerge == "restart" {
						open[c] = len(b.merges) - 1
					}
				}
			}
			c += span
		}
		b.rows = append(b.rows, cells)
	}
}

// cellText is a cell's paragraphs, one line each.
func cellText(cell *node) string {
	var lines []string
	var walk func(n *node, d int)
	walk = func(n *node, d int) {
		if d > maxDepth {
			return
		}
		for _, c := range n.children {
			if c.kind == nPara {
				if t := cleanText(c.text.String()); t != "" {
					lines = append(lines, t)
				}
				continue
			}
			walk(c, d+1)
		}
	}
	walk(cell, 0)
	return strings.Join(lines, "\n")
}

// cleanText trims each line and folds runs of spaces; blank lines go.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}
